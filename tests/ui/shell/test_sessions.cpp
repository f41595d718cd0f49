// Session files around the main window: Save As remembers the file and clears the unsaved
// flag; a page's own start-up work is not an edit but a click is; the autosave of a session
// that did not close cleanly is offered back; opening a session is not an edit and brings a BO
// run's iterations back; every page's state survives save and open.

#include "common/timeouts.h"
#include "ui/base/job_runner.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/bo_1d/bo_1d_page.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/lesson_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"
#include "ui/lessons/sandbox_simulator/sandbox_page.h"
#include "ui/shell/main_window.h"
#include "ui/shell/session_keeper.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using ui::MainWindow;

namespace {

/// Adds a data point to the GP lesson with a real mouse click.
void clickGpChart(MainWindow& window, double x = 0.37)
{
    QVERIFY(window.showLesson("gaussian-processes"));
    auto* page = qobject_cast<ui::GaussianProcessPage*>(window.currentPage());
    QVERIFY(page);
    ui::PosteriorChart* chart = page->chart();
    QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(QPointF(x, 0.5)));
    QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

} // namespace

class TestSessions : public QObject
{
    Q_OBJECT
private slots:
    void startUpWorkIsNotAnEditButAClickIs()
    {
        MainWindow window(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showLesson("sandbox-simulator")); // runs twelve simulations as it opens
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(!window.sessions()->isModified());
        clickGpChart(window);
        QVERIFY(window.sessions()->isModified());
        QVERIFY(window.isWindowModified());
        QVERIFY(window.windowTitle().contains("[*]"));
    }

