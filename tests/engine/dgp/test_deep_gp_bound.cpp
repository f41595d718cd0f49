// The variational bound of the deep GP: one layer against the exact GP and against Monte Carlo,
// and every block of its gradient against central finite differences.

#include "engine/core/rng.h"
#include "engine/dgp/deep_gp.h"
#include "engine/dgp/sparse_gp_layer.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <Eigen/Cholesky>

#include <cmath>
#include <numbers>

using namespace emu;

namespace {

/// n points of a bumpy function of d inputs, with noise.
void makeData(Index n, Index d, std::uint64_t seed, Matrix& X, Vector& y)
{
    Rng rng(seed);
    X = 3.0 * rng.uniformMatrix(n, d);
    y.resize(n);
    for (Index i = 0; i < n; ++i) {
        y(i) = std::tanh(3.0 * (X(i, 0) - 1.5)) + 0.1 * rng.normal();
        for (Index k = 1; k < d; ++k)
            y(i) += 0.3 * std::sin(2.0 * X(i, k));
    }
}

/// A deep GP on synthetic data with its parameters moved away from the initialisation, so that
/// no gradient is zero by symmetry.
DeepGp perturbedModel(int layers, Index d, int inducing)
{
    DeepGpSettings s;
    s.layers = layers;
    s.inducing = inducing;
    DeepGp model(d, s);
    Matrix X;
    Vector y;
    makeData(12, d, 21, X, y);
    model.setData(X, y);
    Vector p = model.parameters();
    Rng rng(5);
    for (const DeepGpParamGroup& g : model.parameterGroups())
        for (Index i = 0; i < g.size; ++i)
            p(g.offset + i) +=
                (g.kind == DeepGpParamKind::HiddenMean || g.kind == DeepGpParamKind::Inducing
                     ? 0.15
                     : 0.3) *
                rng.normal();
    model.setParameters(p);
    return model;
}

/// log N(y | 0, K + σ²I) by the textbook formula.
double exactLogLikelihood(const RbfParams& k, double noise, const Matrix& X, const Vector& y)
{
    Matrix K = rbfInducingCovariance(k, X, 0.0);
    K.diagonal().array() += noise;
    const Eigen::LLT<Matrix> llt(K);
    return -0.5 * y.dot(llt.solve(y)) - Matrix(llt.matrixL()).diagonal().array().log().sum() -
           0.5 * double(y.size()) * std::log(2.0 * std::numbers::pi);
}

SparseGpLayerParams someLayer(const Matrix& Z)
{
    SparseGpLayerParams layer;
    layer.kernel.variance = 1.3;
    layer.kernel.lengthscales = Vector::Constant(Z.cols(), 0.8);
    layer.noiseVariance = 0.05;
    layer.inducing = Z;
    return layer;
}

} // namespace

class TestDeepGpBound : public QObject
{
    Q_OBJECT
private slots:
    void layerWithInducingAtTheDataIsTheExactGp()
    {
        Matrix X;
        Vector y;
        makeData(15, 1, 3, X, y);
        const SparseGpLayerParams layer = someLayer(X);
        const GaussianColumns in{X, Matrix::Zero(15, 1)};
        const double F = sparseGpLayerBound(layer, in, y, Vector::Zero(15), {}).value;
        const double exact = exactLogLikelihood(layer.kernel, layer.noiseVariance, X, y);
        QVERIFY2(F <= exact + 1e-9, qPrintable(QString("bound %1 > exact %2").arg(F).arg(exact)));
        // Only the 1e-5 relative jitter of Kuu keeps the bound from being tight.
        QVERIFY2(exact - F < 2e-3, qPrintable(QString("bound %1, exact %2").arg(F).arg(exact)));
    }

