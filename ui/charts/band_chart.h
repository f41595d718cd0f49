#pragma once
// A chart of several named predictive bands (mean line and mean ± 2σ area), scatter sets and
// vertical markers on shared axes: model comparisons (GP against deep GP, the fits of several
// multi-fidelity models) and predictive densities. Series are created on first use and updated
// with replace() afterwards.

#include "ui/charts/fitted_chart_view.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QVector>

#include <map>

class QAreaSeries;
class QLineSeries;
class QScatterSeries;

namespace ui {

class BandChart : public FittedChartView
{
    Q_OBJECT
public:
    explicit BandChart(const QString& title = {}, QWidget* parent = nullptr);

    /// A mean curve with a ±2·sd band (sd empty: the line only); an empty xs hides it.
    void setBand(const QString& name, const QVector<double>& xs, const QVector<double>& mean, const QVector<double>& sd,
                 const QColor& colour);
    /// A curve without band (dashed if asked).
    void setLine(const QString& name, const QVector<double>& xs, const QVector<double>& ys, const QColor& colour,
                 bool dashed = false);
    /// A scatter set; an empty list hides it.
    void setPoints(const QString& name, const QList<QPointF>& points, const QColor& colour, double size = 9.0);
    /// Colours each point of the scatter set `name` on its own (e.g. by a third variable shown on
    /// a ColourBar beside the chart); call after setPoints().
    void setPointColours(const QString& name, const QList<QColor>& colours);
    /// A vertical line at x across the plot; NaN hides it.
    void setVerticalMarker(const QString& name, double x, const QColor& colour);
    /// Shows or hides every series of `name` (band, line, points, marker).
    void setSeriesVisible(const QString& name, bool visible);
    /// Keeps the series of `name` out of the legend (when, say, coloured check boxes beside the
    /// chart already name them), or lists them again; works before or after they exist.
    void setListed(const QString& name, bool listed);
    /// Chart value at a widget position, and back.
    QPointF toValue(const QPoint& widgetPos) const;
    QPoint toWidget(const QPointF& value) const;

protected:
    /// Everything visible but the vertical markers, which span whatever the y range is.
    Extent dataExtent() const override;
    /// The vertical markers follow the y range.
    void axesFitted() override;

private:
    QLineSeries* lineSeries(const QString& key, const QString& legendName, const QColor& colour, bool inLegend);
    void attach(QAbstractSeries* series, bool inLegend);

    std::map<QString, QLineSeries*> m_lines;
    std::map<QString, QAreaSeries*> m_areas;
    std::map<QString, QScatterSeries*> m_scatters;
    std::map<QString, double> m_markers;
    QSet<QString> m_unlisted;
};

} // namespace ui
