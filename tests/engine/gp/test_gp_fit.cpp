// Likelihood gradients, hyperparameter fitting, input gradients and sampling of the GP.

#include "engine/core/errors.h"
#include "engine/gp/gaussian_process.h"

#include "common/fuzzy.h"
#include "gp_test_support.h"

#include <QtTest>

#include <cmath>

using namespace emu;
using emu::test::addKernelRows;
using emu::test::buildKernel;

namespace {

GaussianProcess makeFittedData(const QString& spec, int dim, bool ard, Index n = 20)
{
    std::unique_ptr<Kernel> k = buildKernel(spec, dim, ard);
    emu::test::randomiseLogParams(*k, 31);
    GpSettings s;
    s.noiseVariance = 0.07;
    GaussianProcess gp(std::move(k), s);
    Matrix X;
    Vector y;
    emu::test::makeData(n, dim, 12, X, y);
    gp.setData(X, y);
    return gp;
}

} // namespace

class TestGpFit : public QObject
{
    Q_OBJECT
private slots:
    void likelihoodGradientMatchesFiniteDifferences_data() { addKernelRows(); }
    void likelihoodGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const GaussianProcess gp = makeFittedData(spec, dim, ard);
        const auto lml = [&](const Vector& p) {
            GaussianProcess copy = gp;
            copy.setLogParams(p);
            return copy.logMarginalLikelihood();
        };
        const Vector fd = emu::test::finiteDifferenceGradient(lml, gp.logParams(), 1e-5);
        const Vector analytic = gp.logMarginalLikelihoodGradient();
        QCOMPARE(analytic.size(), gp.logParams().size());
        EMU_COMPARE_MATRIX(analytic, fd, 1e-5, 1e-6);
    }

    void predictGradientMatchesFiniteDifferences_data() { addKernelRows(); }
    void predictGradientMatchesFiniteDifferences()
    {
        QFETCH(QString, spec);
        QFETCH(int, dim);
        QFETCH(bool, ard);
        const GaussianProcess gp = makeFittedData(spec, dim, ard, 12);
        Matrix Xs;
        Vector ys;
        emu::test::makeData(5, dim, 13, Xs, ys);
        const PredictionGradient g = gp.predictGradient(Xs);
        QCOMPARE(g.meanGradient.rows(), Index(5));
        QCOMPARE(g.meanGradient.cols(), Index(dim));
        Matrix fdMean(5, dim), fdVar(5, dim);
        const double h = 1e-6;
        for (Index c = 0; c < dim; ++c) {
            Matrix plus = Xs, minus = Xs;
            plus.col(c).array() += h;
            minus.col(c).array() -= h;
            const Prediction a = gp.predict(plus), b = gp.predict(minus);
            fdMean.col(c) = (a.mean - b.mean) / (2 * h);
            fdVar.col(c) = (a.variance - b.variance) / (2 * h);
        }
        const double scale = gp.outputScale() * gp.outputScale();
        EMU_COMPARE_MATRIX(g.meanGradient, fdMean, 1e-5, 1e-6 * gp.outputScale());
        EMU_COMPARE_MATRIX(g.varianceGradient, fdVar, 1e-5, 1e-6 * scale);
        if (spec != "bias" && spec != "white") // a constant mean has no slope
            QVERIFY(g.meanGradient.norm() > 0.0);
    }

    void predictGradientOfThePrior()
    {
        GaussianProcess gp(buildKernel("linear", 2, true));
        Matrix Xs(2, 2);
        Xs << 1.0, 2.0, -0.5, 0.25;
        const PredictionGradient g = gp.predictGradient(Xs);
        QCOMPARE(g.meanGradient, Matrix(Matrix::Zero(2, 2)));
        EMU_COMPARE_MATRIX(g.varianceGradient, Matrix(2.0 * Xs), 1e-14, 0.0); // d(xᵀx)/dx
    }

    void fitImprovesLikelihoodAndIsReproducible()
    {
        Matrix X;
        Vector y;
        emu::test::makeData(40, 2, 21, X, y, 0.2);
        GpSettings s;
        s.noiseVariance = 1.0;
        GaussianProcess gp(makeKernel("rbf", 2, true), s);
        Vector start = gp.logParams();
        start.segment(1, 2).setConstant(std::log(20.0)); // far too smooth
        gp.setLogParams(start);
        gp.setData(X, y);
        GaussianProcess twin = gp;
        const double before = gp.logMarginalLikelihood();

        FitOptions options;
        options.restarts = 3;
        options.seed = 5;
        const FitReport report = gp.fit(options);
        QVERIFY2(report.logLikelihood > before + 10.0,
                 qPrintable(QString("%1 -> %2").arg(before).arg(report.logLikelihood)));
        QCOMPARE(report.logLikelihood, gp.logMarginalLikelihood());
        QCOMPARE(int(report.restartValues.size()), 4);
        QVERIFY(std::abs(*std::max_element(report.restartValues.begin(),
                                           report.restartValues.end()) -
                         report.logLikelihood) < 1e-9);
        QVERIFY(report.iterations > 0 && report.evaluations >= report.iterations);
        QVERIFY(report.seconds >= 0.0);
        // At the optimum the gradient is small for parameters off their bounds.
        const Vector grad = gp.logMarginalLikelihoodGradient();
        const Vector p = gp.logParams();
        const std::vector<ParamInfo> info = gp.paramInfo();
        for (Index j = 0; j < p.size(); ++j) {
            const bool atBound = p(j) < info[std::size_t(j)].logLower + 1e-6 ||
                                 p(j) > info[std::size_t(j)].logUpper - 1e-6;
            if (!atBound)
                QVERIFY2(std::abs(grad(j)) < 1e-2, qPrintable(QString("param %1 grad %2")
                                                                  .arg(j)
                                                                  .arg(grad(j))));
        }
        // The fitted noise is close to the truth (0.2² in the units of y, normalised here).
        const double noise = gp.noiseVariance() * gp.outputScale() * gp.outputScale();
        QVERIFY2(noise > 0.01 && noise < 0.1, qPrintable(QString::number(noise)));

        const FitReport again = twin.fit(options);
        QCOMPARE(twin.logParams(), gp.logParams());
        QCOMPARE(again.restartValues, report.restartValues);
    }

    void fitKeepsFixedNoiseAndRestoresOnCancel()
    {
        Matrix X;
        Vector y;
        emu::test::makeData(25, 1, 3, X, y);
        GpSettings s;
        s.noiseVariance = 0.3;
        s.noiseFixed = true;
        GaussianProcess gp(makeKernel("matern52", 1), s);
        gp.setData(X, y);
        const double before = gp.logMarginalLikelihood();
        gp.fit(FitOptions{});
        QCOMPARE(gp.noiseVariance(), 0.3);
        QVERIFY(gp.logMarginalLikelihood() > before);

        const Vector fitted = gp.logParams();
        const double fittedLml = gp.logMarginalLikelihood();
        gp.setNoiseFixed(false);
        Progress progress;
        progress.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, gp.fit(FitOptions{}, progress));
        QCOMPARE(gp.logParams(), fitted);
        QCOMPARE(gp.logMarginalLikelihood(), fittedLml);
    }

    void differentSeedsTryDifferentStarts()
    {
        Matrix X;
        Vector y;
        emu::test::makeData(20, 1, 4, X, y);
        GaussianProcess a(makeKernel("rbf", 1)), b(makeKernel("rbf", 1));
        a.setData(X, y);
        b.setData(X, y);
        FitOptions o;
        o.restarts = 2;
        o.seed = 1;
        const FitReport ra = a.fit(o);
        o.seed = 2;
        const FitReport rb = b.fit(o);
        QCOMPARE(ra.restartValues[0], rb.restartValues[0]); // the same first start
        QVERIFY(ra.restartValues[1] != rb.restartValues[1]);
    }

    void samplesAreReproducibleAndConsistent()
    {
        Matrix X(4, 1), Xs(6, 1);
        X << 0.0, 1.0, 2.0, 3.0;
        Xs << 0.0, 0.5, 1.0, 1.7, 3.0, 4.5;
        const Vector y = (2.0 * emu::test::smoothFunction(X)).array() + 1.0;
        GpSettings s;
        s.noiseVariance = 1e-8;
        GaussianProcess gp(makeKernel("rbf", 1), s);
        gp.setData(X, y);
        Rng r1(3), r2(3);
        const Matrix a = gp.samplePosterior(Xs, 4000, r1);
        QCOMPARE(a, gp.samplePosterior(Xs, 4000, r2));
        QCOMPARE(a.rows(), Index(6));
        QCOMPARE(a.cols(), Index(4000));
        // At data points (tiny noise) every sample passes through the data.
        QVERIFY((a.row(0).array() - y(0)).abs().maxCoeff() < 1e-3);
        QVERIFY((a.row(4).array() - y(3)).abs().maxCoeff() < 1e-3);
        // Sample moments match the predictive mean and variance.
        const Prediction p = gp.predict(Xs);
        const Vector mean = a.rowwise().mean();
        const Vector var = (a.colwise() - mean).rowwise().squaredNorm() / 3999.0;
        for (Index i = 0; i < 6; ++i) {
            const double sd = std::sqrt(p.variance(i));
            QVERIFY(std::abs(mean(i) - p.mean(i)) <= 5.0 * sd / std::sqrt(4000.0) + 1e-6);
            if (p.variance(i) > 1e-4)
                QVERIFY(std::abs(var(i) / p.variance(i) - 1.0) < 0.15);
        }

        Rng r3(4);
        const Matrix prior = gp.samplePrior(Xs, 4000, r3);
        const double s2 = gp.outputScale() * gp.outputScale();
        const Vector priorVar =
            (prior.colwise() - prior.rowwise().mean()).rowwise().squaredNorm() / 3999.0;
        for (Index i = 0; i < 6; ++i)
            QVERIFY(std::abs(priorVar(i) / s2 - 1.0) < 0.15);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, gp.samplePosterior(Xs, -1, r3));
    }
};

QTEST_APPLESS_MAIN(TestGpFit)
#include "test_gp_fit.moc"
