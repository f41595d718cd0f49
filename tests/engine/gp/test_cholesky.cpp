#include "engine/core/errors.h"
#include "engine/gp/cholesky.h"

#include "common/fuzzy.h"

#include <Eigen/Dense>
#include <QtTest>

#include <limits>

using namespace emu;

namespace {

Matrix randomSpd(Index n, std::uint64_t seed)
{
    const Matrix A = Rng(seed).normalMatrix(n, n);
    return A * A.transpose() + double(n) * Matrix::Identity(n, n);
}

} // namespace

class TestCholesky : public QObject
{
    Q_OBJECT
private slots:
    void inverseMatchesExplicitInverse_data()
    {
        QTest::addColumn<int>("n");
        // Around the recursion leaf (48) and odd splits.
        for (int n : {1, 2, 47, 48, 49, 97, 200})
            QTest::addRow("n=%d", n) << n;
    }
    void inverseMatchesExplicitInverse()
    {
        QFETCH(int, n);
        const Matrix A = randomSpd(n, std::uint64_t(n));
        const JitteredCholesky c = choleskyWithJitter(A, "A");
        QCOMPARE(c.jitter, 0.0);
        const Matrix L = c.L.triangularView<Eigen::Lower>();
        EMU_COMPARE_MATRIX(Matrix(L * L.transpose()), A, 1e-12, 1e-10);
        const Matrix inv = inverseFromCholesky(c.L);
        QCOMPARE(inv, Matrix(inv.transpose()));
        EMU_COMPARE_MATRIX(inv, Matrix(A.inverse()), 1e-9, 1e-13);
    }

    void singularMatrixGetsJitter()
    {
        Vector v(4);
        v << 1, 2, 3, 4;
        const Matrix A = v * v.transpose(); // rank one
        const JitteredCholesky c = choleskyWithJitter(A, "A");
        QVERIFY(c.jitter > 0.0);
        QVERIFY(c.jitter <= 1e-2 * A.diagonal().mean());
        const Matrix L = c.L.triangularView<Eigen::Lower>();
        EMU_COMPARE_MATRIX(Matrix(L * L.transpose()),
                           Matrix(A + c.jitter * Matrix::Identity(4, 4)), 1e-10, 1e-10);
    }

    void indefiniteMatrixThrowsWithAdvice()
    {
        Matrix A(2, 2);
        A << 1, 2, 2, 1; // eigenvalues 3 and −1
        try {
            choleskyWithJitter(A, "the test matrix");
            QFAIL("no exception");
        } catch (const NumericalError& e) {
            const QString msg = e.what();
            QVERIFY(msg.contains("the test matrix"));
            QVERIFY(msg.contains("jitter"));
            QVERIFY(msg.contains("noise"));
        }
        A(0, 1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(NumericalError, choleskyWithJitter(A, "A"));
    }

    void samplingHandlesSemidefiniteCovariance()
    {
        Rng rng(2);
        const Vector mean = Vector::LinSpaced(3, 1.0, 3.0);
        const Matrix zero = Matrix::Zero(3, 3);
        const Matrix s = sampleMultivariateNormal(mean, zero, 5, rng);
        for (Index j = 0; j < 5; ++j)
            QCOMPARE(Vector(s.col(j)), mean);
        Matrix indefinite(2, 2); // slightly negative eigenvalue from rounding: clipped
        indefinite << 1.0, 1.0 + 1e-9, 1.0 + 1e-9, 1.0;
        const Matrix t = sampleMultivariateNormal(Vector::Zero(2), indefinite, 100, rng);
        QVERIFY(t.allFinite());
        QVERIFY((t.row(0) - t.row(1)).cwiseAbs().maxCoeff() < 1e-3); // perfectly correlated
    }

    void givenNormalsGiveTheSamplesOfTheirRng()
    {
        const Matrix cov = randomSpd(6, 3);
        const Vector mean = Vector::LinSpaced(6, -1.0, 1.0);
        Rng a(9);
        Rng b(9);
        QCOMPARE(sampleMultivariateNormal(mean, cov, 4, a), transformStandardNormals(mean, cov, b.normalMatrix(6, 4)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, transformStandardNormals(mean, cov, Matrix::Zero(5, 1)));
    }

    void greatCircleTurnsFromOneSetToTheOther()
    {
        Rng rng(4);
        const Matrix A = rng.normalMatrix(200, 3);
        const Matrix B = rng.normalMatrix(200, 3);
        QCOMPARE(greatCircleNormals(A, B, 0.0), A);
        QVERIFY((greatCircleNormals(A, B, M_PI / 2) - B).cwiseAbs().maxCoeff() < 1e-12);
        QVERIFY((greatCircleNormals(A, B, 2 * M_PI) - A).cwiseAbs().maxCoeff() < 1e-12);
        // A small turn moves little; every angle keeps unit variance (cos² + sin² = 1).
        QVERIFY((greatCircleNormals(A, B, 0.01) - A).cwiseAbs().maxCoeff() < 0.05);
        const Matrix mid = greatCircleNormals(A, B, 1.0);
        const double variance = mid.squaredNorm() / double(mid.size());
        QVERIFY2(variance > 0.8 && variance < 1.2, qPrintable(QString::number(variance)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, greatCircleNormals(A, Matrix::Zero(3, 3), 1.0));
    }
};

QTEST_APPLESS_MAIN(TestCholesky)
#include "test_cholesky.moc"
