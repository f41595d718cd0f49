#include "ui/charts/fitted_chart_view.h"

#include "ui/charts/figure_menu.h"

#include <QChart>
#include <QFontMetricsF>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

/// y values whose largest magnitude lies within [10^kLeastShown, 10^kMostShown) are shown as
/// they are; others divided by a power of ten.
constexpr int kLeastShown = -3, kMostShown = 6;

/// 1, or the power 10^3k that brings values up to `largest` in magnitude into view.
double displayFactor(double largest)
{
    if (!(largest > 0.0) || !std::isfinite(largest))
        return 1.0;
    const int k = int(std::floor(std::log10(largest)));
    if (k >= kLeastShown && k < kMostShown)
        return 1.0;
    return std::pow(10.0, 3 * int(std::floor(k / 3.0)));
}

/// "×10⁻¹²" for 1e-12.
QString factorText(double factor)
{
    static const QString superscripts = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    const QString digits = QString::number(std::lround(std::log10(factor)));
    QString text = QStringLiteral("×10");
    for (QChar c : digits)
        text += c == QLatin1Char('-') ? QStringLiteral("⁻") : QString(superscripts[c.digitValue()]);
    return text;
}

QList<QPointF> divided(const QList<QPointF>& points, double factor)
{
    if (factor == 1.0)
        return points;
    QList<QPointF> shown;
    shown.reserve(points.size());
    for (const QPointF& p : points)
        shown.append(QPointF(p.x(), p.y() / factor));
    return shown;
}

} // namespace

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
    // Queued: the title is chosen for the plot's height once the layout has settled.
    connect(chart, &QChart::plotAreaChanged, this, &FittedChartView::showYTitle, Qt::QueuedConnection);
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
    m_yTitle = y;
    showYTitle();
}

void FittedChartView::showYTitle()
{
    QString shown = m_yTitle;
    if (m_yFactor != 1.0) {
        // The factor must be read whole; on a chart too short for both (a presenter's large
        // font) the words go, as the chart's own title names the quantity.
        const QString factor = factorText(m_yFactor);
        const QString both = QStringLiteral("%1 (%2)").arg(m_yTitle, factor);
        const double room = chart()->plotArea().height();
        shown = m_yTitle.isEmpty() || (room > 0 && QFontMetricsF(m_axisY->titleFont()).horizontalAdvance(both) > room)
                    ? factor
                    : both;
    }
    if (m_axisY->titleText() != shown)
        m_axisY->setTitleText(shown);
}

void FittedChartView::setPreferredHeight(int height)
{
    m_preferredHeight = height;
    updateGeometry();
}

QSize FittedChartView::sizeHint() const
{
    const QSize hint = QChartView::sizeHint();
    return m_preferredHeight > 0 ? QSize(hint.width(), m_preferredHeight) : hint;
}

void FittedChartView::showPoints(QXYSeries* series, const QList<QPointF>& points)
{
    m_points.insert(series, points);
    series->replace(divided(points, m_yFactor));
}

void FittedChartView::setYFactor(double low, double high)
{
    const double factor = displayFactor(std::max(std::abs(low), std::abs(high)));
    if (factor == m_yFactor)
        return;
    m_yFactor = factor;
    for (auto it = m_points.begin(); it != m_points.end(); ++it)
        it.key()->replace(divided(it.value(), factor));
    showYTitle();
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
    // The extent is in shown units: back to the data's, a new factor, and shown again.
    const double before = m_yFactor;
    if (m_fixedY)
        setYFactor(m_fixedY->first, m_fixedY->second);
    else if (std::isfinite(extent.yLow) && std::isfinite(extent.yHigh))
        setYFactor(extent.yLow * before, extent.yHigh * before);
    const double rescale = before / m_yFactor;
    const std::optional<std::pair<double, double>> fixedY =
        m_fixedY ? std::optional(std::pair{m_fixedY->first / m_yFactor, m_fixedY->second / m_yFactor}) : std::nullopt;
    AxisScale yScale = m_yScale;
    yScale.ceiling /= m_yFactor;
    yScale.floor /= m_yFactor;
    fit(m_axisY, fixedY, extent.yLow * rescale, extent.yHigh * rescale, yScale, axisLength(this, Qt::Vertical));
    axesFitted();
}

void FittedChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitAxes(); // fewer ticks when smaller
}

} // namespace ui
