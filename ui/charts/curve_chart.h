#pragma once
// A small line chart of one curve with an optional highlighted point: acquisition functions
// (with their maximum marked) and convergence plots (best value so far against evaluations).

#include "ui/charts/fitted_chart_view.h"

#include <QPointF>
#include <QVector>

#include <map>
#include <optional>

class QLineSeries;
class QScatterSeries;

namespace ui {

class CurveChart : public FittedChartView
{
    Q_OBJECT
public:
    explicit CurveChart(const QString& title, QWidget* parent = nullptr);

    /// The curve; the y axis fits it, the x axis too unless setXRange() fixed it.
    void setCurve(const QVector<double>& xs, const QVector<double>& ys);
    /// A highlighted point (e.g. the acquisition's maximum); nullopt hides it.
    void setMarker(std::optional<QPointF> marker);
    void setCurveName(const QString& name);
    /// A further named curve drawn beside the main one (comparisons); an empty xs removes it.
    void setExtraCurve(const QString& name, const QVector<double>& xs, const QVector<double>& ys, const QColor& colour);
    /// Draws the curve as steps (for best-so-far curves).
    void setStepped(bool stepped) { m_stepped = stepped; }
    QLineSeries* curve() const { return m_curve; }

protected:
    /// Every curve, extras included: each may cover a different stretch of x.
    Extent dataExtent() const override;

private:
    QLineSeries* m_curve;
    std::map<QString, QLineSeries*> m_extras;
    QScatterSeries* m_marker;
    bool m_stepped = false;
};

} // namespace ui
