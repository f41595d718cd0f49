#include "ui/tutorials/widget_highlight.h"

#include "ui/base/palette.h"

#include <QEvent>
#include <QPainter>
#include <QWidget>

namespace ui {

namespace {

/// Width of the frame's line, and the room it keeps around its widget.
constexpr int kLine = 3;

/// The frame around `target`: a sibling over it, grown by the line's width on every side so
/// that the line runs beside the widget, never across its text (a small label would be cut
/// through); a top-level widget, which has no parent to draw in, gets the frame inside.
QRect geometryAround(const QWidget* target)
{
    return target->parentWidget() ? target->geometry().adjusted(-kLine, -kLine, kLine, kLine) : target->rect();
}

class HighlightFrame : public QWidget
{
public:
    explicit HighlightFrame(QWidget* target)
        : QWidget(target->parentWidget() ? target->parentWidget() : target)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        follow(target);
    }

    void follow(const QWidget* target)
    {
        setGeometry(geometryAround(target));
        setVisible(target->isVisible());
        raise();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(ui::palette().tutorialFrame, kLine));
        const double half = 0.5 * kLine;
        painter.drawRoundedRect(QRectF(rect()).adjusted(half, half, -half, -half), 4.0, 4.0);
    }
};

} // namespace

WidgetHighlight::~WidgetHighlight()
{
    clear();
}

QStringList WidgetHighlight::highlight(QWidget* root, const QStringList& names)
{
    clear();
    QStringList missing;
    for (const QString& name : names) {
        QWidget* target = root ? root->findChild<QWidget*>(name) : nullptr;
        if (!target) {
            missing.append(name);
            continue;
        }
        target->installEventFilter(this);
        auto* frame = new HighlightFrame(target);
        connect(target, &QObject::destroyed, frame, &QObject::deleteLater); // a page rebuilt its controls
        m_frames.push_back({target, frame});
    }
    return missing;
}

void WidgetHighlight::clear()
{
    for (const Frame& f : m_frames) {
        if (f.target)
            f.target->removeEventFilter(this);
        delete f.frame; // QPointer: null once gone with its target or their parent
    }
    m_frames.clear();
}

std::vector<QWidget*> WidgetHighlight::highlighted() const
{
    std::vector<QWidget*> widgets;
    for (const Frame& f : m_frames)
        if (f.target)
            widgets.push_back(f.target);
    return widgets;
}

std::vector<QWidget*> WidgetHighlight::frames() const
{
    std::vector<QWidget*> frames;
    for (const Frame& f : m_frames)
        if (f.target && f.frame)
            frames.push_back(f.frame);
    return frames;
}

bool WidgetHighlight::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Move:
    case QEvent::Show:
    case QEvent::Hide:
    case QEvent::ChildAdded:
        for (const Frame& f : m_frames)
            if (f.target == watched && f.frame)
                static_cast<HighlightFrame*>(f.frame.data())->follow(f.target);
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
