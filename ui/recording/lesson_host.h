#pragma once
// What recordings and screenshots need of the window that shows the lessons: open a lesson, wait
// for its jobs, and the widget to picture. The shell's main window implements it, so this room
// records pages without knowing the shell.

class QString;
class QWidget;

namespace ui {

class JobRunner;
class LessonPage;

class LessonHost
{
public:
    virtual ~LessonHost() = default;
    /// Shows the lesson with this id; false if it is unknown or not built.
    virtual bool showLesson(const QString& id) = 0;
    /// The page on screen.
    virtual LessonPage* currentPage() const = 0;
    /// The runner of the pages' jobs (to wait until a page has settled).
    virtual JobRunner* jobRunner() const = 0;
    /// The window that holds the page: what a screenshot pictures, what a recording resizes.
    virtual QWidget* hostWindow() = 0;
};

} // namespace ui
