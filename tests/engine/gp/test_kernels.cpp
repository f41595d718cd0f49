#include "engine/core/errors.h"
#include "engine/gp/bias_kernel.h"
#include "engine/gp/combination_kernel.h"
#include "engine/gp/kernel_registry.h"
#include "engine/gp/linear_kernel.h"
#include "engine/gp/periodic_kernel.h"
#include "engine/gp/stationary_kernel.h"
#include "engine/gp/white_kernel.h"

#include "common/fuzzy.h"
#include "kernel_test_support.h"

#include <Eigen/Eigenvalues>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;
using emu::test::addKernelRows;
using emu::test::buildKernel;

namespace {

struct Fixture
{
    std::unique_ptr<Kernel> kernel;
    Matrix X1, X2;
};

Fixture makeFixture(const QString& spec, int dim, bool ard)
{
    Fixture f;
    f.kernel = buildKernel(spec, dim, ard);
    emu::test::randomiseLogParams(*f.kernel, 17);
    Rng rng(5);
    f.X1 = 2.0 * rng.uniformMatrix(6, dim);
    f.X2 = 2.0 * rng.uniformMatrix(4, dim);
    f.X1.row(5) = f.X1.row(1); // a duplicate: r = 0 off the diagonal in self mode
    return f;
}

/// Finite differences of compute(…) with respect to log θ_j.
Matrix fdParamGradient(const Kernel& kernel, Index j, const Matrix& X1, const Matrix* X2)
{
    return emu::test::finiteDifferenceMatrix([&](double h) {
        std::unique_ptr<Kernel> k = kernel.clone();
        Vector p = k->logParams();
        p(j) += h;
        k->setLogParams(p);
        return X2 ? k->compute(X1, *X2) : k->compute(X1);
    });
}

} // namespace