    void layerWithFewInducingInputsIsALowerBound()
    {
        Matrix X;
        Vector y;
        makeData(15, 1, 4, X, y);
        const GaussianColumns in{X, Matrix::Zero(15, 1)};
        const double exact = exactLogLikelihood(someLayer(X).kernel, 0.05, X, y);
        double previous = -1e300;
        for (int M : {2, 3, 5, 9}) { // nested sets of inducing inputs
            const SparseGpLayerParams layer = someLayer(Vector::LinSpaced(M, 0.0, 3.0));
            const double F = sparseGpLayerBound(layer, in, y, Vector::Zero(15), {}).value;
            QVERIFY2(F < exact, qPrintable(QString("M = %1: %2 ≥ %3").arg(M).arg(F).arg(exact)));
            QVERIFY2(F > previous, "more inducing inputs, a tighter bound");
            previous = F;
        }
    }

    void gaussianOutputsGiveTheExpectedBound()
    {
        // F(m, v) must be E[F(y)] for y ~ N(m, diag v): the bound is quadratic in y, so the
        // Monte Carlo average of the observed-output bound converges to it.
        Matrix X;
        Vector m;
        makeData(10, 1, 6, X, m);
        Rng rng(8);
        const Vector v = (0.05 + 0.2 * rng.uniformMatrix(10, 1).array()).matrix();
        const GaussianColumns in{X, (0.1 * rng.uniformMatrix(10, 1)).eval()};
        const SparseGpLayerParams layer = someLayer(Vector::LinSpaced(5, 0.0, 3.0));
        const double F = sparseGpLayerBound(layer, in, m, v, {}).value;
        const int S = 20000;
        double sum = 0.0, sq = 0.0;
        for (int s = 0; s < S; ++s) {
            Vector y = m;
            for (Index n = 0; n < 10; ++n)
                y(n) += std::sqrt(v(n)) * rng.normal();
            const double f = sparseGpLayerBound(layer, in, y, Vector::Zero(10), {}).value;
            sum += f;
            sq += f * f;
        }
        const double mean = sum / S, se = std::sqrt((sq / S - mean * mean) / S);
        QVERIFY2(std::abs(F - mean) < 5.0 * se,
                 qPrintable(QString("F %1, Monte Carlo %2 ± %3").arg(F).arg(mean).arg(se)));
    }

    void boundGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("group");
        for (int layers : {2, 3})
            for (int dim : {1, 2}) {
                const DeepGp model = perturbedModel(layers, dim, 4);
                const std::vector<DeepGpParamGroup> groups = model.parameterGroups();
                for (std::size_t g = 0; g < groups.size(); ++g)
                    QTest::addRow("L=%d d=%d %s", layers, dim, groups[g].name.c_str())
                        << layers << dim << int(g);
            }
    }
    void boundGradientMatchesFiniteDifferences()
    {
        QFETCH(int, layers);
        QFETCH(int, dim);
        QFETCH(int, group);
        const DeepGp model = perturbedModel(layers, dim, 4);
        const DeepGpParamGroup g = model.parameterGroups()[std::size_t(group)];
        const Vector p = model.parameters();
        Vector gradient;
        const double F = model.boundAt(p, &gradient);
        QCOMPARE(F, model.bound());
        QVERIFY(std::isfinite(F));
        const Vector fd = emu::test::finiteDifferenceGradient(
            [&](const Vector& block) {
                Vector q = p;
                q.segment(g.offset, g.size) = block;
                return model.boundAt(q, nullptr);
            },
            p.segment(g.offset, g.size), 1e-5);
        EMU_COMPARE_MATRIX(Vector(gradient.segment(g.offset, g.size)), fd, 1e-5, 1e-5);
    }

    void groupsCoverTheParameterVector()
    {
        const DeepGp model = perturbedModel(3, 2, 5);
        Index next = 0;
        for (const DeepGpParamGroup& g : model.parameterGroups()) {
            QCOMPARE(g.offset, next);
            next += g.size;
        }
        QCOMPARE(next, model.parameters().size());
        // 2 hidden layers × (μ, log s) of 12, layer 1: Z 5×2 + 1 + 2 + 1, layers 2–3: 5 + 3.
        QCOMPARE(next, Index(2 * 24 + 14 + 2 * 8));
        Vector lower, upper;
        model.parameterBounds(lower, upper);
        QVERIFY((lower.array() < upper.array()).all());
    }
};

QTEST_APPLESS_MAIN(TestDeepGpBound)
#include "test_deep_gp_bound.moc"
