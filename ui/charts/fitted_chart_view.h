#pragma once
// Base of the chart views whose two value axes fit what they show (curve and band charts): nice
// ticks (nice_axis.h), a range a page may fix, a scale per axis saying how it places its ticks.
// The axes fit again whenever the data change or the view is resized: a smaller view shows
// fewer ticks rather than eliding their labels.
//
// Values of any size: y values beyond 10^−3 … 10^6 (an acquisition of 10^−12 late in a BO run)
// are shown divided by a power of ten, 10^3k, which the y title states ("acquisition (×10⁻¹²)"):
// tick labels stay short, and Qt Charts, which takes a y span below 10^−12 for none, draws the
// curve inside the plot.

#include "ui/charts/nice_axis.h"

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>

#include <limits>
#include <optional>
#include <utility>

class QAbstractSeries;
class QXYSeries;
class QValueAxis;

namespace ui {

class FittedChartView : public QChartView
{
    Q_OBJECT
public:
    explicit FittedChartView(const QString& title = {}, QWidget* parent = nullptr);

    /// Fixes the x range (through the x scale: a count from zero still starts at 0); else it fits
    /// the data.
    void setXRange(double low, double high);
    /// Fixes the y range; else it fits the data.
    void setYRange(double low, double high);
    /// How the x axis places its ticks (by default: the data's extent, round ticks inside).
    void setXScale(const AxisScale& scale);
    /// How the y axis places its ticks (by default: widened outward to whole ticks).
    void setYScale(const AxisScale& scale);
    void setAxisTitles(const QString& x, const QString& y);
    /// The height the view asks for in a layout (by default a chart view's, most of a screen):
    /// a chart that shares a column with text gives it the room.
    void setPreferredHeight(int height);
    QSize sizeHint() const override;
    QValueAxis* xAxis() const { return m_axisX; }
    QValueAxis* yAxis() const { return m_axisY; }

protected:
    /// The box the data span; empty (infinite ends) until a point is included.
    struct Extent
    {
        double xLow = std::numeric_limits<double>::infinity();
        double xHigh = -std::numeric_limits<double>::infinity();
        double yLow = std::numeric_limits<double>::infinity();
        double yHigh = -std::numeric_limits<double>::infinity();
        void include(const QList<QPointF>& points);
    };

    /// Adds a series to the chart on both axes.
    void attachSeries(QAbstractSeries* series);
    /// Gives `series` its points in the data's units; it shows them with y divided by
    /// yFactor() (and again whenever the factor changes).
    void showPoints(QXYSeries* series, const QList<QPointF>& points);
    /// What the y values are shown divided by: 1, or 10^3k for values beyond 10^−3 … 10^6.
    double yFactor() const { return m_yFactor; }
    /// What the axes must show.
    virtual Extent dataExtent() const = 0;
    /// Fits both axes to the fixed ranges or the data's extent; call it when the data change.
    void fitAxes();
    /// Called after every fit (e.g. lines spanning the y range follow it).
    virtual void axesFitted() {}
    void resizeEvent(QResizeEvent* event) override;

private:
    /// The y title with the display factor, or the factor alone where both do not fit.
    void showYTitle();
    /// Chooses yFactor() for y values within [low, high] (data units) and shows every series
    /// and the y title with it.
    void setYFactor(double low, double high);

    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    QString m_yTitle;
    double m_yFactor = 1.0;
    int m_preferredHeight = 0; ///< 0: QChartView's
    QHash<QXYSeries*, QList<QPointF>> m_points; ///< what showPoints() was given, in data units
    AxisScale m_xScale{.expand = false};
    AxisScale m_yScale;
    std::optional<std::pair<double, double>> m_fixedX;
    std::optional<std::pair<double, double>> m_fixedY;
};

} // namespace ui
