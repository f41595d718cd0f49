// DeepGp on the Olympic marathon data: the staged fit, reproducibility, cancellation, and
// predictions through the layers (moment matching, quadrature, Monte Carlo, views, pinball).

#include "engine/core/errors.h"
#include "engine/data/olympic_marathon.h"
#include "engine/dgp/deep_gp.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/stationary_kernel.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

DeepGp olympicModel(int layers = 2)
{
    const OlympicMarathonData d = olympicMarathonMen();
    DeepGpSettings s;
    s.layers = layers;
    DeepGp model(1, s);
    model.setData(Matrix(d.years), d.pace);
    return model;
}

/// The default fit, computed once (the fit is deterministic).
const DeepGp& fittedModel()
{
    static const DeepGp model = [] {
        DeepGp m = olympicModel();
        m.fitStaged({});
        return m;
    }();
    return model;
}

Matrix years(std::initializer_list<double> values)
{
    Matrix X(Index(values.size()), 1);
    Index i = 0;
    for (double v : values)
        X(i++, 0) = v;
    return X;
}

} // namespace

class TestDeepGp : public QObject
{
    Q_OBJECT
private slots:
    void fitImprovesTheBoundStageByStage_data()
    {
        QTest::addColumn<int>("layers");
        QTest::newRow("two layers") << 2;
        QTest::newRow("three layers") << 3;
    }
    void fitImprovesTheBoundStageByStage()
    {
        QFETCH(int, layers);
        DeepGp model = olympicModel(layers);
        const double initial = model.bound();
        const DeepGpFitReport r = model.fitStaged({});
        QCOMPARE(r.initialBound, initial);
        QVERIFY2(r.stageBounds[0] > initial + 50.0, "stage 1 fits the variational parameters");
        QVERIFY(r.stageBounds[1] >= r.stageBounds[0] - 1e-9);
        QVERIFY(r.stageBounds[2] >= r.stageBounds[1] - 1e-9);
        QCOMPARE(r.bound, r.stageBounds[2]);
        QCOMPARE(model.bound(), r.bound);
        QCOMPARE(r.runBounds.size(), std::size_t(1));
        QVERIFY(r.iterations > 0 && r.evaluations >= r.iterations);
    }

    void twoLayersBeatTheGpLikelihood()
    {
        // The bound is a lower bound on the deep GP's evidence; on these data it exceeds the
        // GP's best log likelihood (same standardised outputs), i.e. the data prefer the deep GP.
        const OlympicMarathonData d = olympicMarathonMen();
        GaussianProcess gp(std::make_unique<RbfKernel>(1));
        gp.setData(Matrix(d.years), d.pace);
        gp.setLogParams(Vector{{0.0, std::log(64.0), std::log(0.17)}});
        FitOptions o;
        o.restarts = 0;
        gp.fit(o);
        const double gpStandardised = gp.logMarginalLikelihood() +
                                      double(d.pace.size()) * std::log(fittedModel().outputScale());
        QVERIFY2(
            fittedModel().bound() > gpStandardised,
            qPrintable(
                QString("deep GP bound %1, GP %2").arg(fittedModel().bound()).arg(gpStandardised)));
    }

    void fitIsReproducible()
    {
        DeepGpFitOptions o;
        o.restarts = 1;
        o.seed = 3;
        DeepGp a = olympicModel(), b = olympicModel(), c = olympicModel();
        const DeepGpFitReport ra = a.fitStaged(o);
        const DeepGpFitReport rb = b.fitStaged(o);
        QCOMPARE(ra.runBounds.size(), std::size_t(2));
        QCOMPARE(ra.bound, rb.bound);
        QVERIFY(a.parameters() == b.parameters());
        QCOMPARE(ra.bound, std::max(ra.runBounds[0], ra.runBounds[1]));
        o.seed = 4;
        const DeepGpFitReport rc = c.fitStaged(o);
        QVERIFY2(rc.runBounds[1] != ra.runBounds[1],
                 "another seed perturbs the restart differently");
        QCOMPARE(rc.runBounds[0], ra.runBounds[0]); // the unperturbed run does not use the seed
    }

    void bandWidensWhereDataAreSparse()
    {
        const DeepGp& model = fittedModel();
        const Prediction p = model.predict(years({1944, 1984, 1996, 2008, 2012, 2030, 2050}));
        const Vector sd = p.variance.cwiseSqrt();
        // The 1940s gap (no games 1940, 1944) against the dense 1980s–2000s.
        QVERIFY2(
            sd(0) > 2.0 * sd(1) && sd(0) > 2.0 * sd(2),
            qPrintable(QString("sd 1944 %1, 1984 %2, 1996 %3").arg(sd(0)).arg(sd(1)).arg(sd(2))));
        // Beyond the last games the band opens, and keeps opening.
        QVERIFY2(
            sd(5) > 1.2 * sd(3) && sd(5) > 1.2 * sd(4),
            qPrintable(QString("sd 2008 %1, 2012 %2, 2030 %3").arg(sd(3)).arg(sd(4)).arg(sd(5))));
        QVERIFY(sd(6) > sd(5));
        // The noise is added on top of the latent band.
        const Prediction noisy =
            model.predict(years({1944, 1984, 1996, 2008, 2012, 2030, 2050}), true);
        QVERIFY((noisy.variance.array() > p.variance.array()).all());
    }

