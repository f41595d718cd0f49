#include "engine/core/errors.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/stationary_kernel.h"

#include "common/fuzzy.h"
#include "gp_test_support.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;
using emu::test::buildKernel;

namespace {

GaussianProcess makeGp(const QString& spec, Index d, bool ard, MeanFunction mean, bool normalise,
                       double noise = 0.05)
{
    std::unique_ptr<Kernel> k = buildKernel(spec, d, ard);
    emu::test::randomiseLogParams(*k, 23);
    GpSettings s;
    s.mean = mean;
    s.normalizeOutputs = normalise;
    s.noiseVariance = noise;
    return GaussianProcess(std::move(k), s);
}

void addModeRows(const QStringList& specs)
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("dim");
    QTest::addColumn<bool>("normalise");
    for (const QString& spec : specs)
        for (int d : {1, 3})
            for (bool normalise : {false, true})
                QTest::addRow("%s d=%d %s", qPrintable(spec), d, normalise ? "normalised" : "raw")
                    << spec << d << normalise;
}

} // namespace

class TestGaussianProcess : public QObject
{
    Q_OBJECT
private slots:
    void predictionsMatchNaiveReference_data() { addModeRows(emu::test::kernelSpecs()); }
    void predictionsMatchNaiveReference()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, normalise);
        const MeanFunction mean = normalise ? MeanFunction::Constant : MeanFunction::Zero;
        GaussianProcess gp = makeGp(spec, dim, true, mean, normalise);
        Matrix X, Xs;
        Vector y, ys;
        emu::test::makeData(15, dim, 1, X, y);
        emu::test::makeData(9, dim, 2, Xs, ys);
        Xs.row(0) = X.row(3); // one test point on the data
        gp.setData(X, y);
        QCOMPARE(gp.jitter(), 0.0);

        const emu::test::NaiveGp ref =
            emu::test::naiveGp(gp.kernel(), X, y, Xs, gp.noiseVariance(), mean, normalise);
        const Prediction p = gp.predict(Xs);
        EMU_COMPARE_MATRIX(p.mean, ref.mean, 1e-8, 1e-8);
        EMU_COMPARE_MATRIX(gp.predictMean(Xs), ref.mean, 1e-8, 1e-8);
        EMU_COMPARE_MATRIX(p.variance, Vector(ref.covariance.diagonal().cwiseMax(0.0)), 1e-6, 1e-8);
        EMU_COMPARE_MATRIX(gp.posteriorCovariance(Xs), ref.covariance, 1e-6, 1e-8);
        const double s2 = gp.outputScale() * gp.outputScale();
        const Prediction noisy = gp.predict(Xs, true);
        EMU_COMPARE_MATRIX(noisy.variance, Vector(p.variance.array() + s2 * gp.noiseVariance()),
                           1e-12, 1e-14);
        EMU_COMPARE_MATRIX(Matrix(gp.posteriorCovariance(Xs, true).diagonal()), noisy.variance,
                           1e-6, 1e-8);
        QVERIFY(std::abs(gp.logMarginalLikelihood() - ref.logLikelihood) <
                1e-8 * std::abs(ref.logLikelihood));
    }

    void addPointMatchesFullRefit_data()
    {
        addModeRows({"rbf", "matern12", "periodic", "linear", "rbf+white", "matern52*linear"});
    }
    void addPointMatchesFullRefit()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, normalise);
        Matrix X, Xs;
        Vector y, ys;
        emu::test::makeData(14, dim, 3, X, y);
        emu::test::makeData(7, dim, 4, Xs, ys);
        GaussianProcess incremental =
            makeGp(spec, dim, false, MeanFunction::Constant, normalise, 0.01);
        GaussianProcess full = incremental;
        incremental.setData(X.topRows(4), y.head(4));
        for (Index i = 4; i < X.rows(); ++i)
            incremental.addPoint(X.row(i), y(i));
        full.setData(X, y);
        QCOMPARE(incremental.size(), Index(14));
        QCOMPARE(incremental.inputs(), X);
        QCOMPARE(incremental.outputs(), y);
        const Prediction a = incremental.predict(Xs, true), b = full.predict(Xs, true);
        EMU_COMPARE_MATRIX(a.mean, b.mean, 1e-9, 1e-9);
        EMU_COMPARE_MATRIX(a.variance, b.variance, 1e-7, 1e-9);
        QVERIFY(std::abs(incremental.logMarginalLikelihood() - full.logMarginalLikelihood()) <
                1e-9 * std::abs(full.logMarginalLikelihood()));
        EMU_COMPARE_MATRIX(incremental.logMarginalLikelihoodGradient(),
                           full.logMarginalLikelihoodGradient(), 1e-6, 1e-8);

        // From an empty model too.
        GaussianProcess fromEmpty =
            makeGp(spec, dim, false, MeanFunction::Constant, normalise, 0.01);
        for (Index i = 0; i < X.rows(); ++i)
            fromEmpty.addPoint(X.row(i), y(i));
        EMU_COMPARE_MATRIX(fromEmpty.predict(Xs).mean, b.mean, 1e-9, 1e-9);
    }

    void leaveOneOutEqualsExplicitRefits_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("dim");
        for (const char* spec : {"rbf", "matern52", "rbf+white"})
            for (int d : {1, 3})
                QTest::addRow("%s d=%d", spec, d) << QString(spec) << d;
    }
    void leaveOneOutEqualsExplicitRefits()
    {
        // Hyperparameters held and no normalisation (a refit on n − 1 points would move the
        // normalisation): the closed form must equal n explicit refits.
        QFETCH(QString, spec);
        QFETCH(int, dim);
        Matrix X;
        Vector y;
        emu::test::makeData(12, dim, 5, X, y);
        GaussianProcess gp = makeGp(spec, dim, true, MeanFunction::Zero, false, 0.02);
        gp.setData(X, y);
        const Prediction loo = gp.leaveOneOut();
        for (Index i = 0; i < X.rows(); ++i) {
            Matrix Xi(X.rows() - 1, dim);
            Vector yi(X.rows() - 1);
            for (Index j = 0, r = 0; j < X.rows(); ++j)
                if (j != i) {
                    Xi.row(r) = X.row(j);
                    yi(r++) = y(j);
                }
            GaussianProcess refit = gp;
            refit.setData(Xi, yi);
            const Prediction p = refit.predict(X.row(i), true);
            QVERIFY2(std::abs(loo.mean(i) - p.mean(0)) < 1e-8, qPrintable(QString::number(loo.mean(i) - p.mean(0))));
            QVERIFY2(std::abs(loo.variance(i) - p.variance(0)) < 1e-8 * std::max(1.0, p.variance(0)),
                     qPrintable(QString::number(loo.variance(i) - p.variance(0))));
        }
    }

    void pairedCovarianceIsTheJointPosteriorsOffDiagonal()
    {
        Matrix X, A, B;
        Vector y, unused;
        emu::test::makeData(15, 2, 8, X, y);
        emu::test::makeData(130, 2, 9, A, unused); // more than one block of 64
        emu::test::makeData(130, 2, 10, B, unused);
        GaussianProcess gp = makeGp("matern52", 2, true, MeanFunction::Constant, true, 0.01);
        gp.setData(X, y);
        const Vector paired = gp.pairedPosteriorCovariance(A, B);
        for (Index i = 0; i < A.rows(); i += 13) {
            Matrix both(2, 2);
            both << A.row(i), B.row(i);
            const Matrix joint = gp.posteriorCovariance(both);
            QVERIFY2(std::abs(paired(i) - joint(0, 1)) < 1e-9 * std::max(1.0, std::abs(joint(0, 0))),
                     qPrintable(QString::number(paired(i) - joint(0, 1))));
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.pairedPosteriorCovariance(A, B.topRows(3)));
    }

    void addPointOfADuplicateFallsBackToJitter()
    {
        GpSettings s;
        s.noiseVariance = 1e-15;
        GaussianProcess gp(makeKernel("rbf", 1), s), full(makeKernel("rbf", 1), s);
        Matrix X(5, 1);
        X << 0.0, 0.5, 1.0, 1.5, 0.5; // the last one repeats the second
        Vector y(5);
        y << 1.0, 2.0, 0.5, -1.0, 2.1;
        gp.setData(X.topRows(4), y.head(4));
        gp.addPoint(X.row(4), y(4));
        full.setData(X, y);
        QVERIFY(gp.jitter() > 0.0);
        QCOMPARE(gp.jitter(), full.jitter());
        Matrix Xs(3, 1);
        Xs << 0.25, 0.5, 2.0;
        EMU_COMPARE_MATRIX(gp.predict(Xs).mean, full.predict(Xs).mean, 1e-9, 1e-9);
        // With duplicates the mean at the shared input is near the average of both outputs.
        QVERIFY(std::abs(gp.predict(Xs).mean(1) - 2.05) < 0.01);
    }

    void difficultDataDoesNotCrash_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<double>("noise");
        QTest::addColumn<double>("spread");
        QTest::addColumn<int>("duplicates");
        QTest::addColumn<bool>("needsJitter");
        QTest::newRow("exact duplicates, no noise") << "rbf" << 1e-16 << 2.0 << 10 << true;
        QTest::newRow("points 1e-7 apart") << "rbf" << 1e-12 << 1e-7 << 0 << false;
        QTest::newRow("points 1e-7 apart, no noise") << "rbf" << 1e-17 << 1e-7 << 0 << true;
        QTest::newRow("matern52 nearly singular") << "matern52" << 1e-14 << 1e-6 << 5 << false;
        QTest::newRow("linear rank one") << "linear" << 1e-14 << 2.0 << 0 << true;
        QTest::newRow("periodic repeats") << "periodic" << 1e-14 << 20.0 << 0 << true;
    }
    void difficultDataDoesNotCrash()
    {
        QFETCH(QString, spec);
        QFETCH(double, noise);
        QFETCH(double, spread);
        QFETCH(int, duplicates);
        QFETCH(bool, needsJitter);
        GpSettings s;
        s.noiseVariance = noise;
        s.minNoiseVariance = 1e-16;
        GaussianProcess gp(buildKernel(spec, 1, false), s);
        Rng rng(8);
        Matrix X = spread * rng.uniformMatrix(60, 1);
        for (int i = 0; i < duplicates; ++i)
            X.row(30 + i) = X.row(i);
        const Vector y = emu::test::smoothFunction(X);
        gp.setData(X, y);
        QCOMPARE(gp.jitter() > 0.0, needsJitter);
        QVERIFY(gp.jitter() <= 1e-2 * gp.kernel().diagonal(X).mean() + 1e-2 * noise);
        const Matrix Xs = spread * rng.uniformMatrix(20, 1);
        const Prediction p = gp.predict(Xs);
        QVERIFY(p.mean.allFinite());
        QVERIFY(p.variance.allFinite() && (p.variance.array() >= 0).all());
        QVERIFY(std::isfinite(gp.logMarginalLikelihood()));
        QVERIFY(gp.logMarginalLikelihoodGradient().allFinite());
        gp.addPoint(X.row(0), y(0)); // yet another duplicate
        QVERIFY(gp.predict(Xs).mean.allFinite());
    }

    void rejectsNonFiniteAndMisshapenInput_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("col"); // −1: in y
        QTest::addColumn<double>("value");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("NaN in X") << 2 << 1 << nan;
        QTest::newRow("inf in X") << 0 << 0 << inf;
        QTest::newRow("NaN in y") << 4 << -1 << nan;
        QTest::newRow("-inf in y") << 1 << -1 << -inf;
    }
    void rejectsNonFiniteAndMisshapenInput()
    {
        QFETCH(int, row);
        QFETCH(int, col);
        QFETCH(double, value);
        GaussianProcess gp(makeKernel("rbf", 2));
        Matrix X, Xs;
        Vector y, ys;
        emu::test::makeData(6, 2, 5, X, y);
        emu::test::makeData(3, 2, 6, Xs, ys);
        gp.setData(X, y);
        const Prediction before = gp.predict(Xs);
        Matrix badX = X;
        Vector badY = y;
        if (col < 0)
            badY(row) = value;
        else
            badX(row, col) = value;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setData(badX, badY));
        QCOMPARE(gp.size(), Index(6)); // the model keeps its data
        QCOMPARE(gp.predict(Xs).mean, before.mean);
        if (col >= 0) {
            QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.predict(badX));
            QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.predictGradient(badX));
            QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.addPoint(badX.row(row), 1.0));
        } else {
            QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.addPoint(X.row(0), value));
        }
        QCOMPARE(gp.size(), Index(6));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setData(X, Vector(y.head(5))));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setData(Matrix(X.leftCols(1)), y));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.predict(Matrix::Zero(2, 3)));
    }

    void outputsNearTheLargestDouble_data()
    {
        QTest::addColumn<bool>("normalised");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<bool>("accepted");
        const double largest = std::numeric_limits<double>::max();
        QTest::newRow("all at the largest double") << true << largest << largest << true;
        QTest::newRow("from 0 to the largest double") << true << 0.0 << largest << false;
        QTest::newRow("spread 1e150") << true << -1e150 << 1e150 << true;
        QTest::newRow("spread 2 x the largest double") << true << -largest << largest << false;
        // Raw units (the GP lesson's teaching setting): K⁻¹y itself overflows.
        QTest::newRow("raw units, from 0 to the largest double") << false << 0.0 << largest << false;
        QTest::newRow("raw units, all at 1e300") << false << 1e300 << 1e300 << false;
        QTest::newRow("raw units, spread 1e100") << false << -1e100 << 1e100 << true;
    }
    void outputsNearTheLargestDouble()
    {
        // Their mean and scale (or, in raw units, K⁻¹y) overflowed to inf and the predictions
        // were NaN without an error; now what a double can hold is modelled, the rest refused.
        QFETCH(bool, normalised);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(bool, accepted);
        GpSettings settings;
        settings.normalizeOutputs = normalised;
        settings.mean = normalised ? MeanFunction::Constant : MeanFunction::Zero;
        GaussianProcess gp(makeKernel("rbf", 1), settings);
        Matrix X(4, 1);
        X << 0.0, 0.3, 0.6, 1.0;
        Vector y(4);
        y << low, high, low, high;
        Matrix Xs(2, 1);
        Xs << 0.1, 0.8;
        gp.setData(X.topRows(2), Vector::LinSpaced(2, 0.0, 1.0));
        const Prediction before = gp.predict(Xs);
        if (!accepted) {
            QVERIFY_THROWS_EXCEPTION(Error, gp.setData(X, y));
            QVERIFY_THROWS_EXCEPTION(Error, gp.addPoint(X.row(2), high));
            QCOMPARE(gp.size(), Index(2)); // the previous model stays, unchanged
            QCOMPARE(gp.predict(Xs).mean, before.mean);
            QCOMPARE(gp.predict(Xs).variance, before.variance);
            QVERIFY(std::isfinite(gp.logMarginalLikelihood()));
            return;
        }
        gp.setData(X, y);
        const Prediction p = gp.predict(Xs);
        QVERIFY(p.mean.allFinite() && p.variance.allFinite());
        const double scale = std::max(std::abs(low), std::abs(high));
        QVERIFY((p.mean.array().abs() <= 2.0 * scale).all()); // 2 x: an interpolant may overshoot a little
    }

    void singleDataPointClosedForm()
    {
        // Zero mean, no normalisation: mean = k*/(σ² + σn²)·y1, var = σ² − k*²/(σ² + σn²).
        auto k = std::make_unique<RbfKernel>(1);
        Vector p(2);
        p << std::log(2.0), std::log(0.5);
        k->setLogParams(p);
        GpSettings s;
        s.mean = MeanFunction::Zero;
        s.normalizeOutputs = false;
        s.noiseVariance = 0.1;
        GaussianProcess gp(std::move(k), s);
        gp.setData(Matrix::Constant(1, 1, 0.3), Vector::Constant(1, 1.7));
        Matrix Xs(3, 1);
        Xs << 0.3, 0.8, -2.0;
        const Prediction pred = gp.predict(Xs);
        for (Index i = 0; i < 3; ++i) {
            const double r = (Xs(i, 0) - 0.3) / 0.5;
            const double ks = 2.0 * std::exp(-0.5 * r * r);
            QVERIFY(std::abs(pred.mean(i) - ks / 2.1 * 1.7) < 1e-14);
            QVERIFY(std::abs(pred.variance(i) - (2.0 - ks * ks / 2.1)) < 1e-14);
        }
        const double lml =
            -0.5 * 1.7 * 1.7 / 2.1 - 0.5 * std::log(2.1) - 0.5 * std::log(2.0 * std::numbers::pi);
        QVERIFY(std::abs(gp.logMarginalLikelihood() - lml) < 1e-14);
    }

    void noiseFreeInterpolationPassesThroughData_data()
    {
        QTest::addColumn<QString>("spec");
        for (const char* spec : {"rbf", "matern12", "matern32", "matern52", "ratquad"})
            QTest::newRow(spec) << QString(spec);
    }
    void noiseFreeInterpolationPassesThroughData()
    {
        QFETCH(QString, spec);
        GpSettings s;
        s.noiseVariance = 1e-10;
        s.noiseFixed = true;
        GaussianProcess gp(buildKernel(spec, 1, false), s);
        Matrix X(8, 1);
        X << 0.0, 0.3, 0.7, 1.1, 1.6, 2.0, 2.4, 3.1;
        const Vector y = (5.0 * emu::test::smoothFunction(X)).array() + 2.0;
        gp.setData(X, y);
        const Prediction p = gp.predict(X);
        EMU_COMPARE_MATRIX(p.mean, y, 0.0, 1e-6);
        QVERIFY2(p.variance.maxCoeff() < 1e-8, qPrintable(QString::number(p.variance.maxCoeff())));
        // Between the data the posterior is uncertain again.
        QVERIFY(gp.predict(Matrix::Constant(1, 1, 5.0)).variance(0) > 1e-2);
    }

    void emptyModelPredictsThePrior()
    {
        GaussianProcess gp(makeKernel("matern32", 2));
        const Matrix Xs = Rng(1).uniformMatrix(5, 2);
        const Prediction p = gp.predict(Xs);
        QCOMPARE(p.mean, Vector(Vector::Zero(5)));
        QCOMPARE(p.variance, Vector(Vector::Ones(5)));
        QCOMPARE(gp.logMarginalLikelihood(), 0.0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.fit(FitOptions{}));
    }

    void settingsAndParameters()
    {
        GaussianProcess gp(makeKernel("rbf", 2, true));
        const std::vector<ParamInfo> info = gp.paramInfo();
        QCOMPARE(int(info.size()), 4);
        QCOMPARE(info.back().name, std::string("noise variance"));
        Vector p(4);
        p << 0.1, 0.2, 0.3, std::log(0.02);
        gp.setLogParams(p);
        QCOMPARE(gp.logParams(), p);
        QVERIFY(std::abs(gp.noiseVariance() - 0.02) < 1e-15);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setLogParams(Vector::Zero(3)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setNoiseVariance(0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.setKernel(makeKernel("rbf", 3)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, GaussianProcess(nullptr));
        QCOMPARE(gp.logParams(), p);

        Matrix X, Xs;
        Vector y, ys;
        emu::test::makeData(10, 2, 2, X, y);
        gp.setData(X, y);
        GaussianProcess copy = gp;
        copy.setNoiseVariance(0.5);
        QVERIFY(std::abs(gp.noiseVariance() - 0.02) < 1e-15);
        QVERIFY(copy.logMarginalLikelihood() != gp.logMarginalLikelihood());
        const std::unique_ptr<Model> clone = gp.clone();
        QCOMPARE(clone->predict(X).mean, gp.predict(X).mean);
        QCOMPARE(gp.name(), std::string("GP (rbf)"));

        // Normalisation: offset is the mean, scale the RMS deviation; predictions far from
        // the data return to the offset.
        QVERIFY(std::abs(gp.outputOffset() - y.mean()) < 1e-12);
        QVERIFY(std::abs(gp.outputScale() - std::sqrt((y.array() - y.mean()).square().mean())) <
                1e-12);
        QVERIFY(std::abs(gp.predict(Matrix::Constant(1, 2, 1e3)).mean(0) - y.mean()) < 1e-9);
    }

    void samplesFromGivenNormalsMatchTheSeededOnes()
    {
        GaussianProcess gp(makeKernel("rbf", 1));
        Matrix X(3, 1);
        X << -1.0, 0.0, 1.5;
        gp.setData(X, Vector::LinSpaced(3, 0.5, 2.0));
        const Matrix Xs = Vector::LinSpaced(25, -2.0, 2.0);
        Rng a(11);
        Rng b(11);
        QCOMPARE(gp.samplePosterior(Xs, 3, a), gp.posteriorAt(Xs).sample(b.normalMatrix(25, 3)));
        QCOMPARE(gp.samplePrior(Xs, 2, a), gp.priorAt(Xs).sample(b.normalMatrix(25, 2)));
    }
};

QTEST_APPLESS_MAIN(TestGaussianProcess)
#include "test_gaussian_process.moc"
