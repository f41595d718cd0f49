#include "ui/tutorials/widget_highlight.h"

#include "ui/base/outline_frame.h"
#include "ui/base/palette.h"

#include <QWidget>

namespace ui {

namespace {

/// Width of the frame's line, and the room it keeps around its widget.
constexpr int kLine = 3;

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
        m_frames.push_back({target, new OutlineFrame(target, palette().tutorialFrame, kLine)});
    }
    return missing;
}

void WidgetHighlight::clear()
{
    for (const Frame& f : m_frames)
        delete f.frame; // QPointer: null once gone with its target or their parent
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

} // namespace ui
