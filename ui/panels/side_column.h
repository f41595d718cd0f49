#pragma once
// A page's column of controls beside its charts. Its width follows its font (presenter mode's
// zoom enlarges the text, and the column with it; never narrower than at the application's
// font), and a column taller than its room scrolls instead of squeezing its labels until their
// text is cut.

#include <QScrollArea>

namespace ui {

class SideColumn : public QScrollArea
{
    Q_OBJECT
public:
    /// `content` (taken over) `width` pixels wide at the application's font.
    SideColumn(QWidget* content, int width, QWidget* parent = nullptr);
    /// The content's whole height up to 600 pixels at the application's font (a page lays the
    /// column out whole, as without scrolling), a part of it beyond: a taller column scrolls
    /// rather than push the window past the screen.
    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fitWidth();

    int m_width;
};

} // namespace ui
