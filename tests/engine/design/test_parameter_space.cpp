#include "engine/core/errors.h"
#include "engine/design/parameter_space.h"

#include <QtTest>

#include <limits>

using emu::Matrix;
using emu::Parameter;
using emu::ParameterSpace;
using emu::Vector;

namespace {

const double notANumber = std::numeric_limits<double>::quiet_NaN();
const double infinity = std::numeric_limits<double>::infinity();

/// speed ∈ [−2, 3] m/s, gear ∈ {1, 2, 5, 10}, mass ∈ [100, 200] kg.
ParameterSpace mixedSpace()
{
    ParameterSpace space;
    space.addContinuous("speed", -2.0, 3.0, "m/s")
        .addDiscrete("gear", {10.0, 1.0, 5.0, 2.0})
        .addContinuous("mass", 100.0, 200.0, "kg");
    return space;
}

Matrix rows(std::initializer_list<std::initializer_list<double>> values)
{
    Matrix m(static_cast<emu::Index>(values.size()),
             static_cast<emu::Index>(values.begin()->size()));
    emu::Index i = 0;
    for (const auto& row : values) {
        emu::Index j = 0;
        for (double v : row)
            m(i, j++) = v;
        ++i;
    }
    return m;
}

} // namespace

class TestParameterSpace : public QObject
{
    Q_OBJECT
private slots:
    void describesItsParameters()
    {
        const ParameterSpace space = mixedSpace();
        QCOMPARE(space.dimension(), 3);
        QCOMPARE(space.names(), (std::vector<std::string>{"speed", "gear", "mass"}));
        QCOMPARE(space.units(), (std::vector<std::string>{"m/s", "", "kg"}));
        QCOMPARE(space.lowerBounds(), (Vector(3) << -2.0, 1.0, 100.0).finished());
        QCOMPARE(space.upperBounds(), (Vector(3) << 3.0, 10.0, 200.0).finished());
        QVERIFY(space.hasDiscrete());
        QCOMPARE(space.parameter(1).values, (std::vector<double>{1.0, 2.0, 5.0, 10.0}));
        QCOMPARE(space.indexOf("mass"), 2);
        QCOMPARE(space.indexOf("nope"), -1);
        QVERIFY(!ParameterSpace::box(Vector::Zero(2), Vector::Ones(2)).hasDiscrete());
        QCOMPARE(ParameterSpace::box(Vector::Zero(2), Vector::Ones(2)).names(),
                 (std::vector<std::string>{"x1", "x2"}));
    }

    void containsChecksEveryRow_data()
    {
        QTest::addColumn<Matrix>("X");
        QTest::addColumn<bool>("inside");
        QTest::newRow("interior") << rows({{0.5, 2.0, 150.0}}) << true;
        QTest::newRow("on the bounds") << rows({{-2.0, 1.0, 100.0}, {3.0, 10.0, 200.0}}) << true;
        QTest::newRow("below lower") << rows({{-2.0001, 1.0, 150.0}}) << false;
        QTest::newRow("above upper") << rows({{0.0, 1.0, 200.5}}) << false;
        QTest::newRow("discrete between values") << rows({{0.0, 3.0, 150.0}}) << false;
        QTest::newRow("discrete off by a hair") << rows({{0.0, 2.0000001, 150.0}}) << false;
        QTest::newRow("second row outside") << rows({{0.0, 2.0, 150.0}, {0.0, 2.0, 99.0}}) << false;
        QTest::newRow("NaN continuous") << rows({{notANumber, 2.0, 150.0}}) << false;
        QTest::newRow("NaN discrete") << rows({{0.0, notANumber, 150.0}}) << false;
        QTest::newRow("wrong columns") << rows({{0.0, 2.0}}) << false;
    }
    void containsChecksEveryRow()
    {
        QFETCH(Matrix, X);
        QFETCH(bool, inside);
        const ParameterSpace space = mixedSpace();
        QCOMPARE(space.contains(X), inside);
        if (X.cols() == space.dimension()) {
            const std::vector<bool> each = space.containsRows(X);
            QCOMPARE(std::all_of(each.begin(), each.end(), [](bool b) { return b; }), inside);
        }
    }

