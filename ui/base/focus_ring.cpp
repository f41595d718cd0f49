#include "ui/base/focus_ring.h"

#include "ui/base/outline_frame.h"
#include "ui/base/palette.h"

#include <QApplication>
#include <QFocusEvent>
#include <QWidget>

namespace ui {

namespace {

constexpr int kLine = 2;

bool byKeyboard(Qt::FocusReason reason)
{
    return reason == Qt::TabFocusReason || reason == Qt::BacktabFocusReason || reason == Qt::ShortcutFocusReason;
}

} // namespace

FocusRing::FocusRing(QObject* parent) : QObject(parent)
{
    qApp->installEventFilter(this);
}

FocusRing::~FocusRing()
{
    qApp->removeEventFilter(this);
    clear();
}

void FocusRing::ring(QWidget* widget)
{
    clear();
    m_target = widget;
    m_frame = new OutlineFrame(widget, palette().focusRing, kLine);
}

void FocusRing::clear()
{
    delete m_frame; // QPointer: null once gone with the widget's parent
    m_target = nullptr;
}

bool FocusRing::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::FocusIn: {
        // Widgets only (a chart's graphics scene gets focus events too), and a widget inside the
        // ringed one (a chart's viewport) keeps its ring.
        auto* widget = qobject_cast<QWidget*>(watched);
        const Qt::FocusReason reason = static_cast<QFocusEvent*>(event)->reason();
        const bool inside = widget && m_target && (widget == m_target || m_target->isAncestorOf(widget));
        if (widget && byKeyboard(reason) && !inside)
            ring(widget);
        else if (widget && (!inside || reason == Qt::MouseFocusReason))
            clear();
        break;
    }
    case QEvent::FocusOut:
        // A menu or another window taking the focus for a moment keeps the ring.
        if (watched == m_target.data() && static_cast<QFocusEvent*>(event)->reason() != Qt::PopupFocusReason &&
            static_cast<QFocusEvent*>(event)->reason() != Qt::ActiveWindowFocusReason)
            clear();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
