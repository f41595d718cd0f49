#pragma once
// Draws attention to a page's widgets during a tutorial step: an orange frame over each widget
// (a transparent child that lets the mouse through, so the widget keeps working), until cleared.

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

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Frame
    {
        QPointer<QWidget> target;
        QPointer<QWidget> frame;
    };
    std::vector<Frame> m_frames;
};

} // namespace ui
