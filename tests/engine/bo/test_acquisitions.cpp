#include "engine/bo/acquisition_registry.h"
#include "engine/bo/expected_improvement.h"
#include "engine/bo/integrated_variance_reduction.h"
#include "engine/bo/lower_confidence_bound.h"
#include "engine/bo/max_value_entropy_search.h"
#include "engine/bo/probability_of_improvement.h"
#include "engine/core/rng.h"
#include "engine/gp/kernel_registry.h"

#include "bo_test_support.h"
#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace emu;

namespace {

/// E[h(f)] for f ~ N(μ, σ²) by Simpson's rule over μ ± 12σ: a check independent of the closed
/// forms under test.
double normalExpectation(const std::function<double(double)>& h, double mu, double sigma)
{
    const int n = 20000;
    const double a = mu - 12.0 * sigma, b = mu + 12.0 * sigma, step = (b - a) / n;
    double sum = 0.0;
    for (int i = 0; i <= n; ++i) {
        const double f = a + i * step;
        const double w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        const double z = (f - mu) / sigma;
        sum += w * h(f) * std::exp(-0.5 * z * z) / (sigma * std::sqrt(2.0 * std::numbers::pi));
    }
    return sum * step / 3.0;
}

/// The fake model with best observation `best`.
test::PosteriorFromInputsModel fakeModel(double best)
{
    test::PosteriorFromInputsModel model;
    Matrix X(2, 2);
    X << 0.0, 1.0, 1.0, 1.0;
    Vector y(2);
    y << best, best + 3.0;
    model.setData(X, y);
    return model;
}

/// One posterior per row: (μ, v).
Matrix posterior(double mean, double variance)
{
    Matrix x(1, 2);
    x << mean, variance;
    return x;
}

} // namespace

