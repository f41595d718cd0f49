// LinearMultiFidelityModel (Kennedy–O'Hagan): one level is a plain GP; likelihood and
// prediction gradients against finite differences; the joint and recursive forms agree where
// theory says they must; ρ ≈ 2 on the Forrester pair with far better predictions than a GP on
// the high-fidelity points alone; the degenerate ρ → 0 optimum is a real trap that fit() avoids.

#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/optim/bounded_minimizer.h"
#include "linear_mf_test_models.h"
#include "mf_test_support.h"

#include "../gp/kernel_test_support.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;
using emu::test::makeModel;
using emu::test::randomLevels;

namespace {

double logLikelihoodAt(const LinearMultiFidelityModel& model, const Vector& p)
{
    LinearMultiFidelityModel copy = model;
    copy.setParameterVector(p);
    return copy.logMarginalLikelihood();
}

/// Index of a parameter by name.
Index parameterIndex(const LinearMultiFidelityModel& model, const std::string& name)
{
    const std::vector<MfParameter> info = model.parameterInfo();
    for (std::size_t j = 0; j < info.size(); ++j)
        if (info[j].name == name)
            return Index(j);
    return -1;
}

} // namespace

class TestLinearMultiFidelity : public QObject
{
    Q_OBJECT
private slots:
    void oneLevelEqualsPlainGp_data()
    {
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<bool>("normalise");
        for (const char* k : {"rbf", "matern52", "rbf+periodic"})
            for (bool normalise : {false, true})
                QTest::addRow("%s %s", k, normalise ? "normalised" : "raw")
                    << QString(k) << normalise;
    }
    void oneLevelEqualsPlainGp()
    {
        QFETCH(QString, kernel);
        QFETCH(bool, normalise);
        std::unique_ptr<Kernel> k = emu::test::buildKernel(kernel, 2, true);
        emu::test::randomiseLogParams(*k, 5);
        LinearMfSettings ms;
        ms.mean = MeanFunction::Zero;
        ms.normalizeOutputs = normalise;
        ms.noiseVariance = 0.05;
        std::vector<std::unique_ptr<Kernel>> kernels;
        kernels.push_back(k->clone());
        LinearMultiFidelityModel mf(std::move(kernels), ms);
        GpSettings gs;
        gs.mean = MeanFunction::Zero;
        gs.normalizeOutputs = normalise;
        gs.noiseVariance = 0.05;
        GaussianProcess gp(k->clone(), gs);

        Rng rng(6);
        const Matrix X = rng.uniformMatrix(15, 2), Xs = rng.uniformMatrix(9, 2);
        const Vector y = (3.0 * X.col(0).array().sin() + X.col(1).array() + 2.0).matrix();
        gp.setData(X, y);
        mf.setData(withFidelity(X, 0), y);
        QCOMPARE(mf.levelCount(), Index(1));
        QCOMPARE(mf.rho().size(), Index(0));

        for (bool noise : {false, true}) {
            const Prediction a = mf.predict(0, Xs, noise), b = gp.predict(Xs, noise);
            EMU_COMPARE_MATRIX(a.mean, b.mean, 1e-10, 1e-12);
            EMU_COMPARE_MATRIX(a.variance, b.variance, 1e-9, 1e-12);
            const Prediction c = mf.predict(withFidelity(Xs, 0), noise);
            EMU_COMPARE_MATRIX(c.mean, b.mean, 1e-10, 1e-12);
        }
        QVERIFY(std::abs(mf.logMarginalLikelihood() - gp.logMarginalLikelihood()) <
                1e-10 * std::abs(gp.logMarginalLikelihood()));
        // Same parameter layout (kernel, then log noise) and the same gradient.
        EMU_COMPARE_MATRIX(mf.parameterVector(), gp.logParams(), 1e-15, 1e-15);
        EMU_COMPARE_MATRIX(mf.logMarginalLikelihoodGradient(), gp.logMarginalLikelihoodGradient(),
                           1e-8, 1e-10);
        const PredictionGradient ga = mf.predictGradient(0, Xs), gb = gp.predictGradient(Xs);
        EMU_COMPARE_MATRIX(ga.meanGradient, gb.meanGradient, 1e-9, 1e-11);
        EMU_COMPARE_MATRIX(ga.varianceGradient, gb.varianceGradient, 1e-8, 1e-11);
    }