    void saveAsRemembersTheFileAndClearsTheFlag()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        window.show();
        clickGpChart(window);
        const QString path = dir.filePath("mine.emuplay");
        QCOMPARE(window.sessions()->saveTo(path), QString());
        QCOMPARE(window.sessions()->path(), path);
        QVERIFY2(window.statusBar()->currentMessage().contains("mine.emuplay"), // the save is confirmed
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!window.sessions()->isModified());
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.sessions()->recentSessions().value(0), QFileInfo(path).absoluteFilePath());
        // A file that cannot be written is an error, and the changes stay unsaved.
        clickGpChart(window, 0.81);
        QVERIFY(!window.sessions()->saveTo(dir.filePath("no/such/dir/x.emuplay")).isEmpty());
        QVERIFY(window.sessions()->isModified());
        QCOMPARE(window.sessions()->path(), path);
        // Opening a broken file keeps the session and its file name.
        QFile bad(dir.filePath("bad.emuplay"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ truncated");
        bad.close();
        QVERIFY(!window.sessions()->open(bad.fileName()).isEmpty());
        QCOMPARE(window.sessions()->path(), path);
    }

    void autosaveIsOfferedBackAfterACrash()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath("autosave.emuplay");
        QJsonObject before;
        {
            MainWindow window(false);
            window.sessions()->setAutosavePath(autosave);
            window.show();
            QVERIFY(!window.sessions()->autosave()); // nothing to save yet
            clickGpChart(window);
            QVERIFY(window.sessions()->autosave());
            before = window.currentPage()->saveState();
        } // destroyed without closing: as if the program had crashed
        QVERIFY(QFile::exists(autosave));
        MainWindow next(false);
        next.sessions()->setAutosavePath(autosave);
        QVERIFY(next.sessions()->hasRecoverableWork());
        QCOMPARE(next.sessions()->offerRecovery(), QString());
        QVERIFY(next.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(next.currentLessonId(), QString("gaussian-processes"));
        QCOMPARE(next.currentPage()->saveState(), before);
        QVERIFY(next.sessions()->isModified()); // recovered work is in no session file yet
        next.close();                           // a clean exit removes the autosave
        QVERIFY(!QFile::exists(autosave));
    }

    void aSaveCutShortLeavesThePreviousFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("kept.emuplay");
        MainWindow window(false);
        window.show();
        QCOMPARE(window.saveSession(path), QString());
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray before = saved.readAll();
        saved.close();
        // Make the next save bigger, then let the system refuse to write past half of it (as a
        // full disk would): the write stops part-way.
        QVERIFY(window.showLesson("sandbox-simulator"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        const QString bigger = dir.filePath("bigger.emuplay");
        QCOMPARE(window.saveSession(bigger), QString());
        const qint64 size = QFileInfo(bigger).size();
        QVERIFY(size > 2 * before.size());
        rlimit old{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // a refused write, not a killed process
        rlimit small = old;
        small.rlim_cur = rlim_t(size / 2);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        const QString error = window.saveSession(path);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(error.contains("Cannot write"), qPrintable(error + " / " + QString::number(size)));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), before); // the previous file, whole
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2); // no half-written file left
    }

    void aPageThatRefusesItsStateUndoesTheWholeOpen()
    {
        QTemporaryDir dir;
        MainWindow window(false);
        window.show();
        clickGpChart(window);
        const QJsonObject gpBefore = window.currentPage()->saveState();
        // A session whose GP state is fine (no points) and whose sandbox state is not.
        QJsonObject gp = gpBefore;
        gp.remove("points");
        const QJsonObject root{{"format", "emuplay-session"},
                               {"version", 1},
                               {"lesson", "gaussian-processes"},
                               {"pages", QJsonObject{{"gaussian-processes", gp},
                                                     {"sandbox-simulator", QJsonObject{{"function", "nope"}}}}}};
        QFile file(dir.filePath("half-bad.emuplay"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(root).toJson());
        file.close();
        const QString error = window.loadSession(file.fileName());
        QVERIFY2(error.contains("half-bad.emuplay") && error.contains("nope"), qPrintable(error));
        QVERIFY(window.showLesson("gaussian-processes"));
        QCOMPARE(window.currentPage()->saveState(), gpBefore); // the GP page's points are back
    }

    void openingASessionIsNotAnEdit()
    {
        // Every page visited and the BO 1-D page stepped three times, saved; opened in a window
        // where the user has already clicked (the File menu): the title has no unsaved mark once
        // the pages' own computations after the restore are done, and the run counts its three
        // iterations again.
        QTemporaryDir dir;
        const QString path = dir.filePath("bo.emuplay");
        {
            MainWindow window(false);
            window.show();
            for (const ui::LessonInfo& lesson : ui::lessons())
                if (lesson.isAvailable()) {
                    QVERIFY(window.showLesson(lesson.id));
                    QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)));
                }
            QVERIFY(window.showLesson("bo-1d"));
            QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
            auto* page = qobject_cast<ui::Bo1dPage*>(window.currentPage());
            QVERIFY(page);
            for (int k = 0; k < 3; ++k) {
                page->session()->step();
                QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
            }
            QCOMPARE(page->session()->loop().state().iterations.size(), std::size_t(3));
            QCOMPARE(window.sessions()->saveTo(path), QString());
        }
        MainWindow window(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_Alt); // the user's first input: as when opening the menu
        QCOMPARE(window.sessions()->open(path), QString());
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)));
        QTest::qWait(1000); // the pages' timers (animations, a replayed suggestion) too
        QVERIFY(!window.sessions()->isModified());
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.currentLessonId(), QString("bo-1d"));
        auto* page = qobject_cast<ui::Bo1dPage*>(window.currentPage());
        QCOMPARE(page->session()->loop().state().iterations.size(), std::size_t(3));
        // The next input is the user's again: a step is an edit.
        QTest::keyClick(&window, Qt::Key_Alt);
        page->session()->step();
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(window.sessions()->isModified());
        QCOMPARE(page->session()->loop().state().iterations.size(), std::size_t(4));
    }

    void aSessionWithBadIterationsIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bo.emuplay");
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("bo-1d"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        auto* page = qobject_cast<ui::Bo1dPage*>(window.currentPage());
        page->session()->step();
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(window.saveSession(path), QString());
        QJsonObject file = readJson(path);
        QJsonObject pages = file.value("pages").toObject();
        QJsonObject bo = pages.value("bo-1d").toObject();
        QJsonArray iterations = bo.value("iterations").toArray();
        QCOMPARE(iterations.size(), 1);
        QJsonObject first = iterations[0].toObject();
        first["data_count"] = 1; // the iteration no longer ends at the last point
        iterations[0] = first;
        bo["iterations"] = iterations;
        pages["bo-1d"] = bo;
        file["pages"] = pages;
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(QJsonDocument(file).toJson());
        out.close();
        const QString error = window.loadSession(path);
        QVERIFY2(error.contains("iterations do not match its points"), qPrintable(error));
        QCOMPARE(page->session()->loop().state().iterations.size(), std::size_t(1));
    }

    void everyPageRoundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("all.emuplay");
        MainWindow window(false);
        window.show();
        QStringList ids;
        for (const ui::LessonInfo& lesson : ui::lessons())
            if (lesson.isAvailable()) {
                ids << lesson.id;
                QVERIFY(window.showLesson(lesson.id));
                QVERIFY2(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)), qPrintable(lesson.id));
            }
        // Not only the defaults: a clicked point and a run of the sandbox by hand.
        clickGpChart(window, 0.55);
        QVERIFY(window.showLesson("sandbox-simulator"));
        auto* sandbox = qobject_cast<ui::SandboxPage*>(window.currentPage());
        sandbox->explorer()->setInput(1, 9.0);
        sandbox->explorer()->play();
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(window.saveSession(path), QString());
        const QJsonObject saved = readJson(path).value("pages").toObject();
        MainWindow other(false);
        other.show();
        QCOMPARE(other.loadSession(path), QString());
        QVERIFY(other.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)));
        for (const QString& id : ids) {
            QVERIFY(other.showLesson(id));
            QVERIFY(other.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)));
            QVERIFY2(other.currentPage()->saveState() == saved.value(id).toObject(), qPrintable(id));
        }
        QCOMPARE(qobject_cast<ui::SandboxPage*>(other.currentPage())->explorer()->runs().size(), emu::Index(13));
    }
};

QTEST_MAIN(TestSessions)
#include "test_sessions.moc"
