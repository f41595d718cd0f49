#include "ui/lessons/lesson_page.h"

namespace ui {

LessonPage::LessonPage(JobRunner* jobs, QWidget* parent) : QWidget(parent), m_jobs(jobs) {}

QString LessonPage::importCsv(const QString&, const QString&)
{
    return tr("This page does not import data.");
}

QString LessonPage::restoreState(const QJsonObject&)
{
    return {};
}

} // namespace ui
