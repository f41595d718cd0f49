#include "common/fuzzy.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/ackley_function.h"
#include "engine/functions/function_registry.h"
#include "engine/functions/hartmann_function.h"
#include "engine/functions/ishigami_function.h"
#include "engine/functions/levy_function.h"

#include <QtTest>

#include <limits>
#include <numbers>

using emu::Index;
using emu::Matrix;
using emu::TestFunction;
using emu::Vector;

namespace {

constexpr double tolerance = 1e-4;

const char* const allIds[] = {"forrester", "forrester-low", "branin", "six-hump-camel",
                              "hartmann3", "hartmann6",     "ishigami", "ackley", "levy"};

/// Ids with the published global minimum (from the literature, not from our own code) and the
/// default dimension.
void addPublishedRows()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("dimension");
    QTest::addColumn<double>("published");
    QTest::newRow("forrester") << "forrester" << 1 << -6.02074;
    QTest::newRow("forrester-low") << "forrester-low" << 1 << -9.33490;
    QTest::newRow("branin") << "branin" << 2 << 0.397887;
    QTest::newRow("six-hump-camel") << "six-hump-camel" << 2 << -1.0316;
    QTest::newRow("hartmann3") << "hartmann3" << 3 << -3.86278;
    QTest::newRow("hartmann6") << "hartmann6" << 6 << -3.32237;
    // −(1 + 0.1 π⁴): the closed form, as the literature states the indices, not the minimum.
    QTest::newRow("ishigami") << "ishigami" << 3 << -10.7409091;
    QTest::newRow("ackley") << "ackley" << 2 << 0.0;
    QTest::newRow("ackley 5-D") << "ackley" << 5 << 0.0;
    QTest::newRow("levy") << "levy" << 2 << 0.0;
    QTest::newRow("levy 1-D") << "levy" << 1 << 0.0;
    QTest::newRow("levy 7-D") << "levy" << 7 << 0.0;
}

Matrix point(std::initializer_list<double> values)
{
    Matrix x(1, static_cast<Index>(values.size()));
    Index j = 0;
    for (double v : values)
        x(0, j++) = v;
    return x;
}

/// −Σ α_i exp(−Σ_j A_ij P_ij²), from a second transcription of the standard 6-D tables, so that
/// a typo in any entry of the engine's copy shows (the minimum only exercises the deepest well).
double hartmann6AtOrigin()
{
    const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
    const double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                            {0.05, 10, 17, 0.1, 8, 14},
                            {3, 3.5, 1.7, 10, 17, 8},
                            {17, 8, 0.05, 10, 0.1, 14}};
    const double P[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    double f = 0.0;
    for (int i = 0; i < 4; ++i) {
        double r2 = 0.0;
        for (int j = 0; j < 6; ++j)
            r2 += A[i][j] * P[i][j] * P[i][j];
        f -= alpha[i] * std::exp(-r2);
    }
    return f;
}

} // namespace

class TestFunctions : public QObject
{
    Q_OBJECT
private slots:
    void registryHasEveryFunction()
    {
        std::vector<std::string> ids;
        for (const emu::FunctionInfo& info : emu::functionRegistry()) {
            ids.push_back(info.id);
            QVERIFY(!info.displayName.empty() && !info.description.empty() && info.factory);
            const auto f = emu::makeFunction(info.id);
            QCOMPARE(f->id(), info.id);
            QCOMPARE(f->displayName(), info.displayName);
            QCOMPARE(f->dimension(), info.defaultDimension);
            QCOMPARE(f->space().dimension(), info.defaultDimension);
        }
        QCOMPARE(ids, std::vector<std::string>(std::begin(allIds), std::end(allIds)));
        QCOMPARE(emu::functionRegistry().find("forrester-low")->highFidelityId, std::string("forrester"));
        QVERIFY(emu::functionRegistry().find("rosenbrock") == nullptr);
    }

