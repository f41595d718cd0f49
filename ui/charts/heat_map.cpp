#include "ui/charts/heat_map.h"

#include "ui/base/palette.h"
#include "ui/charts/contour_lines.h"
#include "ui/charts/figure_menu.h"
#include "ui/charts/nice_axis.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr int kTopMargin = 26; // the title
constexpr int kBarGap = 12;    // between the plot and the colour bar
constexpr int kBarWidth = 14;
constexpr double kStarRadius = 11.0; // the marker's outer points

/// The plot's axes are the field's box: kept as they are, with round ticks inside.
NiceTicks axisTicks(double low, double high, int count, double length, const QFontMetrics& metrics,
                    Qt::Orientation orientation)
{
    return fittingTicks(low, high, {.targetTicks = count, .expand = false}, length, metrics, orientation);
}

} // namespace

HeatMap::HeatMap(QWidget* parent) : QWidget(parent)
{
    addFigureMenu(this);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void HeatMap::setField(double xMin, double xMax, double yMin, double yMax, const QVector<double>& values, int rows,
                       int columns)
{
    m_xMin = xMin;
    m_xMax = xMax;
    m_yMin = yMin;
    m_yMax = yMax;
    m_values = values;
    m_rows = rows;
    m_columns = columns;
    rebuildImage();
    update();
}

void HeatMap::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void HeatMap::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    update();
}

void HeatMap::setColourBarTitle(const QString& title)
{
    m_barTitle = title;
    update();
}

void HeatMap::setColourFromZero(bool fromZero)
{
    if (m_colourFromZero == fromZero)
        return;
    m_colourFromZero = fromZero;
    rebuildImage();
    update();
}

void HeatMap::setPoints(const QList<QPointF>& points)
{
    m_points = points;
    update();
}

void HeatMap::setMarker(std::optional<QPointF> marker)
{
    m_marker = marker;
    update();
}

void HeatMap::setMaxAspect(double tallness)
{
    m_maxAspect = std::max(0.2, tallness);
    update();
}

void HeatMap::setContourCount(int count)
{
    m_contourCount = std::max(0, count);
    update();
}

void HeatMap::rebuildImage()
{
    m_low = std::numeric_limits<double>::infinity();
    m_high = -std::numeric_limits<double>::infinity();
    for (double v : m_values)
        if (std::isfinite(v)) {
            m_low = std::min(m_low, v);
            m_high = std::max(m_high, v);
        }
    if (!std::isfinite(m_low)) {
        m_low = 0.0;
        m_high = 1.0;
    } else if (m_colourFromZero) {
        m_low = std::min(m_low, 0.0);
    }
    if (m_high - m_low < 1e-300)
        m_high = m_low + 1.0; // a flat field: one colour, still a valid bar
    m_image = QImage(std::max(m_columns, 1), std::max(m_rows, 1), QImage::Format_RGB32);
    m_image.fill(ui::palette().emptyField);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_columns; ++c) {
            const double v = m_values[qsizetype(r) * m_columns + c];
            // Image row 0 is the top of the plot, i.e. the field's last row (yMax).
            m_image.setPixel(c, m_rows - 1 - r, viridis((v - m_low) / (m_high - m_low)).rgb());
        }
}

struct HeatMap::Frame
{
    QRectF plot;
    NiceTicks x;
    NiceTicks y;
    NiceTicks bar;
};

HeatMap::Frame HeatMap::frame() const
{
    // The margins follow the labels: the y labels on the left, the colour bar's on the right.
    const QFontMetrics metrics(font());
    const double bottom = 2.0 * metrics.height() + 12.0; // x tick labels and the x title
    const double available = std::max(10.0, height() - kTopMargin - bottom);
    Frame f;
    f.y = axisTicks(m_yMin, m_yMax, 5, available, metrics, Qt::Vertical);
    f.bar = colourBarTicks(m_low, m_high, available, metrics);
    const double left = metrics.height() + 10.0 + widestLabel(f.y, metrics); // y title, labels, ticks
    const double right =
        kBarGap + std::max(colourBarWidth(f.bar, kBarWidth, metrics), metrics.horizontalAdvance(m_barTitle)) + 4.0;
    const double plotWidth = std::max(10.0, width() - left - right);
    // The plot is centred in the height it is given, at most m_maxAspect times as tall as wide.
    const double plotHeight = std::min(available, std::max(10.0, m_maxAspect * plotWidth));
    f.plot = QRectF(left, kTopMargin + (available - plotHeight) / 2.0, plotWidth, plotHeight);
    // A shorter plot fits fewer ticks (never wider labels: the steps only grow).
    f.y = axisTicks(m_yMin, m_yMax, 5, plotHeight, metrics, Qt::Vertical);
    f.bar = colourBarTicks(m_low, m_high, plotHeight, metrics);
    f.x = axisTicks(m_xMin, m_xMax, 6, plotWidth, metrics, Qt::Horizontal);
    return f;
}

QRectF HeatMap::plotRect() const
{
    return frame().plot;
}

QPointF HeatMap::toWidget(const QPointF& value) const
{
    return toWidget(value, plotRect());
}

QPointF HeatMap::toWidget(const QPointF& value, const QRectF& plot) const
{
    return QPointF(plot.left() + (value.x() - m_xMin) / (m_xMax - m_xMin) * plot.width(),
                   plot.bottom() - (value.y() - m_yMin) / (m_yMax - m_yMin) * plot.height());
}

QPointF HeatMap::toValue(const QPointF& widgetPos) const
{
    const QRectF plot = plotRect();
    return QPointF(m_xMin + (widgetPos.x() - plot.left()) / plot.width() * (m_xMax - m_xMin),
                   m_yMin + (plot.bottom() - widgetPos.y()) / plot.height() * (m_yMax - m_yMin));
}