    void requireInsideNamesRowAndParameter()
    {
        const ParameterSpace space = mixedSpace();
        space.requireInside(rows({{0.0, 5.0, 120.0}}));
        try {
            space.requireInside(rows({{0.0, 5.0, 120.0}, {0.0, 4.0, 120.0}}), "design");
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("design row 2") && what.contains("\"gear\"") &&
                         what.contains("allowed"),
                     qPrintable(what));
        }
        try {
            space.requireInside(rows({{7.0, 5.0, 120.0}}));
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("\"speed\"") && what.contains("[-2, 3]"), qPrintable(what));
        }
    }

    void projectClampsAndSnaps_data()
    {
        QTest::addColumn<Matrix>("X");
        QTest::addColumn<Matrix>("expected");
        QTest::newRow("inside stays") << rows({{0.25, 5.0, 150.0}}) << rows({{0.25, 5.0, 150.0}});
        QTest::newRow("clamp low/high") << rows({{-9.0, 1.0, 1e6}}) << rows({{-2.0, 1.0, 200.0}});
        QTest::newRow("snap down") << rows({{0.0, 3.4, 150.0}}) << rows({{0.0, 2.0, 150.0}});
        QTest::newRow("snap up") << rows({{0.0, 3.6, 150.0}}) << rows({{0.0, 5.0, 150.0}});
        QTest::newRow("tie goes down") << rows({{0.0, 7.5, 150.0}}) << rows({{0.0, 5.0, 150.0}});
        QTest::newRow("below all values")
            << rows({{0.0, -4.0, 150.0}}) << rows({{0.0, 1.0, 150.0}});
        QTest::newRow("above all values")
            << rows({{0.0, 99.0, 150.0}}) << rows({{0.0, 10.0, 150.0}});
    }
    void projectClampsAndSnaps()
    {
        QFETCH(Matrix, X);
        QFETCH(Matrix, expected);
        const ParameterSpace space = mixedSpace();
        const Matrix projected = space.project(X);
        QCOMPARE(projected, expected);
        QVERIFY(space.contains(projected));
    }

    void projectRejectsBadPoints()
    {
        const ParameterSpace space = mixedSpace();
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, space.project(rows({{0.0, 1.0}})));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, space.project(rows({{0.0, infinity, 150.0}})));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput,
                                 space.project(rows({{notANumber, 1.0, 150.0}})));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, ParameterSpace().project(Matrix(1, 0)));
    }

    void toUnitCubeInvertsFromUnitCubeForContinuousSpaces()
    {
        emu::ParameterSpace space;
        space.addContinuous("a", -5.0, 10.0).addContinuous("b", 0.0, 15.0);
        emu::Matrix U(3, 2);
        U << 0.0, 1.0, 0.25, 0.5, 1.0, 0.0;
        const emu::Matrix back = space.toUnitCube(space.fromUnitCube(U));
        QVERIFY((back - U).cwiseAbs().maxCoeff() < 1e-12);
        emu::Matrix outside(1, 2);
        outside << 25.0, -15.0;
        const emu::Matrix u = space.toUnitCube(outside);
        QCOMPARE(u(0, 0), 2.0);
        QCOMPARE(u(0, 1), -1.0);
    }

    void fromUnitCubeGivesEqualSharesToDiscreteValues()
    {
        // Four values: [0, .25) → 1, [.25, .5) → 2, [.5, .75) → 5, [.75, 1] → 10.
        const ParameterSpace space = mixedSpace();
        const Matrix U = rows({{0.0, 0.0, 0.0},
                               {0.5, 0.2499, 0.5},
                               {1.0, 0.25, 1.0},
                               {0.1, 0.74, 0.1},
                               {0.9, 0.75, 0.9},
                               {0.9, 1.0, 0.9}});
        const Matrix X = space.fromUnitCube(U);
        QCOMPARE(X.col(1), (Vector(6) << 1.0, 1.0, 2.0, 5.0, 10.0, 10.0).finished());
        QCOMPARE(X(0, 0), -2.0);
        QCOMPARE(X(1, 0), 0.5);
        QCOMPARE(X(2, 0), 3.0);
        QCOMPARE(X(1, 2), 150.0);
        QVERIFY(space.contains(X));
    }

    void invalidParametersAreRejected_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("lower == upper") << 0 << "must be below upper bound";
        QTest::newRow("lower > upper") << 1 << "lower bound 2 must be below upper bound 1";
        QTest::newRow("infinite bound") << 2 << "finite bounds";
        QTest::newRow("NaN bound") << 3 << "finite bounds";
        QTest::newRow("no values") << 4 << "no allowed values";
        QTest::newRow("NaN value") << 5 << "non-finite allowed value";
        QTest::newRow("repeated value") << 6 << "twice";
        QTest::newRow("empty name") << 7 << "needs a name";
        QTest::newRow("duplicate name") << 8 << "two parameters are called \"a\"";
        QTest::newRow("box lengths") << 9 << "different lengths";
    }
    void invalidParametersAreRejected()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        try {
            ParameterSpace space;
            switch (which) {
            case 0:
                space.addContinuous("a", 1.0, 1.0);
                break;
            case 1:
                space.addContinuous("a", 2.0, 1.0);
                break;
            case 2:
                space.addContinuous("a", 0.0, infinity);
                break;
            case 3:
                space.addContinuous("a", notANumber, 1.0);
                break;
            case 4:
                space.addDiscrete("a", {});
                break;
            case 5:
                space.addDiscrete("a", {1.0, notANumber});
                break;
            case 6:
                space.addDiscrete("a", {1.0, 2.0, 1.0});
                break;
            case 7:
                space.addContinuous("", 0.0, 1.0);
                break;
            case 8:
                space.addContinuous("a", 0.0, 1.0).addDiscrete("a", {1.0});
                break;
            case 9:
                ParameterSpace::box(Vector::Zero(2), Vector::Ones(3));
                break;
            }
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void singleDiscreteValueIsAConstant()
    {
        ParameterSpace space;
        space.addDiscrete("fixed", {4.0});
        QCOMPARE(space.project(rows({{-3.0}, {9.0}})), rows({{4.0}, {4.0}}));
        QCOMPARE(space.fromUnitCube(rows({{0.0}, {0.99}})), rows({{4.0}, {4.0}}));
    }

    void parameterIndexOutOfRange()
    {
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, mixedSpace().parameter(3));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, mixedSpace().parameter(-1));
    }
};

QTEST_APPLESS_MAIN(TestParameterSpace)
#include "test_parameter_space.moc"
