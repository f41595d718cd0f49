#pragma once
// Shows where the keyboard focus is: a blue frame (OutlineFrame) around the focused widget when
// the focus arrived by the keyboard (Tab, Shift+Tab, a shortcut), as browsers do for
// ":focus-visible". A chart view draws no focus of its own and a button's own frame is faint;
// with the ring a keyboard user always finds them. A mouse click shows no ring: the pointer
// already says where the user is.

#include <QObject>
#include <QPointer>

class QWidget;

namespace ui {

class OutlineFrame;

class FocusRing : public QObject
{
    Q_OBJECT
public:
    /// Watches the whole application's focus for as long as it lives.
    explicit FocusRing(QObject* parent = nullptr);
    ~FocusRing() override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void ring(QWidget* widget);
    void clear();

    QPointer<QWidget> m_target;
    QPointer<OutlineFrame> m_frame;
};

} // namespace ui
