#include "ui/charts/nice_axis.h"

#include <QChart>
#include <QChartView>
#include <QFontMetrics>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

/// Labels of steps finer than 10^−this switch to exponent notation.
constexpr int kMostFixedDecimals = 4;
/// Range ends closer than this (in steps) to a tick count as lying on it.
constexpr double kSnap = 1e-9;
/// 2.5 × 10^k steps need one more decimal than their neighbours: chosen only when clearly better.
constexpr double kQuarterPenalty = 0.5;
/// Weight of the empty part of a widened axis against one tick more or less than the target.
constexpr double kWastePenalty = 2.0;
/// Axis ends are kept within ±this: widening a range near the largest double (±1.8e308), or the
/// span between such ends, would overflow to infinity and leave no step to choose.
constexpr double kLargestEnd = 1e300;
/// Axis ends closer to 0 than this count as 0: a tenth of a subnormal (an expected improvement
/// of 5e-324) underflows to 0, again leaving no step.
constexpr double kSmallestEnd = 1e-300;

/// `end` as an axis can show it: within ±kLargestEnd, and 0 when closer to it than kSmallestEnd.
double drawableEnd(double end)
{
    return std::abs(end) < kSmallestEnd ? 0.0 : std::clamp(end, -kLargestEnd, kLargestEnd);
}

double roundTo(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale + 0.0; // + 0.0 turns −0 into 0
}

/// Significant digits that show `value` to `decimals` places after the point.
int significantDigits(double value, int decimals)
{
    return value == 0.0 ? 1
                        : std::max(1, int(std::floor(std::log10(std::abs(value)))) + decimals + 1);
}

NiceTicks layout(double low, double high, double step, bool expand)
{
    NiceTicks t;
    t.step = step;
    t.decimals = tickDecimals(step);
    if (expand) {
        t.low = roundTo(std::floor(low / step + kSnap) * step, t.decimals);
        t.high = roundTo(std::ceil(high / step - kSnap) * step, t.decimals);
        t.first = t.low;
    } else {
        t.first = roundTo(std::ceil(low / step - kSnap) * step, t.decimals);
        // A tick within kSnap of an end sits on it: the range reaches it exactly.
        t.low = std::min(low, t.first);
        t.high = std::max(high, roundTo(std::floor(high / step + kSnap) * step, t.decimals));
    }
    const double last = std::floor(t.high / step + kSnap) * step;
    t.count = std::max(0, int(std::lround((last - t.first) / step)) + 1);
    return t;
}

} // namespace

int tickDecimals(double step)
{
    step = std::abs(step);
    if (!(step > 0.0) || !std::isfinite(step))
        return 0;
    constexpr int kMaxDecimals = 15;
    for (int d = 0; d < kMaxDecimals; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) <= 1e-9 * scaled)
            return d;
    }
    return kMaxDecimals;
}

