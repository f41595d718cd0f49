#pragma once
// A small line chart of one curve with an optional highlighted point: acquisition functions
// (with their maximum marked) and convergence plots (best value so far against evaluations).

#include "ui/widgets/nice_axis.h"

#include <QChartView>
#include <QPointF>
#include <QVector>

#include <map>
#include <optional>
#include <utility>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ui {

class CurveChart : public QChartView
{
    Q_OBJECT
public:
    explicit CurveChart(const QString& title, QWidget* parent = nullptr);

    /// The curve; the y axis fits it, the x axis too unless setXRange() fixed it.
    void setCurve(const QVector<double>& xs, const QVector<double>& ys);
    /// A highlighted point (e.g. the acquisition's maximum); nullopt hides it.
    void setMarker(std::optional<QPointF> marker);
    /// Fixes the x range (through the x scale: a count from zero still starts at 0).
    void setXRange(double low, double high);
    /// How the x axis places its ticks (by default: the curve's extent, round ticks inside).
    void setXScale(const AxisScale& scale);
    /// How the y axis places its ticks (by default: widened outward to whole ticks).
    void setYScale(const AxisScale& scale);
    void setAxisTitles(const QString& x, const QString& y);
    void setCurveName(const QString& name);
    /// A further named curve drawn beside the main one (comparisons); an empty xs removes it.
    void setExtraCurve(const QString& name, const QVector<double>& xs, const QVector<double>& ys, const QColor& colour);
    /// Draws the curve as steps (for best-so-far curves).
    void setStepped(bool stepped) { m_stepped = stepped; }
    QValueAxis* xAxis() const { return m_axisX; }
    QValueAxis* yAxis() const { return m_axisY; }
    QLineSeries* curve() const { return m_curve; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitAxes();

    QLineSeries* m_curve;
    std::map<QString, QLineSeries*> m_extras;
    QScatterSeries* m_marker;
    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    AxisScale m_xScale{.expand = false};
    AxisScale m_yScale;
    std::optional<std::pair<double, double>> m_fixedX;
    bool m_stepped = false;
};

} // namespace ui
