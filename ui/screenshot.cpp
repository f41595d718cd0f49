#include "ui/screenshot.h"

#include "ui/jobs/job_runner.h"
#include "ui/lesson_registry.h"
#include "ui/main_window.h"

#include <QCoreApplication>
#include <QDir>

namespace ui {

ScreenshotResult takeScreenshots(MainWindow& window, const QString& dir, const QString& pageId, int timeoutMs)
{
    ScreenshotResult result;
    if (!QDir().mkpath(dir)) {
        result.error = QStringLiteral("cannot create directory %1").arg(dir);
        return result;
    }
    QStringList ids;
    if (pageId.isEmpty()) {
        for (const LessonInfo& lesson : lessons())
            if (lesson.isAvailable())
                ids << lesson.id;
    } else {
        const LessonInfo* lesson = findLesson(pageId);
        if (!lesson || !lesson->isAvailable()) {
            QStringList known;
            for (const LessonInfo& l : lessons())
                if (l.isAvailable())
                    known << l.id;
            result.error = QStringLiteral("unknown page \"%1\"; pages: %2").arg(pageId, known.join(", "));
            return result;
        }
        ids << pageId;
    }
    for (const QString& id : ids) {
        window.showLesson(id);
        QCoreApplication::processEvents();
        if (!window.jobRunner()->waitForIdle(timeoutMs)) {
            result.error = QStringLiteral("page %1 was still computing after %2 ms").arg(id).arg(timeoutMs);
            return result;
        }
        QCoreApplication::processEvents(); // let the applied results repaint
        const QString path = QDir(dir).filePath(id + QStringLiteral(".png"));
        if (!window.grab().save(path)) {
            result.error = QStringLiteral("cannot write %1").arg(path);
            return result;
        }
        result.written << path;
    }
    return result;
}

} // namespace ui
