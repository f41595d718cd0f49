// Multi-fidelity acquisitions: augmented expected improvement against brute-force Monte Carlo of
// its parts, the multi-fidelity MES information gain against a sampled conditional entropy,
// their cost trade, a level that tells nothing about the top one, and bad input.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mfbo/mf_acquisition.h"
#include "engine/mfbo/mf_max_value_entropy_search.h"

#include "../mf/mf_test_support.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

/// A linear two-level model fitted to the Forrester pair (12 low, 5 high runs by default).
LinearMultiFidelityModel forresterModel(Index low = 12, Index high = 5)
{
    const test::MfData data = test::mfData("forrester", {low, high}, 3);
    LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1);
    model.setData(data.stackedX, data.stackedY);
    FitOptions options;
    options.restarts = 3;
    options.seed = 2;
    model.fit(options);
    return model;
}

} // namespace

class TestMfboAcquisitions : public QObject
{
    Q_OBJECT
private slots:
    void augmentedEiMatchesMonteCarlo()
    {
        // EI over the effective best and the two levels' correlation, each by sampling the
        // posterior; the noise and cost factors are plain numbers.
        const LinearMultiFidelityModel model = forresterModel();
        const std::vector<double> costs{1.0, 10.0};
        AugmentedExpectedImprovement aei;
        aei.update(model, multiFidelityProblems().at("forrester").space(), costs, 0);
        const Matrix X = Rng(5).uniformMatrix(6, 1);
        Rng rng(11);
        const int samples = 200000;
        for (Index level = 0; level < 2; ++level) {
            const Vector value = aei.evaluate(model, X, level);
            const LevelPairPrediction pair = model.predictPair(level, 1, X);
            const double noise = model.noiseVariance(level) * std::pow(model.outputScale(), 2);
            for (Index i = 0; i < X.rows(); ++i) {
                const double sl = std::sqrt(pair.lower.variance(i)), st = std::sqrt(pair.upper.variance(i));
                const double rho = level == 1 ? 1.0 : pair.covariance(i) / (sl * st);
                double improvement = 0.0, sumL = 0.0, sumT = 0.0, sumLL = 0.0, sumTT = 0.0, sumLT = 0.0;
                for (int k = 0; k < samples; ++k) {
                    const double a = rng.normal(), b = rng.normal();
                    const double fl = pair.lower.mean(i) + sl * a;
                    const double ft = pair.upper.mean(i) + st * (rho * a + std::sqrt(std::max(0.0, 1 - rho * rho)) * b);
                    improvement += std::max(0.0, aei.effectiveBest() - ft);
                    sumL += fl, sumT += ft, sumLL += fl * fl, sumTT += ft * ft, sumLT += fl * ft;
                }
                const double n = samples;
                const double corr = (sumLT / n - sumL / n * sumT / n) /
                                    std::sqrt((sumLL / n - std::pow(sumL / n, 2)) * (sumTT / n - std::pow(sumT / n, 2)));
                const double noiseFactor = 1.0 - std::sqrt(noise / (pair.lower.variance(i) + noise));
                const double expected = improvement / n * std::abs(corr) * noiseFactor * costs[1] / costs[std::size_t(level)];
                QVERIFY2(std::abs(value(i) - expected) <= 0.03 * expected + 1e-9,
                         qPrintable(QString("level %1, x = %2: %3 vs Monte Carlo %4")
                                        .arg(level).arg(X(i, 0)).arg(value(i)).arg(expected)));
            }
        }
    }

    void cheaperRunsAreWorthMorePerCost()
    {
        const LinearMultiFidelityModel model = forresterModel();
        const ParameterSpace& space = multiFidelityProblems().at("forrester").space();
        const Matrix X = Rng(6).uniformMatrix(10, 1);
        AugmentedExpectedImprovement a, b;
        a.update(model, space, {1.0, 10.0}, 0);
        b.update(model, space, {2.0, 10.0}, 0);
        QVERIFY((a.evaluate(model, X, 0) - 2.0 * b.evaluate(model, X, 0)).cwiseAbs().maxCoeff() < 1e-12);
        QCOMPARE(a.evaluate(model, X, 1), b.evaluate(model, X, 1));
        QVERIFY(a.evaluate(model, X, 0).maxCoeff() > 0.0);
    }

