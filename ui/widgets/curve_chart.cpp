#include "ui/widgets/curve_chart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ui {

CurveChart::CurveChart(const QString& title, QWidget* parent)
    : QChartView(parent), m_curve(new QLineSeries), m_marker(new QScatterSeries), m_axisX(new QValueAxis),
      m_axisY(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_curve->setPen(QPen(QColor(44, 160, 44), 2));
    m_marker->setMarkerSize(12);
    m_marker->setColor(QColor(220, 30, 30));
    m_marker->setBorderColor(Qt::white);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_curve, m_marker}) {
        chart->addSeries(s);
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
}

void CurveChart::setXRange(double low, double high)
{
    m_fixedX = true;
    m_axisX->setRange(low, high);
}

void CurveChart::setAxisTitles(const QString& x, const QString& y)
{
    m_axisX->setTitleText(x);
    m_axisY->setTitleText(y);
}

void CurveChart::setCurveName(const QString& name)
{
    m_curve->setName(name);
}

void CurveChart::setCurve(const QVector<double>& xs, const QVector<double>& ys)
{
    QList<QPointF> points;
    points.reserve(xs.size() * (m_stepped ? 2 : 1));
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i) {
        if (!std::isfinite(ys[i]))
            continue;
        if (m_stepped && !points.isEmpty())
            points.append(QPointF(xs[i], points.last().y()));
        points.append(QPointF(xs[i], ys[i]));
    }
    m_curve->replace(points);
    fitYAxis();
    if (!m_fixedX && !points.isEmpty())
        m_axisX->setRange(points.first().x(), std::max(points.last().x(), points.first().x() + 1.0));
}

void CurveChart::setExtraCurve(const QString& name, const QVector<double>& xs, const QVector<double>& ys,
                               const QColor& colour)
{
    auto it = m_extras.find(name);
    if (it == m_extras.end()) {
        auto* series = new QLineSeries;
        series->setName(name);
        series->setPen(QPen(colour, 1.6));
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        it = m_extras.emplace(name, series).first;
        chart()->legend()->show();
        chart()->legend()->setAlignment(Qt::AlignBottom);
        for (QLegendMarker* marker : chart()->legend()->markers(m_marker))
            marker->setVisible(false);
    }
    QList<QPointF> points;
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i)
        if (std::isfinite(ys[i]))
            points.append(QPointF(xs[i], ys[i]));
    it->second->replace(points);
    fitYAxis();
}

void CurveChart::fitYAxis()
{
    double low = std::numeric_limits<double>::infinity(), high = -low;
    auto include = [&](const QLineSeries* series) {
        for (const QPointF& p : series->points()) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
        }
    };
    include(m_curve);
    for (const auto& [name, series] : m_extras)
        include(series);
    if (!std::isfinite(low))
        return;
    const double pad = high > low ? 0.08 * (high - low) : std::max(1e-3, 0.1 * std::abs(high));
    m_axisY->setRange(low - pad, high + pad);
}

void CurveChart::setMarker(std::optional<QPointF> marker)
{
    m_marker->replace(marker ? QList<QPointF>{*marker} : QList<QPointF>{});
}

} // namespace ui
