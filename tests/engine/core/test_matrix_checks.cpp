#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"

#include <QtTest>

#include <limits>

class TestMatrixChecks : public QObject
{
    Q_OBJECT
private slots:
    void finiteMatrixPasses()
    {
        emu::Matrix m(2, 2);
        m << 1, 2, 3, 4;
        emu::requireFinite(m, "X");
    }
    void nanIsRejectedWithRow()
    {
        emu::Matrix m = emu::Matrix::Zero(3, 2);
        m(2, 1) = std::numeric_limits<double>::quiet_NaN();
        try {
            emu::requireFinite(m, "X");
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("row 3") && what.contains("X"), qPrintable(what));
        }
    }
    void infinityIsRejected()
    {
        emu::Matrix m = emu::Matrix::Zero(1, 1);
        m(0, 0) = std::numeric_limits<double>::infinity();
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::requireFinite(m, "y"));
    }
    void wrongShapeIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::requireColumns(emu::Matrix::Zero(2, 3), 2, "X"));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::requireRows(4, 5, "y"));
    }
    void rowsArePoints()
    {
        // The engine's convention: a design of n points in d dimensions is n×d.
        emu::Matrix points(5, 2);
        QCOMPARE(points.rows(), 5);
        emu::requireColumns(points, 2, "points");
    }
};

QTEST_APPLESS_MAIN(TestMatrixChecks)
#include "test_matrix_checks.moc"
