#include "ui/charts/fitted_chart_view.h"

#include "ui/charts/figure_menu.h"

#include <QChart>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ui {

void FittedChartView::Extent::include(const QList<QPointF>& points)
{
    for (const QPointF& p : points) {
        xLow = std::min(xLow, p.x());
        xHigh = std::max(xHigh, p.x());
        yLow = std::min(yLow, p.y());
        yHigh = std::max(yHigh, p.y());
    }
}

FittedChartView::FittedChartView(const QString& title, QWidget* parent)
    : QChartView(parent), m_axisX(new QValueAxis), m_axisY(new QValueAxis)
{
    addFigureMenu(this);
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(2, 2, 2, 2));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
}

void FittedChartView::setXRange(double low, double high)
{
    m_fixedX = std::pair{low, high};
    fitAxes();
}

void FittedChartView::setYRange(double low, double high)
{
    m_fixedY = std::pair{low, high};
    fitAxes();
}

void FittedChartView::setXScale(const AxisScale& scale)
{
    m_xScale = scale;
    fitAxes();
}

void FittedChartView::setYScale(const AxisScale& scale)
{
    m_yScale = scale;
    fitAxes();
}

void FittedChartView::setAxisTitles(const QString& x, const QString& y)
{
    m_axisX->setTitleText(x);
    m_axisY->setTitleText(y);
}

void FittedChartView::attachSeries(QAbstractSeries* series)
{
    chart()->addSeries(series);
    series->attachAxis(m_axisX);
    series->attachAxis(m_axisY);
}

void FittedChartView::fitAxes()
{
    const Extent extent = dataExtent();
    const auto fit = [](QValueAxis* axis, const std::optional<std::pair<double, double>>& fixed,
                        double low, double high, const AxisScale& scale, double length) {
        if (fixed)
            setNiceRange(axis, fixed->first, fixed->second, scale, length);
        else if (std::isfinite(low) && std::isfinite(high))
            setNiceRange(axis, low, high, scale, length);
    };
    fit(m_axisX, m_fixedX, extent.xLow, extent.xHigh, m_xScale, axisLength(this, Qt::Horizontal));
    fit(m_axisY, m_fixedY, extent.yLow, extent.yHigh, m_yScale, axisLength(this, Qt::Vertical));
    axesFitted();
}

void FittedChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitAxes(); // fewer ticks when smaller
}

} // namespace ui
