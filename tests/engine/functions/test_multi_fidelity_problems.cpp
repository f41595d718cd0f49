// Multi-fidelity test problems: the registry, every level against a second, scalar
// transcription of the published formulas, and the relations between levels that make each
// problem what it is (ρ = 2 for Forrester, a nonlinear map for the sine pair).

#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/functions/branin_function.h"
#include "engine/functions/forrester_function.h"
#include "engine/functions/hartmann_function.h"
#include "engine/functions/multi_fidelity_functions.h"
#include "engine/functions/multi_fidelity_problem.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace emu;

namespace {

constexpr double pi = std::numbers::pi;

double currinScalar(double x1, double x2)
{
    const double factor = x2 > 0.0 ? 1.0 - std::exp(-1.0 / (2.0 * x2)) : 1.0;
    return factor * (2300 * std::pow(x1, 3) + 1900 * x1 * x1 + 2092 * x1 + 60) /
           (100 * std::pow(x1, 3) + 500 * x1 * x1 + 4 * x1 + 20);
}

double parkScalar(double x1, double x2, double x3, double x4)
{
    // The published form (x1 > 0 here), not the engine's cancellation-free one.
    return x1 / 2 * (std::sqrt(1 + (x2 + x3 * x3) * x4 / (x1 * x1)) - 1) +
           (x1 + 3 * x4) * std::exp(1 + std::sin(x3));
}

double boreholeScalar(const double* x, bool high)
{
    const double rw = x[0], r = x[1], tu = x[2], hu = x[3], tl = x[4], hl = x[5], l = x[6],
                 kw = x[7];
    const double lr = std::log(r / rw);
    const double top = (high ? 2 * pi : 5.0) * tu * (hu - hl);
    return top / (lr * ((high ? 1.0 : 1.5) + 2 * l * tu / (lr * rw * rw * kw) + tu / tl));
}

double braninScalar(double x1, double x2)
{
    return std::pow(x2 - 5.1 / (4 * pi * pi) * x1 * x1 + 5 / pi * x1 - 6, 2) +
           10 * (1 - 1 / (8 * pi)) * std::cos(x1) + 10;
}

double braninMediumScalar(double x1, double x2)
{
    return 10 * std::sqrt(braninScalar(x1 - 2, x2 - 2)) + 2 * (x1 - 0.5) - 3 * (3 * x2 - 1) - 1;
}

Matrix row(std::initializer_list<double> values)
{
    Matrix x(1, Index(values.size()));
    Index j = 0;
    for (double v : values)
        x(0, j++) = v;
    return x;
}

} // namespace

class TestMultiFidelityProblems : public QObject
{
    Q_OBJECT
private slots:
    void registryListsEveryProblem()
    {
        const std::vector<std::string> ids{"forrester", "nonlinear-sin", "currin",   "park",
                                           "borehole",  "branin3",       "hartmann3", "formula-one"};
        const std::vector<Index> dims{1, 1, 2, 4, 8, 2, 3, 1}, levels{2, 2, 2, 2, 2, 3, 3, 3};
        QCOMPARE(multiFidelityProblems().size(), ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const MultiFidelityProblem& p = multiFidelityProblems()[i];
            QCOMPARE(p.id(), ids[i]);
            QCOMPARE(p.dimension(), dims[i]);
            QCOMPARE(p.levelCount(), levels[i]);
            const bool formulaOne = ids[i] == "formula-one";
            QCOMPARE(p.levelName(0), std::string(formulaOne ? "CFD" : "low"));
            QCOMPARE(p.levelName(p.highestLevel()), std::string(formulaOne ? "track" : "high"));
            QVERIFY(!p.displayName().empty() && !p.description().empty());
            QCOMPARE(multiFidelityProblems().find(ids[i]), &p);
            // Every level is finite on the whole box (corners included).
            Matrix U = Rng(3).uniformMatrix(200, p.dimension());
            U.row(0).setZero();
            U.row(1).setOnes();
            const Matrix X = p.space().fromUnitCube(U);
            for (Index t = 0; t < p.levelCount(); ++t)
                QVERIFY2(p.evaluate(t, X).allFinite(), ids[i].c_str());
        }
        QVERIFY(multiFidelityProblems().find("branin") == nullptr);
        try {
            multiFidelityProblems().at("hartmann");
            QFAIL("no exception");
        } catch (const InvalidInput& e) {
            QVERIFY(QString(e.what()).contains("borehole"));
        }
    }

