// Guided tutorials: the bundled files load and name real pages, events and widgets; malformed
// files give a clear message and the others still load; the panel steps through a tutorial,
// holding Next until the step's action happened on the step's page.

#include "common/timeouts.h"
#include "ui/base/job_runner.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/tutorial.h"
#include "ui/shell/main_window.h"
#include "ui/tutorials/tutorial_panel.h"
#include "ui/tutorials/widget_highlight.h"

#include <QStandardPaths>
#include <QDir>
#include <QAction>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QtTest>

using namespace ui;

namespace {

/// A valid one-step tutorial file with `step` as its only step.
QByteArray withStep(const QByteArray& step)
{
    return R"({"format": 1, "id": "t", "title": "T", "summary": "S", "minutes": 2, "steps": [)" + step + "]}";
}

const QByteArray kGoodStep =
    R"({"title": "A", "text": "<p>x</p>", "page": "gaussian-processes", "action": {"event": "fitted"}})";

void stopJobs(MainWindow& window)
{
    window.jobRunner()->cancelAll();
    QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));
}

} // namespace

class TestTutorials : public QObject
{
    Q_OBJECT
private slots:
    void bundledTutorialsAllLoad()
    {
        const TutorialLibrary& library = bundledTutorials();
        QVERIFY2(library.errors.isEmpty(), qPrintable(library.errors.join('\n')));
        QVERIFY(library.tutorials.size() >= 6);
        QStringList ids;
        for (const Tutorial& t : library.tutorials)
            ids.append(t.id);
        for (const char* id : {"simulation-and-emulation", "gaussian-processes", "bayesian-optimisation",
                               "emulating-the-car", "multi-fidelity", "deep-gps"})
            QVERIFY2(ids.contains(QString::fromLatin1(id)), id);
    }

    void everyStepShowsItsPageAndHighlightsExistingWidgets()
    {
        // Each bundled tutorial, stepped to its end with its events reported as the pages would:
        // every step opens its page, and every widget it names exists there.
        for (const Tutorial& tutorial : bundledTutorials().tutorials) {
            MainWindow window(false);
            window.resize(1280, 800);
            TutorialPanel* panel = window.tutorialPanel();
            QVERIFY(window.startTutorial(tutorial.id));
            bool ended = false, finished = false;
            connect(panel, &TutorialPanel::ended, this, [&](bool f) { ended = true; finished = f; });
            for (size_t i = 0; i < tutorial.steps.size(); ++i) {
                const TutorialStep& step = tutorial.steps[i];
                QCOMPARE(panel->stepIndex(), int(i));
                QCOMPARE(window.currentLessonId(), step.page);
                QVERIFY2(window.tutorialHighlight()->highlighted().size() == size_t(step.highlight.size()),
                         qPrintable(tutorial.id + ", step " + QString::number(i + 1) + ": a highlighted widget is missing"));
                // Each frame runs around its widget, not across it (it cut through a label).
                const std::vector<QWidget*> targets = window.tutorialHighlight()->highlighted();
                const std::vector<QWidget*> frames = window.tutorialHighlight()->frames();
                QCOMPARE(frames.size(), targets.size());
                for (size_t k = 0; k < targets.size(); ++k)
                    if (targets[k]->parentWidget()) {
                        QCOMPARE(frames[k]->parentWidget(), targets[k]->parentWidget());
                        QVERIFY2(frames[k]->geometry().adjusted(3, 3, -3, -3).contains(targets[k]->geometry()),
                                 qPrintable(tutorial.id + ": " + targets[k]->objectName()));
                    }
                if (step.action) {
                    QVERIFY(!panel->canGoNext());
                    panel->pageReported(QStringLiteral("welcome"), step.action->event); // another page: not counted
                    QVERIFY(!panel->canGoNext());
                    for (int k = 0; k < step.action->count; ++k)
                        panel->pageReported(step.page, step.action->event);
                }
                QVERIFY(panel->canGoNext());
                panel->next();
            }
            QVERIFY(ended && finished);
            QVERIFY(window.tutorialHighlight()->highlighted().empty());
            stopJobs(window);
        }
    }

    void backKeepsWhatWasDone()
    {
        MainWindow window(false);
        TutorialPanel* panel = window.tutorialPanel();
        QVERIFY(window.startTutorial(QStringLiteral("gaussian-processes")));
        panel->next(); // step 2 waits for three data edits
        QCOMPARE(panel->stepIndex(), 1);
        panel->next();
        QCOMPARE(panel->stepIndex(), 1); // held
        for (int k = 0; k < 3; ++k)
            panel->pageReported(QStringLiteral("gaussian-processes"), QStringLiteral("points-changed"));
        panel->back();
        QCOMPARE(panel->stepIndex(), 0);
        panel->next();
        QVERIFY(panel->canGoNext()); // done once is enough
        panel->close();
        QVERIFY(!panel->isRunning());
        stopJobs(window);
    }

