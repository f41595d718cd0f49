// The fidelity column and nested designs.

#include "engine/core/errors.h"
#include "engine/mf/multi_fidelity_data.h"

#include <QtTest>

#include <limits>

using namespace emu;

class TestMultiFidelityData : public QObject
{
    Q_OBJECT
private slots:
    void stackAndSplit()
    {
        Matrix a(2, 2), b(1, 2);
        a << 1, 2, 3, 4;
        b << 5, 6;
        const Matrix X = stackLevels({a, b});
        Matrix expected(3, 3);
        expected << 1, 2, 0, 3, 4, 0, 5, 6, 1;
        QCOMPARE(X, expected);
        QCOMPARE(withFidelity(b, 2), Matrix((Matrix(1, 3) << 5, 6, 2).finished()));
        Vector ya(2), yb(1);
        ya << 7, 8;
        yb << 9;
        QCOMPARE(stackOutputs({ya, yb}), Vector((Vector(3) << 7, 8, 9).finished()));

        Matrix mixed(4, 2);
        mixed << 0.1, 1, 0.2, 0, 0.3, 1, 0.4, 0;
        const auto rows = splitByFidelity(mixed, 3, "X");
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[0], (std::vector<Index>{1, 3}));
        QCOMPARE(rows[1], (std::vector<Index>{0, 2}));
        QVERIFY(rows[2].empty());
        QCOMPARE(selectInputs(mixed, rows[1]), Matrix((Matrix(2, 1) << 0.1, 0.3).finished()));
        for (double bad : {-1.0, 0.5, 3.0, std::numeric_limits<double>::infinity()}) {
            Matrix m = mixed;
            m(2, 1) = bad;
            try {
                splitByFidelity(m, 3, "the points");
                QFAIL("no exception");
            } catch (const InvalidInput& e) {
                QVERIFY2(QString(e.what()).contains("row 3"), e.what());
            }
        }
    }

    void nestedDesignsAreNestedSpreadAndReproducible()
    {
        const ParameterSpace space =
            ParameterSpace().addContinuous("a", -5.0, 10.0).addContinuous("b", 0.0, 15.0);
        const std::vector<Matrix> d = nestedDesign(space, {40, 12, 3}, 7);
        QCOMPARE(d.size(), std::size_t(3));
        QCOMPARE(d[0].rows(), Index(40));
        QCOMPARE(d[1].rows(), Index(12));
        QCOMPARE(d[2].rows(), Index(3));
        QVERIFY(space.contains(d[0]));
        for (std::size_t t = 1; t < d.size(); ++t)
            for (Index i = 0; i < d[t].rows(); ++i)
                QCOMPARE((d[t - 1].rowwise() - d[t].row(i)).rowwise().norm().minCoeff(), 0.0);
        // Greedy maximin: the 12 points are further apart than a random 12 of the 40 typically.
        double closest = std::numeric_limits<double>::infinity();
        for (Index i = 0; i < 12; ++i)
            for (Index j = 0; j < i; ++j)
                closest = std::min(closest, (d[1].row(i) - d[1].row(j)).norm());
        QVERIFY2(closest > 2.0, qPrintable(QString::number(closest)));
        const std::vector<Matrix> again = nestedDesign(space, {40, 12, 3}, 7);
        QCOMPARE(again[2], d[2]);
        QVERIFY(nestedDesign(space, {40, 12, 3}, 8)[2] != d[2]);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, nestedDesign(space, {5, 6}, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, nestedDesign(space, {5, 0}, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, nestedDesign(space, {}, 0));
    }
};

QTEST_APPLESS_MAIN(TestMultiFidelityData)
#include "test_multi_fidelity_data.moc"
