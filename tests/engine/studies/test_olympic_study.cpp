// The Olympic marathon study (engine/studies/olympic_study.h): both GP optima, the deep GP
// results the pages draw, and Turing's question.

#include "engine/core/errors.h"
#include "engine/studies/olympic_study.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

const OlympicDeepGpFit& deepFit()
{
    static const OlympicDeepGpFit fit = fitOlympicDeepGp();
    return fit;
}

const OlympicGpFit& gpFit()
{
    static const OlympicGpFit fit = fitOlympicGp();
    return fit;
}

} // namespace

class TestOlympicExperiments : public QObject
{
    Q_OBJECT
private slots:
    void gpFindsTheBetterOptimumForEverySeed_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 0; seed < 10; ++seed)
            QTest::addRow("seed %d", seed) << seed;
    }
    void gpFindsTheBetterOptimumForEverySeed()
    {
        QFETCH(int, seed);
        OlympicGpOptions o;
        o.seed = std::uint64_t(seed);
        const OlympicGpFit fit = fitOlympicGp(o);
        QVERIFY(fit.optima.size() >= 2);
        QVERIFY(fit.shortIndex >= 0 && fit.longIndex >= 0 && fit.shortIndex != fit.longIndex);
        const OlympicGpOptimum& shortOne = fit.optima[std::size_t(fit.shortIndex)];
        const OlympicGpOptimum& longOne = fit.optima[std::size_t(fit.longIndex)];
        QVERIFY2(shortOne.lengthscale > 15.0 && shortOne.lengthscale < 30.0,
                 qPrintable(QString("short lengthscale %1 years").arg(shortOne.lengthscale)));
        QVERIFY2(longOne.lengthscale > 45.0 && longOne.lengthscale < 90.0,
                 qPrintable(QString("long lengthscale %1 years").arg(longOne.lengthscale)));
        // The long lengthscale is the better one, by a little.
        QCOMPARE(fit.bestIndex, fit.longIndex);
        const double gap = longOne.logLikelihood - shortOne.logLikelihood;
        QVERIFY2(gap > 0.0 && gap < 0.5, qPrintable(QString("likelihood gap %1").arg(gap)));
        for (const OlympicGpOptimum& o2 : fit.optima) {
            QVERIFY(o2.logLikelihood <= fit.best().logLikelihood);
            QVERIFY(o2.starts >= 1);
        }
        for (std::size_t j = 1; j < fit.optima.size(); ++j)
            QVERIFY(fit.optima[j].lengthscale > fit.optima[j - 1].lengthscale);
        // In the units of the data: a noise sd of about 0.2 min/km.
        QVERIFY(longOne.noiseVariance > 0.02 && longOne.noiseVariance < 0.1);
    }

    void bothOptimaGiveDifferentCurves()
    {
        const OlympicGpFit& fit = gpFit();
        const Vector years = Vector::LinSpaced(30, 1890.0, 2030.0);
        const BandCurve a = predictOlympicGp(fit.optima[std::size_t(fit.shortIndex)], years, false);
        const BandCurve b = predictOlympicGp(fit.optima[std::size_t(fit.longIndex)], years, false);
        QCOMPARE(a.mean.size(), Index(30));
        QVERIFY((a.sd.array() > 0.0).all());
        QVERIFY((a.mean - b.mean).cwiseAbs().maxCoeff() > 0.02);
        // Both follow the data: about 3.1 min/km around 2000.
        QVERIFY(std::abs(a.mean(26) - 3.1) < 0.15 && std::abs(b.mean(26) - 3.1) < 0.15);
        const BandCurve noisy = predictOlympicGp(fit.best(), years);
        QVERIFY((noisy.sd.array() > b.sd.array()).all());
    }

    void deepGpCurvesAndLayers()
    {
        const OlympicDeepGpFit& fit = deepFit();
        QVERIFY(fit.report.bound > fit.report.initialBound);
        const Vector years = Vector::LinSpaced(40, 1890.0, 2030.0);
        const BandCurve mm = predictOlympicDeepGp(fit, years);
        const BandCurve mc = predictOlympicDeepGpMonteCarlo(fit, years, 20000, 3);
        for (Index i = 0; i < years.size(); ++i) {
            QVERIFY(std::abs(mm.mean(i) - mc.mean(i)) < 5.0 * mm.sd(i) / std::sqrt(20000.0));
            QVERIFY(std::abs(mc.sd(i) / mm.sd(i) - 1.0) < 0.05);
        }
        const std::vector<DeepGpLayerView> views = olympicLayerViews(fit, years, 50);
        QCOMPARE(views.size(), std::size_t(2));
        QCOMPARE(views[0].mean.size(), Index(40));
        QCOMPARE(views[1].inputs.rows(), Index(50));
        // The hidden grid covers the data's hidden values.
        QVERIFY(views[1].inputs.minCoeff() <= views[1].dataInputs.minCoeff());
        QVERIFY(views[1].inputs.maxCoeff() >= views[1].dataInputs.maxCoeff());
        const DeepGpPinball pin = olympicPinball(fit);
        QCOMPARE(pin.mean.size(), std::size_t(3));
        QCOMPARE(pin.mean[0].size(), Index(20));
        QCOMPARE(pin.mean[0](0), 1896.0);
        QCOMPARE(pin.mean[0](19), 2012.0);
        QVERIFY((pin.sd[1].array() > 0.0).all() && (pin.sd[2].array() > 0.0).all());
    }

    void turingProbabilities()
    {
        const TuringAnswer a = turingQuestion(gpFit().best(), deepFit());
        QCOMPARE(a.pace, kTuringPace);
        QCOMPARE(a.year, 1946.0);
        for (double p :
             {a.gpProbability, a.deepGpGaussian, a.deepGpMomentMatching, a.deepGpMonteCarlo})
            QVERIFY2(p > 0.0 && p < 0.2, qPrintable(QString("probability %1").arg(p)));
        // Moment matching (with the last layer integrated) and sampling estimate the same number.
        const double se = std::sqrt(a.deepGpMomentMatching * (1.0 - a.deepGpMomentMatching) /
                                    TuringOptions{}.samples);
        QVERIFY2(std::abs(a.deepGpMomentMatching - a.deepGpMonteCarlo) < 4.0 * se,
                 qPrintable(QString("moment matching %1, Monte Carlo %2 ± %3")
                                .arg(a.deepGpMomentMatching)
                                .arg(a.deepGpMonteCarlo)
                                .arg(se)));
        QVERIFY(std::abs(a.deepGpMonteCarloError - se) < 0.3 * se);
        // A Gaussian with the same moments understates the tail of the mixture.
        QVERIFY(a.deepGpGaussian < a.deepGpMomentMatching);
        // The densities are densities.
        const double h = a.paceGrid(1) - a.paceGrid(0);
        for (const Vector* d : {&a.gpDensity, &a.deepGpDensityGaussian,
                                &a.deepGpDensityMomentMatching, &a.deepGpDensityMonteCarlo})
            QVERIFY(std::abs(d->sum() * h - 1.0) < 0.01);
        QVERIFY(a.paceGrid.minCoeff() <= a.pace && a.paceGrid.maxCoeff() >= a.pace);
    }

    void turingProbabilitiesFallAsHisPaceSlows_data()
    {
        QTest::addColumn<double>("faster");
        QTest::addColumn<double>("slower");
        QTest::newRow("3.6 vs 3.8") << 3.6 << 3.8;
        QTest::newRow("3.8 vs 3.935") << 3.8 << kTuringPace;
        QTest::newRow("3.935 vs 4.1") << kTuringPace << 4.1;
    }
    void turingProbabilitiesFallAsHisPaceSlows()
    {
        // The slower Turing runs, the less likely the winner was slower still.
        QFETCH(double, faster);
        QFETCH(double, slower);
        TuringOptions o;
        o.pace = faster;
        const TuringAnswer a = turingQuestion(gpFit().best(), deepFit(), o);
        o.pace = slower;
        const TuringAnswer b = turingQuestion(gpFit().best(), deepFit(), o);
        QVERIFY(b.gpProbability < a.gpProbability);
        QVERIFY(b.deepGpGaussian < a.deepGpGaussian);
        QVERIFY(b.deepGpMomentMatching < a.deepGpMomentMatching);
        QVERIFY(b.deepGpMonteCarlo <= a.deepGpMonteCarlo); // the same seeded draws
    }

    void runEverything()
    {
        OlympicExperimentOptions o;
        o.gridPoints = 30;
        o.turing.samples = 5000;
        std::vector<double> fractions;
        Progress progress([&](double f, const std::string&) { fractions.push_back(f); });
        const OlympicResults r = runOlympicExperiment(o, progress);
        QCOMPARE(r.data.years.size(), Index(27));
        QCOMPARE(r.years.size(), Index(30));
        QCOMPARE(r.gpBands.size(), r.gp.optima.size());
        QCOMPARE(r.deepGpBand.mean.size(), Index(30));
        QCOMPARE(r.layers.size(), std::size_t(2));
        QCOMPARE(r.pinball.mean.size(), std::size_t(3));
        QVERIFY(r.turing.deepGpMomentMatching > 0.0);
        QCOMPARE(fractions.back(), 1.0);
        for (std::size_t i = 1; i < fractions.size(); ++i)
            QVERIFY(fractions[i] >= fractions[i - 1] - 1e-12);

        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runOlympicExperiment(o, cancelled));
    }
};

QTEST_APPLESS_MAIN(TestOlympicExperiments)
#include "test_olympic_study.moc"
