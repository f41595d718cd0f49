#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"

#include <QtTest>

#include <cmath>
#include <map>

using emu::Index;
using emu::Matrix;
using emu::ParameterSpace;
using emu::Vector;

namespace {

ParameterSpace namedSpace(const QString& name)
{
    ParameterSpace space;
    if (name == "unit1")
        space.addContinuous("x", 0.0, 1.0);
    else if (name == "box3")
        space.addContinuous("a", -5.0, 10.0)
            .addContinuous("b", 0.0, 15.0)
            .addContinuous("c", -1e-3, 1e-3);
    else if (name == "mixed")
        space.addContinuous("speed", -2.0, 3.0)
            .addDiscrete("gear", {1.0, 2.0, 5.0, 10.0})
            .addDiscrete("fixed", {-7.0})
            .addContinuous("mass", 100.0, 200.0);
    else if (name == "wide")
        space = ParameterSpace::box(Vector::Constant(12, -1e6), Vector::Constant(12, 1e6));
    return space;
}

/// The stratum k of x when [lower, upper] is cut into n equal slices.
Index stratumOf(double x, double lower, double upper, Index n)
{
    return static_cast<Index>(std::floor((x - lower) / (upper - lower) * static_cast<double>(n)));
}

/// L2-star discrepancy of points in [0, 1]^d (Warnock's closed form): the root mean square,
/// over anchored boxes [0, t), of (fraction of points inside − volume). Lower is more uniform.
double l2StarDiscrepancy(const Matrix& U)
{
    const Index n = U.rows(), d = U.cols();
    double single = 0.0, pairs = 0.0;
    for (Index i = 0; i < n; ++i) {
        double p = 1.0;
        for (Index k = 0; k < d; ++k)
            p *= 1.0 - U(i, k) * U(i, k);
        single += p;
        for (Index j = 0; j < n; ++j) {
            double q = 1.0;
            for (Index k = 0; k < d; ++k)
                q *= 1.0 - std::max(U(i, k), U(j, k));
            pairs += q;
        }
    }
    const double nn = static_cast<double>(n);
    return std::sqrt(std::pow(3.0, -double(d)) - std::pow(2.0, 1.0 - double(d)) / nn * single +
                     pairs / (nn * nn));
}

void addIdSpaceRows()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("space");
    QTest::addColumn<int>("n");
    for (const char* id : {"random", "lhs", "sobol"})
        for (const char* space : {"unit1", "box3", "mixed", "wide"})
            for (int n : {1, 16, 100})
                QTest::newRow(qPrintable(QString("%1 %2 n=%3").arg(id, space).arg(n)))
                    << id << space << n;
}

} // namespace

class TestDesigns : public QObject
{
    Q_OBJECT
private slots:
    void registryListsTheThreeMethods()
    {
        std::vector<std::string> ids;
        for (const emu::DesignInfo& info : emu::designRegistry()) {
            ids.push_back(info.id);
            QVERIFY(!info.displayName.empty() && !info.description.empty() && info.generate);
        }
        QCOMPARE(ids, (std::vector<std::string>{"random", "lhs", "sobol"}));
        QVERIFY(emu::designRegistry().find("lhs") != nullptr);
        QCOMPARE(emu::designRegistry().find("lhs")->displayName, std::string("Latin hypercube"));
        QVERIFY(emu::designRegistry().find("grid") == nullptr);
    }

    void designsStayInside_data() { addIdSpaceRows(); }
    void designsStayInside()
    {
        QFETCH(QString, id);
        QFETCH(QString, space);
        QFETCH(int, n);
        const ParameterSpace s = namedSpace(space);
        const Matrix X = emu::makeDesign(id.toStdString(), s, n, 42);
        QCOMPARE(X.rows(), Index(n));
        QCOMPARE(X.cols(), s.dimension());
        s.requireInside(X, "design"); // throws with the offending row and parameter
        QVERIFY(s.contains(X));
    }

    void sameSeedSameDesignOtherSeedOther_data() { addIdSpaceRows(); }
    void sameSeedSameDesignOtherSeedOther()
    {
        QFETCH(QString, id);
        QFETCH(QString, space);
        QFETCH(int, n);
        const ParameterSpace s = namedSpace(space);
        const Matrix a = emu::makeDesign(id.toStdString(), s, n, 7);
        QCOMPARE(emu::makeDesign(id.toStdString(), s, n, 7), a);
        if (space != "mixed" || n > 1) // one mixed point may coincide on the discrete coordinates
            QVERIFY(emu::makeDesign(id.toStdString(), s, n, 8) != a);
    }

