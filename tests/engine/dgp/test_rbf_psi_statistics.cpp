// RBF psi statistics: Monte Carlo agreement, the zero-variance limit, and their gradients.

#include "engine/core/rng.h"
#include "engine/dgp/rbf_psi_statistics.h"
#include "engine/gp/stationary_kernel.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace emu;

namespace {

/// Inputs, variances and inducing inputs for one test case.
struct Case
{
    RbfParams kernel;
    Matrix mean, variance, Z;
};

Case makeCase(int Q, double variance, double hiddenVariance, std::uint64_t seed)
{
    Rng rng(seed);
    Case c;
    c.kernel.variance = variance;
    c.kernel.lengthscales = (0.5 + rng.uniformMatrix(Q, 1).array()).matrix();
    c.mean = 2.0 * rng.uniformMatrix(5, Q).array() - 1.0;
    c.variance = hiddenVariance * (0.2 + rng.uniformMatrix(5, Q).array()).matrix();
    c.Z = 2.4 * rng.uniformMatrix(4, Q).array() - 1.2;
    return c;
}

/// k(a, Z) for one row a.
RowVector kernelRow(const RbfParams& k, const RowVector& a, const Matrix& Z)
{
    RowVector out(Z.rows());
    for (Index m = 0; m < Z.rows(); ++m)
        out(m) =
            k.variance *
            std::exp(-0.5 *
                     ((a - Z.row(m)).array() / k.lengthscales.transpose().array()).square().sum());
    return out;
}

void addCaseRows()
{
    QTest::addColumn<int>("Q");
    QTest::addColumn<double>("variance");
    QTest::addColumn<double>("hiddenVariance");
    QTest::newRow("Q=1 small s") << 1 << 1.3 << 0.1;
    QTest::newRow("Q=1 large s") << 1 << 0.6 << 1.5;
    QTest::newRow("Q=2 ARD") << 2 << 2.0 << 0.4;
    QTest::newRow("Q=3 ARD") << 3 << 0.8 << 0.3;
}

} // namespace

class TestRbfPsiStatistics : public QObject
{
    Q_OBJECT
private slots:
    void matchMonteCarlo_data() { addCaseRows(); }
    void matchMonteCarlo()
    {
        QFETCH(int, Q);
        QFETCH(double, variance);
        QFETCH(double, hiddenVariance);
        const Case c = makeCase(Q, variance, hiddenVariance, 7);
        const PsiStatistics psi = rbfPsiStatistics(c.kernel, c.mean, c.variance, c.Z);
        QCOMPARE(psi.psi0, 5.0 * variance);

        // E[k(h_n, Z)] and Σ_n E[k(Z, h_n) k(h_n, Z)] by sampling h_n ~ N(μ_n, diag s_n); every
        // entry is compared within 5 standard errors of its own Monte Carlo estimate.
        const int S = 100000;
        Rng rng(11);
        const Index N = c.mean.rows(), M = c.Z.rows();
        Matrix sum1 = Matrix::Zero(N, M), sq1 = Matrix::Zero(N, M);
        Matrix sum2 = Matrix::Zero(M, M), sq2 = Matrix::Zero(M, M);
        for (Index n = 0; n < N; ++n) {
            Matrix s2 = Matrix::Zero(M, M), q2 = Matrix::Zero(M, M);
            for (int s = 0; s < S; ++s) {
                RowVector h = c.mean.row(n);
                for (int q = 0; q < Q; ++q)
                    h(q) += std::sqrt(c.variance(n, q)) * rng.normal();
                const RowVector k = kernelRow(c.kernel, h, c.Z);
                sum1.row(n) += k;
                sq1.row(n) += k.array().square().matrix();
                const Matrix outer = k.transpose() * k;
                s2 += outer;
                q2 += outer.array().square().matrix();
            }
            sum2 += s2 / S;
            sq2 += (q2 / S - (s2 / S).array().square().matrix()) / S; // variance of the mean
        }
        const Matrix mc1 = sum1 / S;
        const Matrix se1 = ((sq1 / S - mc1.array().square().matrix()) / S).cwiseSqrt();
        const Matrix se2 = sq2.cwiseSqrt();
        for (Index n = 0; n < N; ++n)
            for (Index m = 0; m < M; ++m)
                QVERIFY2(std::abs(psi.psi1(n, m) - mc1(n, m)) < 5.0 * se1(n, m) + 1e-12,
                         qPrintable(QString("Ψ1(%1,%2) = %3, Monte Carlo %4 ± %5")
                                        .arg(n)
                                        .arg(m)
                                        .arg(psi.psi1(n, m))
                                        .arg(mc1(n, m))
                                        .arg(se1(n, m))));
        for (Index a = 0; a < M; ++a)
            for (Index b = 0; b < M; ++b)
                QVERIFY2(std::abs(psi.psi2(a, b) - sum2(a, b)) < 5.0 * se2(a, b) + 1e-12,
                         qPrintable(QString("Ψ2(%1,%2) = %3, Monte Carlo %4 ± %5")
                                        .arg(a)
                                        .arg(b)
                                        .arg(psi.psi2(a, b))
                                        .arg(sum2(a, b))
                                        .arg(se2(a, b))));
        QVERIFY((psi.psi2 - psi.psi2.transpose()).cwiseAbs().maxCoeff() == 0.0);
        // The single-point Ψ2 is one term of the sum.
        Matrix total = Matrix::Zero(M, M);
        for (Index n = 0; n < N; ++n)
            total += rbfPsi2Single(c.kernel, c.mean.row(n), c.variance.row(n), c.Z);
        EMU_COMPARE_MATRIX(total, psi.psi2, 1e-13, 1e-15);
    }