    void anUncorrelatedLevelIsWorthNothing()
    {
        // ρ = 0: the low level says nothing about the top one, however cheap it is. (Unit
        // variances, lengthscale 0.2 and little noise at both levels, so that the top level is
        // uncertain between its runs.)
        const test::MfData data = test::mfData("forrester", {12, 5}, 3);
        LinearMultiFidelityModel model = makeLinearMultiFidelityModel(2, 1);
        model.setData(data.stackedX, data.stackedY);
        Vector p(7);
        p << 0.0, std::log(0.2), std::log(1e-6), 0.0, std::log(0.2), std::log(1e-6), 0.0;
        model.setParameterVector(p);
        AugmentedExpectedImprovement aei;
        aei.update(model, multiFidelityProblems().at("forrester").space(), {1.0, 10.0}, 0);
        const Matrix X = Rng(7).uniformMatrix(10, 1);
        QVERIFY(aei.evaluate(model, X, 0).cwiseAbs().maxCoeff() < 1e-12);
        QVERIFY(aei.evaluate(model, X, 1).maxCoeff() > 0.0);
    }

    void informationGainMatchesSampledEntropy_data()
    {
        QTest::addColumn<double>("rho");
        QTest::addColumn<double>("gamma");
        QTest::addRow("close levels") << 0.9 << 0.5;
        QTest::addRow("loose, minimum likely below") << 0.5 << -1.0;
        QTest::addRow("negative correlation") << -0.7 << 1.5;
        QTest::addRow("nearly the top level") << 0.99 << 0.0;
        QTest::addRow("the top level") << 1.0 << 0.3;
        QTest::addRow("weak, minimum far below") << 0.3 << 2.5;
    }

    void informationGainMatchesSampledEntropy()
    {
        // I = H[f_l] − H[f_l | f_top ≥ y*] for a bivariate normal pair, the conditional entropy
        // estimated from a histogram of f_l over draws that satisfy the condition.
        QFETCH(double, rho);
        QFETCH(double, gamma);
        const double sdLevel = 2.0, meanTop = 0.0, sdTop = 1.0, yStar = meanTop - gamma * sdTop;
        const double gain = MultiFidelityMaxValueEntropySearch::informationGain(
            meanTop, sdTop * sdTop, sdLevel * sdLevel, rho * sdLevel * sdTop, yStar);

        // A bin edge on the cut u = −γ of the top level's truncation, where the density jumps.
        const int bins = 400;
        const double width = 14.0 / bins, lo = -gamma - 200 * width;
        std::vector<double> counts(bins, 0.0);
        double kept = 0.0;
        Rng rng(21);
        for (int k = 0; k < 4000000; ++k) {
            const double u = rng.normal(), w = rng.normal();
            const double top = meanTop + sdTop * (rho * u + std::sqrt(std::max(0.0, 1 - rho * rho)) * w);
            if (top < yStar)
                continue;
            const int bin = int((u - lo) / width);
            if (bin >= 0 && bin < bins) {
                counts[std::size_t(bin)] += 1.0;
                kept += 1.0;
            }
        }
        double conditional = 0.0; // of u; the entropy difference is the same in units of f_l
        for (double c : counts)
            if (c > 0)
                conditional -= c / kept * std::log(c / kept / width);
        const double sampled = 0.5 * std::log(2 * M_PI * M_E) - conditional;
        QVERIFY2(std::abs(gain - sampled) < 4e-3,
                 qPrintable(QString("formula %1, sampled %2").arg(gain).arg(sampled)));
    }

