// Multi-fidelity acquisitions: augmented expected improvement against brute-force Monte Carlo of
// its parts, its cost trade, a level that tells nothing about the top one, and bad input.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/mf/linear_multi_fidelity_model.h"
#include "engine/mfbo/mf_acquisition.h"

#include "../mf/mf_test_support.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

/// A linear two-level model fitted to the Forrester pair (12 low, 5 high runs).
LinearMultiFidelityModel forresterModel()
{
    const test::MfData data = test::mfData("forrester", {12, 5}, 3);
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