    void latinHypercubeHasOnePointPerStratum_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("d");
        QTest::addColumn<quint64>("seed");
        for (int n : {1, 7, 50})
            for (int d : {1, 3})
                for (quint64 seed : {1ULL, 2024ULL})
                    QTest::newRow(qPrintable(QString("n=%1 d=%2 seed=%3").arg(n).arg(d).arg(seed)))
                        << n << d << seed;
    }
    void latinHypercubeHasOnePointPerStratum()
    {
        QFETCH(int, n);
        QFETCH(int, d);
        QFETCH(quint64, seed);
        Vector lower(d), upper(d);
        for (int j = 0; j < d; ++j) {
            lower(j) = -3.0 * (j + 1);
            upper(j) = 2.0 + 10.0 * j;
        }
        const ParameterSpace space = ParameterSpace::box(lower, upper);
        const Matrix X = emu::latinHypercubeDesign(space, n, seed);
        emu::Rng rng(seed);
        const Matrix U = emu::latinHypercubeUnitDesign(n, d, rng);
        for (Index j = 0; j < d; ++j) {
            std::vector<int> inSpace(static_cast<std::size_t>(n), 0),
                inCube(static_cast<std::size_t>(n), 0);
            for (Index i = 0; i < n; ++i) {
                const Index k = stratumOf(X(i, j), lower(j), upper(j), n);
                QVERIFY(k >= 0 && k < n);
                ++inSpace[static_cast<std::size_t>(k)];
                ++inCube[static_cast<std::size_t>(stratumOf(U(i, j), 0.0, 1.0, n))];
            }
            QVERIFY2(std::all_of(inSpace.begin(), inSpace.end(), [](int c) { return c == 1; }),
                     qPrintable(QString("column %1").arg(j)));
            QVERIFY(std::all_of(inCube.begin(), inCube.end(), [](int c) { return c == 1; }));
        }
    }

    void discreteParametersTakeOnlyAllowedValues_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"random", "lhs", "sobol"})
            QTest::newRow(id) << id;
    }
    void discreteParametersTakeOnlyAllowedValues()
    {
        QFETCH(QString, id);
        const ParameterSpace space = namedSpace("mixed");
        const Index n = 256;
        const Matrix X = emu::makeDesign(id.toStdString(), space, n, 3);
        std::map<double, int> gears;
        for (Index i = 0; i < n; ++i) {
            ++gears[X(i, 1)];
            QCOMPARE(X(i, 2), -7.0);
        }
        QCOMPARE(gears.size(), std::size_t{4}); // only 1, 2, 5, 10, and each of them used
        for (const auto& [value, count] : gears) {
            QVERIFY2(value == 1.0 || value == 2.0 || value == 5.0 || value == 10.0,
                     qPrintable(QString::number(value)));
            // Equal shares: exact for LHS and Sobol (n is a multiple of 4), roughly for random.
            if (id == "random")
                QVERIFY(std::abs(count - 64) < 25);
            else
                QCOMPARE(count, 64);
        }
    }

    void sobolIsMoreUniformThanRandom_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {1ULL, 2ULL, 3ULL, 4ULL, 5ULL})
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    void sobolIsMoreUniformThanRandom()
    {
        // For n = 256 in 2-D, random points have an expected L2-star discrepancy of
        // sqrt((1/4 − 1/9)/n) ≈ 0.023; a Sobol net is an order of magnitude lower.
        QFETCH(quint64, seed);
        const ParameterSpace unit = ParameterSpace::box(Vector::Zero(2), Vector::Ones(2));
        const double sobol = l2StarDiscrepancy(emu::sobolDesign(unit, 256, seed));
        const double random = l2StarDiscrepancy(emu::randomDesign(unit, 256, seed));
        const double lhs = l2StarDiscrepancy(emu::latinHypercubeDesign(unit, 256, seed));
        QVERIFY2(sobol < 0.3 * random,
                 qPrintable(QString("sobol %1, random %2").arg(sobol).arg(random)));
        QVERIFY2(sobol < 0.006, qPrintable(QString::number(sobol)));
        QVERIFY2(lhs < random, qPrintable(QString("lhs %1, random %2").arg(lhs).arg(random)));
    }

    void unknownIdListsTheValidOnes()
    {
        try {
            emu::makeDesign("grid", namedSpace("unit1"), 4, 0);
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("'grid'") && what.contains("random, lhs, sobol"),
                     qPrintable(what));
        }
    }

    void badSizesAreRejected_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"random", "lhs", "sobol"})
            QTest::newRow(id) << id;
    }
    void badSizesAreRejected()
    {
        QFETCH(QString, id);
        const std::string method = id.toStdString();
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput,
                                 emu::makeDesign(method, namedSpace("box3"), -1, 0));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput,
                                 emu::makeDesign(method, ParameterSpace(), 5, 0));
        const Matrix empty = emu::makeDesign(method, namedSpace("box3"), 0, 0);
        QCOMPARE(empty.rows(), Index(0));
        QCOMPARE(empty.cols(), Index(3));
    }

    void sobolRefusesTooManyDimensions()
    {
        const ParameterSpace big = ParameterSpace::box(Vector::Zero(33), Vector::Ones(33));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::sobolDesign(big, 8, 0));
        QCOMPARE(emu::latinHypercubeDesign(big, 8, 0).cols(), Index(33));
    }
};

QTEST_APPLESS_MAIN(TestDesigns)
#include "test_designs.moc"
