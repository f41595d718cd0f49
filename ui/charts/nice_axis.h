#pragma once
// Nice axis ticks, shared by every chart of the app: round tick steps (1, 2, 2.5 or 5 × 10^k),
// about as many ticks as asked for, labels with exactly the decimals the step needs.
//
// A data-driven axis widens its range outward to whole ticks, so both ends are labelled. A
// fixed range (a physical domain such as the car's positions [−1.2, 0.6]) is kept as it is and
// only gets round tick positions inside it. A non-negative quantity (density, variance,
// standard deviation, error, count) starts at 0. Charts pass their axis length in pixels so
// that small charts show fewer ticks instead of eliding their labels.

#include <QString>
#include <QVector>
#include <Qt>

#include <limits>

class QChartView;
class QFontMetrics;
class QValueAxis;

namespace ui {

/// How a range is turned into ticks.
struct AxisScale
{
    /// About how many ticks to show (fewer on small charts).
    int targetTicks = 6;
    /// Data-driven range: widen it outward to whole ticks; else keep it and place ticks inside.
    bool expand = true;
    /// A non-negative quantity: the axis starts at 0.
    bool fromZero = false;
    /// Ticks on whole numbers only (counts, steps, years).
    bool integers = false;
    /// Room beyond the range on each side, as a fraction of it, so that dots on an edge are not
    /// cut (never below 0 for fromZero). A widened axis adds it only where the data come closer
    /// than that to its end. The extra stretch carries no tick.
    double margin = 0.0;
    /// What the quantity can never exceed (a reward's maximum): a widened axis stops there
    /// when the data do.
    double ceiling = std::numeric_limits<double>::infinity();
    /// What it can never go below: a widened axis stops there when the data do.
    double floor = -std::numeric_limits<double>::infinity();
};

/// A computed tick layout: the axis range and its ticks first, first + step, … ≤ high (the ends
/// need not be ticks: a kept range or a margin may go beyond them).
struct NiceTicks
{
    double low = 0.0;
    double high = 1.0;
    double step = 0.2;
    double first = 0.0;
    int count = 6;
    /// Digits after the decimal point that the labels need (follows the step).
    int decimals = 1;
};

/// Digits after the decimal point that multiples of `step` need (0.25 → 2, 5 → 0, 1e-3 → 3).
int tickDecimals(double step);

/// The tick layout for data spanning [low, high] (in any order; non-finite ends give [0, 1], ends
/// beyond ±1e300 are drawn at ±1e300, ends within ±1e-300 at 0).
NiceTicks niceTicks(double low, double high, const AxisScale& scale = {});

/// The tick values of a layout, exact to its decimals (no 0.30000000000000004, no −0).
QVector<double> tickValues(const NiceTicks& ticks);

/// A tick label with the layout's decimals ("7.5e-06" for steps finer than 10^−4).
QString tickLabel(double value, int decimals);

/// The widest label of a layout, in pixels.
int widestLabel(const NiceTicks& ticks, const QFontMetrics& metrics);

/// The layout of niceTicks() with no more ticks than fit `length` pixels of axis: side by side,
/// labels need their width and a gap; stacked, a line and a half. A length ≤ 0 (not laid out
/// yet) keeps the asked-for number of ticks.
NiceTicks fittingTicks(double low, double high, AxisScale scale, double length,
                       const QFontMetrics& metrics, Qt::Orientation orientation);

/// Sets a Qt Charts axis to the nice layout of [low, high]: range, dynamic ticks, label format.
/// `length` is the axis's length on screen if known (see axisLength()): fewer ticks when short.
NiceTicks setNiceRange(QValueAxis* axis, double low, double high, const AxisScale& scale = {},
                       double length = 0.0);

/// Roughly how long a chart view's axis is on screen: the view less the room for labels, titles
/// and legend. Charts fit their axes again when resized, so a guess before layout does no harm.
double axisLength(const QChartView* view, Qt::Orientation orientation);

} // namespace ui
