#include "engine/core/errors.h"
#include "engine/optim/bounded_minimizer.h"

#include "common/fuzzy.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace emu;

namespace {

/// Rosenbrock in n dimensions, minimum 0 at (1, …, 1).
double rosenbrock(const Vector& x, Vector& g)
{
    double f = 0.0;
    g.setZero();
    for (Index i = 0; i + 1 < x.size(); ++i) {
        const double a = 1.0 - x(i), b = x(i + 1) - x(i) * x(i);
        f += a * a + 100.0 * b * b;
        g(i) += -2.0 * a - 400.0 * x(i) * b;
        g(i + 1) += 200.0 * b;
    }
    return f;
}

Vector vec(std::initializer_list<double> v)
{
    Vector out(Index(v.size()));
    Index i = 0;
    for (double x : v)
        out(i++) = x;
    return out;
}

} // namespace

class TestBoundedMinimizer : public QObject
{
    Q_OBJECT
private slots:
    void findsRosenbrockMinimum_data()
    {
        QTest::addColumn<Vector>("x0");
        QTest::addColumn<Vector>("lower");
        QTest::addColumn<Vector>("upper");
        QTest::addColumn<Vector>("expected");
        QTest::addColumn<double>("expectedValue");
        QTest::newRow("2d inside box") << vec({-1.2, 1.0}) << vec({-2, -2}) << vec({2, 2})
                                       << vec({1, 1}) << 0.0;
        QTest::newRow("2d start on bound") << vec({-2.0, 2.0}) << vec({-2, -2}) << vec({2, 2})
                                           << vec({1, 1}) << 0.0;
        // x ≤ 0.5 cuts the valley: the constrained minimum is (0.5, 0.25) with value 0.25.
        QTest::newRow("2d active bound") << vec({-1.0, 1.0}) << vec({-2, -2}) << vec({0.5, 2})
                                         << vec({0.5, 0.25}) << 0.25;
        QTest::newRow("5d") << Vector(Vector::Constant(5, -0.5)) << Vector(Vector::Constant(5, -3))
                            << Vector(Vector::Constant(5, 3)) << Vector(Vector::Ones(5)) << 0.0;
    }
    void findsRosenbrockMinimum()
    {
        QFETCH(Vector, x0);
        QFETCH(Vector, lower);
        QFETCH(Vector, upper);
        QFETCH(Vector, expected);
        QFETCH(double, expectedValue);
        MinimizeOptions opts;
        opts.maxIterations = 1000;
        opts.gradientTolerance = 1e-8;
        opts.valueTolerance = 0.0;
        bool outside = false;
        const Objective f = [&](const Vector& x, Vector& g) {
            if ((x.array() < lower.array()).any() || (x.array() > upper.array()).any())
                outside = true;
            return rosenbrock(x, g);
        };
        const MinimizeResult r = minimizeBounded(f, x0, lower, upper, opts);
        QVERIFY2(!outside, "the objective was evaluated outside the bounds");
        EMU_COMPARE_MATRIX(r.x, expected, 0.0, 1e-4);
        QVERIFY(std::abs(r.value - expectedValue) < 1e-7);
        QVERIFY(r.iterations > 0);
        QVERIFY(r.evaluations >= r.iterations);
        QCOMPARE(r.startValues.size(), std::size_t(1));
        QCOMPARE(r.startValues[0], r.value);
    }

    void restartsAreReproducibleWithASeed()
    {
        // A double well in each coordinate, (x² − 1)² + 0.3x: four local minima, the global one
        // near (−1, −1) with value ≈ −0.6; a start at (2, 2) slides into the worst, ≈ +0.6.
        const Objective f = [](const Vector& x, Vector& g) {
            double value = 0.0;
            for (Index i = 0; i < 2; ++i) {
                const double w = x(i) * x(i) - 1.0;
                value += w * w + 0.3 * x(i);
                g(i) = 4.0 * x(i) * w + 0.3;
            }
            return value;
        };
        MinimizeOptions opts;
        opts.restarts = 6;
        opts.seed = 11;
        const Vector lo = Vector::Constant(2, -2), hi = Vector::Constant(2, 2);
        const Vector x0 = Vector::Constant(2, 2.0);
        const MinimizeResult a = minimizeBounded(f, x0, lo, hi, opts);
        const MinimizeResult b = minimizeBounded(f, x0, lo, hi, opts);
        QCOMPARE(a.startValues.size(), std::size_t(7));
        QCOMPARE(a.startValues, b.startValues);
        QCOMPARE(a.x, b.x);
        opts.seed = 12;
        const MinimizeResult c = minimizeBounded(f, x0, lo, hi, opts);
        QVERIFY(a.startValues != c.startValues);
        // The best start is kept: the value is the minimum over the starts, and the random
        // starts find the global minimum that the start at x0 misses.
        QCOMPARE(a.value, *std::min_element(a.startValues.begin(), a.startValues.end()));
        QVERIFY(a.startValues[0] > 0.5);
        QVERIFY(a.value < -0.55);
        QVERIFY(a.x(0) < -0.9 && a.x(1) < -0.9);
    }

