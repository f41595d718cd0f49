#include "ui/recording/animation_export.h"

#include "ui/lessons/lesson_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/recording/screenshot.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace ui {

namespace {

/// Runs `recorder` to its end in a local event loop (the GUI stays live); returns its error.
QString waitForRecording(PageRecorder& recorder)
{
    QString error;
    QEventLoop loop;
    QObject::connect(&recorder, &PageRecorder::finished, &loop, [&](const QString& e) {
        error = e;
        loop.quit();
    });
    if (recorder.isRunning())
        loop.exec();
    return error;
}

} // namespace

QString recordablePageError(const QString& pageId)
{
    const LessonInfo* lesson = findLesson(pageId);
    if (lesson && lesson->isAvailable() && lesson->animated)
        return {};
    const QString pages = animatedLessonIds().join(QStringLiteral(", "));
    if (!lesson || !lesson->isAvailable())
        return QStringLiteral("unknown page \"%1\"; pages that can be recorded: %2")
            .arg(pageId, pages);
    return QStringLiteral("page \"%1\" has no animation to record; pages that can be recorded: %2")
        .arg(pageId, pages);
}

RecordResult recordLesson(LessonHost& host, const QString& pageId,
                          const RecordingSettings& settings, int timeoutMs)
{
    RecordResult result;
    result.error = recordablePageError(pageId);
    if (result.error.isEmpty())
        result.error = PageRecorder::checkSettings(settings);
    if (result.error.isEmpty())
        result.error = showSettledLesson(host, pageId, timeoutMs);
    if (!result.error.isEmpty())
        return result;
    LessonPage* page = host.currentPage();
    QWidget* window = host.hostWindow();
    if (!settings.size.isEmpty()) {
        // The page gets the recording's size where its minimum size allows, so it is drawn at
        // that size rather than scaled.
        window->resize(window->size() + settings.size - page->size());
        QCoreApplication::processEvents();
    }
    QElapsedTimer clock;
    clock.start();
    PageRecorder recorder(page, settings);
    result.error = recorder.start();
    if (result.error.isEmpty())
        result.error = waitForRecording(recorder);
    result.milliseconds = clock.elapsed();
    if (result.error.isEmpty()) {
        result.path = settings.path;
        result.frames = recorder.frameCount();
        result.size = recorder.frameSize();
    }
    return result;
}

QString runAnimationExport(QWidget* parent, LessonPage* page, const QString& lessonId)
{
    if (!page)
        return {};
    if (const QString error = recordablePageError(lessonId); !error.isEmpty())
        return error;

    QSettings remembered;
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Export animation"));
    auto* path = new QLineEdit(
        QDir(remembered.value(QStringLiteral("animation/directory"), QDir::homePath()).toString())
            .filePath(
                lessonId +
                remembered.value(QStringLiteral("animation/extension"), QStringLiteral(".gif"))
                    .toString()));
    path->setObjectName(QStringLiteral("animationPath"));
    path->setMinimumWidth(360);
    path->setToolTip(QObject::tr(
        "A .gif (animated GIF, plays anywhere) or a .mp4 (H.264 video, small and sharp)"));
    auto* browse = new QPushButton(QObject::tr("Browse..."));
    auto* seconds = new QDoubleSpinBox;
    seconds->setObjectName(QStringLiteral("animationSeconds"));
    seconds->setRange(0.5, 600.0);
    seconds->setDecimals(1);
    seconds->setSuffix(QObject::tr(" s"));
    seconds->setValue(remembered.value(QStringLiteral("animation/seconds"), 5.0).toDouble());
    auto* fps = new QSpinBox;
    fps->setObjectName(QStringLiteral("animationFps"));
    fps->setRange(1, 60);
    fps->setValue(remembered.value(QStringLiteral("animation/fps"), 25).toInt());
    fps->setToolTip(QObject::tr("Frames a second (GIF: at most 50)"));
    auto* width = new QSpinBox;
    auto* height = new QSpinBox;
    for (QSpinBox* side : {width, height}) {
        side->setRange(16, 3840);
        side->setSingleStep(2);
        side->setSuffix(QObject::tr(" px"));
    }
    width->setObjectName(QStringLiteral("animationWidth"));
    height->setObjectName(QStringLiteral("animationHeight"));
    width->setValue(page->width() / 2 * 2);
    height->setValue(page->height() / 2 * 2);
    auto* note = new QLabel(
        QObject::tr("The page's animation starts from its beginning and the page is grabbed "
                    "as it plays; another size than the page's scales the picture, keeping "
                    "its shape."));
    note->setWordWrap(true);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path, 1);
    pathRow->addWidget(browse);
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(height);
    auto* form = new QFormLayout(&dialog);
    form->addRow(QObject::tr("File"), pathRow);
    form->addRow(QObject::tr("Length"), seconds);
    form->addRow(QObject::tr("Frame rate"), fps);
    form->addRow(QObject::tr("Size"), sizeRow);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(QObject::tr("Record"));
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString chosen =
            QFileDialog::getSaveFileName(&dialog, QObject::tr("Export animation"), path->text(),
                                         QObject::tr("Animated GIF (*.gif);;MP4 video (*.mp4)"));
        if (!chosen.isEmpty())
            path->setText(chosen);
    });
    if (dialog.exec() != QDialog::Accepted)
        return {};

    const RecordingSettings settings{path->text(), seconds->value(), fps->value(),
                                     QSize(width->value(), height->value())};
    remembered.setValue(QStringLiteral("animation/directory"),
                        QFileInfo(settings.path).absolutePath());
    remembered.setValue(QStringLiteral("animation/extension"),
                        QStringLiteral(".") + QFileInfo(settings.path).suffix());
    remembered.setValue(QStringLiteral("animation/seconds"), settings.seconds);
    remembered.setValue(QStringLiteral("animation/fps"), settings.fps);

    PageRecorder recorder(page, settings);
    QString error = recorder.start();
    if (error.isEmpty()) {
        QProgressDialog progress(QObject::tr("Recording..."), QObject::tr("Cancel"), 0,
                                 recorder.frameCount(), parent);
        progress.setWindowTitle(QObject::tr("Export animation"));
        progress.setWindowModality(
            Qt::WindowModal); // the page must not change while it is recorded
        progress.setMinimumDuration(0);
        progress.setAutoReset(false);
        progress.setAutoClose(false);
        QObject::connect(
            &recorder, &PageRecorder::progressed, &progress,
            [&](int captured, int encoded, int total) {
                progress.setLabelText(
                    captured < total
                        ? QObject::tr("Recording frame %1 of %2...").arg(captured).arg(total)
                        : QObject::tr("Encoding frame %1 of %2...").arg(encoded).arg(total));
                progress.setValue(encoded);
            });
        QObject::connect(&progress, &QProgressDialog::canceled, &recorder, &PageRecorder::cancel);
        error = waitForRecording(recorder);
    }
    if (recorder.wasCancelled())
        return QObject::tr("Recording cancelled.");
    if (!error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Export animation"), error);
        return QObject::tr("The animation was not saved.");
    }
    return QObject::tr("Animation saved to %1 (%2 frames, %3×%4)")
        .arg(QFileInfo(settings.path).fileName())
        .arg(recorder.frameCount())
        .arg(recorder.frameSize().width())
        .arg(recorder.frameSize().height());
}

} // namespace ui
