#include "ui/lessons/lesson_page.h"

#include "ui/models/lesson_settings.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ui {

namespace {

/// A page's column of controls. Its width follows its font (presenter mode's zoom enlarges
/// the text, and the column with it), and a column taller than the page scrolls instead of
/// squeezing its labels until their text is cut.
class SidePanel : public QScrollArea
{
public:
    SidePanel(QLayout* controls, int width) : m_width(width)
    {
        auto* column = new QWidget;
        column->setLayout(controls);
        setWidget(column);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        fitWidth();
    }

protected:
    void changeEvent(QEvent* event) override
    {
        if (event->type() == QEvent::FontChange)
            fitWidth();
        QScrollArea::changeEvent(event);
    }

private:
    void fitWidth()
    {
        const QFont base = QApplication::font();
        const double scale = base.pointSizeF() > 0 && font().pointSizeF() > 0
                                 ? font().pointSizeF() / base.pointSizeF()
                                 : 1.0;
        const int column = int(m_width * scale + 0.5);
        widget()->setFixedWidth(column);
        setFixedWidth(column + verticalScrollBar()->sizeHint().width());
    }

    int m_width; ///< at the application's font
};

} // namespace

LessonPage::LessonPage(JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_settings(new LessonSettings(this))
{
}

QString LessonPage::importCsv(const QString&, const QString&)
{
    return tr("This page does not import data.");
}

QJsonObject LessonPage::saveState() const
{
    return m_settings->saveState();
}

QString LessonPage::restoreState(const QJsonObject& state)
{
    return m_settings->restoreState(state);
}

QVBoxLayout* LessonPage::layOutPage(QWidget* toolbar, QLayout* main, QLayout* side, int sideWidth)
{
    auto* mainWidget = new QWidget;
    mainWidget->setLayout(main);
    main->setContentsMargins(0, 0, 0, 0);
    return layOutPage(toolbar, mainWidget, side, sideWidth);
}

QVBoxLayout* LessonPage::layOutPage(QWidget* toolbar, QWidget* main, QLayout* side, int sideWidth)
{
    auto* body = new QHBoxLayout;
    body->addWidget(main, 1);
    body->addWidget(new SidePanel(side, sideWidth));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(body, 1);
    return layout;
}

} // namespace ui