class TestAcquisitions : public QObject
{
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("function");
        for (const AcquisitionInfo& info : acquisitionRegistry())
            for (const char* f : {"forrester", "branin"})
                QTest::addRow("%s %s", info.id.c_str(), f) << QString::fromStdString(info.id) << f;
    }
    void gradientsMatchFiniteDifferences()
    {
        QFETCH(QString, id);
        QFETCH(QString, function);
        const auto f = makeFunction(function.toStdString());
        const auto gp = test::fittedGp(*f, f->dimension() == 1 ? 6 : 12, 5);
        auto acquisition = makeAcquisition(id.toStdString());
        acquisition->update(*gp, f->space(), 17);

        const Matrix X = randomDesign(f->space(), 9, 3);
        Matrix gradient;
        const Vector values = acquisition->evaluateWithGradient(*gp, X, gradient);
        EMU_COMPARE_MATRIX(values, acquisition->evaluate(*gp, X), 1e-12, 1e-300);
        EMU_COMPARE_MATRIX(gradient, acquisition->gradient(*gp, X), 1e-12, 1e-300);
        QVERIFY(values.allFinite() && gradient.allFinite());

        const double h = 1e-6 * (f->space().upperBounds() - f->space().lowerBounds()).maxCoeff();
        Matrix numeric(X.rows(), X.cols());
        for (Index i = 0; i < X.rows(); ++i)
            numeric.row(i) =
                test::finiteDifferenceGradient(
                    [&](const Vector& x) { return acquisition->evaluate(*gp, x.transpose())(0); },
                    X.row(i).transpose(), h)
                    .transpose();
        // Rows where the acquisition is numerically flat only need to agree in scale.
        const double atol = 1e-5 * std::max(numeric.cwiseAbs().maxCoeff(), 1e-300);
        EMU_COMPARE_MATRIX(gradient, numeric, 1e-4, atol);
        QVERIFY2(gradient.cwiseAbs().maxCoeff() > 0.0, "the gradient should not vanish everywhere");
    }

    void improvementMatchesClosedForms_data()
    {
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("variance");
        QTest::addColumn<double>("jitter");
        QTest::addColumn<double>("ei");
        QTest::addColumn<double>("pi");
        // best observation 1.0; values from tables of Φ and ψ.
        QTest::newRow("at the best, σ=1") << 1.0 << 1.0 << 0.0 << 0.3989422804014327 << 0.5;
        QTest::newRow("one σ better")
            << 0.0 << 1.0 << 0.0 << 1.0833154705876864 << 0.8413447460685429;
        QTest::newRow("one σ worse, σ=2")
            << 3.0 << 4.0 << 0.0 << 0.1666309411753726 << 0.15865525393145707;
        QTest::newRow("jitter cancels the gap") << 0.5 << 1.0 << 0.5 << 0.3989422804014327 << 0.5;
        QTest::newRow("certain improvement") << 0.5 << 0.0 << 0.0 << 0.5 << 1.0;
        QTest::newRow("certain non-improvement") << 2.0 << 0.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("far right tail") << 41.0 << 1.0 << 0.0 << 0.0 << 0.0;
        QTest::newRow("huge improvement") << -1e6 << 1.0 << 0.0 << 1e6 + 1.0 << 1.0;
        QTest::newRow("tiny sigma") << 1.0 << 1e-300 << 0.0 << 1e-150 * 0.3989422804014327 << 0.5;
    }
    void improvementMatchesClosedForms()
    {
        QFETCH(double, mean);
        QFETCH(double, variance);
        QFETCH(double, jitter);
        QFETCH(double, ei);
        QFETCH(double, pi);
        const auto model = fakeModel(1.0);
        const Matrix x = posterior(mean, variance);
        ExpectedImprovement expected(jitter);
        ProbabilityOfImprovement probability(jitter);
        const double eiValue = expected.evaluate(model, x)(0);
        const double piValue = probability.evaluate(model, x)(0);
        QVERIFY2(
            std::abs(eiValue - ei) <= 1e-8 * std::abs(ei) + 1e-300,
            qPrintable(QString("EI %1, expected %2").arg(eiValue, 0, 'g', 17).arg(ei, 0, 'g', 17)));
        QVERIFY2(std::abs(piValue - pi) <= 1e-12,
                 qPrintable(QString("PI %1, expected %2").arg(piValue, 0, 'g', 17).arg(pi)));
        QVERIFY(expected.gradient(model, x).allFinite());
        QVERIFY(probability.gradient(model, x).allFinite());
    }

    void improvementMatchesQuadrature_data()
    {
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("sigma");
        QTest::addColumn<double>("jitter");
        QTest::newRow("near") << 1.3 << 0.7 << 0.0;
        QTest::newRow("better") << -2.0 << 1.5 << 0.1;
        QTest::newRow("worse") << 4.0 << 0.9 << 0.2;
        QTest::newRow("wide") << 10.0 << 25.0 << 1.0;
    }
    void improvementMatchesQuadrature()
    {
        QFETCH(double, mean);
        QFETCH(double, sigma);
        QFETCH(double, jitter);
        const double best = 1.0, target = best - jitter;
        const auto model = fakeModel(best);
        const Matrix x = posterior(mean, sigma * sigma);
        const double ei =
            normalExpectation([&](double f) { return std::max(0.0, target - f); }, mean, sigma);
        const double pi =
            normalExpectation([&](double f) { return f < target ? 1.0 : 0.0; }, mean, sigma);
        QVERIFY(std::abs(ExpectedImprovement(jitter).evaluate(model, x)(0) - ei) < 1e-7 * (1 + ei));
        QVERIFY(std::abs(ProbabilityOfImprovement(jitter).evaluate(model, x)(0) - pi) < 1e-3);
    }

    void lowerConfidenceBoundMatchesClosedForm_data()
    {
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("variance");
        QTest::addColumn<double>("beta");
        QTest::addColumn<double>("expected");
        QTest::newRow("β=2") << 3.0 << 4.0 << 2.0 << 1.0;
        QTest::newRow("β=0 is −μ") << 3.0 << 4.0 << 0.0 << -3.0;
        QTest::newRow("σ=0") << -2.0 << 0.0 << 5.0 << 2.0;
        QTest::newRow("wide") << 10.0 << 100.0 << 3.0 << 20.0;
    }
    void lowerConfidenceBoundMatchesClosedForm()
    {
        QFETCH(double, mean);
        QFETCH(double, variance);
        QFETCH(double, beta);
        QFETCH(double, expected);
        const auto model = fakeModel(0.0);
        LowerConfidenceBound lcb(beta);
        const Matrix x = posterior(mean, variance);
        QCOMPARE(lcb.evaluate(model, x)(0), expected);
        const Matrix g = lcb.gradient(model, x);
        QCOMPARE(g(0, 0), -1.0);
        QCOMPARE(g(0, 1), variance > 0 ? beta / (2.0 * std::sqrt(variance)) : 0.0);
    }

    void extremePosteriorsGiveFiniteValues_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"ei", "pi", "lcb", "variance", "mes"})
            QTest::newRow(id) << id;
    }
    void extremePosteriorsGiveFiniteValues()
    {
        QFETCH(QString, id);
        const auto model = fakeModel(0.0);
        auto a = makeAcquisition(id.toStdString());
        a->update(model, ParameterSpace().addContinuous("mean", -1, 1).addContinuous("var", 0, 1),
                  1);
        Matrix X(8, 2);
        X << 0.0, 0.0, 1e-12, 0.0, 0.0, 1e-300, 1e300, 1.0, -1e300, 1.0, 50.0, 1e-4, -50.0, 1e-4,
            1.0, 1e300;
        Matrix g;
        const Vector v = a->evaluateWithGradient(model, X, g);
        QVERIFY2(v.allFinite(), qPrintable(id));
        QVERIFY2(g.allFinite(), qPrintable(id));
        if (a->isNonNegative())
            QVERIFY(v.minCoeff() >= 0.0);
    }

    void registryListsEveryAcquisition()
    {
        QStringList ids;
        for (const AcquisitionInfo& info : acquisitionRegistry()) {
            ids << QString::fromStdString(info.id);
            const auto a = info.factory();
            QCOMPARE(QString::fromStdString(a->id()), QString::fromStdString(info.id));
            QVERIFY(!info.displayName.empty() && !info.description.empty());
            QCOMPARE(a->parameterInfo().size(), info.parameters.size());
            for (const AcquisitionParameter& p : info.parameters) {
                QCOMPARE(a->parameter(p.name), p.defaultValue);
                QVERIFY(p.lower <= p.defaultValue && p.defaultValue <= p.upper);
            }
        }
        QCOMPARE(ids, QStringList({"ei", "pi", "lcb", "variance", "ivr", "mes"}));
        QVERIFY(acquisitionRegistry().find("ivr")->needsGaussianProcess);
        try {
            makeAcquisition("ucb");
            QFAIL("an unknown id must throw");
        } catch (const InvalidInput& e) {
            QVERIFY(QString(e.what()).contains("ei, pi, lcb, variance, ivr, mes"));
        }
    }

    void parametersAreValidated()
    {
        LowerConfidenceBound lcb;
        lcb.setParameter("beta", 3.5);
        QCOMPARE(lcb.parameter("beta"), 3.5);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, lcb.setParameter("beta", -1.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, lcb.setParameter("jitter", 0.1));
        MaxValueEntropySearch mes;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, mes.setParameter("samples", 2.5));
        QCOMPARE(lcb.parameter("beta"), 3.5); // a failed set leaves the value alone
    }

    void varianceIsThePredictiveVariance()
    {
        const auto f = makeFunction("branin");
        const auto gp = test::fittedGp(*f, 10, 2);
        const Matrix X = randomDesign(f->space(), 20, 4);
        EMU_COMPARE_MATRIX(makeAcquisition("variance")->evaluate(*gp, X), gp->predict(X).variance,
                           1e-12, 1e-15);
    }

    void ivrMatchesVarianceAfterAddingThePoint()
    {
        // Without normalisation the posterior variance does not depend on the observed values,
        // so adding x with any y and comparing posterior variances checks IVR exactly.
        GpSettings s;
        s.mean = MeanFunction::Zero;
        s.normalizeOutputs = false;
        s.noiseVariance = 0.01;
        GaussianProcess gp(makeKernel("matern52", 2, true), s);
        const auto f = makeFunction("six-hump-camel");
        const Matrix X = latinHypercubeDesign(f->space(), 8, 1);
        gp.setData(X, f->evaluate(X));
        IntegratedVarianceReduction ivr(64);
        ivr.update(gp, f->space(), 9);
        const Matrix& R = ivr.referencePoints();
        QCOMPARE(R.rows(), Index(64));
        QVERIFY(f->space().contains(R));

        const Matrix candidates = randomDesign(f->space(), 5, 6);
        const Vector values = ivr.evaluate(gp, candidates);
        const Vector before = gp.posteriorCovariance(R).diagonal();
        for (Index i = 0; i < candidates.rows(); ++i) {
            GaussianProcess more = gp;
            more.addPoint(candidates.row(i), 0.0);
            const double reduction = (before - more.posteriorCovariance(R).diagonal()).mean();
            QVERIFY2(std::abs(values(i) - reduction) < 1e-8 * (1.0 + reduction),
                     qPrintable(QString("IVR %1 vs %2").arg(values(i)).arg(reduction)));
        }
    }

    void ivrNeedsAGaussianProcess()
    {
        const auto model = fakeModel(0.0);
        IntegratedVarianceReduction ivr;
        try {
            ivr.update(model, ParameterSpace::box(Vector::Zero(2), Vector::Ones(2)), 0);
            QFAIL("IVR on a non-GP model must throw");
        } catch (const InvalidInput& e) {
            QVERIFY(QString(e.what()).contains("Gaussian process"));
        }
        const auto f = makeFunction("forrester");
        const auto gp = test::fittedGp(*f, 5, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ivr.evaluate(*gp, Matrix::Zero(1, 1)));
    }

    void mesSamplesLieBelowTheBestObservation_data()
    {
        QTest::addColumn<QString>("function");
        QTest::newRow("forrester") << "forrester";
        QTest::newRow("branin") << "branin";
        QTest::newRow("hartmann3") << "hartmann3";
    }
    void mesSamplesLieBelowTheBestObservation()
    {
        QFETCH(QString, function);
        const auto f = makeFunction(function.toStdString());
        const auto gp = test::fittedGp(*f, 12, 3);
        MaxValueEntropySearch mes(20);
        mes.update(*gp, f->space(), 5);
        const Vector samples = mes.minValueSamples();
        QCOMPARE(samples.size(), Index(20));
        QVERIFY(samples.maxCoeff() < gp->outputs().minCoeff());
        // Plausible: not absurdly far below what the data span.
        const double span = gp->outputs().maxCoeff() - gp->outputs().minCoeff();
        QVERIFY(samples.minCoeff() > gp->outputs().minCoeff() - 10.0 * span);

        MaxValueEntropySearch same(20), other(20);
        same.update(*gp, f->space(), 5);
        other.update(*gp, f->space(), 6);
        QCOMPARE(same.minValueSamples(), samples);
        QVERIFY(other.minValueSamples() != samples);
        QVERIFY_THROWS_EXCEPTION(
            InvalidInput, MaxValueEntropySearch().evaluate(*gp, Matrix::Zero(1, f->dimension())));
    }
};

QTEST_APPLESS_MAIN(TestAcquisitions)
#include "test_acquisitions.moc"
