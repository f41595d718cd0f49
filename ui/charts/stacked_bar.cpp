#include "ui/charts/stacked_bar.h"

#include "ui/base/palette.h"

#include <QPainter>
#include <QStringList>

#include <algorithm>

namespace ui {

StackedBar::StackedBar(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(fontMetrics().height() + 10);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void StackedBar::setSegments(const QList<Segment>& segments, double total)
{
    m_segments = segments;
    m_total = total > 0.0 ? total : 1.0;
    QStringList lines;
    for (const Segment& s : segments)
        lines << s.label;
    setToolTip(lines.join(QLatin1Char('\n')));
    update();
}

QSize StackedBar::sizeHint() const
{
    return {240, fontMetrics().height() + 10};
}

void StackedBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRect(frame);
    double left = frame.left();
    for (const Segment& s : m_segments) {
        const double width = std::clamp(s.value / m_total, 0.0, 1.0) * frame.width();
        const double room = frame.right() - left;
        const QRectF box(left, frame.top(), std::min(width, room), frame.height());
        if (box.width() <= 0.0)
            break;
        painter.setBrush(s.colour);
        painter.drawRect(box);
        if (fontMetrics().horizontalAdvance(s.label) + 6 < box.width()) {
            // Dark or light text, whichever reads on the segment's colour.
            painter.setPen(s.colour.lightnessF() > 0.6 ? ui::palette().ink : ui::palette().paper);
            painter.drawText(box, Qt::AlignCenter, s.label);
            painter.setPen(Qt::NoPen);
        }
        left += box.width();
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(ui::palette().foreground);
    painter.drawRect(frame);
}

} // namespace ui
