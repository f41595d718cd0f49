#include "ui/charts/band_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>

namespace ui {

namespace {

QList<QPointF> pairs(const QVector<double>& xs, const QVector<double>& ys, double offset = 0.0,
                     const QVector<double>* sd = nullptr, double sdScale = 0.0)
{
    QList<QPointF> points;
    points.reserve(xs.size());
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i)
        points.append(QPointF(xs[i], ys[i] + offset + (sd ? sdScale * (*sd)[i] : 0.0)));
    return points;
}

} // namespace

BandChart::BandChart(const QString& title, QWidget* parent) : FittedChartView(title, parent)
{
    chart()->legend()->setAlignment(Qt::AlignBottom);
    setYScale({.margin = 0.03}); // dots on the data's edge are not cut
}

void BandChart::attach(QAbstractSeries* series, bool inLegend)
{
    attachSeries(series);
    if (!inLegend)
        for (QLegendMarker* marker : chart()->legend()->markers(series))
            marker->setVisible(false);
}

QLineSeries* BandChart::lineSeries(const QString& key, const QString& legendName, const QColor& colour, bool inLegend)
{
    auto it = m_lines.find(key);
    if (it != m_lines.end())
        return it->second;
    auto* series = new QLineSeries;
    series->setName(legendName);
    series->setPen(QPen(colour, 2));
    attach(series, inLegend && !m_unlisted.contains(key));
    return m_lines.emplace(key, series).first->second;
}

void BandChart::setBand(const QString& name, const QVector<double>& xs, const QVector<double>& mean,
                        const QVector<double>& sd, const QColor& colour)
{
    QLineSeries* line = lineSeries(name, name, colour, true);
    showPoints(line, pairs(xs, mean));
    if (!sd.isEmpty()) {
        auto it = m_areas.find(name);
        if (it == m_areas.end()) {
            // The area's edges are not shown or attached themselves: the area owns them.
            auto* upper = new QLineSeries(this);
            auto* lower = new QLineSeries(this);
            auto* area = new QAreaSeries(upper, lower);
            area->setName(name + QStringLiteral(" ±2σ"));
            QColor fill = colour;
            fill.setAlpha(55);
            area->setBrush(fill);
            area->setPen(Qt::NoPen);
            attach(area, false);
            it = m_areas.emplace(name, area).first;
        }
        showPoints(it->second->upperSeries(), pairs(xs, mean, 0.0, &sd, 2.0));
        showPoints(it->second->lowerSeries(), pairs(xs, mean, 0.0, &sd, -2.0));
    }
    fitAxes();
}

void BandChart::setLine(const QString& name, const QVector<double>& xs, const QVector<double>& ys, const QColor& colour,
                        bool dashed)
{
    QLineSeries* line = lineSeries(name, name, colour, true);
    line->setPen(QPen(colour, 1.8, dashed ? Qt::DashLine : Qt::SolidLine));
    showPoints(line, pairs(xs, ys));
    fitAxes();
}

void BandChart::setPoints(const QString& name, const QList<QPointF>& points, const QColor& colour, double size)
{
    auto it = m_scatters.find(name);
    if (it == m_scatters.end()) {
        auto* series = new QScatterSeries;
        series->setName(name);
        series->setColor(colour);
        series->setBorderColor(colour.darker(160));
        series->setMarkerSize(size);
        attach(series, !m_unlisted.contains(name));
        it = m_scatters.emplace(name, series).first;
    }
    showPoints(it->second, points);
    fitAxes();
}

void BandChart::setPointColours(const QString& name, const QList<QColor>& colours)
{
    const auto it = m_scatters.find(name);
    if (it == m_scatters.end())
        return;
    QHash<int, QHash<QXYSeries::PointConfiguration, QVariant>> configuration;
    for (int i = 0; i < int(colours.size()); ++i)
        configuration[i][QXYSeries::PointConfiguration::Color] = colours[i];
    it->second->setPointsConfiguration(configuration);
}

void BandChart::setVerticalMarker(const QString& name, double x, const QColor& colour)
{
    m_markers[name] = x;
    QLineSeries* line = lineSeries(QStringLiteral("marker:") + name, name, colour, true);
    line->setPen(QPen(colour, 2, Qt::DashLine));
    fitAxes(); // the marker spans the y range, so the axes come first
    line->replace(std::isfinite(x) ? QList<QPointF>{QPointF(x, yAxis()->min()), QPointF(x, yAxis()->max())}
                                   : QList<QPointF>{});
}

void BandChart::setSeriesVisible(const QString& name, bool visible)
{
    for (const QString& key : {name, QStringLiteral("marker:") + name}) {
        if (auto it = m_lines.find(key); it != m_lines.end())
            it->second->setVisible(visible);
    }
    if (auto it = m_areas.find(name); it != m_areas.end())
        it->second->setVisible(visible);
    if (auto it = m_scatters.find(name); it != m_scatters.end())
        it->second->setVisible(visible);
    fitAxes();
}

void BandChart::setListed(const QString& name, bool listed)
{
    if (listed)
        m_unlisted.remove(name);
    else
        m_unlisted.insert(name);
    QList<QAbstractSeries*> series;
    if (auto it = m_lines.find(name); it != m_lines.end())
        series.append(it->second);
    if (auto it = m_scatters.find(name); it != m_scatters.end())
        series.append(it->second);
    for (QAbstractSeries* s : series)
        for (QLegendMarker* marker : chart()->legend()->markers(s))
            marker->setVisible(listed);
}

FittedChartView::Extent BandChart::dataExtent() const
{
    Extent extent;
    for (const auto& [key, line] : m_lines)
        if (line->isVisible() && !key.startsWith(QStringLiteral("marker:")))
            extent.include(line->points());
    for (const auto& [key, area] : m_areas)
        if (area->isVisible()) {
            extent.include(area->upperSeries()->points());
            extent.include(area->lowerSeries()->points());
        }
    for (const auto& [key, scatter] : m_scatters)
        if (scatter->isVisible())
            extent.include(scatter->points());
    return extent;
}

void BandChart::axesFitted()
{
    for (const auto& [name, x] : m_markers)
        if (auto it = m_lines.find(QStringLiteral("marker:") + name); it != m_lines.end() && std::isfinite(x))
            it->second->replace(QList<QPointF>{QPointF(x, yAxis()->min()), QPointF(x, yAxis()->max())});
}

QPointF BandChart::toValue(const QPoint& widgetPos) const
{
    const QPointF shown = chart()->mapToValue(chart()->mapFromScene(mapToScene(widgetPos)));
    return QPointF(shown.x(), shown.y() * yFactor());
}

QPoint BandChart::toWidget(const QPointF& value) const
{
    const QPointF shown(value.x(), value.y() / yFactor());
    return mapFromScene(chart()->mapToScene(chart()->mapToPosition(shown)));
}

} // namespace ui
