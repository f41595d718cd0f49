#include "ui/charts/posterior_chart.h"

#include "ui/base/palette.h"
#include "ui/charts/figure_menu.h"
#include "ui/charts/nice_axis.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QList<QPointF> toPoints(const QVector<double>& xs, const QVector<double>& ys)
{
    QList<QPointF> points;
    points.reserve(xs.size());
    for (qsizetype i = 0; i < std::min(xs.size(), ys.size()); ++i)
        points.append(QPointF(xs[i], ys[i]));
    return points;
}

/// The mean wears the first categorical colour; the samples take the others, in this order.
constexpr std::size_t kMeanSeries = 0;
constexpr std::size_t kSampleSeries[] = {3, 2, 4, 1, 5, 6};

} // namespace

PosteriorChart::PosteriorChart(QWidget* parent)
    : QChartView(parent), m_mean(new QLineSeries), m_upper(new QLineSeries), m_lower(new QLineSeries),
      m_band(new QAreaSeries(m_upper, m_lower)), m_truth(new QLineSeries), m_points(new QScatterSeries),
      m_highlights(new QScatterSeries), m_guide(new QLineSeries), m_axisX(new QValueAxis), m_axisY(new QValueAxis)
{
    addFigureMenu(this);
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);

    const Palette& colours = ui::palette();
    m_band->setName(tr("±2σ"));
    QColor bandColour = colours.series[kMeanSeries];
    bandColour.setAlpha(60);
    m_band->setBrush(bandColour);
    m_band->setPen(Qt::NoPen);
    m_mean->setName(tr("mean"));
    m_mean->setPen(QPen(colours.series[kMeanSeries], 2.5));
    m_truth->setName(tr("truth"));
    m_truth->setPen(QPen(colours.foreground, 1.5, Qt::DashLine));
    m_points->setName(tr("data"));
    m_points->setMarkerSize(11);
    m_points->setColor(colours.ink);
    m_points->setBorderColor(colours.paper);
    m_highlights->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_highlights->setMarkerSize(13);
    m_highlights->setColor(colours.highlight);
    m_highlights->setBorderColor(colours.paper);

    m_guide->setPen(QPen(colours.guide, 2.0));

    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries* series : std::initializer_list<QAbstractSeries*>{m_band, m_truth, m_mean, m_guide, m_points, m_highlights}) {
        chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }
    m_truth->setVisible(false);
    m_highlights->setVisible(false);
    m_guide->setVisible(false);
    setRanges(0.0, 1.0, -3.0, 3.0);
}

void PosteriorChart::setRanges(double xMin, double xMax, double yMin, double yMax)
{
    m_xMin = xMin;
    m_xMax = xMax;
    m_yMin = yMin;
    m_yMax = yMax;
    fitAxes();
}

void PosteriorChart::setAxisTitles(const QString& x, const QString& y)
{
    m_axisX->setTitleText(x);
    m_axisY->setTitleText(y);
}

void PosteriorChart::setPosterior(const QVector<double>& xs, const QVector<double>& mean, const QVector<double>& sd)
{
    QList<QPointF> upper, lower;
    upper.reserve(xs.size());
    lower.reserve(xs.size());
    for (qsizetype i = 0; i < xs.size(); ++i) {
        upper.append(QPointF(xs[i], mean[i] + 2.0 * sd[i]));
        lower.append(QPointF(xs[i], mean[i] - 2.0 * sd[i]));
    }
    m_mean->replace(toPoints(xs, mean));
    m_upper->replace(upper);
    m_lower->replace(lower);
    fitAxes();
}

void PosteriorChart::setSamples(const QVector<double>& xs, const std::vector<QVector<double>>& samples)
{
    // Reuse existing series; create only the missing ones and hide the extra ones.
    while (m_samples.size() < samples.size()) {
        auto* series = new QLineSeries;
        const QColor colour =
            ui::palette().series[kSampleSeries[m_samples.size() % std::size(kSampleSeries)]];
        series->setPen(QPen(colour, 1.2));
        chart()->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
        if (m_samples.empty())
            series->setName(tr("samples"));
        else
            chart()->legend()->markers(series).value(0)->setVisible(false);
        m_samples.push_back(series);
    }
    for (size_t i = 0; i < m_samples.size(); ++i) {
        const bool used = i < samples.size();
        m_samples[i]->setVisible(used);
        if (used)
            m_samples[i]->replace(toPoints(xs, samples[i]));
    }
    fitAxes();
}

void PosteriorChart::setTruth(const QVector<double>& xs, const QVector<double>& ys)
{
    m_truth->replace(toPoints(xs, ys));
    m_truth->setVisible(!xs.isEmpty());
    fitAxes();
}

void PosteriorChart::setData(const QList<QPointF>& points)
{
    m_data = points;
    m_points->replace(points);
    fitAxes();
}