    void minimiserGivesTheKnownMinimum_data() { addPublishedRows(); }
    void minimiserGivesTheKnownMinimum()
    {
        QFETCH(QString, id);
        QFETCH(int, dimension);
        QFETCH(double, published);
        const auto f = emu::makeFunction(id.toStdString(), dimension);
        QCOMPARE(f->dimension(), Index(dimension));
        QVERIFY2(std::abs(f->minimumValue() - published) < tolerance,
                 qPrintable(QString::number(f->minimumValue(), 'g', 12)));
        const Matrix xs = f->minimisers();
        QVERIFY(xs.rows() >= 1);
        QVERIFY(f->space().contains(xs));
        const Vector values = f->evaluate(xs);
        for (Index i = 0; i < values.size(); ++i)
            QVERIFY2(std::abs(values(i) - f->minimumValue()) < tolerance,
                     qPrintable(QString("minimiser %1: %2").arg(i).arg(values(i), 0, 'g', 12)));
    }

    void noSampleBeatsTheMinimum_data() { addPublishedRows(); }
    void noSampleBeatsTheMinimum()
    {
        QFETCH(QString, id);
        QFETCH(int, dimension);
        const auto f = emu::makeFunction(id.toStdString(), dimension);
        const Matrix X = emu::randomDesign(f->space(), 10000, 11);
        const Vector y = f->evaluate(X);
        QCOMPARE(y.size(), Index(10000));
        QVERIFY(y.allFinite());
        Index worst = 0;
        y.minCoeff(&worst);
        QVERIFY2(y(worst) >= f->minimumValue() - tolerance,
                 qPrintable(QString("f = %1 at sample %2").arg(y(worst), 0, 'g', 12).arg(worst)));
    }

    // Where the function is smooth, each minimiser is a stationary point and a local minimum:
    // checks the minimiser itself, not only its value.
    void minimisersAreLocalMinima_data() { addPublishedRows(); }
    void minimisersAreLocalMinima()
    {
        QFETCH(QString, id);
        QFETCH(int, dimension);
        const auto f = emu::makeFunction(id.toStdString(), dimension);
        const Matrix xs = f->minimisers();
        for (Index i = 0; i < xs.rows(); ++i) {
            const Vector x0 = xs.row(i).transpose();
            auto value = [&](const Vector& x) { return f->evaluate(x.transpose())(0); };
            // Ackley is not differentiable at its minimum; Ishigami's minimisers lie on the
            // box's edge (x3 = ±π), where f still falls outwards.
            if (id != "ackley" && id != "ishigami") {
                const Vector g = emu::test::finiteDifferenceGradient(value, x0, 1e-6);
                QVERIFY2(g.norm() < 1e-3, qPrintable(QString("gradient norm %1").arg(g.norm())));
            }
            for (Index j = 0; j < x0.size(); ++j)
                for (double step : {-1e-3, 1e-3}) {
                    Vector x = x0;
                    x(j) += step;
                    if (f->space().contains(x.transpose()))
                        QVERIFY(value(x) >= value(x0) - 1e-12);
                }
        }
    }

