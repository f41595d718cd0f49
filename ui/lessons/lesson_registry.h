#pragma once
// The list of lessons: one line per lesson in lesson_registry.cpp. The navigator, the Welcome
// page, the screenshot option and the tests all read this list.

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace ui {

class JobRunner;
class LessonPage;

struct LessonInfo
{
    QString id;          ///< stable identifier, used on the command line and in session files
    QString group;       ///< navigator group: Basics, Bayesian optimisation, ...
    QString title;       ///< shown in the navigator and on the Welcome page
    QString summary;     ///< one sentence: what the user will do
    /// Creates the page; empty for lessons that are announced but not built yet.
    std::function<LessonPage*(JobRunner*)> create;
    /// What the page reports for guided tutorials (tutorial_events.h; Page::tutorialEvents()).
    QStringList events;
    /// Whether the page has an animation to record (Page::hasAnimation()).
    bool animated = false;

    bool isAvailable() const { return bool(create); }
};

/// Every lesson in navigator order, the Welcome page first.
const std::vector<LessonInfo>& lessons();
/// The lesson with this id, or nullptr.
const LessonInfo* findLesson(const QString& id);
/// Ids of the built lessons that have an animation to record, in navigator order.
QStringList animatedLessonIds();
/// Navigator groups in display order.
QStringList lessonGroups();
/// HTML explanation of a lesson (":/lessons/<id>.html" from the lesson's folder, else its summary).
QString lessonExplanation(const LessonInfo& lesson);

} // namespace ui