void PosteriorChart::setHighlights(const QList<QPointF>& points, const QString& name)
{
    m_highlights->setName(name);
    m_highlights->replace(points);
    m_highlights->setVisible(!points.isEmpty());
}

void PosteriorChart::setGuideLine(const QList<QPointF>& points, const QString& name)
{
    m_guide->setName(name);
    m_guide->replace(points);
    m_guide->setVisible(!points.isEmpty());
}

void PosteriorChart::holdYRange()
{
    m_holdY = true;
}

void PosteriorChart::rescaleY()
{
    m_holdY = false;
    fitAxes();
}

void PosteriorChart::fitAxes()
{
    // The input axis is the domain the user clicks in: kept as given, with round ticks inside.
    setNiceRange(m_axisX, m_xMin, m_xMax, {.expand = false}, axisLength(this, Qt::Horizontal));
    // Grow the y range to show everything, but never shrink it below the range set by the page.
    // Held, only the data points move it.
    double low = m_holdY ? m_axisY->min() : m_yMin, high = m_holdY ? m_axisY->max() : m_yMax;
    const double heldLow = low, heldHigh = high;
    auto include = [&](const QLineSeries* s) {
        if (!s->isVisible() || m_holdY)
            return;
        for (const QPointF& p : s->points()) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
        }
    };
    include(m_upper);
    include(m_lower);
    include(m_truth);
    for (const QLineSeries* s : m_samples)
        include(s);
    for (const QPointF& p : m_data) {
        low = std::min(low, p.y());
        high = std::max(high, p.y());
    }
    if (m_holdY && low == heldLow && high == heldHigh)
        return; // the view stays exactly as the user sees it
    setNiceRange(m_axisY, low, high, {.margin = 0.03}, axisLength(this, Qt::Vertical)); // data dots are not cut
}

QPointF PosteriorChart::toValue(const QPoint& widgetPos) const
{
    return chart()->mapToValue(chart()->mapFromScene(mapToScene(widgetPos)), m_mean);
}

QPoint PosteriorChart::toWidget(const QPointF& value) const
{
    return mapFromScene(chart()->mapToScene(chart()->mapToPosition(value, m_mean)));
}

bool PosteriorChart::insidePlot(const QPointF& value) const
{
    return value.x() >= m_axisX->min() && value.x() <= m_axisX->max() && value.y() >= m_axisY->min() &&
           value.y() <= m_axisY->max();
}

int PosteriorChart::pointNear(const QPoint& widgetPos, double pixels) const
{
    int best = -1;
    double bestDistance = pixels;
    for (int i = 0; i < m_data.size(); ++i) {
        const QPoint p = toWidget(m_data[i]);
        const double distance = std::hypot(p.x() - widgetPos.x(), p.y() - widgetPos.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

void PosteriorChart::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const int index = m_pointsEditable ? pointNear(pos) : -1;
    if (event->button() == Qt::RightButton) {
        m_rightClickRemoved = index >= 0; // then this click opens no menu (event() below)
        if (index >= 0)
            emit pointRemoved(index);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    if (index >= 0) {
        m_dragIndex = index;
        m_dragStart = m_data[index];
        return;
    }
    const QPointF value = toValue(pos);
    if (insidePlot(value))
        emit pointAdded(value.x(), value.y());
}

void PosteriorChart::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragIndex < 0) {
        setCursor(m_pointsEditable && pointNear(pos) >= 0 ? Qt::OpenHandCursor : Qt::CrossCursor);
        return;
    }
    QPointF value = toValue(pos);
    value.setX(std::clamp(value.x(), m_axisX->min(), m_axisX->max()));
    value.setY(std::clamp(value.y(), m_axisY->min(), m_axisY->max()));
    emit pointDragged(m_dragIndex, value.x(), value.y());
}

void PosteriorChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragIndex < 0 || event->button() != Qt::LeftButton)
        return;
    const int index = m_dragIndex;
    m_dragIndex = -1;
    if (index < m_data.size() && m_data[index] != m_dragStart)
        emit pointMoved(index, m_dragStart, m_data[index]);
}

bool PosteriorChart::viewportEvent(QEvent* event)
{
    // The context menu of a right click arrives after the press; if the press removed a point,
    // the click has done its job.
    if (event->type() == QEvent::ContextMenu && m_rightClickRemoved) {
        m_rightClickRemoved = false;
        event->accept();
        return true;
    }
    return QChartView::viewportEvent(event);
}

void PosteriorChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitAxes(); // fewer ticks when smaller
}

void PosteriorChart::keyPressEvent(QKeyEvent* event)
{
    if (m_pointsEditable && (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace)) {
        const int index = pointNear(mapFromGlobal(QCursor::pos()));
        if (index >= 0) {
            emit pointRemoved(index);
            return;
        }
    }
    QChartView::keyPressEvent(event);
}

} // namespace ui
