#pragma once
// Recording a lesson's animation (PageRecorder), two ways: File > Export animation, a dialog for
// the file, length, frame rate and size followed by a progress dialog with Cancel; and
// `emuplay --record FILE --page ID [--seconds S] [--fps F] [--size WxH]`, headless, which opens
// the lesson as `--screenshot` does (showSettledLesson) and writes the file.

#include "ui/recording/page_recorder.h"

#include <QSize>
#include <QString>

class QWidget;

namespace ui {

class LessonPage;
class LessonHost;

struct RecordResult
{
    QString path;            ///< the file written (empty on error)
    int frames = 0;          ///< frames in the file
    QSize size;              ///< of each frame
    qint64 milliseconds = 0; ///< from the start of the recording to the finished file
    QString error;           ///< empty on success
};

/// The error for recording lesson `pageId` (unknown, or without an animation), naming the
/// lessons that can be recorded; empty when it can be.
QString recordablePageError(const QString& pageId);

/// Opens lesson `pageId` settled (as the screenshots do), lays the window out so the page has
/// settings.size where the page's minimum size allows (the picture is scaled to fit otherwise),
/// starts its animation and records it, returning when the file is written.
RecordResult recordLesson(LessonHost& host, const QString& pageId,
                          const RecordingSettings& settings, int timeoutMs = 180000);

/// File > Export animation on `page` (lesson `lessonId`): asks for the file and settings and
/// records with a progress dialog (Cancel stops and removes the file). Returns a message for the
/// status bar (empty when the user closed the settings dialog).
QString runAnimationExport(QWidget* parent, LessonPage* page, const QString& lessonId);

} // namespace ui