NiceTicks niceTicks(double low, double high, const AxisScale& scale)
{
    if (!std::isfinite(low) || !std::isfinite(high)) {
        low = 0.0;
        high = 1.0;
    }
    low = drawableEnd(low);
    high = drawableEnd(high);
    if (low > high)
        std::swap(low, high);
    if (scale.fromZero) {
        low = 0.0;
        high = std::max(high, 0.0);
    }
    if (!scale.expand) {
        const double room = scale.margin * (high - low);
        high += room;
        if (!scale.fromZero)
            low -= room;
    }
    if (high - low <= 1e-12 * std::max(1.0, std::abs(high))) {
        // A single value (a flat curve, one point): show a neighbourhood of it.
        const double half =
            std::max({0.1 * std::abs(high), scale.integers ? 1.0 : 0.0, high == 0.0 ? 0.5 : 0.0});
        high += half;
        if (!scale.fromZero)
            low -= half;
    }

    // Try the round steps around span / (target − 1); keep the one whose tick count is closest to
    // the target without leaving much of a widened axis empty, the larger one on a tie (fewer,
    // shorter labels).
    const int target = std::max(2, scale.targetTicks);
    const double span = high - low;
    const int k0 = int(std::floor(std::log10(span / (target - 1))));
    const int kLow = scale.integers ? std::max(0, k0 - 1) : k0 - 1;
    const int kHigh = std::max(kLow + 1, k0 + 1);
    NiceTicks best;
    double bestScore = std::numeric_limits<double>::infinity();
    for (int k = kLow; k <= kHigh; ++k)
        for (double factor : {1.0, 2.0, 2.5, 5.0}) {
            const bool quarter = factor == 2.5;
            if (scale.integers && quarter && k == 0)
                continue; // 2.5 is not a whole number (25, 250 are)
            const NiceTicks candidate = layout(low, high, factor * std::pow(10.0, k), scale.expand);
            const double waste = 1.0 - span / (candidate.high - candidate.low);
            const double score = std::abs(candidate.count - target) +
                                 (quarter ? kQuarterPenalty : 0.0) + kWastePenalty * waste;
            if (score <= bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
    if (scale.expand && scale.margin > 0.0) {
        const double room = scale.margin * (best.high - best.low);
        best.high = std::max(best.high, high + room);
        if (!scale.fromZero)
            best.low = std::min(best.low, low - room);
    }
    // Widening stops at a limit the data respect: the ticks beyond it go.
    if (high <= scale.ceiling && best.high > scale.ceiling) {
        best.high = scale.ceiling;
        best.count = std::max(0, int(std::floor((best.high - best.first) / best.step + kSnap)) + 1);
    }
    if (low >= scale.floor && best.low < scale.floor) {
        const double first = roundTo(std::ceil(scale.floor / best.step - kSnap) * best.step, best.decimals);
        best.count = std::max(0, best.count - int(std::lround((first - best.first) / best.step)));
        best.low = scale.floor;
        best.first = first;
    }
    return best;
}

QVector<double> tickValues(const NiceTicks& ticks)
{
    QVector<double> values;
    values.reserve(ticks.count);
    for (int i = 0; i < ticks.count; ++i)
        values.append(roundTo(ticks.first + i * ticks.step, ticks.decimals));
    return values;
}

QString tickLabel(double value, int decimals)
{
    // Values that round to zero are printed without a sign: "0.0", never "-0.0".
    if (std::abs(value) < 0.5 * std::pow(10.0, -decimals))
        value = 0.0;
    if (decimals <= kMostFixedDecimals)
        return QString::number(value, 'f', decimals);
    // Tiny steps: "7.5e-06" reads better than "0.0000075"; as many digits as the step needs.
    return QString::number(value, 'g', significantDigits(value, decimals));
}

int widestLabel(const NiceTicks& ticks, const QFontMetrics& metrics)
{
    int widest = 0;
    for (double value : tickValues(ticks))
        widest = std::max(widest, metrics.horizontalAdvance(tickLabel(value, ticks.decimals)));
    return widest;
}

NiceTicks fittingTicks(double low, double high, AxisScale scale, double length,
                       const QFontMetrics& metrics, Qt::Orientation orientation)
{
    constexpr int kGap = 12;             // pixels between labels side by side
    constexpr double kLineSpacing = 1.5; // lines from one stacked label to the next
    for (;; --scale.targetTicks) {
        const NiceTicks t = niceTicks(low, high, scale);
        if (!(length > 0.0) || scale.targetTicks <= 2)
            return t;
        const double pixelsPerStep = length * t.step / (t.high - t.low);
        const double needed = orientation == Qt::Horizontal ? widestLabel(t, metrics) + kGap
                                                            : kLineSpacing * metrics.height();
        if (pixelsPerStep >= needed)
            return t;
    }
}

double axisLength(const QChartView* view, Qt::Orientation orientation)
{
    // Rough allowances (pixels) for what surrounds the plot: tick labels and the axis title on
    // the left and below, the chart's title and legend above and below.
    constexpr double kBeside = 80.0, kBelow = 70.0, kTitle = 24.0, kLegend = 26.0;
    if (orientation == Qt::Horizontal)
        return std::max(0.0, view->width() - kBeside);
    const QChart* chart = view->chart();
    return std::max(0.0, view->height() - kBelow - (chart->title().isEmpty() ? 0.0 : kTitle) -
                             (chart->legend()->isVisible() ? kLegend : 0.0));
}

NiceTicks setNiceRange(QValueAxis* axis, double low, double high, const AxisScale& scale,
                       double length)
{
    const NiceTicks t =
        fittingTicks(low, high, scale, length, QFontMetrics(axis->labelsFont()),
                     axis->orientation() == Qt::Vertical ? Qt::Vertical : Qt::Horizontal);
    // Qt Charts places dynamic ticks by adding the interval to the anchor while the sum stays below
    // the axis maximum. Rounding in that sum can drop the last tick or print a zero tick as "-0.0";
    // raising the anchor and the maximum by a few units in the last place (far below a pixel)
    // keeps every sum on the right side.
    const double ulp = std::numeric_limits<double>::epsilon() *
                       std::max({std::abs(t.low), std::abs(t.high), t.step});
    const bool crossesZero = t.first < 0.0 && t.high > 0.0;
    // Fixed ticks while range, anchor and interval change: with dynamic ticks Qt lays out each
    // change at once, and a wide new range with the previous tiny interval asked for billions
    // of ticks (the monkey test ran out of memory under ASan).
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(t.low, t.high + 64.0 * ulp);
    axis->setTickAnchor(t.first + (crossesZero ? 16.0 * ulp : 0.0));
    axis->setTickInterval(t.step);
    axis->setTickType(QValueAxis::TicksDynamic);
    // Tiny steps as "7.5e-06" (printf's %g, enough significant digits for the largest tick),
    // unless a summed zero tick, a few ulps off, would print as "3e-22".
    if (t.decimals > kMostFixedDecimals && !crossesZero) {
        const double largest =
            std::max(std::abs(t.first), std::abs(t.first + (t.count - 1) * t.step));
        axis->setLabelFormat(QStringLiteral("%.%1g").arg(significantDigits(largest, t.decimals)));
    } else {
        axis->setLabelFormat(QStringLiteral("%.%1f").arg(t.decimals));
    }
    return t;
}

} // namespace ui
