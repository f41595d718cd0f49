#pragma once
// Draws attention to a page's widgets during a tutorial step: an orange frame around each widget
// (OutlineFrame: the widget keeps working, the line runs just outside it), until cleared.

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <vector>

class QWidget;

namespace ui {

class WidgetHighlight : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~WidgetHighlight() override;

    /// Frames the widgets under `root` whose objectName is in `names` (the earlier frames go);
    /// returns the names no widget has.
    QStringList highlight(QWidget* root, const QStringList& names);
    /// Removes every frame.
    void clear();
    /// The widgets framed now.
    std::vector<QWidget*> highlighted() const;
    /// The frames drawn now, in the order of highlighted().
    std::vector<QWidget*> frames() const;

private:
    struct Frame
    {
        QPointer<QWidget> target;
        QPointer<QWidget> frame;
    };
    std::vector<Frame> m_frames;
};

} // namespace ui
