#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/design/sobol_sequence.h"

#include <QtTest>

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

using emu::Index;
using emu::Matrix;
using emu::SobolSequence;

namespace {

/// Counts of points of column j of U in each of the 2^m intervals [k/2^m, (k+1)/2^m).
std::vector<int> stratumCounts(const Matrix& U, Index j, int m)
{
    const auto cells = std::size_t{1} << m;
    std::vector<int> counts(cells, 0);
    for (Index i = 0; i < U.rows(); ++i)
        ++counts[static_cast<std::size_t>(std::ldexp(U(i, j), m))];
    return counts;
}

SobolSequence makeSequence(Index d, std::optional<std::uint64_t> seed)
{
    return seed ? SobolSequence(d, *seed) : SobolSequence(d);
}

} // namespace

class TestSobolSequence : public QObject
{
    Q_OBJECT
private slots:
    void unscrambledStartsWithTheKnownPoints()
    {
        SobolSequence sobol(3);
        QVERIFY(!sobol.isScrambled());
        Matrix expected(8, 3);
        expected << 0, 0, 0,     //
            0.5, 0.5, 0.5,       //
            0.75, 0.25, 0.25,    //
            0.25, 0.75, 0.75,    //
            0.375, 0.375, 0.625, //
            0.875, 0.875, 0.125, //
            0.625, 0.125, 0.875, //
            0.125, 0.625, 0.375;
        QCOMPARE(sobol.next(8), expected);
        QCOMPARE(sobol.position(), std::uint64_t{8});
    }

