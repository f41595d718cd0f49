#include "ui/base/outline_frame.h"

#include <QEvent>
#include <QPainter>

namespace ui {

OutlineFrame::OutlineFrame(QWidget* target, QColor colour, int line)
    : QWidget(target->parentWidget() ? target->parentWidget() : target), m_colour(colour), m_line(line)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    follow(target);
    target->installEventFilter(this);
    connect(target, &QObject::destroyed, this, &QObject::deleteLater); // e.g. a page rebuilt its controls
}

bool OutlineFrame::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Move:
    case QEvent::Show:
    case QEvent::Hide:
    case QEvent::ChildAdded:
        follow(static_cast<QWidget*>(watched));
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
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