    void zeroVarianceGivesTheKernel_data() { addCaseRows(); }
    void zeroVarianceGivesTheKernel()
    {
        QFETCH(int, Q);
        QFETCH(double, variance);
        QFETCH(double, hiddenVariance);
        const Case c = makeCase(Q, variance, hiddenVariance, 3);
        RbfKernel kernel(Q, true);
        Vector logParams(1 + Q);
        logParams(0) = std::log(variance);
        logParams.tail(Q) = c.kernel.lengthscales.array().log();
        kernel.setLogParams(logParams);

        const Matrix zero = Matrix::Zero(c.mean.rows(), Q);
        const PsiStatistics psi = rbfPsiStatistics(c.kernel, c.mean, zero, c.Z);
        const Matrix Kfu = kernel.compute(c.mean, c.Z);
        EMU_COMPARE_MATRIX(psi.psi1, Kfu, 1e-13, 1e-15);
        EMU_COMPARE_MATRIX(psi.psi2, Matrix(Kfu.transpose() * Kfu), 1e-12, 1e-15);
        QVERIFY(std::abs(psi.psi0 - kernel.diagonal(c.mean).sum()) < 1e-13);
        EMU_COMPARE_MATRIX(rbfPsi1(c.kernel, c.mean, zero, c.Z), Kfu, 1e-13, 1e-15);
        EMU_COMPARE_MATRIX(rbfInducingCovariance(c.kernel, c.Z, 0.0), kernel.compute(c.Z), 1e-13,
                           1e-15);
        Matrix jittered = kernel.compute(c.Z);
        jittered.diagonal().array() += 1e-3 * variance;
        EMU_COMPARE_MATRIX(rbfInducingCovariance(c.kernel, c.Z, 1e-3), jittered, 1e-13, 1e-15);
    }

    void gradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<int>("Q");
        QTest::addColumn<QString>("group");
        for (int Q : {1, 2})
            for (const char* g :
                 {"mean", "variance", "inducing", "log variance", "log lengthscales"})
                QTest::addRow("Q=%d %s", Q, g) << Q << QString(g);
    }
    void gradientsMatchFiniteDifferences()
    {
        QFETCH(int, Q);
        QFETCH(QString, group);
        const Case c = makeCase(Q, 1.4, 0.3, 5);
        Rng rng(9);
        const double g0 = 0.7;
        const Matrix G1 = rng.normalMatrix(c.mean.rows(), c.Z.rows());
        const Matrix G2 = rng.normalMatrix(c.Z.rows(), c.Z.rows()); // not symmetric on purpose
        const Matrix GK = rng.normalMatrix(c.Z.rows(), c.Z.rows());
        const double jitter = 1e-4;

        // F = g0 ψ0 + Σ G1∘Ψ1 + Σ G2∘Ψ2 + Σ GK∘Kuu as a function of one parameter block.
        const auto value = [&](const Case& x) {
            const PsiStatistics p = rbfPsiStatistics(x.kernel, x.mean, x.variance, x.Z);
            return g0 * p.psi0 + (G1.array() * p.psi1.array()).sum() +
                   (G2.array() * p.psi2.array()).sum() +
                   (GK.array() * rbfInducingCovariance(x.kernel, x.Z, jitter).array()).sum();
        };
        const PsiGradients pg =
            rbfPsiGradients(c.kernel, c.mean, c.variance, c.Z, g0, G1, G2, true);
        const InducingGradients kg = rbfInducingCovarianceGradients(c.kernel, c.Z, jitter, GK);

        Vector analytic, x0;
        std::function<Case(const Vector&)> with;
        if (group == "mean") {
            analytic = pg.mean.reshaped();
            x0 = c.mean.reshaped();
            with = [&](const Vector& v) {
                Case x = c;
                x.mean = v.reshaped(c.mean.rows(), Q);
                return x;
            };
        } else if (group == "variance") {
            analytic = pg.variance.reshaped();
            x0 = c.variance.reshaped();
            with = [&](const Vector& v) {
                Case x = c;
                x.variance = v.reshaped(c.mean.rows(), Q);
                return x;
            };
        } else if (group == "inducing") {
            analytic = (pg.inducing + kg.inducing).reshaped();
            x0 = c.Z.reshaped();
            with = [&](const Vector& v) {
                Case x = c;
                x.Z = v.reshaped(c.Z.rows(), Q);
                return x;
            };
        } else if (group == "log variance") {
            analytic = Vector::Constant(1, pg.logVariance + kg.logVariance);
            x0 = Vector::Constant(1, std::log(c.kernel.variance));
            with = [&](const Vector& v) {
                Case x = c;
                x.kernel.variance = std::exp(v(0));
                return x;
            };
        } else {
            analytic = pg.logLengthscales + kg.logLengthscales;
            x0 = c.kernel.lengthscales.array().log();
            with = [&](const Vector& v) {
                Case x = c;
                x.kernel.lengthscales = v.array().exp();
                return x;
            };
        }
        const Vector fd = emu::test::finiteDifferenceGradient(
            [&](const Vector& v) { return value(with(v)); }, x0, 1e-6);
        EMU_COMPARE_MATRIX(analytic, fd, 1e-6, 1e-7);
    }

    void shapeErrorsAreReported()
    {
        RbfParams k;
        k.lengthscales = Vector::Ones(2);
        QVERIFY_THROWS_EXCEPTION(
            std::exception,
            rbfPsiStatistics(k, Matrix::Zero(3, 1), Matrix::Zero(3, 1), Matrix::Zero(2, 2)));
    }
};

QTEST_APPLESS_MAIN(TestRbfPsiStatistics)
#include "test_rbf_psi_statistics.moc"
