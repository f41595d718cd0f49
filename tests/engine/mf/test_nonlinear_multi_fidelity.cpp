// NonlinearMultiFidelityModel (NARGP): on the nonlinear sine pair it is several times more
// accurate than the linear model and than a GP on the high-fidelity points; its Monte Carlo
// predictions are reproducible, batch-independent and converge; its gradients are exact
// derivatives of the estimate; level 0 is a plain GP and level t is trained on the plug-in mean.

#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mf/nonlinear_multi_fidelity_model.h"
#include "mf_test_support.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

NonlinearMultiFidelityModel fitted(const emu::test::MfData& data, Index levels, Index d,
                                   std::uint64_t seed, int samples = 100)
{
    NonlinearMfSettings s;
    s.sampleCount = samples;
    s.seed = seed;
    NonlinearMultiFidelityModel model(levels, d, s);
    model.setData(data.stackedX, data.stackedY);
    FitOptions options;
    options.restarts = 3;
    options.seed = seed;
    model.fit(options);
    return model;
}

} // namespace

class TestNonlinearMultiFidelity : public QObject
{
    Q_OBJECT
private slots:
    void nonlinearPairBeatsLinearAndHighFidelityOnly_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {0, 1, 2})
            QTest::addRow("seed %llu", seed) << seed;
    }
    void nonlinearPairBeatsLinearAndHighFidelityOnly()
    {
        QFETCH(quint64, seed);
        const emu::test::MfData data = emu::test::mfData("nonlinear-sin", {50, 14}, seed);
        for (Index i = 0; i < data.X[1].rows(); ++i) // nested: every high point is a low point
            QVERIFY((data.X[0].rowwise() - data.X[1].row(i)).rowwise().norm().minCoeff() == 0.0);
        FitOptions options;
        options.restarts = 5;
        options.seed = seed;
        NonlinearMultiFidelityModel nargp(2, 1);
        nargp.setData(data.stackedX, data.stackedY);
        nargp.fit(options);
        LinearMultiFidelityModel linear = makeLinearMultiFidelityModel(2, 1);
        linear.setData(data.stackedX, data.stackedY);
        linear.fit(options);

        const Matrix Xs = Vector::LinSpaced(500, 0.0, 1.0);
        const Vector truth = multiFidelityProblems().at("nonlinear-sin").evaluate(1, Xs);
        const double nonlinearError = emu::test::relativeError(nargp.predict(1, Xs).mean, truth);
        const double linearError = emu::test::relativeError(linear.predict(1, Xs).mean, truth);
        const double hfError = emu::test::relativeError(
            emu::test::highFidelityOnly(data, 5, seed).predict(Xs).mean, truth);
        const QString errors = QString("nargp %1, linear %2, hf-only %3")
                                   .arg(nonlinearError)
                                   .arg(linearError)
                                   .arg(hfError);
        QVERIFY2(nonlinearError < 0.1, qPrintable(errors));
        QVERIFY2(5.0 * nonlinearError < linearError, qPrintable(errors));
        QVERIFY2(5.0 * nonlinearError < hfError, qPrintable(errors));
    }

    void monteCarloIsReproducibleAndBatchIndependent()
    {
        const emu::test::MfData data = emu::test::mfData("nonlinear-sin", {30, 10}, 4);
        const NonlinearMultiFidelityModel model = fitted(data, 2, 1, 4);
        const Matrix Xs = Vector::LinSpaced(40, 0.0, 1.0);
        const Prediction a = model.predict(1, Xs), b = model.predict(1, Xs);
        QCOMPARE(a.mean, b.mean);
        QCOMPARE(a.variance, b.variance);
        const std::unique_ptr<Model> clone = model.clone();
        QCOMPARE(clone->predict(withFidelity(Xs, 1)).mean, a.mean);
        // A point's prediction does not depend on the rest of the batch (up to rounding: the
        // matrix products take other vectorised paths for other sizes).
        const Prediction few = model.predict(1, Matrix(Xs.middleRows(7, 3)));
        EMU_COMPARE_MATRIX(few.mean, Vector(a.mean.segment(7, 3)), 1e-9, 1e-12);
        EMU_COMPARE_MATRIX(few.variance, Vector(a.variance.segment(7, 3)), 1e-7, 1e-12);
        // Another seed gives other draws: different, but close.
        NonlinearMultiFidelityModel other = model;
        other.setSeed(5);
        QCOMPARE(other.seed(), std::uint64_t(5));
        const Prediction c = other.predict(1, Xs);
        QVERIFY(c.mean != a.mean);
        const double spread = std::sqrt(a.variance.mean());
        QVERIFY((c.mean - a.mean).cwiseAbs().maxCoeff() < spread);
        other.setSeed(4);
        QCOMPARE(other.predict(1, Xs).mean, a.mean);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, other.setSampleCount(0));
    }

    void monteCarloConverges()
    {
        // 100 samples against 20000: the stratified estimate is already close.
        const emu::test::MfData data = emu::test::mfData("nonlinear-sin", {30, 10}, 6);
        NonlinearMultiFidelityModel model = fitted(data, 2, 1, 6);
        const Matrix Xs = Vector::LinSpaced(60, 0.0, 1.0);
        const Prediction coarse = model.predict(1, Xs);
        model.setSampleCount(20000);
        const Prediction reference = model.predict(1, Xs);
        const double sd = std::sqrt(reference.variance.maxCoeff());
        QVERIFY(sd > 1e-3); // there is uncertainty to propagate
        QVERIFY2((coarse.mean - reference.mean).cwiseAbs().maxCoeff() < 0.05 * sd,
                 qPrintable(QString::number((coarse.mean - reference.mean).cwiseAbs().maxCoeff())));
        QVERIFY((coarse.variance - reference.variance).cwiseAbs().maxCoeff() < 0.1 * sd * sd);
    }

    void predictGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("level");
        QTest::newRow("sine level 0") << "nonlinear-sin" << 0;
        QTest::newRow("sine level 1") << "nonlinear-sin" << 1;
        QTest::newRow("branin3 level 1") << "branin3" << 1;
        QTest::newRow("branin3 level 2") << "branin3" << 2;
    }
    void predictGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, problem);
        QFETCH(int, level);
        const MultiFidelityProblem& p = multiFidelityProblems().at(problem.toStdString());
        const Index L = p.levelCount(), d = p.dimension();
        const emu::test::MfData data = emu::test::mfData(
            problem.toStdString(),
            L == 2 ? std::vector<Index>{20, 8} : std::vector<Index>{20, 12, 6}, 7);
        const NonlinearMultiFidelityModel model = fitted(data, L, d, 7, 50);
        const Matrix Xs = p.space().fromUnitCube(Rng(8).uniformMatrix(5, d));
        const PredictionGradient g = model.predictGradient(level, Xs);
        QCOMPARE(g.meanGradient.rows(), Index(5));
        QCOMPARE(g.meanGradient.cols(), d);
        for (Index c = 0; c < d; ++c) {
            const double h = 1e-6 * (p.space().upperBounds()(c) - p.space().lowerBounds()(c));
            Matrix plus = Xs, minus = Xs;
            plus.col(c).array() += h;
            minus.col(c).array() -= h;
            const Prediction a = model.predict(level, plus), b = model.predict(level, minus);
            const Vector fdMean = (a.mean - b.mean) / (2 * h);
            const Vector fdVar = (a.variance - b.variance) / (2 * h);
            const double meanScale = 1e-6 * std::max(1.0, fdMean.cwiseAbs().maxCoeff());
            const double varScale = 1e-6 * std::max(1.0, fdVar.cwiseAbs().maxCoeff());
            EMU_COMPARE_MATRIX(Matrix(g.meanGradient.col(c)), Matrix(fdMean), 1e-4, meanScale);
            EMU_COMPARE_MATRIX(Matrix(g.varianceGradient.col(c)), Matrix(fdVar), 1e-4, varScale);
        }
        const PredictionGradient gm = model.predictGradient(withFidelity(Xs, level));
        EMU_COMPARE_MATRIX(Matrix(gm.meanGradient.leftCols(d)), g.meanGradient, 0.0, 0.0);
        QCOMPARE(gm.meanGradient.col(d).cwiseAbs().maxCoeff(), 0.0);
    }

    void levelsAreGaussianProcessesOnAugmentedInputs()
    {
        const emu::test::MfData data = emu::test::mfData("branin3", {20, 12, 6}, 9);
        const NonlinearMultiFidelityModel model = fitted(data, 3, 2, 9, 20);
        const Matrix Xs = Rng(10).uniformMatrix(6, 2) * 10.0;
        // Level 0 is the first GP itself; no Monte Carlo there.
        const Prediction p0 = model.predict(0, Xs), g0 = model.levelModel(0).predict(Xs);
        QCOMPARE(p0.mean, g0.mean);
        QCOMPARE(p0.variance, g0.variance);
        // Level t is trained on (X_t, μ_{t−1}(X_t)), μ the plug-in mean.
        for (Index t = 1; t < 3; ++t) {
            const GaussianProcess& gp = model.levelModel(t);
            QCOMPARE(gp.inputDim(), Index(3));
            QCOMPARE(Matrix(gp.inputs().leftCols(2)), data.X[std::size_t(t)]);
            EMU_COMPARE_MATRIX(Vector(gp.inputs().col(2)),
                               model.plugInMean(t - 1, data.X[std::size_t(t)]), 1e-12, 1e-12);
            QCOMPARE(gp.outputs(), data.y[std::size_t(t)]);
        }
        const std::vector<std::string> names = model.parameterNames();
        QCOMPARE(Index(names.size()), model.parameterValues().size());
        QCOMPARE(names.front(), std::string("level0.variance"));
        QVERIFY(std::find(names.begin(), names.end(), "level2.f.lengthscale") != names.end());
        QVERIFY(std::find(names.begin(), names.end(), "level1.delta.lengthscale[2]") !=
                names.end());
        QVERIFY(std::isfinite(model.logMarginalLikelihood()));
    }

    void modelInterfaceAndErrors()
    {
        const emu::test::MfData data = emu::test::mfData("forrester", {10, 5}, 2);
        NonlinearMultiFidelityModel model(2, 1);
        QCOMPARE(model.inputDim(), Index(2));
        model.setData(data.stackedX, data.stackedY);
        QCOMPARE(model.inputs(), data.stackedX);
        Matrix Xs(3, 2);
        Xs << 0.2, 1, 0.2, 0, 0.9, 1;
        const Prediction p = model.predict(Xs);
        QCOMPARE(p.mean(0), model.predict(1, Matrix::Constant(1, 1, 0.2)).mean(0));
        QCOMPARE(p.mean(1), model.predict(0, Matrix::Constant(1, 1, 0.2)).mean(0));
        QVERIFY(p.variance.allFinite() && (p.variance.array() >= 0.0).all());
        Matrix bad = Xs;
        bad(1, 1) = 2.0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predict(bad));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.setData(bad, Vector::Zero(3)));
        QCOMPARE(model.inputs(), data.stackedX);

        const Vector before = model.parameterValues();
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, model.fit(FitOptions{}, cancelled));
        QCOMPARE(model.parameterValues(), before);
        NonlinearMultiFidelityModel lowOnly(2, 1);
        lowOnly.setData(withFidelity(data.X[0], 0), data.y[0]);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, lowOnly.fit(FitOptions{}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, NonlinearMultiFidelityModel(0, 1));
        NonlinearMfSettings s;
        s.sampleCount = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, NonlinearMultiFidelityModel(2, 1, s));
    }
};

QTEST_APPLESS_MAIN(TestNonlinearMultiFidelity)
#include "test_nonlinear_multi_fidelity.moc"