    void momentMatchingAgreesWithMonteCarlo_data()
    {
        QTest::addColumn<bool>("noise");
        QTest::newRow("latent") << false;
        QTest::newRow("with noise") << true;
    }
    void momentMatchingAgreesWithMonteCarlo()
    {
        QFETCH(bool, noise);
        const DeepGp& model = fittedModel();
        const Matrix X = years({1900, 1946, 1990, 2020});
        const Prediction mm = model.predict(X, noise);
        const int S = 40000;
        const Prediction mc = model.predictMonteCarlo(X, S, 17, noise);
        for (Index i = 0; i < X.rows(); ++i) {
            const double se = std::sqrt(mm.variance(i) / S);
            QVERIFY2(std::abs(mm.mean(i) - mc.mean(i)) < 5.0 * se,
                     qPrintable(QString("year %1: mean %2 vs %3")
                                    .arg(X(i, 0))
                                    .arg(mm.mean(i))
                                    .arg(mc.mean(i))));
            QVERIFY2(std::abs(mc.variance(i) / mm.variance(i) - 1.0) < 0.05,
                     qPrintable(QString("year %1: variance %2 vs %3")
                                    .arg(X(i, 0))
                                    .arg(mm.variance(i))
                                    .arg(mc.variance(i))));
            // For two layers the quadrature mixture has the same (exact) moments.
            const GaussianMixture mix = model.predictiveMixture(X.row(i), 48, noise);
            QVERIFY(std::abs(mix.weights.sum() - 1.0) < 1e-12);
            QVERIFY(std::abs(mix.mean() - mm.mean(i)) < 1e-6 * std::sqrt(mm.variance(i)));
            QVERIFY(std::abs(mix.variance() / mm.variance(i) - 1.0) < 1e-6);
        }
    }

    void mixtureTailMatchesSampling()
    {
        // The tail of the predictive at 1946 is heavier than the Gaussian with the same moments;
        // the quadrature mixture gets it right.
        const DeepGp& model = fittedModel();
        const Matrix x = years({1946});
        const GaussianMixture mix = model.predictiveMixture(x.row(0));
        const int S = 200000;
        const DeepGpSamples s = model.sample(x, S, 5, true);
        for (double c : {3.6, 3.8, kTuringPace}) {
            const double p = mix.probabilityAbove(c);
            const double mc = double((s.layers.back().row(0).array() > c).count()) / S;
            const double se = std::sqrt(p * (1.0 - p) / S);
            QVERIFY2(std::abs(p - mc) < 5.0 * se,
                     qPrintable(QString("pace %1: quadrature %2, Monte Carlo %3 ± %4")
                                    .arg(c)
                                    .arg(p)
                                    .arg(mc)
                                    .arg(se)));
        }
        const Vector grid = Vector::LinSpaced(2001, 2.0, 5.0);
        QVERIFY(std::abs(mix.density(grid).sum() * (grid(1) - grid(0)) - 1.0) < 1e-6);
    }

    void samplesAreSeeded()
    {
        const DeepGp& model = fittedModel();
        const Matrix X = years({1920, 1980});
        const DeepGpSamples a = model.sample(X, 50, 1), b = model.sample(X, 50, 1),
                            c = model.sample(X, 50, 2);
        QCOMPARE(a.layers.size(), std::size_t(2));
        QCOMPARE(a.layers[0].rows(), Index(2));
        QCOMPARE(a.layers[0].cols(), Index(50));
        QVERIFY(a.layers[1] == b.layers[1]);
        QVERIFY(a.layers[1] != c.layers[1]);
        QCOMPARE(a.outputMean.cols(), Index(50));
        QVERIFY((a.outputVariance.array() > 0.0).all());
    }

