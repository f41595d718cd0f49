// ActiveColumnsKernel: a kernel on some input columns, alone and inside sums and products
// (the NARGP kernel k_ρ(x)·k_f(f) + k_δ(x)), checked against finite differences and against
// the inner kernel evaluated on the selected columns by hand.

#include "engine/core/errors.h"
#include "engine/gp/active_columns_kernel.h"
#include "engine/gp/combination_kernel.h"
#include "engine/gp/kernel_registry.h"

#include "common/fuzzy.h"
#include "kernel_test_support.h"

#include <QtTest>

using namespace emu;

namespace {

std::unique_ptr<Kernel> active(const std::string& id, std::vector<Index> columns, Index d,
                               bool ard = true)
{
    const Index m = Index(columns.size());
    return std::make_unique<ActiveColumnsKernel>(makeKernel(id, m, ard), std::move(columns), d);
}

/// The kernels of the rows: name → factory on inputs with 4 columns.
std::unique_ptr<Kernel> buildCase(const QString& name)
{
    const Index d = 4;
    if (name == "rbf on x1,x3")
        return active("rbf", {0, 2}, d);
    if (name == "matern52 on x4,x2")
        return active("matern52", {3, 1}, d);
    if (name == "periodic on x2")
        return active("periodic", {1}, d, false);
    if (name == "linear on x1,x4")
        return active("linear", {0, 3}, d);
    // NARGP: x = columns 1..3, f = column 4.
    auto product =
        std::make_unique<ProductKernel>(active("rbf", {0, 1, 2}, d), active("rbf", {3}, d, false));
    return std::make_unique<SumKernel>(std::move(product), active("rbf", {0, 1, 2}, d));
}

void addRows()
{
    QTest::addColumn<QString>("name");
    for (const char* name :
         {"rbf on x1,x3", "matern52 on x4,x2", "periodic on x2", "linear on x1,x4", "nargp"})
        QTest::newRow(name) << QString(name);
}

struct Fixture
{
    std::unique_ptr<Kernel> kernel;
    Matrix X1, X2;
};

Fixture makeFixture(const QString& name)
{
    Fixture f;
    f.kernel = buildCase(name);
    emu::test::randomiseLogParams(*f.kernel, 31);
    Rng rng(12);
    f.X1 = 2.0 * rng.uniformMatrix(7, 4);
    f.X2 = 2.0 * rng.uniformMatrix(5, 4);
    f.X1.row(6) = f.X1.row(2);
    return f;
}

} // namespace

class TestActiveColumnsKernel : public QObject
{
    Q_OBJECT
private slots:
    void equalsInnerKernelOnSelectedColumns()
    {
        auto inner = makeKernel("rbf", 2, true);
        emu::test::randomiseLogParams(*inner, 3);
        const ActiveColumnsKernel k(inner->clone(), {2, 0}, 3);
        Rng rng(4);
        const Matrix X1 = rng.uniformMatrix(5, 3), X2 = rng.uniformMatrix(4, 3);
        Matrix S1(5, 2), S2(4, 2);
        S1 << X1.col(2), X1.col(0);
        S2 << X2.col(2), X2.col(0);
        QCOMPARE(k.compute(X1, X2), inner->compute(S1, S2));
        QCOMPARE(k.compute(X1), inner->compute(S1));
        QCOMPARE(k.diagonal(X1), inner->diagonal(S1));
        // Column 2 (x2) is ignored: changing it changes nothing.
        Matrix moved = X1;
        moved.col(1).array() += 5.0;
        QCOMPARE(k.compute(moved, X2), k.compute(X1, X2));
        // Lengthscales report the outer column they measure.
        const std::vector<ParamInfo> info = k.paramInfo();
        QCOMPARE(info[1].inputIndex, Index(2));
        QCOMPARE(info[2].inputIndex, Index(0));
        QVERIFY2(k.describe() == "rbf[x3,x1]", k.describe().c_str());
        QCOMPARE(ActiveColumnsKernel(makeKernel("rbf", 1), {1}, 3).paramInfo()[1].inputIndex,
                 Index(1));
    }

