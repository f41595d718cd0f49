// Session files around the main window: Save As remembers the file and clears the unsaved
// flag; a page's own start-up work is not an edit but a click is; the autosave of a session
// that did not close cleanly is offered back; every page's state survives save and open.

#include "ui/jobs/job_runner.h"
#include "ui/lesson_page.h"
#include "ui/lesson_registry.h"
#include "ui/main_window.h"
#include "ui/pages/gaussian_process_page.h"
#include "ui/pages/sandbox_explorer.h"
#include "ui/pages/sandbox_page.h"
#include "ui/session_keeper.h"
#include "ui/widgets/posterior_chart.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

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
    QVERIFY(window.jobRunner()->waitForIdle(30000));
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
        QVERIFY(window.jobRunner()->waitForIdle(30000));
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
        QVERIFY(next.jobRunner()->waitForIdle(30000));
        QCOMPARE(next.currentLessonId(), QString("gaussian-processes"));
        QCOMPARE(next.currentPage()->saveState(), before);
        QVERIFY(next.sessions()->isModified()); // recovered work is in no session file yet
        next.close();                           // a clean exit removes the autosave
        QVERIFY(!QFile::exists(autosave));
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
                QVERIFY2(window.jobRunner()->waitForIdle(120000), qPrintable(lesson.id));
            }
        // Not only the defaults: a clicked point and a run of the sandbox by hand.
        clickGpChart(window, 0.55);
        QVERIFY(window.showLesson("sandbox-simulator"));
        auto* sandbox = qobject_cast<ui::SandboxPage*>(window.currentPage());
        sandbox->explorer()->setInput(1, 9.0);
        sandbox->explorer()->play();
        QVERIFY(window.jobRunner()->waitForIdle(30000));
        QCOMPARE(window.saveSession(path), QString());
        const QJsonObject saved = readJson(path).value("pages").toObject();
        MainWindow other(false);
        other.show();
        QCOMPARE(other.loadSession(path), QString());
        QVERIFY(other.jobRunner()->waitForIdle(120000));
        for (const QString& id : ids) {
            QVERIFY(other.showLesson(id));
            QVERIFY(other.jobRunner()->waitForIdle(120000));
            QVERIFY2(other.currentPage()->saveState() == saved.value(id).toObject(), qPrintable(id));
        }
        QCOMPARE(qobject_cast<ui::SandboxPage*>(other.currentPage())->explorer()->runs().size(), emu::Index(13));
    }
};

QTEST_MAIN(TestSessions)
#include "test_sessions.moc"
