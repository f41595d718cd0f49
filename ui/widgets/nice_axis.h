#pragma once
// Nice axis ticks, shared by every chart of the app: round tick steps (1, 2, 2.5 or 5 × 10^k),
// about as many ticks as asked for, labels with exactly the decimals the step needs.
//
// A data-driven axis widens its range outward to whole ticks, so both ends are labelled. A fixed range (a physical domain such as
// the car's positions [−1.2, 0.6]) is kept as it is and only gets round tick positions inside it.
// A non-negative quantity (density, variance, standard deviation, error, count) starts at 0.

#include <QString>
#include <QVector>

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
};

/// A computed tick layout: the axis range and its ticks first, first + step, … ≤ high.
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

/// The tick layout for data spanning [low, high] (in any order; non-finite ends give [0, 1]).
NiceTicks niceTicks(double low, double high, const AxisScale& scale = {});

/// The tick values of a layout, exact to its decimals (no 0.30000000000000004, no −0).
QVector<double> tickValues(const NiceTicks& ticks);

/// A tick label with the layout's decimals.
QString tickLabel(double value, int decimals);

/// Sets a Qt Charts axis to the nice layout of [low, high]: range, dynamic ticks, label format.
NiceTicks setNiceRange(QValueAxis* axis, double low, double high, const AxisScale& scale = {});

} // namespace ui
