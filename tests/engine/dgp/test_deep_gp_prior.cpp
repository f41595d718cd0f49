// Samples from a deep GP prior: shapes, seeding, marginal variances, kernels.

#include "engine/core/errors.h"
#include "engine/dgp/deep_gp_prior.h"

#include <QtTest>

#include <cmath>

using namespace emu;

class TestDeepGpPrior : public QObject
{
    Q_OBJECT
private slots:
    void shapesAndSeeding()
    {
        const Matrix grid = Vector::LinSpaced(50, -2.0, 2.0);
        DeepGpPriorSettings s;
        s.layers = {{"rbf", 1.0, 0.5}, {"rbf", 2.0, 1.0}, {"matern52", 1.0, 0.3}};
        s.samples = 3;
        s.seed = 4;
        const std::vector<Matrix> a = sampleDeepGpPrior(grid, s);
        QCOMPARE(a.size(), std::size_t(3));
        for (const Matrix& layer : a) {
            QCOMPARE(layer.rows(), Index(50));
            QCOMPARE(layer.cols(), Index(3));
            QVERIFY(layer.allFinite());
        }
        QVERIFY(a[2] == sampleDeepGpPrior(grid, s)[2]);
        s.seed = 5;
        QVERIFY(a[0] != sampleDeepGpPrior(grid, s)[0]);
    }

    void marginalVarianceIsTheKernelVariance_data()
    {
        QTest::addColumn<double>("variance");
        QTest::newRow("0.5") << 0.5;
        QTest::newRow("3") << 3.0;
    }
    void marginalVarianceIsTheKernelVariance()
    {
        // Whatever the input of a layer, an RBF layer's output has marginal variance σ².
        QFETCH(double, variance);
        const Matrix grid = Vector::LinSpaced(5, 0.0, 1.0);
        DeepGpPriorSettings s;
        s.layers = {{"rbf", 1.0, 0.3}, {"rbf", variance, 0.7}};
        s.samples = 4000;
        const std::vector<Matrix> draws = sampleDeepGpPrior(grid, s);
        for (std::size_t l = 0; l < 2; ++l) {
            const double expected = l == 0 ? 1.0 : variance;
            const RowVector row = draws[l].row(2);
            const double v = row.squaredNorm() / double(row.size());
            QVERIFY2(
                std::abs(v / expected - 1.0) < 0.1,
                qPrintable(
                    QString("layer %1: variance %2, expected %3").arg(l).arg(v).arg(expected)));
        }
    }

    void aLinearLayerScalesTheLayerBelow()
    {
        // Each layer takes the draw below as its input: with a linear kernel, k(a, b) = σ²ab,
        // the second layer is one random slope times the first (up to the sampler's jitter).
        const Matrix grid = Vector::LinSpaced(40, -2.0, 2.0);
        DeepGpPriorSettings s;
        s.layers = {{"rbf", 1.0, 1.0}, {"linear", 1.0, 1.0}};
        s.seed = 2;
        const std::vector<Matrix> d = sampleDeepGpPrior(grid, s);
        const double slope = d[1].col(0).dot(d[0].col(0)) / d[0].col(0).squaredNorm();
        const double scale = d[1].cwiseAbs().maxCoeff();
        QVERIFY(scale > 0.0);
        for (Index i = 0; i < 40; ++i)
            QVERIFY(std::abs(d[1](i, 0) - slope * d[0](i, 0)) < 1e-3 * scale);
    }

    void invalidSettingsAreRejected()
    {
        const Matrix grid = Vector::LinSpaced(5, 0.0, 1.0);
        DeepGpPriorSettings s;
        s.layers = {{"nope", 1.0, 1.0}};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleDeepGpPrior(grid, s));
        s.layers = {{"rbf", -1.0, 1.0}};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleDeepGpPrior(grid, s));
        s.layers.clear();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleDeepGpPrior(grid, s));
        s.layers = {{"rbf", 1.0, 1.0}};
        QVERIFY_THROWS_EXCEPTION(InvalidInput, sampleDeepGpPrior(Matrix::Zero(5, 2), s));
    }

    void phaseMorphsTheDrawAndComesBack()
    {
        const Matrix grid = Vector::LinSpaced(60, -2.0, 2.0);
        DeepGpPriorSettings s;
        s.samples = 2;
        s.seed = 3;
        const std::vector<Matrix> start = sampleDeepGpPrior(grid, s);
        s.phase = 2 * M_PI; // a whole turn: the same draw
        const std::vector<Matrix> turned = sampleDeepGpPrior(grid, s);
        s.phase = 0.02; // a small step of an animation: close to the start
        const std::vector<Matrix> step = sampleDeepGpPrior(grid, s);
        s.phase = M_PI / 2; // a quarter turn: another draw altogether
        const std::vector<Matrix> other = sampleDeepGpPrior(grid, s);
        for (size_t l = 0; l < start.size(); ++l) {
            // sin(2π) is 2e-16, not 0; upper layers' near-singular covariances amplify it a little.
            QVERIFY2((turned[l] - start[l]).cwiseAbs().maxCoeff() < 1e-5,
                     qPrintable(QString::number((turned[l] - start[l]).cwiseAbs().maxCoeff())));
            QVERIFY2((step[l] - start[l]).cwiseAbs().maxCoeff() < 0.2,
                     qPrintable(QString::number((step[l] - start[l]).cwiseAbs().maxCoeff())));
            QVERIFY((other[l] - start[l]).cwiseAbs().maxCoeff() > 0.3);
            QVERIFY(other[l].allFinite());
        }
    }
};

QTEST_APPLESS_MAIN(TestDeepGpPrior)
#include "test_deep_gp_prior.moc"
