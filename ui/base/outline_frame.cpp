#include "ui/base/outline_frame.h"

#include <QPainter>

namespace ui {

OutlineFrame::OutlineFrame(QWidget* target, QColor colour, int line)
    : QWidget(target->parentWidget() ? target->parentWidget() : target), m_colour(colour), m_line(line)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    follow(target);
}

void OutlineFrame::follow(const QWidget* target)
{
    setGeometry(target->parentWidget() ? target->geometry().adjusted(-m_line, -m_line, m_line, m_line)
                                       : target->rect());
    setVisible(target->isVisible());
    raise();
}

void OutlineFrame::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(m_colour, m_line));
    const double half = 0.5 * m_line;
    painter.drawRoundedRect(QRectF(rect()).adjusted(half, half, -half, -half), 4.0, 4.0);
}

} // namespace ui
