#pragma once
// `emuplay --screenshot DIR [--page ID]`: renders lesson pages to PNG files after each page has
// set up its default demo (its jobs have finished), for tests and for the README's pictures.

#include "ui/recording/lesson_host.h"

#include <QString>
#include <QStringList>

namespace ui {

struct ScreenshotResult
{
    QStringList written;   ///< paths of the PNG files written
    QString error;         ///< empty on success
};

/// Shows each requested lesson (all built lessons when pageId is empty), waits until its jobs
/// are idle (at most timeoutMs per page), and saves the window as DIR/<id>.png.
/// Shows lesson `id` and waits until its jobs are idle (at most timeoutMs) and their results
/// have repainted: the page as it settles after opening. Returns an error, or empty. Shared by
/// the screenshots and by recordings (emuplay --record).
QString showSettledLesson(LessonHost& host, const QString& id, int timeoutMs);

ScreenshotResult takeScreenshots(LessonHost& host, const QString& dir, const QString& pageId,
                                 int timeoutMs = 180000);

} // namespace ui
