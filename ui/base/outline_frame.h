#pragma once
// A coloured frame drawn around a widget: a transparent sibling over it that lets the mouse
// through (the widget keeps working), grown by the line's width on every side so that the line
// runs just outside the widget, never across its text; a top-level widget, which has no parent
// to draw in, gets the frame inside. It keeps to its target as the target moves, resizes, shows
// or hides, and goes with it. Used for the tutorials' highlights and the keyboard focus.

#include <QColor>
#include <QWidget>

namespace ui {

class OutlineFrame : public QWidget
{
    Q_OBJECT
public:
    OutlineFrame(QWidget* target, QColor colour, int line);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Takes the target's place again.
    void follow(const QWidget* target);

    QColor m_colour;
    int m_line;
};

} // namespace ui