    void layersViewsAndPinball()
    {
        const DeepGp& model = fittedModel();
        const OlympicMarathonData d = olympicMarathonMen();
        const Matrix X = years({1900, 1950, 2000});
        const std::vector<LayerMoments> layers = model.predictLayers(X, true);
        QCOMPARE(layers.size(), std::size_t(2));
        const Prediction p = model.predict(X, true);
        EMU_COMPARE_MATRIX(layers[1].mean, p.mean, 1e-14, 1e-14);
        const double hiddenNoise = model.layerParams(0).noiseVariance;
        QVERIFY((layers[0].variance.array() > hiddenNoise).all());

        const DeepGpLayerView first = model.layerView(0, Matrix(d.years));
        QVERIFY(first.dataInputs == Matrix(d.years));
        const GaussianColumns h = model.hiddenLayer(0);
        QVERIFY(first.dataOutputs == h.mean.col(0));
        const DeepGpLayerView last = model.layerView(1, h.mean);
        QVERIFY(last.dataOutputs == d.pace);
        // The output layer maps the data's hidden values onto their paces.
        int within = 0;
        for (Index n = 0; n < d.pace.size(); ++n)
            within += std::abs(last.mean(n) - d.pace(n)) <
                      2.0 * std::sqrt(last.variance(n) + last.noiseVariance);
        QVERIFY2(within >= 24, qPrintable(QString("%1 of 27 within 2 sd").arg(within)));

        const DeepGpPinball pin = model.pinball(X);
        QCOMPARE(pin.mean.size(), std::size_t(3));
        QVERIFY(pin.mean[0] == X.col(0));
        QVERIFY(pin.sd[0].isZero());
        EMU_COMPARE_MATRIX(pin.mean[2], p.mean, 1e-14, 1e-14);
        EMU_COMPARE_MATRIX(pin.sd[2], Vector(p.variance.cwiseSqrt()), 1e-14, 1e-14);
        QVERIFY((pin.sd[1].array() > 0.0).all());
    }

    void cancelLeavesTheModelUnchanged()
    {
        DeepGp model = olympicModel();
        const Vector before = model.parameters();
        // Cancel from inside the third report, as a Cancel button would between two reports.
        int reports = 0;
        Progress* self = nullptr;
        Progress progress([&](double, const std::string&) {
            if (++reports == 3)
                self->cancel();
        });
        self = &progress;
        QVERIFY_THROWS_EXCEPTION(Cancelled, model.fitStaged({}, progress));
        QVERIFY(reports >= 3);
        QVERIFY(model.parameters() == before);
    }

    void progressIsReportedUpToOne()
    {
        DeepGp model = olympicModel();
        std::vector<double> fractions;
        Progress progress([&](double f, const std::string&) { fractions.push_back(f); });
        model.fitStaged({}, progress);
        QVERIFY(fractions.size() > 10);
        QCOMPARE(fractions.back(), 1.0);
        for (std::size_t i = 1; i < fractions.size(); ++i)
            QVERIFY2(fractions[i] >= fractions[i - 1] - 1e-12, "progress never goes back");
    }

    void invalidSettingsAreRejected_data()
    {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("inducing");
        QTest::addColumn<QString>("kernel");
        QTest::newRow("one layer") << 1 << 10 << "rbf";
        QTest::newRow("four layers") << 4 << 10 << "rbf";
        QTest::newRow("no inducing") << 2 << 0 << "rbf";
        QTest::newRow("matern") << 2 << 10 << "matern52";
    }
    void invalidSettingsAreRejected()
    {
        QFETCH(int, layers);
        QFETCH(int, inducing);
        QFETCH(QString, kernel);
        DeepGpSettings s;
        s.layers = layers;
        s.inducing = inducing;
        s.kernel = kernel.toStdString();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, DeepGp(1, s));
        DeepGp model = olympicModel();
        const Vector before = model.parameters();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model.setSettings(s));
        QCOMPARE(model.settings().layers, 2);
        QVERIFY(model.parameters() == before);
    }

    void worksThroughTheModelInterface()
    {
        const OlympicMarathonData d = olympicMarathonMen();
        std::unique_ptr<Model> model = std::make_unique<DeepGp>(1);
        QVERIFY(QString::fromStdString(model->name()).startsWith("Deep GP (2 layers"));
        model->setData(Matrix(d.years), d.pace);
        FitOptions o;
        o.restarts = 0;
        o.maxIterations = 300;
        const FitReport r = model->fit(o, Progress::none());
        const auto& dgp = static_cast<const DeepGp&>(*model);
        QVERIFY(std::abs(r.logLikelihood - (dgp.bound() - 27.0 * std::log(dgp.outputScale()))) <
                1e-9);
        const std::unique_ptr<Model> copy = model->clone();
        const Matrix X = years({1930, 1990});
        EMU_COMPARE_MATRIX(copy->predict(X).mean, model->predict(X).mean, 0.0, 0.0);
        const PredictionGradient g = model->predictGradient(X);
        QCOMPARE(g.meanGradient.rows(), Index(2));
        QVERIFY2((g.meanGradient.array() < 0.0).all(), "the pace falls over these years");
        Matrix bad = X;
        bad(0, 0) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model->predict(bad));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, model->setData(X, Vector::Zero(3)));
    }
};

QTEST_APPLESS_MAIN(TestDeepGp)
#include "test_deep_gp.moc"