    void informationGainGrowsWithCorrelationUpToTheTopLevel()
    {
        // 0 for an uncorrelated level, then growing with |ρ| and joining the top level's value
        // continuously as ρ → 1 (where η's law becomes wide and the integral must still resolve
        // the rise of Φ).
        for (double gamma : {-2.0, 0.3, 2.0}) {
            const auto gain = [gamma](double rho) {
                return MultiFidelityMaxValueEntropySearch::informationGain(0.0, 1.0, 4.0, 2.0 * rho, -gamma);
            };
            QVERIFY(std::abs(gain(0.0)) < 1e-12);
            QCOMPARE(gain(-0.8), gain(0.8));
            double previous = 0.0;
            for (double rho : {0.5, 0.9, 0.99, 0.999, 0.9999, 0.999999, 1.0}) {
                QVERIFY2(gain(rho) > previous, qPrintable(QString("gamma %1, rho %2").arg(gamma).arg(rho)));
                previous = gain(rho);
            }
            QVERIFY(std::abs(gain(0.999999) - gain(1.0)) < 0.01 * gain(1.0));
        }
    }

    void mfMesAtTheTopIsMes()
    {
        // At the top level the gain is MES's γ r(γ)/2 − log Φ(γ), averaged over the samples;
        // everything is divided by the level's cost. (Few runs: the model is still unsure.)
        const LinearMultiFidelityModel model = forresterModel(5, 3);
        const ParameterSpace& space = multiFidelityProblems().at("forrester").space();
        MultiFidelityMaxValueEntropySearch mes(8, 200);
        mes.update(model, space, {1.0, 10.0}, 4);
        QCOMPARE(mes.minValueSamples().size(), Index(8));
        QVERIFY(mes.minValueSamples().maxCoeff() <= model.levelOutputs(1).minCoeff());
        const Matrix X = Rng(8).uniformMatrix(12, 1);
        const Vector top = mes.evaluate(model, X, 1);
        const Prediction p = model.predict(1, X);
        for (Index i = 0; i < X.rows(); ++i) {
            double sum = 0.0;
            for (Index k = 0; k < 8; ++k) {
                const double g = (p.mean(i) - mes.minValueSamples()(k)) / std::sqrt(p.variance(i));
                const double phi = std::exp(-0.5 * g * g) / std::sqrt(2 * M_PI), Phi = 0.5 * std::erfc(-g / std::sqrt(2.0));
                sum += 0.5 * g * phi / Phi - std::log(Phi);
            }
            QVERIFY(std::abs(top(i) - sum / 8 / 10.0) < 1e-9 * (1 + top(i)));
        }
        const Vector low = mes.evaluate(model, X, 0);
        QVERIFY(low.minCoeff() >= 0.0 && low.maxCoeff() > 0.0);
        MultiFidelityMaxValueEntropySearch dearer(8, 200);
        dearer.update(model, space, {2.0, 10.0}, 4);
        QVERIFY((dearer.evaluate(model, X, 0) * 2.0 - low).cwiseAbs().maxCoeff() < 1e-12);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, MultiFidelityMaxValueEntropySearch(0, 100));
    }

    void badInputIsRefused()
    {
        const LinearMultiFidelityModel model = forresterModel();
        const ParameterSpace& space = multiFidelityProblems().at("forrester").space();
        AugmentedExpectedImprovement aei;
        const Matrix X = Matrix::Constant(2, 1, 0.5);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.evaluate(model, X, 0)); // no update() yet
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.update(model, space, {1.0}, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.update(model, space, {0.0, 10.0}, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.update(model, space, {1.0, -2.0}, 0));
        aei.update(model, space, {1.0, 10.0}, 0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.evaluate(model, X, 2));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.evaluate(model, Matrix::Zero(1, 2), 0));
        LinearMultiFidelityModel empty = makeLinearMultiFidelityModel(2, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, aei.update(empty, space, {1.0, 10.0}, 0));
    }
};

QTEST_APPLESS_MAIN(TestMfboAcquisitions)
#include "test_mf_acquisitions.moc"
