#pragma once
// A small line chart of one curve with an optional highlighted point: acquisition functions
// (with their maximum marked) and convergence plots (best value so far against evaluations).

#include <QChartView>
#include <QPointF>
#include <QVector>

#include <map>
#include <optional>

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
    void setXRange(double low, double high);
    void setAxisTitles(const QString& x, const QString& y);
    void setCurveName(const QString& name);
    /// A further named curve drawn beside the main one (comparisons); an empty xs removes it.
    void setExtraCurve(const QString& name, const QVector<double>& xs, const QVector<double>& ys, const QColor& colour);
    /// Draws the curve as steps (for best-so-far curves).
    void setStepped(bool stepped) { m_stepped = stepped; }
    QValueAxis* xAxis() const { return m_axisX; }
    QValueAxis* yAxis() const { return m_axisY; }
    QLineSeries* curve() const { return m_curve; }

private:
    void fitYAxis();

    QLineSeries* m_curve;
    std::map<QString, QLineSeries*> m_extras;
    QScatterSeries* m_marker;
    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    bool m_fixedX = false;
    bool m_stepped = false;
};

} // namespace ui
