// Recording a lesson's animation: the files decode with the codec libraries to the frames asked
// for, and the pictures move; pages without an animation are refused with the list of those that
// have one; Cancel removes the file; `emuplay --record` writes a file and exits.

#include "common/decoded_video.h"
#include "common/timeouts.h"
#include "ui/base/job_runner.h"
#include "ui/lessons/deep_gp_cascade/deep_gp_cascade_page.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/lesson_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/recording/animation_export.h"
#include "ui/recording/page_recorder.h"
#include "ui/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using emu::test::DecodedVideo;
using ui::MainWindow;

namespace {

/// Frames that differ from the one before them.
int changes(const DecodedVideo& video)
{
    int n = 0;
    for (size_t k = 1; k < video.frames.size(); ++k)
        n += emu::test::meanAbsoluteDifference(video.frames[k], video.frames[k - 1]) > 0.01 ? 1 : 0;
    return n;
}

} // namespace

class TestPageRecorder : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the dialog remembers its settings: not in the user's
    }

    void recordsAPageThatMoves_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("seconds");
        QTest::newRow("car to GIF") << QString("drive-the-car") << QString("car.gif") << 0.6;
        QTest::newRow("car to MP4") << QString("drive-the-car") << QString("car.mp4") << 0.6;
        QTest::newRow("GP samples") << QString("gaussian-processes") << QString("samples.gif") << 0.6;
        QTest::newRow("deep GP cascade") << QString("deep-gp-cascade") << QString("cascade.mp4") << 0.6;
        QTest::newRow("BO loop") << QString("bo-1d") << QString("bo.gif") << 1.0; // 4 steps a second
    }
    void recordsAPageThatMoves()
    {
        QFETCH(QString, page);
        QFETCH(QString, file);
        QFETCH(double, seconds);
        seconds *= emu::test::timeoutScale(); // a slowed-down build needs longer to show the moves
        const int frames = int(std::lround(seconds * 10));
        QTemporaryDir dir;
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const ui::RecordingSettings settings{dir.filePath(file), seconds, 10, QSize(320, 200)};
        const ui::RecordResult result = ui::recordLesson(window, page, settings);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.frames, frames);
        QCOMPARE(result.size, QSize(320, 200));

        const DecodedVideo video = emu::test::decodeVideo(settings.path.toStdString());
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(video.width, 320);
        QCOMPARE(video.height, 200);
        QCOMPARE(int(video.frames.size()), frames);
        for (const auto& frame : video.frames)
            QVERIFY2(emu::test::distinctColours(frame) > 20, "a blank frame");
        // The animation moves: frames differ from the one before (a late grab may repeat one).
        QVERIFY2(changes(video) >= 3, qPrintable(QStringLiteral("%1 changes").arg(changes(video))));
    }

    void pagesWithoutAnimationAreRefused()
    {
        const QStringList animated = ui::animatedLessonIds();
        for (const QString id :
             {"drive-the-car", "car-bo", "bo-1d", "gaussian-processes", "deep-gp-cascade"})
            QVERIFY2(animated.contains(id), qPrintable(id));
        QVERIFY(!animated.contains("sensitivity"));
        QVERIFY(ui::recordablePageError("drive-the-car").isEmpty());
        const QString refused = ui::recordablePageError("sensitivity");
        QVERIFY2(refused.contains("no animation") && refused.contains("drive-the-car"),
                 qPrintable(refused));
        QVERIFY(ui::recordablePageError("no-such-page").contains("unknown page"));

        MainWindow window(false);
        QTemporaryDir dir;
        const ui::RecordResult result =
            ui::recordLesson(window, "sensitivity", {dir.filePath("s.gif"), 1.0, 10, QSize()});
        QVERIFY(result.error.contains("pages that can be recorded"));
        QVERIFY(!QFile::exists(dir.filePath("s.gif")));
    }

    void settingsAreChecked()
    {
        using ui::PageRecorder;
        QVERIFY(PageRecorder::checkSettings({"a.gif", 2.0, 25, QSize(320, 200)}).isEmpty());
        QVERIFY(PageRecorder::checkSettings({"a.mp4", 2.0, 60, QSize()}).isEmpty());
        QVERIFY(PageRecorder::checkSettings({"a.png", 2.0, 25, QSize()}).contains(".gif or .mp4"));
        QVERIFY(PageRecorder::checkSettings({"a.gif", 2.0, 60, QSize()}).contains("50"));
        QVERIFY(!PageRecorder::checkSettings({"a.gif", 0.0, 25, QSize()}).isEmpty());
        QVERIFY(!PageRecorder::checkSettings({"a.gif", 2.0, 25, QSize(8, 8)}).isEmpty());
    }

    void menuActionFollowsThePage()
    {
        MainWindow window(false);
        auto* action = window.findChild<QAction*>("exportAnimationAction");
        QVERIFY(action);
        window.showLesson("welcome");
        QCoreApplication::processEvents();
        QVERIFY(!action->isEnabled());
        window.showLesson("drive-the-car");
        QCoreApplication::processEvents();
        QVERIFY(action->isEnabled());
        window.showLesson("sensitivity");
        QCoreApplication::processEvents();
        QVERIFY(!action->isEnabled());
    }

    void animationsStopWhenTheLessonIsLeft()
    {
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("gaussian-processes"));
        auto* gp = qobject_cast<ui::GaussianProcessPage*>(window.currentPage());
        QVERIFY(gp && gp->startAnimation() && gp->isAnimatingSamples());
        QVERIFY(window.showLesson("deep-gp-cascade"));
        QVERIFY(!gp->isAnimatingSamples());
        auto* cascade = qobject_cast<ui::DeepGpCascadePage*>(window.currentPage());
        QVERIFY(cascade && cascade->startAnimation() && cascade->isAnimating());
        QVERIFY(window.showLesson("welcome"));
        QVERIFY(!cascade->isAnimating());
    }

    void cancelStopsAndRemovesTheFile()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("drive-the-car"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        ui::PageRecorder recorder(window.currentPage(),
                                  {dir.filePath("long.mp4"), 30.0, 25, QSize(320, 200)});
        QSignalSpy finished(&recorder, &ui::PageRecorder::finished);
        QVERIFY(recorder.start().isEmpty());
        QVERIFY(QFile::exists(dir.filePath("long.mp4")));
        QTest::qWait(300);
        recorder.cancel();
        QCOMPARE(finished.count(), 1);
        QVERIFY(recorder.wasCancelled());
        QVERIFY(!recorder.isRunning());
        QVERIFY(!QFile::exists(dir.filePath("long.mp4")));
    }

    void exportDialogRecordsThePage()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("deep-gp-cascade"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        const QString path = dir.filePath("cascade.gif");
        bool filledIn = false;
        QTimer poll; // fills in the settings dialog once it is open, then presses Record
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (!dialog || filledIn || !dialog->findChild<QLineEdit*>("animationPath"))
                return;
            filledIn = true;
            dialog->findChild<QLineEdit*>("animationPath")->setText(path);
            dialog->findChild<QDoubleSpinBox*>("animationSeconds")->setValue(0.6 * emu::test::timeoutScale());
            dialog->findChild<QSpinBox*>("animationFps")->setValue(10);
            dialog->findChild<QSpinBox*>("animationWidth")->setValue(400);
            dialog->findChild<QSpinBox*>("animationHeight")->setValue(300);
            dialog->accept();
        });
        poll.start(20);
        const QString message = ui::runAnimationExport(&window, window.currentPage(), "deep-gp-cascade");
        QVERIFY(filledIn);
        const int frames = 6 * emu::test::timeoutScale();
        QVERIFY2(message.contains(QStringLiteral("%1 frames, 400×300").arg(frames)), qPrintable(message));
        const DecodedVideo video = emu::test::decodeGif(path.toStdString());
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(int(video.frames.size()), frames);
        QCOMPARE(video.width, 400);
        QVERIFY2(changes(video) >= 3, qPrintable(QStringLiteral("%1 changes").arg(changes(video))));
    }

    void recordOptionWritesTheFileAndExits()
    {
        QTemporaryDir dir;
        QProcess app;
        app.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        app.start(QStringLiteral(EMUPLAY_GUI_PATH),
                  {"--record", dir.filePath("car.gif"), "--page", "drive-the-car", "--seconds", "1",
                   "--fps", "8", "--size", "240x160"});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(60000)));
        QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
        QVERIFY(QString::fromUtf8(app.readAllStandardOutput()).contains("8 frames, 240x160"));
        const DecodedVideo video = emu::test::decodeGif(dir.filePath("car.gif").toStdString());
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(int(video.frames.size()), 8);
        QCOMPARE(video.width, 240);

        app.start(QStringLiteral(EMUPLAY_GUI_PATH),
                  {"--record", dir.filePath("s.gif"), "--page", "sensitivity"});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(60000)));
        QCOMPARE(app.exitCode(), 2);
        const QString error = QString::fromUtf8(app.readAllStandardError());
        QVERIFY2(error.contains("pages that can be recorded") && error.contains("drive-the-car"),
                 qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath("s.gif")));
    }
};

QTEST_MAIN(TestPageRecorder)
#include "test_page_recorder.moc"