    void randomStartsAreDrawnInTheStartBox()
    {
        // A flat objective: every start stops at once, so the evaluated points are the starts.
        std::vector<Vector> starts;
        const Objective flat = [&](const Vector& x, Vector& g) {
            starts.push_back(x);
            g.setZero();
            return 1.0;
        };
        MinimizeOptions opts;
        opts.restarts = 50;
        opts.startLower = Vector::Constant(2, 0.5);
        opts.startUpper = Vector::Constant(2, 0.6);
        opts.startUpper(1) = 7.0; // beyond the bound 5: clipped
        const Vector lo = Vector::Constant(2, -5), hi = Vector::Constant(2, 5);
        minimizeBounded(flat, Vector::Zero(2), lo, hi, opts);
        QCOMPARE(int(starts.size()), 51);
        QCOMPARE(starts[0], Vector(Vector::Zero(2))); // x0 first, wherever the box is
        double maxSecond = 0.0;
        for (std::size_t i = 1; i < starts.size(); ++i) {
            QVERIFY(starts[i](0) >= 0.5 && starts[i](0) <= 0.6);
            QVERIFY(starts[i](1) >= 0.5 && starts[i](1) <= 5.0);
            maxSecond = std::max(maxSecond, starts[i](1));
        }
        QVERIFY(maxSecond > 3.0); // the box really spans to the bound
        opts.startUpper(0) = 0.4; // lower > upper
        QVERIFY_THROWS_EXCEPTION(InvalidInput, minimizeBounded(flat, Vector::Zero(2), lo, hi, opts));
    }

    void nonFiniteValuesAreAvoided()
    {
        // (x − 2)² but NaN beyond 1.5: the best reachable point is near the NaN edge.
        const Objective f = [](const Vector& x, Vector& g) {
            if (x(0) > 1.5)
                return std::numeric_limits<double>::quiet_NaN();
            g(0) = 2 * (x(0) - 2);
            return (x(0) - 2) * (x(0) - 2);
        };
        const MinimizeResult r =
            minimizeBounded(f, Vector::Constant(1, -3), Vector::Constant(1, -5),
                            Vector::Constant(1, 5), MinimizeOptions{});
        QVERIFY(std::isfinite(r.value));
        QVERIFY(r.x(0) <= 1.5);
        QVERIFY2(r.x(0) > 1.49, "should back off from the NaN region to its edge at 1.5");
        QCOMPARE(r.value, (r.x(0) - 2) * (r.x(0) - 2));
    }

    void infiniteEverywhereGivesInfNotNaN()
    {
        const Objective f = [](const Vector&, Vector&) {
            return std::numeric_limits<double>::infinity();
        };
        MinimizeOptions opts;
        opts.restarts = 2;
        const MinimizeResult r = minimizeBounded(f, Vector::Constant(2, 9.0), Vector::Zero(2),
                                                 Vector::Ones(2), opts);
        QVERIFY(std::isinf(r.value) && r.value > 0);
        QCOMPARE(r.x, Vector::Ones(2)); // x0 projected into the box
        QCOMPARE(r.startValues.size(), std::size_t(3));
    }

    void fixedCoordinatesStayFixed()
    {
        Vector lo(3), hi(3);
        lo << -5, 0.7, -5;
        hi << 5, 0.7, 5;
        const Objective f = [](const Vector& x, Vector& g) {
            g = 2 * (x - Vector::Constant(3, 1.0));
            return (x - Vector::Constant(3, 1.0)).squaredNorm();
        };
        MinimizeOptions opts;
        opts.restarts = 2;
        const MinimizeResult r = minimizeBounded(f, Vector::Zero(3), lo, hi, opts);
        QCOMPARE(r.x(1), 0.7);
        QVERIFY(std::abs(r.x(0) - 1) < 1e-5 && std::abs(r.x(2) - 1) < 1e-5);
    }

    void reportsProgressAndHonoursCancel()
    {
        int reports = 0;
        Progress progress([&](double, const std::string&) { ++reports; });
        MinimizeOptions opts;
        opts.restarts = 3;
        const Objective f = [](const Vector& x, Vector& g) {
            g = 2 * x;
            return x.squaredNorm();
        };
        minimizeBounded(f, Vector::Ones(2), -Vector::Ones(2) * 2, Vector::Ones(2) * 2, opts,
                        progress);
        QVERIFY(reports >= 4);

        Progress cancelled;
        int calls = 0;
        const Objective counting = [&](const Vector& x, Vector& g) {
            ++calls;
            if (calls == 3)
                cancelled.cancel(); // during the first start: the second start must not run
            g = 2 * x;
            return x.squaredNorm();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, minimizeBounded(counting, Vector::Ones(2),
                                                            -2 * Vector::Ones(2),
                                                            2 * Vector::Ones(2), opts, cancelled));
    }

    void rejectsInvalidArguments()
    {
        const Objective f = [](const Vector& x, Vector& g) {
            g = 2 * x;
            return x.squaredNorm();
        };
        MinimizeOptions opts;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, minimizeBounded(f, Vector::Zero(2), Vector::Ones(2),
                                                               Vector::Zero(2), opts));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, minimizeBounded(f, Vector::Zero(2), Vector::Zero(3),
                                                               Vector::Ones(3), opts));
        Vector x0 = Vector::Zero(2);
        x0(1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidInput, minimizeBounded(f, x0, -Vector::Ones(2),
                                                               Vector::Ones(2), opts));
        opts.restarts = 1;
        const Vector inf = Vector::Constant(2, std::numeric_limits<double>::infinity());
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 minimizeBounded(f, Vector::Zero(2), -inf, inf, opts));
        opts.restarts = 0; // a single start may be unbounded
        const MinimizeResult r = minimizeBounded(f, Vector::Ones(2), -inf, inf, opts);
        QVERIFY(r.value < 1e-10);
    }
};

QTEST_APPLESS_MAIN(TestBoundedMinimizer)
#include "test_bounded_minimizer.moc"
