#include "engine/bo/acquisition_optimizer.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/bo/local_penalization.h"

#include "bo_test_support.h"
#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

/// Σ_k w_k exp(−‖x − c_k‖²/(2ℓ²)) with its gradient: a multimodal function with a known
/// global maximum at the centre of the tallest, well-separated bump.
struct Bumps
{
    Matrix centres;
    Vector weights;
    double lengthscale = 0.06;

    Vector operator()(const Matrix& X, Matrix* gradient) const
    {
        Vector v = Vector::Zero(X.rows());
        if (gradient)
            gradient->setZero(X.rows(), X.cols());
        for (Index i = 0; i < X.rows(); ++i)
            for (Index k = 0; k < centres.rows(); ++k) {
                const RowVector diff = X.row(i) - centres.row(k);
                const double e =
                    weights(k) * std::exp(-0.5 * diff.squaredNorm() / (lengthscale * lengthscale));
                v(i) += e;
                if (gradient)
                    gradient->row(i) -= e / (lengthscale * lengthscale) * diff;
            }
        return v;
    }
};

Bumps bumps(Index d)
{
    Bumps b;
    b.centres.resize(3, d);
    // At least 0.25 > 4ℓ apart, so no bump moves another's peak by more than 1e-4·ℓ.
    b.centres.row(0).setConstant(0.3);
    b.centres.row(1).setConstant(0.7);
    for (Index j = 0; j < d; ++j)
        b.centres(2, j) = j % 2 ? 0.05 : 0.95;
    b.weights = Vector::Constant(3, 1.0);
    b.weights(1) = 1.5; // the tallest
    return b;
}

} // namespace

class TestAcquisitionOptimizer : public QObject
{
    Q_OBJECT
private slots:
    void findsTheGlobalMaximum_data()
    {
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("polished");
        for (int d : {1, 2, 3})
            for (int polished : {1, 3})
                QTest::addRow("d=%d polished=%d", d, polished) << d << polished;
    }
    void findsTheGlobalMaximum()
    {
        QFETCH(int, dim);
        QFETCH(int, polished);
        const Bumps f = bumps(dim);
        const ParameterSpace space = ParameterSpace::box(Vector::Zero(dim), Vector::Ones(dim));
        AcquisitionOptimizerSettings settings;
        settings.anchors = 256;
        settings.polished = polished;
        const AcquisitionOptimizer optimizer(space, settings);
        const AcquisitionOptimum best = optimizer.maximize(f, 7);
        EMU_COMPARE_MATRIX(Matrix(best.x), Matrix(f.centres.row(1)), 0.0, 1e-4);
        QVERIFY(std::abs(best.value - 1.5) < 1e-3); // plus the far tails of the others
        QVERIFY(best.evaluations > 0);
        // Anchors alone are much coarser than the polished answer.
        AcquisitionOptimizerSettings coarse = settings;
        coarse.polished = 0;
        const AcquisitionOptimum anchorOnly = AcquisitionOptimizer(space, coarse).maximize(f, 7);
        QVERIFY(anchorOnly.value < best.value);
    }

    void discreteParametersKeepAllowedValues()
    {
        ParameterSpace space;
        space.addContinuous("x", 0.0, 1.0).addDiscrete("z", {0.0, 0.5, 2.0});
        const BatchFunction f = [](const Matrix& X, Matrix* gradient) {
            Vector v(X.rows());
            for (Index i = 0; i < X.rows(); ++i)
                v(i) = -std::pow(X(i, 0) - 0.3, 2) - std::pow(X(i, 1) - 0.6, 2);
            if (gradient) {
                gradient->resize(X.rows(), 2);
                gradient->col(0) = -2.0 * (X.col(0).array() - 0.3);
                gradient->col(1) = -2.0 * (X.col(1).array() - 0.6);
            }
            return v;
        };
        const AcquisitionOptimum best = AcquisitionOptimizer(space).maximize(f, 1);
        QCOMPARE(best.x(1), 0.5);
        QVERIFY(std::abs(best.x(0) - 0.3) < 1e-5);
        QVERIFY(space.contains(Matrix(best.x)));
    }