    void levelsMatchTheFormulas_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("level");
        QTest::addColumn<Matrix>("x");
        QTest::addColumn<double>("expected");
        const double mid[8] = {0.1, 25050, 89335, 1050, 89.55, 760, 1400, 10950};
        const double corner[8] = {0.05, 50000, 63070, 990, 116, 820, 1680, 12045};
        QTest::newRow("currin high") << "currin" << 1 << row({0.5, 0.5}) << currinScalar(0.5, 0.5);
        QTest::newRow("currin high at x2 = 0")
            << "currin" << 1 << row({0.3, 0.0}) << currinScalar(0.3, 0.0);
        QTest::newRow("currin low") << "currin" << 0 << row({0.3, 0.02})
                                    << 0.25 * (currinScalar(0.35, 0.07) + currinScalar(0.35, 0.0) +
                                               currinScalar(0.25, 0.07) + currinScalar(0.25, 0.0));
        QTest::newRow("park high")
            << "park" << 1 << row({0.5, 0.2, 0.7, 0.9}) << parkScalar(0.5, 0.2, 0.7, 0.9);
        QTest::newRow("park low") << "park" << 0 << row({0.5, 0.2, 0.7, 0.9})
                                  << (1 + std::sin(0.5) / 10) * parkScalar(0.5, 0.2, 0.7, 0.9) -
                                         2 * 0.5 + 0.04 + 0.49 + 0.5;
        // x1 → 0: the first term tends to ½√((x2 + x3²) x4).
        QTest::newRow("park high at x1 = 0")
            << "park" << 1 << row({0.0, 0.2, 0.7, 0.9})
            << 0.5 * std::sqrt((0.2 + 0.49) * 0.9) + 2.7 * std::exp(1 + std::sin(0.7));
        QTest::newRow("borehole high, centre")
            << "borehole" << 1 << row({0.1, 25050, 89335, 1050, 89.55, 760, 1400, 10950})
            << boreholeScalar(mid, true);
        QTest::newRow("borehole low, centre")
            << "borehole" << 0 << row({0.1, 25050, 89335, 1050, 89.55, 760, 1400, 10950})
            << boreholeScalar(mid, false);
        QTest::newRow("borehole high, corner")
            << "borehole" << 1 << row({0.05, 50000, 63070, 990, 116, 820, 1680, 12045})
            << boreholeScalar(corner, true);
        QTest::newRow("branin3 high") << "branin3" << 2 << row({-pi, 12.275}) << 0.397887;
        QTest::newRow("branin3 medium")
            << "branin3" << 1 << row({2.0, 7.5}) << braninMediumScalar(2.0, 7.5);
        QTest::newRow("branin3 low")
            << "branin3" << 0 << row({2.0, 7.5}) << braninMediumScalar(4.8, 11.4) - 3 * 7.5 + 1;
        // The Formula One wing at 10°, written out once more from the formula.
        const double t = 10.0, stall = 1.0 / (1.0 + std::exp(-(t - 23.0))),
                     earlyStall = 1.0 / (1.0 + std::exp(-(t - 21.5)));
        QTest::newRow("formula-one CFD")
            << "formula-one" << 0 << row({t}) << 80.3 + 0.0035 * t * t - 3.0 * (1 - std::exp(-t / 6));
        QTest::newRow("formula-one tunnel")
            << "formula-one" << 1 << row({t})
            << 0.85 * (80 + 0.0035 * t * t - 3.2 * (1 - std::exp(-t / 6.5)) + 1.2 * earlyStall) + 12 + 0.015 * t;
        QTest::newRow("formula-one track")
            << "formula-one" << 2 << row({t})
            << 80 + 0.0035 * t * t - 3.2 * (1 - std::exp(-t / 7)) + 1.2 * stall + 0.12 * std::sin(t / 1.7);
        QTest::newRow("nonlinear low")
            << "nonlinear-sin" << 0 << row({0.3}) << std::sin(8 * pi * 0.3);
        QTest::newRow("nonlinear high")
            << "nonlinear-sin" << 1 << row({0.3})
            << (0.3 - std::sqrt(2.0)) * std::pow(std::sin(8 * pi * 0.3), 2);
    }
    void levelsMatchTheFormulas()
    {
        QFETCH(QString, id);
        QFETCH(int, level);
        QFETCH(Matrix, x);
        QFETCH(double, expected);
        const double value = multiFidelityProblems().at(id.toStdString()).evaluate(level, x)(0);
        QVERIFY2(std::abs(value - expected) <= 1e-6 * std::max(1.0, std::abs(expected)),
                 qPrintable(QString("%1 vs %2").arg(value, 0, 'g', 15).arg(expected, 0, 'g', 15)));
    }

    void relationsBetweenLevels()
    {
        const Matrix X = Rng(8).uniformMatrix(50, 1);
        // Forrester: the existing functions, with f_H = 2 f_L − 20(x − 0.5) + 10 exactly.
        const MultiFidelityProblem& forrester = multiFidelityProblems().at("forrester");
        const Vector high = forrester.evaluate(1, X), low = forrester.evaluate(0, X);
        EMU_COMPARE_MATRIX(high, ForresterFunction().evaluate(X), 0.0, 0.0);
        EMU_COMPARE_MATRIX(Vector(2.0 * low.array() - 20.0 * (X.col(0).array() - 0.5) + 10.0), high,
                           1e-12, 1e-12);
        // Nonlinear pair: f_H = (x − √2) f_L².
        const MultiFidelityProblem& sine = multiFidelityProblems().at("nonlinear-sin");
        const Vector fl = sine.evaluate(0, X);
        EMU_COMPARE_MATRIX(sine.evaluate(1, X),
                           Vector((X.col(0).array() - std::sqrt(2.0)) * fl.array().square()), 1e-14,
                           1e-14);
        // Branin's high fidelity is the registry's Branin.
        const MultiFidelityProblem& branin = multiFidelityProblems().at("branin3");
        const Matrix Xb = branin.space().fromUnitCube(Rng(9).uniformMatrix(30, 2));
        EMU_COMPARE_MATRIX(branin.evaluate(2, Xb), BraninFunction().evaluate(Xb), 1e-13, 1e-13);
    }

    void rejectsBadLevelsAndInputs()
    {
        const MultiFidelityProblem& p = multiFidelityProblems().at("currin");
        QVERIFY_THROWS_EXCEPTION(InvalidInput, p.evaluate(2, Matrix::Zero(1, 2)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, p.evaluate(-1, Matrix::Zero(1, 2)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, p.evaluate(0, Matrix::Zero(1, 3)));
        Matrix nan = Matrix::Zero(2, 2);
        nan(1, 0) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, p.evaluate(1, nan));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, p.levelName(2));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 MultiFidelityProblem("x", "X", "",
                                                      ParameterSpace().addContinuous("a", 0, 1),
                                                      {"only"}, {mf::nonlinearSinLow}, {1.0}));
    }

    void everyLevelHasAPositiveCost()
    {
        for (const MultiFidelityProblem& p : multiFidelityProblems()) {
            QCOMPARE(Index(p.costs().size()), p.levelCount());
            const std::vector<double> expected =
                p.levelCount() == 2 ? std::vector<double>{1, 10} : std::vector<double>{1, 5, 25};
            QCOMPARE(p.costs(), expected);
            QCOMPARE(p.cost(p.highestLevel()), expected.back());
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, multiFidelityProblems().at("currin").cost(2));
        const ParameterSpace space = ParameterSpace().addContinuous("a", 0, 1);
        const std::vector<MultiFidelityProblem::LevelFunction> two{mf::nonlinearSinLow, mf::nonlinearSinHigh};
        for (const std::vector<double>& bad : {std::vector<double>{1.0}, std::vector<double>{1.0, 0.0},
                                              std::vector<double>{-1.0, 2.0},
                                              std::vector<double>{1.0, std::nan("")}}) {
            try {
                MultiFidelityProblem("x", "X", "", space, {"low", "high"}, two, bad);
                QFAIL("a bad cost was accepted");
            } catch (const InvalidInput& e) {
                QVERIFY2(QString(e.what()).contains("cost"), e.what());
            }
        }
    }

    void noiseIsDeclaredPerLevel()
    {
        const std::vector<double> formulaOneNoise{0.0, 0.03, 0.05};
        for (const MultiFidelityProblem& p : multiFidelityProblems())
            for (Index t = 0; t < p.levelCount(); ++t)
                QCOMPARE(p.noiseSd(t), p.id() == "formula-one" ? formulaOneNoise[std::size_t(t)] : 0.0);
        // evaluate() is the noiseless truth: the same value twice.
        const MultiFidelityProblem& f1 = multiFidelityProblems().at("formula-one");
        QCOMPARE(f1.evaluate(2, row({12.0}))(0), f1.evaluate(2, row({12.0}))(0));
        const ParameterSpace space = ParameterSpace().addContinuous("a", 0, 1);
        const std::vector<MultiFidelityProblem::LevelFunction> two{mf::nonlinearSinLow, mf::nonlinearSinHigh};
        for (const std::vector<double>& bad : {std::vector<double>{0.1}, std::vector<double>{0.1, -0.1},
                                              std::vector<double>{0.0, std::nan("")}}) {
            try {
                MultiFidelityProblem("x", "X", "", space, {"low", "high"}, two, {1.0, 2.0}, bad);
                QFAIL("a bad noise sd was accepted");
            } catch (const InvalidInput& e) {
                QVERIFY2(QString(e.what()).contains("noise"), e.what());
            }
        }
    }

    void hartmannLevelsMoveTheWellWeights()
    {
        // The high level is the standard Hartmann 3-D; the others follow α + (3 − m)δ, written
        // out here once more from the formula.
        const MultiFidelityProblem& p = multiFidelityProblems().at("hartmann3");
        QCOMPARE(p.dimension(), Index(3));
        const Matrix X = Rng(4).uniformMatrix(40, 3);
        EMU_COMPARE_MATRIX(p.evaluate(2, X), HartmannFunction(3).evaluate(X), 1e-14, 1e-14);
        const HartmannFunction h(3);
        const double alpha[4] = {1.0, 1.2, 3.0, 3.2}, delta[4] = {0.01, -0.01, -0.1, 0.1};
        for (int level = 0; level < 2; ++level) {
            const Vector values = p.evaluate(level, X);
            for (Index r = 0; r < X.rows(); ++r) {
                double sum = 0.0;
                for (int i = 0; i < 4; ++i) {
                    double r2 = 0.0;
                    for (int j = 0; j < 3; ++j)
                        r2 += h.wellWidths()(i, j) * std::pow(X(r, j) - h.wellCentres()(i, j), 2);
                    sum += (alpha[i] + (2 - level) * delta[i]) * std::exp(-r2);
                }
                QVERIFY(std::abs(values(r) + sum) < 1e-13);
            }
        }
        // The levels agree on where the minimum lies, roughly: that is what makes them useful.
        const Matrix best = h.minimisers();
        for (int level = 0; level < 2; ++level)
            QVERIFY(p.evaluate(level, best)(0) < -3.5);
    }
};

QTEST_APPLESS_MAIN(TestMultiFidelityProblems)
#include "test_multi_fidelity_problems.moc"