double HeatMap::valueAt(const QPointF& value) const
{
    if (m_rows == 0 || m_columns == 0 || value.x() < m_xMin || value.x() > m_xMax || value.y() < m_yMin ||
        value.y() > m_yMax)
        return std::nan("");
    // Node c lies at xMin + c·(xMax − xMin)/(columns − 1): take the nearest one.
    const int c = std::clamp(int(std::lround((value.x() - m_xMin) / (m_xMax - m_xMin) * (m_columns - 1))), 0, m_columns - 1);
    const int r = std::clamp(int(std::lround((value.y() - m_yMin) / (m_yMax - m_yMin) * (m_rows - 1))), 0, m_rows - 1);
    return m_values[qsizetype(r) * m_columns + c];
}

void HeatMap::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().window());
    const Palette& colours = ui::palette();
    const Frame f = frame();
    const QRectF plot = f.plot;
    const QFontMetrics metrics(font());

    // Grid node (c, r) sits exactly at its coordinate, so each image pixel is centred on its node:
    // the image is drawn half a cell larger on every side and clipped to the plot.
    const double cellWidth = m_columns > 1 ? plot.width() / (m_columns - 1) : plot.width();
    const double cellHeight = m_rows > 1 ? plot.height() / (m_rows - 1) : plot.height();
    painter.save();
    painter.setClipRect(plot);
    painter.drawImage(plot.adjusted(-cellWidth / 2, -cellHeight / 2, cellWidth / 2, cellHeight / 2), m_image);
    painter.restore();

    if (m_contourCount > 0 && m_rows > 1 && m_columns > 1) {
        const auto toPlot = [&](const QPointF& grid) {
            return QPointF(plot.left() + grid.x() * cellWidth, plot.bottom() - grid.y() * cellHeight);
        };
        painter.setPen(QPen(colours.contourLine, 1.0));
        for (const ContourLevel& contour : contourLines(m_values, m_rows, m_columns, evenLevels(m_low, m_high, m_contourCount)))
            for (const QLineF& segment : contour.segments)
                painter.drawLine(QLineF(toPlot(segment.p1()), toPlot(segment.p2())));
    }


    // Axes, ticks and titles.
    painter.setPen(palette().color(QPalette::WindowText));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
    for (double t : tickValues(f.x)) {
        const double x = toWidget(QPointF(t, m_yMin), plot).x();
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString label = tickLabel(t, f.x.decimals);
        painter.drawText(QPointF(x - metrics.horizontalAdvance(label) / 2.0, plot.bottom() + 6 + metrics.ascent()), label);
    }
    for (double t : tickValues(f.y)) {
        const double y = toWidget(QPointF(m_xMin, t), plot).y();
        painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        const QString label = tickLabel(t, f.y.decimals);
        painter.drawText(QPointF(plot.left() - 6 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2.5), label);
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 8 + metrics.height(), plot.width(), metrics.height()),
                     Qt::AlignHCenter, m_xTitle);
    painter.save();
    painter.translate(2 + metrics.ascent(), plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -metrics.ascent(), plot.height(), metrics.height()), Qt::AlignHCenter,
                     m_yTitle);
    painter.restore();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    const double titleTop = plot.top() - kTopMargin + 2;
    // The title may use the room left of the colour bar; a narrow map shortens it with "…".
    const QRectF titleRect(0, titleTop, plot.right() + kBarGap - 4, kTopMargin - 4);
    painter.drawText(titleRect, Qt::AlignCenter,
                     QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, int(titleRect.width())));
    painter.setFont(font());

    // The points and the star go over the frame, whole: clipped only to the plot grown by the
    // star's size, so that a point on the edge of the domain is not cut in half.
    painter.save();
    painter.setClipRect(plot.adjusted(-kStarRadius - 2, -kStarRadius - 2, kStarRadius + 2, kStarRadius + 2));
    for (const QPointF& p : m_points) {
        painter.setPen(QPen(colours.ink, 1.5));
        painter.setBrush(colours.paper);
        painter.drawEllipse(toWidget(p, plot), 4.5, 4.5);
    }
    if (m_marker) {
        const QPointF centre = toWidget(*m_marker, plot);
        QPainterPath star;
        for (int i = 0; i < 10; ++i) {
            const double radius = i % 2 ? 4.5 : kStarRadius;
            const double angle = M_PI / 2 + i * M_PI / 5;
            const QPointF corner = centre + QPointF(radius * std::cos(angle), -radius * std::sin(angle));
            i == 0 ? star.moveTo(corner) : star.lineTo(corner);
        }
        star.closeSubpath();
        painter.setPen(QPen(colours.paper, 1.5));
        painter.setBrush(colours.highlight);
        painter.drawPath(star);
    }
    painter.restore();

    // Colour bar.
    const QRectF bar(plot.right() + kBarGap, plot.top(), kBarWidth, plot.height());
    paintColourBar(painter, bar, m_low, m_high, f.bar);
    if (!m_barTitle.isEmpty())
        painter.drawText(QRectF(bar.left(), titleTop, width() - bar.left(), kTopMargin - 4),
                         Qt::AlignLeft | Qt::AlignVCenter, m_barTitle);
}

void HeatMap::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF value = toValue(event->position());
    if (!plotRect().contains(event->position())) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(),
                       QStringLiteral("(%1, %2): %3").arg(QString::number(value.x(), 'g', 4), QString::number(value.y(), 'g', 4),
                                                           QString::number(valueAt(value), 'g', 5)),
                       this);
}

void HeatMap::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && plotRect().contains(event->position()))
        emit clicked(toValue(event->position()));
}

} // namespace ui
