#include "ui/panels/side_column.h"

#include <QApplication>
#include <QEvent>
#include <QScrollBar>

#include <algorithm>

namespace ui {

SideColumn::SideColumn(QWidget* content, int width, QWidget* parent) : QScrollArea(parent), m_width(width)
{
    setWidget(content);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    fitWidth();
}

QSize SideColumn::minimumSizeHint() const
{
    constexpr int kWholeUpTo = 600;
    const int content = widget()->minimumSizeHint().height();
    return QSize(width(), content <= kWholeUpTo ? content : QScrollArea::minimumSizeHint().height());
}

void SideColumn::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        fitWidth();
    QScrollArea::changeEvent(event);
}

void SideColumn::fitWidth()
{
    const double base = QApplication::font().pointSizeF(), now = font().pointSizeF();
    const double scale = base > 0 && now > 0 ? std::max(1.0, now / base) : 1.0;
    const int column = int(m_width * scale + 0.5);
    widget()->setFixedWidth(column);
    setFixedWidth(column + verticalScrollBar()->sizeHint().width());
}

} // namespace ui
