#include "ui/recording/screenshot.h"

#include "ui/base/job_runner.h"
#include "ui/lessons/lesson_registry.h"

#include <QCoreApplication>
#include <QDir>
#include <QWidget>

namespace ui {

QString showSettledLesson(LessonHost& host, const QString& id, int timeoutMs)
{
    if (!host.showLesson(id))
        return QStringLiteral("unknown page \"%1\"").arg(id);
    QCoreApplication::processEvents();
    if (!host.jobRunner()->waitForIdle(timeoutMs))
        return QStringLiteral("page %1 was still computing after %2 ms").arg(id).arg(timeoutMs);
    QCoreApplication::processEvents(); // let the applied results repaint
    return {};
}

ScreenshotResult takeScreenshots(LessonHost& host, const QString& dir, const QString& pageId, int timeoutMs)
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
        result.error = showSettledLesson(host, id, timeoutMs);
        if (!result.error.isEmpty())
            return result;
        const QString path = QDir(dir).filePath(id + QStringLiteral(".png"));
        if (!host.hostWindow()->grab().save(path)) {
            result.error = QStringLiteral("cannot write %1").arg(path);
            return result;
        }
        result.written << path;
    }
    return result;
}

} // namespace ui
