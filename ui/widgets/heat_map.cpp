#include "ui/widgets/heat_map.h"

#include "ui/widgets/contour_lines.h"
#include "ui/widgets/nice_axis.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr int kLeftMargin = 48;
constexpr int kRightMargin = 66; // room for the colour bar and its labels
constexpr int kTopMargin = 26;
constexpr int kBottomMargin = 44;
constexpr int kBarWidth = 14;

/// A painted axis keeps its range (the field's box, the values' extent), with round ticks inside.
NiceTicks paintedTicks(double low, double high, int count)
{
    return niceTicks(low, high, {.targetTicks = count, .expand = false});
}

} // namespace

QColor viridis(double t)
{
    // Nine samples of the viridis map, linearly interpolated.
    static const QColor stops[] = {QColor(68, 1, 84),    QColor(72, 40, 120),  QColor(62, 74, 137),
                                   QColor(49, 104, 142), QColor(38, 130, 142), QColor(31, 158, 137),
                                   QColor(53, 183, 121), QColor(109, 205, 89), QColor(253, 231, 37)};
    constexpr int last = int(std::size(stops)) - 1;
    if (!std::isfinite(t))
        return QColor(128, 128, 128);
    const double x = std::clamp(t, 0.0, 1.0) * last;
    const int i = std::min(int(x), last - 1);
    const double f = x - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())), float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

HeatMap::HeatMap(QWidget* parent) : QWidget(parent)
{
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
    m_image.fill(Qt::gray);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_columns; ++c) {
            const double v = m_values[qsizetype(r) * m_columns + c];
            // Image row 0 is the top of the plot, i.e. the field's last row (yMax).
            m_image.setPixel(c, m_rows - 1 - r, viridis((v - m_low) / (m_high - m_low)).rgb());
        }
}

QRectF HeatMap::plotRect() const
{
    return QRectF(kLeftMargin, kTopMargin, std::max(10, width() - kLeftMargin - kRightMargin),
                  std::max(10, height() - kTopMargin - kBottomMargin));
}

QPointF HeatMap::toWidget(const QPointF& value) const
{
    const QRectF plot = plotRect();
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
    const QRectF plot = plotRect();
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
        painter.setPen(QPen(QColor(255, 255, 255, 140), 1.0));
        for (const ContourLevel& contour : contourLines(m_values, m_rows, m_columns, evenLevels(m_low, m_high, m_contourCount)))
            for (const QLineF& segment : contour.segments)
                painter.drawLine(QLineF(toPlot(segment.p1()), toPlot(segment.p2())));
    }

    painter.save();
    painter.setClipRect(plot);
    for (const QPointF& p : m_points) {
        painter.setPen(QPen(QColor(20, 20, 20), 1.5));
        painter.setBrush(Qt::white);
        painter.drawEllipse(toWidget(p), 4.5, 4.5);
    }
    if (m_marker) {
        const QPointF centre = toWidget(*m_marker);
        QPainterPath star;
        for (int i = 0; i < 10; ++i) {
            const double radius = i % 2 ? 4.5 : 11.0;
            const double angle = M_PI / 2 + i * M_PI / 5;
            const QPointF corner = centre + QPointF(radius * std::cos(angle), -radius * std::sin(angle));
            i == 0 ? star.moveTo(corner) : star.lineTo(corner);
        }
        star.closeSubpath();
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(QColor(220, 30, 30));
        painter.drawPath(star);
    }
    painter.restore();

    // Axes, ticks and titles.
    painter.setPen(palette().color(QPalette::WindowText));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
    const NiceTicks xTicks = paintedTicks(m_xMin, m_xMax, 6);
    for (double t : tickValues(xTicks)) {
        const double x = toWidget(QPointF(t, m_yMin)).x();
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString label = tickLabel(t, xTicks.decimals);
        painter.drawText(QPointF(x - metrics.horizontalAdvance(label) / 2.0, plot.bottom() + 6 + metrics.ascent()), label);
    }
    const NiceTicks yTicks = paintedTicks(m_yMin, m_yMax, 5);
    for (double t : tickValues(yTicks)) {
        const double y = toWidget(QPointF(m_xMin, t)).y();
        painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        const QString label = tickLabel(t, yTicks.decimals);
        painter.drawText(QPointF(plot.left() - 6 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2.5), label);
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 8 + metrics.height(), plot.width(), metrics.height()),
                     Qt::AlignHCenter, m_xTitle);
    painter.save();
    painter.translate(12, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -metrics.ascent(), plot.height(), metrics.height()), Qt::AlignHCenter,
                     m_yTitle);
    painter.restore();
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRectF(0, 2, plot.right(), kTopMargin - 4), Qt::AlignCenter, m_title);
    painter.setFont(font());

    // Colour bar.
    const QRectF bar(plot.right() + 12, plot.top(), kBarWidth, plot.height());
    for (int i = 0; i < int(bar.height()); ++i)
        painter.fillRect(QRectF(bar.left(), bar.bottom() - i - 1, bar.width(), 1.0), viridis(i / bar.height()));
    painter.drawRect(bar);
    const NiceTicks barTicks = paintedTicks(m_low, m_high, 5);
    for (double t : tickValues(barTicks)) {
        const double y = bar.bottom() - (t - m_low) / (m_high - m_low) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        painter.drawText(QPointF(bar.right() + 5, y + metrics.ascent() / 2.5), tickLabel(t, barTicks.decimals));
    }
    if (!m_barTitle.isEmpty())
        painter.drawText(QRectF(bar.left(), 2, width() - bar.left(), kTopMargin - 4), Qt::AlignLeft | Qt::AlignVCenter,
                         m_barTitle);
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
