#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/ishigami_function.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "engine/sensitivity/sobol_indices.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using emu::Index;
using emu::Matrix;
using emu::ParameterSpace;
using emu::SobolIndices;
using emu::SobolSettings;
using emu::Vector;

namespace {

SobolIndices ishigamiIndices(Index samples, std::uint64_t seed)
{
    const emu::IshigamiFunction f;
    return emu::estimateSobolIndices([&f](const Matrix& X) { return f.evaluate(X); }, f.space(),
                                     SobolSettings{samples, seed});
}

ParameterSpace unitCube(Index d)
{
    return ParameterSpace::box(Vector::Zero(d), Vector::Ones(d));
}

/// The message of the InvalidInput that `work` throws, or "" if it throws none.
template <typename Work> QString invalidInputMessage(Work&& work)
{
    try {
        work();
    } catch (const emu::InvalidInput& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSobolIndices : public QObject
{
    Q_OBJECT
private slots:
    void ishigamiMatchesTheAnalyticIndices_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3})
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    void ishigamiMatchesTheAnalyticIndices()
    {
        QFETCH(int, seed);
        const Index n = 1 << 15;
        const SobolIndices s = ishigamiIndices(n, std::uint64_t(seed));
        const emu::AnalyticSobolIndices exact = emu::IshigamiFunction().analyticIndices();
        QCOMPARE(s.samples, n);
        QCOMPARE(s.evaluations, n * 5);
        QCOMPARE(s.names, (std::vector<std::string>{"x1", "x2", "x3"}));
        QVERIFY2(std::abs(s.variance - exact.variance) < 0.03 * exact.variance,
                 qPrintable(QString::number(s.variance)));
        QVERIFY2(std::abs(s.mean - exact.mean) < 0.1, qPrintable(QString::number(s.mean)));
        for (Index i = 0; i < 3; ++i) {
            const QString row = QString("x%1: S %2 ± %3 (exact %4), ST %5 ± %6 (exact %7)")
                                    .arg(i + 1)
                                    .arg(s.main(i))
                                    .arg(s.mainStandardError(i))
                                    .arg(exact.main(i))
                                    .arg(s.total(i))
                                    .arg(s.totalStandardError(i))
                                    .arg(exact.total(i));
            QVERIFY2(std::abs(s.main(i) - exact.main(i)) < 3.0 * s.mainStandardError(i), qPrintable(row));
            QVERIFY2(std::abs(s.total(i) - exact.total(i)) < 3.0 * s.totalStandardError(i), qPrintable(row));
            QVERIFY2(std::abs(s.main(i) - exact.main(i)) < 0.03, qPrintable(row));
            QVERIFY2(std::abs(s.total(i) - exact.total(i)) < 0.03, qPrintable(row));
            QVERIFY2(s.mainStandardError(i) > 0.0 && s.mainStandardError(i) < 0.01, qPrintable(row));
            QVERIFY2(s.totalStandardError(i) > 0.0 && s.totalStandardError(i) < 0.01, qPrintable(row));
        }
    }

    void standardErrorsShrinkAsOneOverRootN()
    {
        const SobolIndices small = ishigamiIndices(1000, 4);
        const SobolIndices large = ishigamiIndices(16000, 4);
        for (Index i = 0; i < 3; ++i) {
            // 16 times the samples: 4 times smaller errors, up to the noise of the estimates.
            const double mainRatio = small.mainStandardError(i) / large.mainStandardError(i);
            const double totalRatio = small.totalStandardError(i) / large.totalStandardError(i);
            QVERIFY2(mainRatio > 3.2 && mainRatio < 5.0, qPrintable(QString::number(mainRatio)));
            QVERIFY2(totalRatio > 3.2 && totalRatio < 5.0, qPrintable(QString::number(totalRatio)));
        }
    }

    // The error bars measure what they claim: over 100 seeds, the spread of each estimate is
    // about its mean standard error.
    void standardErrorsMatchTheSpreadOverSeeds()
    {
        const int runs = 100;
        Matrix estimates(runs, 6), errors(runs, 6);
        for (int r = 0; r < runs; ++r) {
            const SobolIndices s = ishigamiIndices(500, std::uint64_t(100 + r));
            estimates.row(r) << s.main.transpose(), s.total.transpose();
            errors.row(r) << s.mainStandardError.transpose(), s.totalStandardError.transpose();
        }
        for (Index j = 0; j < 6; ++j) {
            const double mean = estimates.col(j).mean();
            const double spread =
                std::sqrt((estimates.col(j).array() - mean).square().sum() / (runs - 1));
            const double ratio = spread / errors.col(j).mean();
            QVERIFY2(ratio > 0.7 && ratio < 1.4,
                     qPrintable(QString("index %1: spread / error = %2").arg(j).arg(ratio)));
        }
    }

    void aFunctionOfX1AloneHasAllItsVarianceOnX1()
    {
        const auto f = [](const Matrix& X) -> Vector {
            return (X.col(0).array().square() + X.col(0).array().sin()).matrix();
        };
        const SobolIndices s =
            emu::estimateSobolIndices(f, ParameterSpace::box(Vector{{-2.0, 0.0, 5.0}},
                                                             Vector{{3.0, 1.0, 6.0}}),
                                      SobolSettings{4000, 7});
        QVERIFY2(std::abs(s.main(0) - 1.0) < 3.0 * s.mainStandardError(0) &&
                     std::abs(s.main(0) - 1.0) < 0.05,
                 qPrintable(QString("%1 ± %2").arg(s.main(0)).arg(s.mainStandardError(0))));
        QVERIFY2(std::abs(s.total(0) - 1.0) < 3.0 * s.totalStandardError(0) &&
                     std::abs(s.total(0) - 1.0) < 0.05,
                 qPrintable(QString("%1 ± %2").arg(s.total(0)).arg(s.totalStandardError(0))));
        // Resampling x2 or x3 changes nothing, so their estimates and errors are exactly zero.
        for (Index i = 1; i < 3; ++i) {
            QCOMPARE(s.main(i), 0.0);
            QCOMPARE(s.total(i), 0.0);
            QCOMPARE(s.mainStandardError(i), 0.0);
            QCOMPARE(s.totalStandardError(i), 0.0);
        }
    }

    // f = x1 + 2 x2 on the unit square: V_i ∝ c_i², so S = ST = (1/5, 4/5); and an offset
    // added to f changes nothing (the outputs are centred).
    void anAdditiveFunctionSplitsItsVarianceAndIgnoresOffsets()
    {
        const auto linear = [](const Matrix& X) -> Vector { return X.col(0) + 2.0 * X.col(1); };
        const auto shifted = [&](const Matrix& X) -> Vector {
            return (linear(X).array() + 1000.0).matrix();
        };
        const SobolIndices s = emu::estimateSobolIndices(linear, unitCube(2), {8000, 3});
        for (Index i = 0; i < 2; ++i) {
            const double exact = i == 0 ? 0.2 : 0.8;
            QVERIFY(std::abs(s.main(i) - exact) < 3.0 * s.mainStandardError(i));
            QVERIFY(std::abs(s.total(i) - exact) < 3.0 * s.totalStandardError(i));
        }
        const SobolIndices t = emu::estimateSobolIndices(shifted, unitCube(2), {8000, 3});
        EMU_COMPARE_MATRIX(Matrix(t.main), Matrix(s.main), 1e-8, 1e-10);
        EMU_COMPARE_MATRIX(Matrix(t.total), Matrix(s.total), 1e-8, 1e-10);
        EMU_COMPARE_MATRIX(Matrix(t.mainStandardError), Matrix(s.mainStandardError), 1e-6, 1e-10);
        QVERIFY(std::abs(t.mean - s.mean - 1000.0) < 1e-9);
    }

    void sameSeedSameIndicesAndEveryPointInTheBox()
    {
        const ParameterSpace space =
            ParameterSpace::box(Vector{{-1.0, 10.0, 0.0}}, Vector{{1.0, 20.0, 0.5}});
        int calls = 0;
        const auto f = [&](const Matrix& X) -> Vector {
            ++calls;
            [&] { QVERIFY(space.contains(X) && X.rows() == 64); }();
            return (X.col(0).array() * X.col(1).array() + X.col(2).array().exp()).matrix();
        };
        const SobolIndices a = emu::estimateSobolIndices(f, space, {64, 5});
        QCOMPARE(calls, 5); // f(A), f(B) and one batch per input
        QCOMPARE(a.evaluations, Index(64 * 5));
        const SobolIndices b = emu::estimateSobolIndices(f, space, {64, 5});
        QCOMPARE(a.main, b.main);
        QCOMPARE(a.totalStandardError, b.totalStandardError);
        const SobolIndices c = emu::estimateSobolIndices(f, space, {64, 6});
        QVERIFY(a.main != c.main);
    }

    // The model overload analyses the predictive mean: the same numbers as passing it by hand.
    void aModelIsAnalysedThroughItsMean()
    {
        const ParameterSpace space = unitCube(2);
        const Matrix X = emu::latinHypercubeDesign(space, 20, 1);
        const Vector y = (3.0 * X.col(0).array() + X.col(1).array().square()).matrix();
        emu::GaussianProcess gp(emu::makeKernel("rbf", 2, true));
        gp.setData(X, y);
        const SobolIndices viaModel = emu::estimateSobolIndices(gp, space, {256, 2});
        const SobolIndices byHand = emu::estimateSobolIndices(
            [&gp](const Matrix& Xs) { return gp.predict(Xs).mean; }, space, {256, 2});
        QCOMPARE(viaModel.main, byHand.main);
        QCOMPARE(viaModel.total, byHand.total);
        QVERIFY(viaModel.main(0) > viaModel.main(1));
        const QString message =
            invalidInputMessage([&] { emu::estimateSobolIndices(gp, unitCube(3), {256, 2}); });
        QVERIFY2(message.contains("takes 2 inputs"), qPrintable(message));
    }

    void progressIsReportedAndCancelHonoured()
    {
        std::vector<double> fractions;
        emu::Progress progress([&](double f, const std::string&) { fractions.push_back(f); });
        const auto f = [](const Matrix& X) -> Vector { return X.rowwise().sum(); };
        emu::estimateSobolIndices(f, unitCube(3), {16, 0}, progress);
        QCOMPARE(fractions.size(), std::size_t(5));
        QCOMPARE(fractions.back(), 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

        int calls = 0;
        emu::Progress cancelling;
        const auto cancelAfterTwo = [&](const Matrix& X) -> Vector {
            if (++calls == 2)
                cancelling.cancel();
            return X.rowwise().sum();
        };
        QVERIFY_THROWS_EXCEPTION(emu::Cancelled, emu::estimateSobolIndices(
                                                     cancelAfterTwo, unitCube(3), {16, 0}, cancelling));
        QCOMPARE(calls, 2);
    }

    void invalidInputsAreRejected_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("one sample") << 0 << "at least 2 base samples";
        QTest::newRow("no inputs") << 1 << "at least one input";
        QTest::newRow("no function") << 2 << "need a function";
        QTest::newRow("wrong length") << 3 << "returned 3 values for a batch of 10 points";
        QTest::newRow("nan output") << 4 << "returned nan at (x1 = 0.";
        QTest::newRow("constant") << 5 << "constant over the 20 sampled points";
        QTest::newRow("inverted bounds") << 6 << "\"x1\": lower bound 1 must be below";
        QTest::newRow("infinite bound") << 7 << "\"x2\" needs finite bounds";
    }
    void invalidInputsAreRejected()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        const auto sum = [](const Matrix& X) -> Vector { return X.rowwise().sum(); };
        const QString what = invalidInputMessage([&] {
            switch (which) {
            case 0:
                emu::estimateSobolIndices(sum, unitCube(2), {1, 0});
                break;
            case 1:
                emu::estimateSobolIndices(sum, ParameterSpace(), {10, 0});
                break;
            case 2:
                emu::estimateSobolIndices(emu::BatchEvaluator(), unitCube(2), {10, 0});
                break;
            case 3:
                emu::estimateSobolIndices([](const Matrix&) { return Vector(Vector::Ones(3)); },
                                          unitCube(2), {10, 0});
                break;
            case 4:
                emu::estimateSobolIndices(
                    [](const Matrix& X) -> Vector {
                        Vector y = X.col(0);
                        y(4) = std::numeric_limits<double>::quiet_NaN();
                        return y;
                    },
                    unitCube(2), {10, 0});
                break;
            case 5:
                emu::estimateSobolIndices(
                    [](const Matrix& X) { return Vector(Vector::Constant(X.rows(), 0.1)); },
                    unitCube(2), {10, 0});
                break;
            case 6:
                emu::estimateSobolIndices(sum, ParameterSpace::box(Vector{{1.0}}, Vector{{0.0}}),
                                          {10, 0});
                break;
            case 7:
                emu::estimateSobolIndices(
                    sum,
                    ParameterSpace::box(Vector{{0.0, 0.0}},
                                        Vector{{1.0, std::numeric_limits<double>::infinity()}}),
                    {10, 0});
                break;
            }
        });
        QVERIFY2(what.contains(message), qPrintable(what));
        if (which == 4)
            QVERIFY2(what.contains("row 5"), qPrintable(what));
    }
};

QTEST_APPLESS_MAIN(TestSobolIndices)
#include "test_sobol_indices.moc"