    // Points 1000 and 4095 in all 32 dimensions, ×4096, as given by an independent
    // implementation of the same Joe–Kuo table (SciPy 1.10 qmc.Sobol, scramble=False). Pins the
    // whole table and the recurrence, which the stratification checks below cannot (any odd
    // direction numbers stratify).
    void unscrambledMatchesAReferenceInAllDimensions_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<std::vector<int>>("scaled");
        QTest::newRow("point 1000")
            << 1000
            << std::vector<int>{900,  396,  2124, 2772, 1148, 3716, 188,  3684, 2052, 284,  348,
                                1044, 660,  1572, 588,  1516, 2948, 1412, 4060, 2972, 2140, 2252,
                                3892, 2212, 2388, 3716, 164,  4012, 244,  1396, 604,  596};
        QTest::newRow("point 4095")
            << 4095
            << std::vector<int>{1,    3855, 1369, 3693, 3851, 323, 3889, 1601, 785,  1009, 2333,
                                1317, 1511, 2129, 2257, 1707, 255, 2495, 3331, 2135, 925,  2999,
                                2777, 1825, 751,  2183, 1551, 117, 3827, 3503, 1481, 359};
    }
    void unscrambledMatchesAReferenceInAllDimensions()
    {
        QFETCH(int, index);
        QFETCH(std::vector<int>, scaled);
        SobolSequence sobol(SobolSequence::maxDimension);
        const Matrix all = sobol.next(4096);
        for (Index j = 0; j < SobolSequence::maxDimension; ++j)
            QCOMPARE(all(index, j) * 4096.0, double(scaled[static_cast<std::size_t>(j)]));
    }

    // Taking the first 2^m points, every coordinate puts exactly one point in each of the 2^m
    // equal intervals. Holds for any odd initial direction numbers, so it checks the recurrence
    // and the table in every dimension; and it must survive the linear scramble.
    void everyCoordinateIsStratified_data()
    {
        QTest::addColumn<int>("m");
        QTest::addColumn<bool>("scrambled");
        for (int m : {1, 5, 10})
            for (bool scrambled : {false, true})
                QTest::newRow(
                    qPrintable(QString("2^%1 %2").arg(m).arg(scrambled ? "scrambled" : "plain")))
                    << m << scrambled;
    }
    void everyCoordinateIsStratified()
    {
        QFETCH(int, m);
        QFETCH(bool, scrambled);
        const Index d = SobolSequence::maxDimension;
        SobolSequence sobol =
            makeSequence(d, scrambled ? std::optional<std::uint64_t>(99) : std::nullopt);
        const Matrix U = sobol.next(Index{1} << m);
        QVERIFY((U.array() >= 0.0).all() && (U.array() < 1.0).all());
        for (Index j = 0; j < d; ++j) {
            const std::vector<int> counts = stratumCounts(U, j, m);
            QVERIFY2(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }),
                     qPrintable(QString("dimension %1").arg(j + 1)));
        }
    }

    // Dimensions 1 and 2 form a (0, m, 2)-net: every dyadic box of area 2^−m, whatever its
    // aspect ratio 2^−a × 2^−(m−a), holds exactly one of the first 2^m points.
    void firstTwoDimensionsAreANet_data()
    {
        QTest::addColumn<bool>("scrambled");
        QTest::newRow("plain") << false;
        QTest::newRow("scrambled") << true;
    }
    void firstTwoDimensionsAreANet()
    {
        QFETCH(bool, scrambled);
        const int m = 8;
        SobolSequence sobol =
            makeSequence(2, scrambled ? std::optional<std::uint64_t>(5) : std::nullopt);
        const Matrix U = sobol.next(Index{1} << m);
        for (int a = 0; a <= m; ++a) {
            std::vector<int> counts(std::size_t{1} << m, 0);
            for (Index i = 0; i < U.rows(); ++i) {
                const auto cx = static_cast<std::size_t>(std::ldexp(U(i, 0), a));
                const auto cy = static_cast<std::size_t>(std::ldexp(U(i, 1), m - a));
                ++counts[(cx << (m - a)) | cy];
            }
            QVERIFY2(std::all_of(counts.begin(), counts.end(), [](int c) { return c == 1; }),
                     qPrintable(QString("boxes 2^-%1 x 2^-%2").arg(a).arg(m - a)));
        }
    }

    void seekMatchesGenerating_data()
    {
        QTest::addColumn<bool>("scrambled");
        QTest::addColumn<int>("offset");
        for (int offset : {0, 1, 37, 1000})
            for (bool scrambled : {false, true})
                QTest::newRow(qPrintable(QString("%1 %2").arg(offset).arg(scrambled)))
                    << scrambled << offset;
    }
    void seekMatchesGenerating()
    {
        QFETCH(bool, scrambled);
        QFETCH(int, offset);
        const auto seed = scrambled ? std::optional<std::uint64_t>(17) : std::nullopt;
        SobolSequence all = makeSequence(7, seed);
        const Matrix everything = all.next(offset + 50);
        SobolSequence jumped = makeSequence(7, seed);
        jumped.next(3); // seeking must not depend on where the sequence was
        jumped.seek(static_cast<std::uint64_t>(offset));
        QCOMPARE(jumped.next(50), Matrix(everything.bottomRows(50)));
        SobolSequence skipped = makeSequence(7, seed);
        skipped.skip(static_cast<std::uint64_t>(offset));
        QCOMPARE(skipped.next(50), Matrix(everything.bottomRows(50)));
    }

    void scramblingIsSeeded()
    {
        const Matrix a = SobolSequence(4, 123).next(64);
        const Matrix b = SobolSequence(4, 123).next(64);
        const Matrix c = SobolSequence(4, 124).next(64);
        const Matrix plain = SobolSequence(4).next(64);
        QCOMPARE(a, b);
        QVERIFY((a - c).cwiseAbs().maxCoeff() > 0.1);
        QVERIFY((a - plain).cwiseAbs().maxCoeff() > 0.1);
        QVERIFY(a.row(0).cwiseAbs().minCoeff() > 0.0); // the origin is scrambled away
        QVERIFY(SobolSequence(4, 123).isScrambled());
    }

    void scrambledPointsAreCentred()
    {
        // With one point per stratum of width 1/n, each coordinate's mean is within 1/(2n) of 1/2.
        const Index n = 1024;
        const Matrix U = SobolSequence(10, 2024).next(n);
        for (Index j = 0; j < U.cols(); ++j)
            QVERIFY(std::abs(U.col(j).mean() - 0.5) <= 0.5 / static_cast<double>(n));
    }

    void badDimensionsAreRejected_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::newRow("zero") << 0;
        QTest::newRow("negative") << -3;
        QTest::newRow("too many") << int(SobolSequence::maxDimension + 1);
    }
    void badDimensionsAreRejected()
    {
        QFETCH(int, dimension);
        try {
            SobolSequence sobol(dimension);
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains("1 to 32"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, SobolSequence(dimension, 1));
    }

    void negativeCountIsRejected()
    {
        SobolSequence sobol(2);
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, sobol.next(-1));
        QCOMPARE(sobol.next(0).rows(), 0);
        QCOMPARE(sobol.position(), std::uint64_t{0});
    }
};

QTEST_APPLESS_MAIN(TestSobolSequence)
#include "test_sobol_sequence.moc"