    void gaussianProcessTutorialWithRealClicks()
    {
        // The user's actions, performed on the real widgets: three clicks on the chart add
        // three points, the Fit button fits; then the tutorial reaches its end.
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TutorialPanel* panel = window.tutorialPanel();
        QVERIFY(window.startTutorial(QStringLiteral("gaussian-processes")));
        auto* page = qobject_cast<GaussianProcessPage*>(window.currentPage());
        QVERIFY(page);
        panel->next();
        QVERIFY(!panel->canGoNext());
        PosteriorChart* chart = page->chart();
        for (double x : {-1.0, 0.5, 1.5}) {
            QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, chart->toWidget(QPointF(x, 0.3)));
            QCoreApplication::processEvents();
        }
        QCOMPARE(panel->actionsDone(), 3);
        QVERIFY(panel->canGoNext());
        panel->next();
        panel->next(); // the kernel step has no action
        QCOMPARE(panel->currentStep().action->event, QStringLiteral("fitted"));
        auto* fit = page->findChild<QToolButton*>(QStringLiteral("fitButton"));
        QVERIFY(fit);
        QTest::mouseClick(fit, Qt::LeftButton);
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QTRY_VERIFY(panel->canGoNext());
        panel->next();
        panel->next();
        QVERIFY(!panel->isRunning());
        stopJobs(window);
    }

    void everyStepTextFitsWithoutScrolling()
    {
        // The step text gets the height it needs from the explanation below it, in a window of
        // 1280×800: no step of a bundled tutorial needs its scroll bar.
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TutorialPanel* panel = window.tutorialPanel();
        auto* text = panel->findChild<QTextBrowser*>();
        QVERIFY(text);
        QStringList overflowing;
        for (const Tutorial& tutorial : bundledTutorials().tutorials) {
            QVERIFY(window.startTutorial(tutorial.id));
            for (size_t i = 0; i < tutorial.steps.size(); ++i) {
                // Checked as the step opens and once its task is done (the action line grows).
                auto check = [&](const char* when) { // the dock settles within a few frames
                    if (!QTest::qWaitFor([&] { return text->verticalScrollBar()->maximum() == 0; }, 1000))
                        overflowing << QStringLiteral("%1, step %2 %3: %4 px more than its %5")
                                           .arg(tutorial.id)
                                           .arg(i + 1)
                                           .arg(when)
                                           .arg(text->verticalScrollBar()->maximum())
                                           .arg(text->viewport()->height());
                };
                check("opened");
                if (const auto& action = tutorial.steps[i].action) {
                    for (int k = 0; k < action->count; ++k)
                        panel->pageReported(tutorial.steps[i].page, action->event);
                    check("done");
                }
                panel->next();
            }
        }
        QVERIFY2(overflowing.isEmpty(), qPrintable(overflowing.join('\n')));
        stopJobs(window);
    }

    void malformedFilesAreRejectedClearly_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::addRow("empty") << QByteArray("  \n") << "empty";
        QTest::addRow("truncated") << QByteArray("{\n\"format\": 1,\n\"id\": \"t\"") << "line 3";
        QTest::addRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << "not valid JSON";
        QTest::addRow("array") << QByteArray("[1, 2]") << "one JSON object";
        QTest::addRow("newer format")
            << QByteArray(R"({"format": 7, "id": "t", "title": "T", "summary": "S", "minutes": 2, "steps": []})")
            << "newer";
        QTest::addRow("no steps")
            << QByteArray(R"({"format": 1, "id": "t", "title": "T", "summary": "S", "minutes": 2, "steps": []})")
            << "non-empty list";
        QTest::addRow("bad id")
            << QByteArray(R"({"format": 1, "id": "Bad Id", "title": "T", "summary": "S", "minutes": 2, "steps": [1]})")
            << "lower-case";
        QTest::addRow("minutes") << QByteArray(R"({"format": 1, "id": "t", "title": "T", "summary": "S", "minutes": 0.5, "steps": [1]})")
                                 << "\"minutes\"";
        // Found by fuzz_tutorial: converting 6.7e107 to int to compare it was undefined.
        QTest::addRow("minutes beyond int")
            << QByteArray(R"({"format": 1, "id": "t", "title": "T", "summary": "S", "minutes": 6.7e107, "steps": [1]})")
            << "\"minutes\"";
        QTest::addRow("step not an object") << withStep("3") << "step 1";
        QTest::addRow("unknown page")
            << withStep(R"({"title": "A", "text": "x", "page": "warp-drive"})") << "unknown lesson page \"warp-drive\"";
        QTest::addRow("unknown event")
            << withStep(R"({"title": "A", "text": "x", "page": "gaussian-processes", "action": {"event": "dance"}})")
            << "unknown event \"dance\"";
        QTest::addRow("event the page never reports")
            << withStep(R"({"title": "A", "text": "x", "page": "gaussian-processes", "action": {"event": "episode"}})")
            << "never reports \"episode\"";
        QTest::addRow("zero count")
            << withStep(R"({"title": "A", "text": "x", "page": "gaussian-processes", "action": {"event": "fitted", "count": 0}})")
            << "\"count\"";
        QTest::addRow("highlight not names")
            << withStep(R"({"title": "A", "text": "x", "page": "gaussian-processes", "highlight": [3]})") << "widget names";
        QTest::addRow("empty text") << withStep(R"({"title": "A", "text": "  ", "page": "gaussian-processes"})")
                                    << "\"text\" is empty";
        QTest::addRow("enormous") << QByteArray(2 << 20, ' ') << "larger than";
    }

    void malformedFilesAreRejectedClearly()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseTutorial(bytes, QStringLiteral("broken.json"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("broken.json")), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void aGoodStepParses()
    {
        QString error;
        const std::optional<Tutorial> t = parseTutorial(withStep(kGoodStep), QStringLiteral("good.json"), &error);
        QVERIFY2(t, qPrintable(error));
        QCOMPARE(t->steps.size(), size_t(1));
        QCOMPARE(t->steps[0].action->count, 1);
        QVERIFY(!t->steps[0].action->hint.isEmpty()); // the event's default hint
    }

    void aTeachersOwnTutorialsLoadWithoutCode()
    {
        // From the user's folder (listed in Help > Tutorials, started by id) and from any file
        // (File > Open tutorial), checked as the bundled ones.
        QStandardPaths::setTestModeEnabled(true);
        QDir folder(userTutorialFolder());
        QVERIFY(folder.removeRecursively() || !folder.exists());
        QVERIFY(QDir().mkpath(folder.path()));
        QByteArray mine = withStep(kGoodStep);
        mine.replace(R"("id": "t", "title": "T")", R"("id": "my-own", "title": "My own tutorial")");
        const auto write = [](const QString& path, const QByteArray& bytes) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        QVERIFY(write(folder.filePath("mine.json"), mine));
        QVERIFY(write(folder.filePath("broken.json"), "{ not json"));
        {
            MainWindow window(false);
            QStringList titles;
            for (QAction* action : window.findChildren<QAction*>())
                titles << action->text();
            QVERIFY2(titles.contains("My own tutorial (2 min)"), qPrintable(titles.join(" | ")));
            QVERIFY(titles.filter("Not loaded: broken.json").size() == 1);
            QVERIFY(titles.contains("Open &tutorial..."));
            QVERIFY(window.startTutorial("my-own"));
            QCOMPARE(window.tutorialPanel()->tutorial().title, QString("My own tutorial"));
            window.tutorialPanel()->close();

            // A file anywhere: a bad one is refused with a message naming it, nothing starts.
            QTemporaryDir dir;
            QVERIFY(write(dir.filePath("bad.json"), withStep(R"({"title": "A", "text": "x", "page": "warp-drive"})")));
            const QString error = window.openTutorial(dir.filePath("bad.json"));
            QVERIFY2(error.contains("bad.json") && error.contains("warp-drive"), qPrintable(error));
            QVERIFY(!window.tutorialPanel()->isRunning());
            QVERIFY(window.openTutorial(dir.filePath("missing.json")).contains("missing.json"));
            QVERIFY(write(dir.filePath("good.json"), withStep(kGoodStep)));
            QCOMPARE(window.openTutorial(dir.filePath("good.json")), QString());
            QVERIFY(window.tutorialPanel()->isRunning());
            QCOMPARE(window.currentLessonId(), QString("gaussian-processes"));
            stopJobs(window);
        }
        folder.removeRecursively();
    }

    void aBrokenFileDoesNotStopTheOthers()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write(QStringLiteral("a.json"), withStep(kGoodStep));
        write(QStringLiteral("b.json"), "{ not json");
        write(QStringLiteral("c.json"), withStep(kGoodStep)); // the same id as a.json
        write(QStringLiteral("notes.txt"), "ignored");
        const TutorialLibrary library = loadTutorials(dir.path());
        QCOMPARE(library.tutorials.size(), size_t(1));
        QCOMPARE(library.errors.size(), 2);
        QVERIFY(library.errors[0].startsWith(QStringLiteral("b.json")));
        QVERIFY(library.errors[1].contains(QStringLiteral("already has the id")));
    }

    void welcomePageStartsATutorial()
    {
        MainWindow window(false);
        QVERIFY(window.showLesson(QStringLiteral("welcome")));
        auto* start = window.currentPage()->findChild<QPushButton*>(QStringLiteral("start-tutorial-gaussian-processes"));
        QVERIFY(start);
        start->click();
        QVERIFY(window.tutorialPanel()->isRunning());
        QCOMPARE(window.currentLessonId(), QStringLiteral("gaussian-processes"));
        stopJobs(window);
    }
};

QTEST_MAIN(TestTutorials)
#include "test_tutorials.moc"