    void likelihoodGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<bool>("constantMean");
        QTest::addColumn<Vector>("rho");
        const auto v = [](std::initializer_list<double> values) {
            Vector r(Index(values.size()));
            Index i = 0;
            for (double x : values)
                r(i++) = x;
            return r;
        };
        QTest::newRow("2 levels, constant mean") << 2 << "rbf" << true << v({1.7});
        QTest::newRow("2 levels, zero mean") << 2 << "rbf" << false << v({-0.6});
        QTest::newRow("2 levels, matern52") << 2 << "matern52" << true << v({0.9});
        QTest::newRow("3 levels") << 3 << "rbf" << true << v({1.3, -0.7});
        QTest::newRow("3 levels, rho 0") << 3 << "rbf" << true << v({0.0, 1.1});
        QTest::newRow("3 levels, both rho 0, zero mean")
            << 3 << "matern32" << false << v({0.0, 0.0});
        QTest::newRow("4 levels") << 4 << "rbf" << true << v({1.2, 0.8, -1.5});
    }
    void likelihoodGradientMatchesFiniteDifferences()
    {
        QFETCH(int, levels);
        QFETCH(QString, kernel);
        QFETCH(bool, constantMean);
        QFETCH(Vector, rho);
        LinearMultiFidelityModel model = makeModel(
            levels, kernel, constantMean ? MeanFunction::Constant : MeanFunction::Zero, rho);
        Matrix X;
        Vector y;
        randomLevels(levels, 11, X, y);
        model.setData(X, y);
        const Vector p = model.parameterVector();
        const Vector analytic = model.logMarginalLikelihoodGradient();
        const Vector fd = emu::test::finiteDifferenceGradient(
            [&](const Vector& q) { return logLikelihoodAt(model, q); }, p, 1e-6);
        QCOMPARE(analytic.size(), p.size());
        EMU_COMPARE_MATRIX(analytic, fd, 1e-5, 1e-5);
        QVERIFY(analytic.tail(rho.size()).cwiseAbs().maxCoeff() > 1e-3); // ρ really is tested
    }

    void predictGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<bool>("recursive");
        QTest::addColumn<int>("level");
        for (bool recursive : {false, true})
            for (int level : {0, 1, 2})
                QTest::addRow("%s level %d", recursive ? "recursive" : "joint", level)
                    << recursive << level;
    }
    void predictGradientMatchesFiniteDifferences()
    {
        QFETCH(bool, recursive);
        QFETCH(int, level);
        Vector rho(2);
        rho << 1.4, -0.8;
        LinearMultiFidelityModel model =
            makeModel(3, "rbf", MeanFunction::Constant, rho,
                      recursive ? MfFitMethod::Recursive : MfFitMethod::Joint);
        Matrix X;
        Vector y;
        randomLevels(3, 12, X, y);
        model.setData(X, y);
        const Matrix Xs = Rng(13).uniformMatrix(4, 2);
        const PredictionGradient g = model.predictGradient(level, Xs);
        for (Index c = 0; c < 2; ++c) {
            const auto shifted = [&](double h) {
                Matrix Xh = Xs;
                Xh.col(c).array() += h;
                return model.predict(level, Xh);
            };
            const double h = 1e-6;
            const Prediction plus = shifted(h), minus = shifted(-h);
            EMU_COMPARE_MATRIX(Matrix(g.meanGradient.col(c)),
                               Matrix((plus.mean - minus.mean) / (2 * h)), 1e-5, 1e-6);
            EMU_COMPARE_MATRIX(Matrix(g.varianceGradient.col(c)),
                               Matrix((plus.variance - minus.variance) / (2 * h)), 1e-5, 1e-6);
        }
        // Through the Model interface: the same, plus a zero fidelity column.
        const PredictionGradient gm = model.predictGradient(withFidelity(Xs, level));
        EMU_COMPARE_MATRIX(Matrix(gm.meanGradient.leftCols(2)), g.meanGradient, 0.0, 0.0);
        QCOMPARE(gm.varianceGradient.col(2).cwiseAbs().maxCoeff(), 0.0);
    }

    void jointEqualsRecursiveForNestedNoiseFreeData_data()
    {
        QTest::addColumn<bool>("constantMean");
        QTest::newRow("constant mean") << true;
        QTest::newRow("zero mean") << false;
    }
    void jointEqualsRecursiveForNestedNoiseFreeData()
    {
        // Le Gratiet & Garnier: with X_2 ⊂ X_1 ⊂ X_0 and no noise the recursive posterior is
        // the joint one, at every level.
        QFETCH(bool, constantMean);
        const emu::test::MfData data = emu::test::mfData("branin3", {14, 8, 4}, 3);
        Vector rho(2);
        rho << 0.6, 1.3;
        LinearMultiFidelityModel joint =
            makeModel(3, "rbf", constantMean ? MeanFunction::Constant : MeanFunction::Zero, rho);
        Vector p = joint.parameterVector();
        for (Index t = 0, j = 0; t < 3; ++t) {
            p(j++) = 0.0;           // variance 1
            p(j++) = std::log(6.0); // lengthscales: 40% of the box
            p(j++) = std::log(6.0);
            p(j++) = std::log(1e-9); // (almost) no noise
        }
        joint.setParameterVector(p);
        joint.setData(data.stackedX, data.stackedY);
        LinearMultiFidelityModel recursive = joint;
        LinearMfSettings s = recursive.settings();
        s.method = MfFitMethod::Recursive;
        recursive.setSettings(s);
        recursive.setParameterVector(p);
        const Matrix Xs =
            multiFidelityProblems().at("branin3").space().fromUnitCube(Rng(4).uniformMatrix(20, 2));
        for (Index level = 0; level < 3; ++level) {
            const Prediction a = joint.predict(level, Xs), b = recursive.predict(level, Xs);
            const double scale = data.y[std::size_t(level)].cwiseAbs().maxCoeff();
            EMU_COMPARE_MATRIX(a.mean, b.mean, 1e-5, 1e-5 * scale);
            // The mean-only path skips the variance and nothing else.
            EMU_COMPARE_MATRIX(joint.predictMean(level, Xs), a.mean, 1e-12, 1e-12 * scale);
            EMU_COMPARE_MATRIX(recursive.predictMean(level, Xs), b.mean, 1e-12, 1e-12 * scale);
            EMU_COMPARE_MATRIX(a.variance, b.variance, 1e-4, 1e-5 * scale * scale);
            QVERIFY(b.variance.maxCoeff() > 1e-3 * scale * scale); // not trivially zero
        }
        EMU_COMPARE_MATRIX(joint.meanCoefficients(), recursive.meanCoefficients(), 1e-5, 1e-5);
        // The recursive model still reports the joint likelihood.
        QCOMPARE(recursive.logMarginalLikelihood(), joint.logMarginalLikelihood());
    }

    void forresterRecoversRhoAndBeatsHighFidelityOnly_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("recursive");
        for (quint64 seed = 0; seed < 5; ++seed)
            for (bool recursive : {false, true})
                QTest::addRow("seed %llu %s", seed, recursive ? "recursive" : "joint")
                    << seed << recursive;
    }
    void forresterRecoversRhoAndBeatsHighFidelityOnly()
    {
        QFETCH(quint64, seed);
        QFETCH(bool, recursive);
        const emu::test::MfData data = emu::test::mfData("forrester", {12, 6}, seed);
        LinearMfSettings s;
        s.method = recursive ? MfFitMethod::Recursive : MfFitMethod::Joint;
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1, "rbf", true, s);
        model.setData(data.stackedX, data.stackedY);
        FitOptions options;
        options.restarts = 5;
        options.seed = seed;
        const FitReport report = model.fit(options);
        QVERIFY2(std::abs(model.rho()(0) - 2.0) < 0.02,
                 qPrintable(QString::number(model.rho()(0))));
        QVERIFY(std::isfinite(report.logLikelihood));

        const Matrix Xs = Vector::LinSpaced(500, 0.0, 1.0);
        const Vector truth = multiFidelityProblems().at("forrester").evaluate(1, Xs);
        const double mfError = emu::test::relativeError(model.predict(1, Xs).mean, truth);
        const double hfError = emu::test::relativeError(
            emu::test::highFidelityOnly(data, 5, seed).predict(Xs).mean, truth);
        QVERIFY2(mfError < 0.05, qPrintable(QString::number(mfError)));
        QVERIFY2(hfError > 10.0 * mfError,
                 qPrintable(QString("hf-only %1, multi-fidelity %2").arg(hfError).arg(mfError)));
    }

    void degenerateOptimumIsAvoided_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed 0") << quint64(0);
        QTest::newRow("seed 2") << quint64(2);
    }
    void degenerateOptimumIsAvoided()
    {
        // ρ = 0 with the discrepancy's lengthscale at its floor explains the six high-fidelity
        // points as independent draws. Started there, a plain local search stays there.
        QFETCH(quint64, seed);
        const emu::test::MfData data = emu::test::mfData("forrester", {12, 6}, seed);
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1);
        model.setData(data.stackedX, data.stackedY);
        const std::vector<MfParameter> info = model.parameterInfo();
        const Index ell = parameterIndex(model, "level1.lengthscale[1]");
        const Index rho = parameterIndex(model, "rho0");
        QVERIFY(ell >= 0 && rho >= 0);
        // The floor: a quarter of the typical spacing of the six high-fidelity inputs.
        const Matrix& Xh = model.levelInputs(1);
        const double spacing = (Xh.maxCoeff() - Xh.minCoeff()) / 6.0;
        QVERIFY(std::abs(info[std::size_t(ell)].lower - std::log(0.25 * spacing)) < 1e-12);

        Vector degenerate = model.parameterVector();
        degenerate(ell) = info[std::size_t(ell)].lower;
        degenerate(rho) = 0.0;
        Vector lower(degenerate.size()), upper(degenerate.size());
        for (std::size_t j = 0; j < info.size(); ++j) {
            lower(Index(j)) = info[j].lower;
            upper(Index(j)) = info[j].upper;
        }
        LinearMultiFidelityModel probe = model;
        const Objective objective = [&probe](const Vector& p, Vector& grad) {
            probe.setParameterVector(p);
            grad = -probe.logMarginalLikelihoodGradient();
            return -probe.logMarginalLikelihood();
        };
        const MinimizeResult trap = minimizeBounded(objective, degenerate, lower, upper, {});

        LinearMultiFidelityModel good = model;
        FitOptions options;
        options.restarts = 5;
        options.seed = seed;
        good.fit(options);
        const double goodLogLikelihood = good.logMarginalLikelihood();
        // The trap is real: a local optimum with ρ far from 2, a discrepancy lengthscale
        // shorter than the spacing of the high-fidelity points (they look independent), and a
        // likelihood far below the good optimum.
        QVERIFY2(std::abs(trap.x(rho) - 2.0) > 0.5, qPrintable(QString::number(trap.x(rho))));
        QVERIFY2(std::exp(trap.x(ell)) < spacing,
                 qPrintable(QString::number(std::exp(trap.x(ell)))));
        QVERIFY2(-trap.value < goodLogLikelihood - 10.0,
                 qPrintable(QString("trap %1, good %2").arg(-trap.value).arg(goodLogLikelihood)));

        // fit() from the trap (two-step start and restarts) gets out of it.
        model.setParameterVector(degenerate);
        model.fit(options);
        QVERIFY2(std::abs(model.rho()(0) - 2.0) < 0.02,
                 qPrintable(QString::number(model.rho()(0))));
        QVERIFY(std::exp(model.parameterVector()(ell)) > 10.0 * spacing);
        QVERIFY(model.logMarginalLikelihood() > -trap.value + 10.0);
    }

    void fitIsReproducibleAndHonoursCancel()
    {
        const emu::test::MfData data = emu::test::mfData("forrester", {10, 5}, 8);
        LinearMultiFidelityModel a = makeLinearMultiFidelityModel(2, 1);
        a.setData(data.stackedX, data.stackedY);
        LinearMultiFidelityModel b = a;
        const Vector before = a.parameterVector();
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, a.fit(FitOptions{}, cancelled));
        QCOMPARE(a.parameterVector(), before);
        FitOptions options;
        options.seed = 3;
        const FitReport ra = a.fit(options);
        b.fit(options);
        QCOMPARE(a.parameterVector(), b.parameterVector());
        QVERIFY(a.parameterVector() != before);
        // Restart values: the current start, 5 random ones, then the two-step start.
        QCOMPARE(int(ra.restartValues.size()), 7);
        QCOMPARE(ra.logLikelihood, a.logMarginalLikelihood());
    }

    void modelInterfaceUsesTheFidelityColumn()
    {
        const emu::test::MfData data = emu::test::mfData("forrester", {8, 4}, 1);
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1);
        QCOMPARE(model.inputDim(), Index(2));
        model.setData(data.stackedX, data.stackedY);
        QCOMPARE(model.inputs(), data.stackedX);
        QCOMPARE(model.outputs(), data.stackedY);
        QCOMPARE(model.levelInputs(1), data.X[1]);
        // Mixed levels in one batch, in any order.
        Matrix Xs(4, 2);
        Xs << 0.1, 1, 0.1, 0, 0.7, 1, 0.4, 0;
        const Prediction p = model.predict(Xs);
        for (Index i = 0; i < 4; ++i) {
            const Prediction q = model.predict(Index(Xs(i, 1)), Matrix::Constant(1, 1, Xs(i, 0)));
            // A batch and a single point go through differently sized solves: equal up to
            // rounding, which differs between builds (the sanitizer build differed at 1e-11).
            EMU_COMPARE_MATRIX(Vector::Constant(1, p.mean(i)), q.mean, 1e-9, 1e-12);
            EMU_COMPARE_MATRIX(Vector::Constant(1, p.variance(i)), q.variance, 1e-9, 1e-12);
        }
        QVERIFY(p.mean(0) != p.mean(1)); // the levels differ
        for (double bad : {1.5, -1.0, 2.0, std::numeric_limits<double>::quiet_NaN()}) {
            Matrix Xb = Xs;
            Xb(2, 1) = bad;
            QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predict(Xb));
            QVERIFY_THROWS_EXCEPTION(InvalidInput, model.setData(Xb, Vector::Zero(4)));
        }
        QCOMPARE(model.inputs(), data.stackedX); // a rejected setData keeps the data
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predict(5, Matrix::Zero(1, 1)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.predict(Matrix::Zero(1, 3)));
        const std::unique_ptr<Model> clone = model.clone();
        QCOMPARE(clone->predict(Xs).mean, p.mean);
        QVERIFY(model.name().find("linear multi-fidelity") != std::string::npos);

        // Fitting needs data at every level.
        LinearMultiFidelityModel lowOnly = makeLinearMultiFidelityModel(2, 1);
        lowOnly.setData(withFidelity(data.X[0], 0), data.y[0]);
        QVERIFY(lowOnly.predict(1, Xs.leftCols(1)).mean.allFinite());
        QVERIFY_THROWS_EXCEPTION(InvalidInput, lowOnly.fit(FitOptions{}));
    }

    void threeLevelBraninFits()
    {
        const emu::test::MfData data = emu::test::mfData("branin3", {30, 15, 8}, 2);
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(3, 2);
        model.setData(data.stackedX, data.stackedY);
        FitOptions options;
        options.restarts = 2;
        model.fit(options);
        QCOMPARE(model.rho().size(), Index(2));
        // The model interpolates its (noise-free) high-fidelity data.
        const Prediction p = model.predict(2, data.X[2]);
        EMU_COMPARE_MATRIX(p.mean, data.y[2], 1e-3, 1e-2);
    }
};

QTEST_APPLESS_MAIN(TestLinearMultiFidelity)
#include "test_linear_multi_fidelity.moc"
