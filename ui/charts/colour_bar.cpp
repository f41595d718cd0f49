#include "ui/charts/colour_bar.h"

#include "ui/base/palette.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr int kTickLength = 3;
constexpr int kLabelGap = 5; // between a tick and its label
constexpr int kStandaloneBarWidth = 14;

} // namespace

QColor viridis(double t)
{
    // The palette's samples of the viridis map, linearly interpolated.
    const auto& stops = ui::palette().scaleStops;
    const int last = int(stops.size()) - 1;
    if (!std::isfinite(t))
        return ui::palette().missingValue;
    const double x = std::clamp(t, 0.0, 1.0) * last;
    const int i = std::min(int(x), last - 1);
    const double f = x - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

NiceTicks colourBarTicks(double low, double high, double height, const QFontMetrics& metrics)
{
    // The colours span exactly the values: the bar keeps its range, with round ticks inside.
    return fittingTicks(low, high, {.targetTicks = 5, .expand = false}, height, metrics,
                        Qt::Vertical);
}

int colourBarWidth(const NiceTicks& ticks, int barWidth, const QFontMetrics& metrics)
{
    return barWidth + kLabelGap + widestLabel(ticks, metrics) + 2;
}

void paintColourBar(QPainter& painter, const QRectF& bar, double low, double high,
                    const NiceTicks& ticks)
{
    for (int i = 0; i < int(bar.height()); ++i)
        painter.fillRect(QRectF(bar.left(), bar.bottom() - i - 1, bar.width(), 1.0),
                         viridis(i / bar.height()));
    painter.drawRect(bar);
    if (!(high > low))
        return;
    const QFontMetrics metrics = painter.fontMetrics();
    for (double t : tickValues(ticks)) {
        const double y = bar.bottom() - (t - low) / (high - low) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + kTickLength, y));
        painter.drawText(QPointF(bar.right() + kLabelGap, y + metrics.ascent() / 2.5),
                         tickLabel(t, ticks.decimals));
    }
}

ColourBar::ColourBar(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
}

void ColourBar::setRange(double low, double high)
{
    m_low = low;
    m_high = high;
    updateGeometry(); // the labels' width may change
    update();
}

void ColourBar::setTitle(const QString& title)
{
    m_title = title;
    updateGeometry();
    update();
}

QRectF ColourBar::barRect() const
{
    const QFontMetrics metrics(font());
    const double top =
        2.5 * metrics.height(); // the title, and half a label above the bar's top tick
    return QRectF(4.0, top, kStandaloneBarWidth, std::max(10.0, height() - top - metrics.height()));
}

QSize ColourBar::sizeHint() const
{
    const QFontMetrics metrics(font());
    const NiceTicks ticks = colourBarTicks(m_low, m_high, barRect().height(), metrics);
    const int width = std::max(colourBarWidth(ticks, kStandaloneBarWidth, metrics) + 8,
                               metrics.horizontalAdvance(m_title) + 8);
    return {width, 200};
}

QSize ColourBar::minimumSizeHint() const
{
    return {sizeHint().width(), 100};
}

void ColourBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    const QFontMetrics metrics(font());
    const QRectF bar = barRect();
    painter.drawText(QRectF(0, 0, width(), bar.top() - 0.7 * metrics.height()),
                     Qt::AlignLeft | Qt::AlignBottom, m_title);
    paintColourBar(painter, bar, m_low, m_high,
                   colourBarTicks(m_low, m_high, bar.height(), metrics));
}

} // namespace ui