class TestKernels : public QObject
{
    Q_OBJECT
private slots:
    void parameterGradientsMatchFiniteDifferences_data() { addKernelRows(); }
    void parameterGradientsMatchFiniteDifferences()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const Fixture f = makeFixture(spec, dim, ard);
        const std::vector<Matrix> cross = f.kernel->parameterGradients(f.X1, f.X2);
        const std::vector<Matrix> self = f.kernel->parameterGradients(f.X1);
        QCOMPARE(Index(cross.size()), f.kernel->paramCount());
        QCOMPARE(Index(self.size()), f.kernel->paramCount());
        for (Index j = 0; j < f.kernel->paramCount(); ++j) {
            EMU_COMPARE_MATRIX(cross[std::size_t(j)], fdParamGradient(*f.kernel, j, f.X1, &f.X2),
                               1e-6, 1e-8);
            EMU_COMPARE_MATRIX(self[std::size_t(j)], fdParamGradient(*f.kernel, j, f.X1, nullptr),
                               1e-6, 1e-8);
        }
    }

    void contractedGradientMatchesFiniteDifferences_data() { addKernelRows(); }
    void contractedGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const Fixture f = makeFixture(spec, dim, ard);
        Rng rng(9);
        const Matrix W = rng.normalMatrix(f.X1.rows(), f.X1.rows());
        const auto weighted = [&](const Vector& logParams) {
            std::unique_ptr<Kernel> k = f.kernel->clone();
            k->setLogParams(logParams);
            return W.cwiseProduct(k->compute(f.X1)).sum();
        };
        const Vector fd = emu::test::finiteDifferenceGradient(weighted, f.kernel->logParams());
        EMU_COMPARE_MATRIX(f.kernel->contractedGradient(f.X1, W), fd, 1e-6, 1e-8);
    }

    void contractedGradientEqualsSumOfParameterGradients_data() { addKernelRows(); }
    void contractedGradientEqualsSumOfParameterGradients()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const Fixture f = makeFixture(spec, dim, ard);
        Rng rng(10);
        // Larger than the fixture and with a far-off cluster, where the expansion used for
        // ARD lengthscales could lose digits.
        Matrix X = 3.0 * rng.uniformMatrix(40, dim);
        X.bottomRows(10).array() += 50.0;
        const Matrix W = rng.normalMatrix(40, 40); // not symmetric on purpose
        const std::vector<Matrix> grads = f.kernel->parameterGradients(X);
        Vector expected(Index(grads.size()));
        for (std::size_t j = 0; j < grads.size(); ++j)
            expected(Index(j)) = W.cwiseProduct(grads[j]).sum();
        EMU_COMPARE_MATRIX(f.kernel->contractedGradient(X, W), expected, 1e-9, 1e-9);
    }

    void inputGradientMatchesFiniteDifferences_data() { addKernelRows(); }
    void inputGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const Fixture f = makeFixture(spec, dim, ard);
        const RowVector x = f.X2.row(0);
        const Matrix G = f.kernel->inputGradient(x, f.X1);
        QCOMPARE(G.rows(), f.X1.rows());
        QCOMPARE(G.cols(), Index(dim));
        Matrix fd(f.X1.rows(), dim);
        Matrix fdDiag(1, dim);
        for (Index c = 0; c < dim; ++c) {
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

    void selfModeIsSymmetricPsdAndMatchesDiagonal_data() { addKernelRows(); }
    void selfModeIsSymmetricPsdAndMatchesDiagonal()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const Fixture f = makeFixture(spec, dim, ard);
        const Matrix K = f.kernel->compute(f.X1);
        QCOMPARE(K, Matrix(K.transpose()));
        EMU_COMPARE_MATRIX(Matrix(K.diagonal()), Matrix(f.kernel->diagonal(f.X1)), 1e-14, 0.0);
        const Eigen::SelfAdjointEigenSolver<Matrix> eig(K);
        QVERIFY(eig.eigenvalues().minCoeff() > -1e-10 * std::max(1.0, eig.eigenvalues().maxCoeff()));
        // Self and cross mode agree except for white noise (see kernel.h).
        if (!spec.contains("white"))
            EMU_COMPARE_MATRIX(K, f.kernel->compute(f.X1, f.X1), 1e-14, 1e-15);
    }

    void closedFormValues()
    {
        Matrix a(1, 1), b(1, 1);
        a << 0.0;
        b << 2.0; // distance 2
        Vector p(2);
        p << std::log(3.0), std::log(2.0); // σ² = 3, ℓ = 2: r = 1
        const auto value = [&](Kernel&& k) {
            k.setLogParams(p);
            return k.compute(a, b)(0, 0);
        };
        QVERIFY(std::abs(value(RbfKernel(1)) - 3.0 * std::exp(-0.5)) < 1e-14);
        QVERIFY(std::abs(value(Matern12Kernel(1)) - 3.0 * std::exp(-1.0)) < 1e-14);
        const double s3 = std::sqrt(3.0), s5 = std::sqrt(5.0);
        QVERIFY(std::abs(value(Matern32Kernel(1)) - 3.0 * (1 + s3) * std::exp(-s3)) < 1e-14);
        QVERIFY(std::abs(value(Matern52Kernel(1)) - 3.0 * (1 + s5 + 5.0 / 3) * std::exp(-s5)) <
                1e-14);
        RationalQuadraticKernel rq(1);
        Vector prq(3);
        prq << std::log(3.0), std::log(2.0), std::log(0.5); // α = 0.5: (1 + 1)^(−0.5)
        rq.setLogParams(prq);
        QVERIFY(std::abs(rq.compute(a, b)(0, 0) - 3.0 / std::sqrt(2.0)) < 1e-14);

        PeriodicKernel per(1);
        Vector pp(3);
        pp << std::log(3.0), 0.0, std::log(2.0); // period 2: a and b are one period apart
        per.setLogParams(pp);
        QVERIFY(std::abs(per.compute(a, b)(0, 0) - 3.0) < 1e-12);
        b << 1.0; // half a period: sin² = 1
        QVERIFY(std::abs(per.compute(a, b)(0, 0) - 3.0 * std::exp(-2.0)) < 1e-12);

        Matrix x(2, 2);
        x << 1, 2, 3, 4;
        LinearKernel lin(2, true);
        Vector pl(2);
        pl << std::log(2.0), std::log(5.0);
        lin.setLogParams(pl);
        QVERIFY(std::abs(lin.compute(x)(0, 1) - (2.0 * 1 * 3 + 5.0 * 2 * 4)) < 1e-13);
        QVERIFY(std::abs(lin.compute(x, x)(0, 1) - (2.0 * 1 * 3 + 5.0 * 2 * 4)) < 1e-13);

        WhiteKernel white(2);
        white.setLogParams(Vector::Constant(1, std::log(0.25)));
        EMU_COMPARE_MATRIX(white.compute(x), Matrix(0.25 * Matrix::Identity(2, 2)), 1e-15, 0.0);
        QCOMPARE(white.compute(x, x), Matrix(Matrix::Zero(2, 2)));
        BiasKernel bias(2);
        bias.setLogParams(Vector::Constant(1, std::log(7.0)));
        EMU_COMPARE_MATRIX(bias.compute(x, Matrix(x.topRows(1))), Matrix::Constant(2, 1, 7.0),
                           1e-14, 0.0);
    }

    void ardLengthscalesActPerDimension()
    {
        RbfKernel k(2, true);
        Vector p(3);
        p << 0.0, std::log(1.0), std::log(100.0); // the second input barely matters
        k.setLogParams(p);
        Matrix a(1, 2), b(1, 2), c(1, 2);
        a << 0, 0;
        b << 1, 0;
        c << 0, 1;
        QVERIFY(std::abs(k.compute(a, b)(0, 0) - std::exp(-0.5)) < 1e-14);
        QVERIFY(k.compute(a, c)(0, 0) > 0.9999);
        QCOMPARE(k.lengthscales()(1), 100.0);
    }

    void distancePathsAgree()
    {
        // d ≤ 4 sums coordinates exactly, larger d uses norms and a matrix product.
        Rng rng(3);
        const Matrix A = rng.normalMatrix(30, 7), B = rng.normalMatrix(20, 7);
        Matrix direct(30, 20);
        for (Index i = 0; i < 30; ++i)
            for (Index j = 0; j < 20; ++j)
                direct(i, j) = (A.row(i) - B.row(j)).squaredNorm();
        EMU_COMPARE_MATRIX(squaredDistances(A, B), direct, 1e-12, 1e-12);
        const Matrix self = squaredDistances(A);
        QCOMPARE(self, Matrix(self.transpose()));
        QCOMPARE(self.diagonal().cwiseAbs().maxCoeff(), 0.0);
        EMU_COMPARE_MATRIX(self, squaredDistances(A, A), 1e-12, 1e-12);
    }

    void registryCreatesEveryKernelWithDefaults()
    {
        QCOMPARE(int(kernelRegistry().size()), 9);
        for (const KernelInfo& info : kernelRegistry()) {
            for (bool ard : {false, true}) {
                const std::unique_ptr<Kernel> k = makeKernel(info.id, 3, ard);
                QCOMPARE(k->id(), info.id);
                QCOMPARE(k->inputDim(), Index(3));
                QVERIFY(!info.displayName.empty() && !info.description.empty());
                // Defaults: variance 1, lengthscales 1 (and α, period 1), inside the bounds.
                QCOMPARE(k->logParams(), Vector(Vector::Zero(k->paramCount())));
                QVERIFY((k->logLowerBounds().array() < 0).all());
                QVERIFY((k->logUpperBounds().array() > 0).all());
                const Index plain = makeKernel(info.id, 3, false)->paramCount();
                if (ard && info.supportsArd)
                    QCOMPARE(k->paramCount(), plain + 2);
                else
                    QCOMPARE(k->paramCount(), plain);
            }
        }
        QVERIFY(kernelRegistry().find("matern52") != nullptr);
        QVERIFY(kernelRegistry().find("nope") == nullptr);
    }

    void kernelExpressionsComposeRegisteredKernels()
    {
        const std::unique_ptr<Kernel> single = makeKernelExpression("matern32", 1);
        QCOMPARE(single->id(), std::string("matern32"));
        const std::unique_ptr<Kernel> sum = makeKernelExpression("rbf + linear*periodic", 1);
        QCOMPARE(sum->describe(), makeKernel("rbf", 1)->describe() + " + (" + makeKernel("linear", 1)->describe() +
                                      " * " + makeKernel("periodic", 1)->describe() + ")");
        const auto& parts = dynamic_cast<const SumKernel&>(*sum);
        QCOMPARE(parts.partCount(), Index(2));
        QCOMPARE(parts.part(1).id(), std::string("product"));
        QCOMPARE(sum->paramCount(), makeKernel("rbf", 1)->paramCount() + makeKernel("linear", 1)->paramCount() +
                                        makeKernel("periodic", 1)->paramCount());
        // The sum's covariance is the sum of its parts'.
        const Matrix X = Vector::LinSpaced(5, -1.0, 1.0);
        const Matrix expected = makeKernel("rbf", 1)->compute(X) +
                                makeKernel("linear", 1)->compute(X).cwiseProduct(makeKernel("periodic", 1)->compute(X));
        QVERIFY((sum->compute(X) - expected).cwiseAbs().maxCoeff() < 1e-12);
        for (const char* bad : {"rbf + warp", "rbf +", "*periodic", ""})
            QVERIFY_THROWS_EXCEPTION(InvalidInput, makeKernelExpression(bad, 1));
    }

    void unknownKernelIdListsTheValidOnes()
    {
        try {
            makeKernel("gaussian", 1);
            QFAIL("no exception");
        } catch (const InvalidInput& e) {
            const QString msg = e.what();
            QVERIFY(msg.contains("gaussian"));
            for (const KernelInfo& info : kernelRegistry())
                QVERIFY2(msg.contains(QString::fromStdString(info.id)), qPrintable(msg));
        }
    }

    void combinationNamesAndParameterRouting()
    {
        SumKernel sum(makeKernel("rbf", 2), std::make_unique<SumKernel>(makeKernel("rbf", 2),
                                                                        makeKernel("white", 2)));
        const std::vector<ParamInfo> info = sum.paramInfo();
        QCOMPARE(int(info.size()), 5);
        QCOMPARE(info[0].name, std::string("rbf.variance"));
        QCOMPARE(info[2].name, std::string("sum.rbf.variance"));
        QCOMPARE(info[4].name, std::string("sum.white.variance"));
        QCOMPARE(sum.describe(), std::string("rbf + (rbf + white)"));
        Vector p(5);
        p << 0.1, 0.2, 0.3, 0.4, 0.5;
        sum.setLogParams(p);
        QCOMPARE(sum.logParams(), p);
        QCOMPARE(sum.part(1).logParams()(2), 0.5);
        ProductKernel twice(makeKernel("rbf", 2), makeKernel("rbf", 2));
        QCOMPARE(twice.paramInfo()[2].name, std::string("rbf#2.variance"));
    }

    void rejectsBadParametersAndInputs()
    {
        const std::unique_ptr<Kernel> k = makeKernel("matern32", 2, true);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, k->setLogParams(Vector::Zero(2)));
        Vector nan = Vector::Zero(3);
        nan(1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, k->setLogParams(nan));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, k->compute(Matrix::Zero(3, 3)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, k->compute(Matrix::Zero(3, 2), Matrix::Zero(3, 1)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, makeKernel("rbf", 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, SumKernel(makeKernel("rbf", 1), makeKernel("rbf", 2)));
    }

    void cloneIsIndependent()
    {
        const std::unique_ptr<Kernel> a = buildKernel("(rbf+bias)*periodic", 2, true);
        const std::unique_ptr<Kernel> b = a->clone();
        Vector p = b->logParams();
        p.setConstant(0.3);
        b->setLogParams(p);
        QCOMPARE(a->logParams(), Vector(Vector::Zero(p.size())));
        QCOMPARE(b->logParams(), p);
        QCOMPARE(b->describe(), a->describe());
    }
};

QTEST_APPLESS_MAIN(TestKernels)
#include "test_kernels.moc"
