#include "ui/lessons/lesson_page.h"

#include "ui/models/lesson_settings.h"
#include "ui/panels/side_column.h"

#include <QHBoxLayout>
#include <QVBoxLayout>

namespace ui {


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
    auto* column = new QWidget;
    column->setLayout(side);
    body->addWidget(new SideColumn(column, sideWidth));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(body, 1);
    return layout;
}

} // namespace ui
