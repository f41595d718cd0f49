#pragma once
// A coloured frame drawn around a widget: a transparent sibling over it that lets the mouse
// through (the widget keeps working), grown by the line's width on every side so that the line
// runs just outside the widget, never across its text; a top-level widget, which has no parent
// to draw in, gets the frame inside. Used for the tutorials' highlights and the keyboard focus.

#include <QColor>
#include <QWidget>

namespace ui {

class OutlineFrame : public QWidget
{
    Q_OBJECT
public:
    OutlineFrame(QWidget* target, QColor colour, int line);

    /// Takes the target's place again (after it moved, resized, showed or hid).
    void follow(const QWidget* target);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QColor m_colour;
    int m_line;
};

} // namespace ui