    void parameterGradientsMatchFiniteDifferences_data() { addRows(); }
    void parameterGradientsMatchFiniteDifferences()
    {
        QFETCH(QString, name);
        const Fixture f = makeFixture(name);
        const std::vector<Matrix> cross = f.kernel->parameterGradients(f.X1, f.X2);
        const std::vector<Matrix> self = f.kernel->parameterGradients(f.X1);
        QCOMPARE(Index(cross.size()), f.kernel->paramCount());
        for (Index j = 0; j < f.kernel->paramCount(); ++j) {
            const auto fd = [&](const Matrix* X2) {
                return emu::test::finiteDifferenceMatrix([&](double h) {
                    std::unique_ptr<Kernel> k = f.kernel->clone();
                    Vector p = k->logParams();
                    p(j) += h;
                    k->setLogParams(p);
                    return X2 ? k->compute(f.X1, *X2) : k->compute(f.X1);
                });
            };
            EMU_COMPARE_MATRIX(cross[std::size_t(j)], fd(&f.X2), 1e-6, 1e-8);
            EMU_COMPARE_MATRIX(self[std::size_t(j)], fd(nullptr), 1e-6, 1e-8);
        }
    }

    void contractedGradientMatchesFiniteDifferences_data() { addRows(); }
    void contractedGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, name);
        const Fixture f = makeFixture(name);
        const Matrix W = Rng(9).normalMatrix(f.X1.rows(), f.X1.rows());
        const auto weighted = [&](const Vector& logParams) {
            std::unique_ptr<Kernel> k = f.kernel->clone();
            k->setLogParams(logParams);
            return W.cwiseProduct(k->compute(f.X1)).sum();
        };
        const Vector fd = emu::test::finiteDifferenceGradient(weighted, f.kernel->logParams());
        EMU_COMPARE_MATRIX(f.kernel->contractedGradient(f.X1, W), fd, 1e-6, 1e-8);
    }

    void inputGradientMatchesFiniteDifferences_data() { addRows(); }
    void inputGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, name);
        const Fixture f = makeFixture(name);
        const RowVector x = f.X2.row(0);
        const Matrix G = f.kernel->inputGradient(x, f.X1);
        QCOMPARE(G.rows(), f.X1.rows());
        QCOMPARE(G.cols(), Index(4));
        Matrix fd(f.X1.rows(), 4), fdDiag(1, 4);
        for (Index c = 0; c < 4; ++c) {
            fd.col(c) = emu::test::finiteDifferenceMatrix([&](double h) {
                            RowVector xh = x;
                            xh(c) += h;
                            return Matrix(f.kernel->compute(xh, f.X1).transpose());
                        }).col(0);
            fdDiag(0, c) = emu::test::finiteDifferenceMatrix([&](double h) {
                RowVector xh = x;
                xh(c) += h;
                return Matrix(f.kernel->diagonal(xh));
            })(0, 0);
        }
        EMU_COMPARE_MATRIX(G, fd, 1e-6, 1e-8);
        EMU_COMPARE_MATRIX(f.kernel->diagonalGradient(x), fdDiag, 1e-6, 1e-8);
    }

    void cloneIsIndependent()
    {
        const std::unique_ptr<Kernel> a = buildCase("nargp");
        const std::unique_ptr<Kernel> b = a->clone();
        Vector p = b->logParams();
        p.setConstant(0.25);
        b->setLogParams(p);
        QCOMPARE(a->logParams(), Vector(Vector::Zero(p.size())));
        QCOMPARE(b->logParams(), p);
    }

    void rejectsBadColumns()
    {
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ActiveColumnsKernel(makeKernel("rbf", 2), {0}, 3));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 ActiveColumnsKernel(makeKernel("rbf", 2), {0, 0}, 3));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 ActiveColumnsKernel(makeKernel("rbf", 2), {0, 3}, 3));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ActiveColumnsKernel(nullptr, {0}, 3));
        const ActiveColumnsKernel k(makeKernel("rbf", 1), {1}, 3);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, k.compute(Matrix::Zero(2, 2)));
    }
};

QTEST_APPLESS_MAIN(TestActiveColumnsKernel)
#include "test_active_columns_kernel.moc"