    void knownValuesAtOtherPoints_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<Matrix>("x");
        QTest::addColumn<double>("expected");
        // Closed forms at hand-picked points, independent of the vectorised code.
        const double pi = std::numbers::pi;
        QTest::newRow("forrester 0") << "forrester" << point({0.0}) << 4.0 * std::sin(-4.0);
        QTest::newRow("forrester 1") << "forrester" << point({1.0}) << 16.0 * std::sin(8.0);
        QTest::newRow("forrester-low 0")
            << "forrester-low" << point({0.0}) << 2.0 * std::sin(-4.0) - 10.0;
        QTest::newRow("forrester-low 1") << "forrester-low" << point({1.0}) << 8.0 * std::sin(8.0);
        QTest::newRow("branin origin")
            << "branin" << point({0.0, 0.0}) << 36.0 + 10.0 * (1.0 - 1.0 / (8.0 * pi)) + 10.0;
        QTest::newRow("camel (1,1)")
            << "six-hump-camel" << point({1.0, 1.0}) << 4.0 - 2.1 + 1.0 / 3.0 + 1.0;
        QTest::newRow("levy origin")
            << "levy" << point({0.0, 0.0})
            << std::pow(std::sin(0.75 * pi), 2) +
                   0.0625 * (1.0 + 10.0 * std::pow(std::sin(0.75 * pi + 1.0), 2)) +
                   0.0625 * (1.0 + std::pow(std::sin(1.5 * pi), 2));
        QTest::newRow("ackley (1,1)")
            << "ackley" << point({1.0, 1.0})
            << -20.0 * std::exp(-0.2) - std::exp(1.0) + 20.0 + std::numbers::e;
        QTest::newRow("hartmann3 far corner")
            << "hartmann3" << point({1.0, 1.0, 1.0})
            << -(1.0 *
                     std::exp(-(3 * 0.6311 * 0.6311 + 10 * 0.883 * 0.883 + 30 * 0.7327 * 0.7327)) +
                 1.2 * std::exp(
                           -(0.1 * 0.5301 * 0.5301 + 10 * 0.5613 * 0.5613 + 35 * 0.253 * 0.253)) +
                 3.0 * std::exp(
                           -(3 * 0.8909 * 0.8909 + 10 * 0.1268 * 0.1268 + 30 * 0.4453 * 0.4453)) +
                 3.2 * std::exp(
                           -(0.1 * 0.9619 * 0.9619 + 10 * 0.4257 * 0.4257 + 35 * 0.1172 * 0.1172)));
        QTest::newRow("ishigami (pi/2, pi/2, 1)")
            << "ishigami" << point({pi / 2.0, pi / 2.0, 1.0}) << 1.0 + 7.0 + 0.1;
        QTest::newRow("ishigami (-pi/6, 0, 2)")
            << "ishigami" << point({-pi / 6.0, 0.0, 2.0}) << -0.5 - 0.1 * 16.0 * 0.5;
        QTest::newRow("hartmann6 origin")
            << "hartmann6" << Matrix(Matrix::Zero(1, 6)) << hartmann6AtOrigin();
    }
    void knownValuesAtOtherPoints()
    {
        QFETCH(QString, id);
        QFETCH(Matrix, x);
        QFETCH(double, expected);
        const auto f = emu::makeFunction(id.toStdString(), x.cols());
        EMU_COMPARE_MATRIX(Matrix(f->evaluate(x)), Matrix::Constant(1, 1, expected), 1e-12, 1e-12);
    }

    void batchEqualsOnePointAtATime_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : allIds)
            QTest::newRow(id) << id;
    }
    void batchEqualsOnePointAtATime()
    {
        QFETCH(QString, id);
        const auto f = emu::makeFunction(id.toStdString());
        const Matrix X = emu::sobolDesign(f->space(), 33, 4);
        const Vector batch = f->evaluate(X);
        QCOMPARE(batch.size(), X.rows());
        for (Index i = 0; i < X.rows(); ++i)
            QCOMPARE(batch(i), f->evaluate(X.row(i))(0));
        QCOMPARE(f->evaluate(Matrix(0, f->dimension())).size(), Index(0));
    }

    void badInputsAreRejected_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("which");
        for (const char* id : allIds)
            for (int which : {0, 1, 2, 3})
                QTest::newRow(qPrintable(QString("%1 case %2").arg(id).arg(which))) << id << which;
    }
    void badInputsAreRejected()
    {
        QFETCH(QString, id);
        QFETCH(int, which);
        const auto f = emu::makeFunction(id.toStdString());
        Matrix X = Matrix::Constant(3, f->dimension(), 0.5);
        switch (which) {
        case 0:
            X(2, 0) = std::numeric_limits<double>::quiet_NaN();
            break;
        case 1:
            X(1, f->dimension() - 1) = std::numeric_limits<double>::infinity();
            break;
        case 2:
            X = Matrix::Zero(3, f->dimension() + 1);
            break;
        case 3:
            X = Matrix::Zero(2, 0);
            break;
        }
        try {
            f->evaluate(X);
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            const QString what = e.what();
            QVERIFY2(what.contains(QString::fromStdString(f->displayName())), qPrintable(what));
            if (which == 0)
                QVERIFY2(what.contains("row 3"), qPrintable(what));
        }
    }

    void badIdsAndDimensionsAreRejected_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("dimension");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown id") << "rosenbrock" << 0
                                    << "valid functions are: forrester, forrester-low, branin, "
                                       "six-hump-camel, hartmann3, hartmann6, ishigami, ackley, levy";
        QTest::newRow("branin in 3-D") << "branin" << 3 << "in 2 dimension(s) only";
        QTest::newRow("hartmann3 in 6-D") << "hartmann3" << 6 << "in 3 dimension(s) only";
        QTest::newRow("ackley negative") << "ackley" << -2 << "at least 1";
        QTest::newRow("levy negative") << "levy" << -1 << "at least 1";
    }
    void badIdsAndDimensionsAreRejected()
    {
        QFETCH(QString, id);
        QFETCH(int, dimension);
        QFETCH(QString, message);
        try {
            emu::makeFunction(id.toStdString(), dimension);
            QFAIL("no exception");
        } catch (const emu::InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    // The four-decimal values the sensitivity-analysis literature tabulates for a = 7, b = 0.1,
    // typed in rather than computed, so a slip in the engine's formulas shows.
    void ishigamiIndicesMatchThePublishedValues()
    {
        const emu::AnalyticSobolIndices s = emu::IshigamiFunction().analyticIndices();
        QVERIFY(std::abs(s.mean - 3.5) < 1e-12);
        QVERIFY2(std::abs(s.variance - 13.8446) < 1e-4, qPrintable(QString::number(s.variance)));
        EMU_COMPARE_MATRIX(Matrix(s.main), Matrix(Vector{{0.3139, 0.4424, 0.0}}), 0.0, 5e-5);
        EMU_COMPARE_MATRIX(Matrix(s.total), Matrix(Vector{{0.5576, 0.4424, 0.2437}}), 0.0, 5e-5);
        // x1 and x3 interact only with each other: ST1 + ST2 = S1 + S2 + S13 = 1.
        QVERIFY(std::abs(s.total(0) + s.total(1) - 1.0) < 1e-12);
    }

    // The closed-form mean and variance against 2^16 scrambled Sobol' points.
    void ishigamiMomentsMatchSampling()
    {
        const emu::IshigamiFunction f;
        const Vector y = f.evaluate(emu::sobolDesign(f.space(), 1 << 16, 5));
        const double mean = y.mean();
        const double variance = (y.array() - mean).square().mean();
        const emu::AnalyticSobolIndices s = f.analyticIndices();
        QVERIFY2(std::abs(mean - s.mean) < 0.02, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(variance - s.variance) < 0.01 * s.variance,
                 qPrintable(QString::number(variance)));
    }

    void constructorsCheckDimensions()
    {
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::HartmannFunction(4));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::AckleyFunction(0));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::LevyFunction(0));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::IshigamiFunction(7.0, 0.0));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput,
                                 emu::IshigamiFunction(std::numeric_limits<double>::quiet_NaN()));
        QCOMPARE(emu::AckleyFunction(9).space().upperBounds(), Vector::Constant(9, 32.768));
        QCOMPARE(emu::LevyFunction(4).space().lowerBounds(), Vector::Constant(4, -10.0));
    }
};

QTEST_APPLESS_MAIN(TestFunctions)
#include "test_functions.moc"
