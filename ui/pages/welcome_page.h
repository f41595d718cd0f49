#pragma once
// The first page: what the playground is, the guided tutorials, and one card per lesson. Cards of lessons that are
// not built yet say so instead of opening a fake page.

#include "ui/lesson_page.h"

namespace ui {

class WelcomePage : public LessonPage
{
    Q_OBJECT
public:
    explicit WelcomePage(JobRunner* jobs, QWidget* parent = nullptr);

signals:
    /// The user clicked a card's Open button.
    void openLesson(const QString& id);
    /// The user clicked a tutorial's Start button.
    void startTutorial(const QString& id);
};

} // namespace ui
