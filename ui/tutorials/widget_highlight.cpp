#include "ui/tutorials/widget_highlight.h"

#include "ui/base/palette.h"

#include <QEvent>
#include <QPainter>
#include <QWidget>

namespace ui {

namespace {

class HighlightFrame : public QWidget
{
public:
    explicit HighlightFrame(QWidget* target) : QWidget(target)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setGeometry(target->rect());
        raise();
        show();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(ui::palette().tutorialFrame, 3.0));
        painter.drawRoundedRect(QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5), 4.0, 4.0);
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
        m_frames.push_back({target, new HighlightFrame(target)});
    }
    return missing;
}

void WidgetHighlight::clear()
{
    for (const Frame& f : m_frames) {
        if (f.target)
            f.target->removeEventFilter(this);
        delete f.frame; // QPointer: null if the target (its parent) is gone
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

bool WidgetHighlight::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::ChildAdded)
        for (const Frame& f : m_frames)
            if (f.target == watched && f.frame) {
                f.frame->setGeometry(f.target->rect());
                f.frame->raise(); // above children added since
            }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
