#pragma once
// The first page: what the playground is, the guided tutorials, and one card per lesson. Cards of
// lessons that are not built yet say so instead of opening a fake page. Open and Start emit the
// page's lessonRequested() and tutorialRequested(), which the shell serves for every page.

#include "ui/lessons/lesson_page.h"

namespace ui {

class WelcomePage : public LessonPage
{
    Q_OBJECT
public:
    explicit WelcomePage(JobRunner* jobs, QWidget* parent = nullptr);
};

} // namespace ui