    void excludedPointsAreAvoided()
    {
        const Bumps f = bumps(2);
        const ParameterSpace space = ParameterSpace::box(Vector::Zero(2), Vector::Ones(2));
        const AcquisitionOptimizer optimizer(space);
        const AcquisitionOptimum first = optimizer.maximize(f, 3);
        const AcquisitionOptimum second = optimizer.maximize(f, 3, Matrix(), Matrix(first.x));
        QVERIFY(!optimizer.samePoint(first.x, second.x));
        QVERIFY(second.value <= first.value);
    }

    void anchorsAreReproducible()
    {
        const ParameterSpace space = ParameterSpace::box(Vector::Zero(3), Vector::Ones(3));
        const AcquisitionOptimizer optimizer(space);
        QCOMPARE(optimizer.anchors(5), optimizer.anchors(5));
        QVERIFY(optimizer.anchors(5) != optimizer.anchors(6));
        const Matrix extra = Matrix::Constant(2, 3, 7.0); // outside: projected in
        const Matrix a = optimizer.anchors(5, extra);
        QCOMPARE(a.rows(), Index(256 + 2));
        QVERIFY(space.contains(a));
    }

    void penaltyGradientMatchesFiniteDifferences()
    {
        const auto f = makeFunction("branin");
        const auto gp = test::fittedGp(*f, 10, 1);
        LocalPenalizer penalizer(estimateLipschitzConstant(*gp, gp->inputs(), f->space()),
                                 gp->outputs().minCoeff());
        penalizer.addCentre(*gp, randomDesign(f->space(), 1, 2));
        penalizer.addCentre(*gp, randomDesign(f->space(), 1, 3));
        QCOMPARE(penalizer.size(), Index(2));
        const Matrix X = randomDesign(f->space(), 6, 4);
        Matrix gradient;
        const Vector values = penalizer.logPenalty(X, &gradient);
        QVERIFY(values.maxCoeff() <= 0.0); // log of probabilities
        Matrix numeric(X.rows(), 2);
        for (Index i = 0; i < X.rows(); ++i)
            numeric.row(i) = test::finiteDifferenceGradient(
                                 [&](const Vector& x) {
                                     return penalizer.logPenalty(x.transpose(), nullptr)(0);
                                 },
                                 X.row(i).transpose(), 1e-5)
                                 .transpose();
        EMU_COMPARE_MATRIX(gradient, numeric, 1e-4, 1e-7);
    }

    void localPenalizationGivesDistinctPoints_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("function");
        QTest::addColumn<int>("q");
        for (const char* id : {"ei", "lcb", "pi", "mes", "variance"})
            for (const char* fn : {"forrester", "branin"})
                QTest::addRow("%s %s q=5", id, fn) << id << fn << 5;
        QTest::newRow("ei branin q=1") << "ei"
                                       << "branin" << 1;
    }
    void localPenalizationGivesDistinctPoints()
    {
        QFETCH(QString, id);
        QFETCH(QString, function);
        QFETCH(int, q);
        const auto f = makeFunction(function.toStdString());
        const auto gp = test::fittedGp(*f, 10, 2);
        auto acquisition = makeAcquisition(id.toStdString());
        acquisition->update(*gp, f->space(), 3);
        const AcquisitionOptimizer optimizer(f->space());
        Vector values;
        const Matrix batch =
            suggestLocallyPenalizedBatch(*acquisition, *gp, optimizer, q, 11, Matrix(), &values);
        QCOMPARE(batch.rows(), Index(q));
        QVERIFY(f->space().contains(batch));
        QVERIFY(values.allFinite());
        EMU_COMPARE_MATRIX(values, acquisition->evaluate(*gp, batch), 1e-9, 1e-300);
        const Vector range = f->space().upperBounds() - f->space().lowerBounds();
        for (Index i = 0; i < q; ++i)
            for (Index j = 0; j < i; ++j) {
                const double gap = ((batch.row(i) - batch.row(j)).transpose().cwiseQuotient(range))
                                       .cwiseAbs()
                                       .maxCoeff();
                QVERIFY2(
                    gap > 1e-3,
                    qPrintable(QString("points %1 and %2 are %3 apart").arg(i).arg(j).arg(gap)));
            }
        // The first point is the plain maximiser.
        const AcquisitionOptimum single = optimizer.maximize(*acquisition, *gp, 11);
        EMU_COMPARE_MATRIX(Matrix(batch.row(0)), Matrix(single.x), 0.0, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestAcquisitionOptimizer)
#include "test_acquisition_optimizer.moc"
