#include "common/timeouts.h"
#include "engine/core/version.h"
#include "ui/base/job_runner.h"
#include "ui/base/outline_frame.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/lesson_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/recording/screenshot.h"
#include "ui/shell/main_window.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using ui::MainWindow;

namespace {

/// Number of distinct colours in a coarse sample of the image: a blank page has one or two.
int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

QStringList availableLessonIds()
{
    QStringList ids;
    for (const ui::LessonInfo& lesson : ui::lessons())
        if (lesson.isAvailable())
            ids << lesson.id;
    return ids;
}

/// How long a page may compute before its screenshot: the app's default, scaled for slow builds.
int pageWaitMs()
{
    return emu::test::scaledTimeout(180000);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void everyPageRendersNonBlank_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& id : availableLessonIds())
            QTest::newRow(qPrintable(id)) << id;
    }
    void everyPageRendersNonBlank()
    {
        QFETCH(QString, id);
        QTemporaryDir dir;
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        const ui::ScreenshotResult result = ui::takeScreenshots(window, dir.path(), id, pageWaitMs());
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.written.size(), 1);
        const QImage image(result.written.first());
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 1000);
        QVERIFY2(distinctColours(image) > 20, qPrintable(QString::number(distinctColours(image))));
    }

    void screenshotOptionWritesEveryPage()
    {
        QTemporaryDir dir;
        QProcess app;
        app.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        // Sanitized builds compute the pages' demos ten times slower: the app waits as long.
        app.start(QStringLiteral(EMUPLAY_GUI_PATH),
                  {"--screenshot", dir.path(), "--wait", QString::number(pageWaitMs() / 1000)});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(120000)));
        QCOMPARE(app.exitCode(), 0);
        for (const QString& id : availableLessonIds())
            QVERIFY2(QFile::exists(dir.filePath(id + ".png")), qPrintable(id));
    }

    void screenshotOfUnknownPageFails()
    {
        QTemporaryDir dir;
        QProcess app;
        app.start(QStringLiteral(EMUPLAY_GUI_PATH), {"--screenshot", dir.path(), "--page", "no-such-page"});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(60000)));
        QCOMPARE(app.exitCode(), 2);
        QVERIFY(QString::fromUtf8(app.readAllStandardError()).contains("unknown page"));
    }

    void waitMustBeSeconds_data()
    {
        QTest::addColumn<QString>("wait");
        QTest::newRow("text") << "soon";
        QTest::newRow("zero") << "0";
        QTest::newRow("negative") << "-5";
        QTest::newRow("not a number") << "nan";
        QTest::newRow("longer than a day") << "1e9";
    }
    void waitMustBeSeconds()
    {
        QFETCH(QString, wait);
        QTemporaryDir dir;
        QProcess app;
        app.start(QStringLiteral(EMUPLAY_GUI_PATH),
                  {"--screenshot", dir.path(), "--page", "welcome", "--wait", wait});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(60000)));
        QCOMPARE(app.exitCode(), 2);
        QVERIFY(QString::fromUtf8(app.readAllStandardError()).contains("--wait takes seconds"));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("help") << "--help" << "--screenshot <dir>";
        QTest::newRow("short help") << "-h" << "--presenter";
        QTest::newRow("version") << "--version" << EMUPLAY_VERSION;
    }
    void helpAndVersionNeedNoDisplay()
    {
        // The X11 platform with no display to open: a QApplication would abort.
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        QProcess app;
        app.setProcessEnvironment(environment);
        app.start(QStringLiteral(EMUPLAY_GUI_PATH), {option});
        QVERIFY(app.waitForFinished(emu::test::scaledTimeout(30000)));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        QVERIFY2(out.contains(expected), qPrintable(out + QString::fromUtf8(app.readAllStandardError())));
    }

    void everyDocumentedShortcutHasOneAction()
    {
        // The shortcuts the README lists, on a platform with no desktop theme (offscreen), where
        // Qt's standard SaveAs, Quit and FullScreen keys are empty. Two actions sharing a
        // sequence would be ambiguous, and Qt then triggers neither.
        MainWindow window(false);
        const QStringList documented{"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+E", "Ctrl+Shift+E", "Ctrl+I", "F1",
                                     "F5",     "Ctrl+O",       "Ctrl+S", "Ctrl+Shift+S", "Ctrl+Q", "F11"};
        const QList<QAction*> actions = window.findChildren<QAction*>();
        for (const QString& text : documented) {
            const QKeySequence key(text);
            int owners = 0;
            for (const QAction* action : actions)
                owners += action->shortcuts().contains(key) ? 1 : 0;
            QVERIFY2(owners == 1, qPrintable(QStringLiteral("%1: %2 actions").arg(text).arg(owners)));
        }
        for (const QAction* action : actions)
            if (action->text().contains(QStringLiteral("Save session")))
                QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
    }

    void startsOnWelcomeWithEveryGroup()
    {
        MainWindow window(false);
        QCOMPARE(window.currentLessonId(), QStringLiteral("welcome"));
        auto* tree = window.findChild<QTreeWidget*>();
        QVERIFY(tree);
        QStringList groups;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            groups << tree->topLevelItem(i)->text(0);
        for (const QString& group : ui::lessonGroups())
            QVERIFY2(groups.contains(group), qPrintable(group));
    }

    void everyLessonTitleFitsTheNavigator()
    {
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tree = window.findChild<QTreeWidget*>();
        for (QTreeWidgetItemIterator it(tree); *it; ++it) {
            const QString title = (*it)->text(0);
            const int needed = QFontMetrics((*it)->font(0)).horizontalAdvance(title) + 8; // the item's margins
            const QRect room = tree->visualItemRect(*it).intersected(tree->viewport()->rect());
            QVERIFY2(needed <= room.width(), qPrintable(QStringLiteral("%1: %2 > %3").arg(title).arg(needed).arg(room.width())));
            if (!(*it)->data(0, Qt::UserRole).isNull()) // a narrowed dock still names each lesson
                QVERIFY((*it)->toolTip(0).contains(title));
        }
    }

    void keyboardFocusIsRingedAndAClickIsNot()
    {
        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.showLesson("gaussian-processes"));
        auto* chart = window.findChild<QWidget*>("posteriorChart");
        QVERIFY(chart);
        const auto ringAround = [&](QWidget* target) {
            for (ui::OutlineFrame* frame : window.findChildren<ui::OutlineFrame*>())
                if (frame->isVisible() && frame->parentWidget() == target->parentWidget() &&
                    frame->geometry().contains(target->geometry()))
                    return true;
            return false;
        };
        chart->setFocus(Qt::TabFocusReason); // a chart draws no focus of its own
        QTRY_VERIFY(chart->hasFocus());
        QVERIFY(ringAround(chart));
        auto* fit = window.findChild<QWidget*>("fitButton");
        fit->setFocus(Qt::BacktabFocusReason); // the ring moves with the focus
        QTRY_VERIFY(fit->hasFocus());
        QVERIFY(ringAround(fit));
        QVERIFY(!ringAround(chart));
        chart->setFocus(Qt::MouseFocusReason); // a click: the pointer says where the user is
        QTRY_VERIFY(chart->hasFocus());
        QVERIFY(!ringAround(chart) && !ringAround(fit));
    }

    void unbuiltLessonDoesNotOpen()
    {
        MainWindow window(false);
        for (const ui::LessonInfo& lesson : ui::lessons()) {
            if (lesson.isAvailable())
                continue;
            QVERIFY(!window.showLesson(lesson.id));
            QCOMPARE(window.currentLessonId(), QStringLiteral("welcome"));
        }
        QVERIFY(!window.showLesson("no-such-lesson"));
    }

    void sessionRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("s.emuplay");
        MainWindow window(false);
        QVERIFY(window.saveSession(path).isEmpty());
        MainWindow other(false);
        QCOMPARE(other.loadSession(path), QString());
        QCOMPARE(other.currentLessonId(), window.currentLessonId());
    }

    void corruptSessionIsRejectedAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{ this is not json") << "not a session file";
        QTest::newRow("wrong format") << QByteArray(R"({"format":"other","version":1})") << "not an Emulation Playground";
        QTest::newRow("newer version") << QByteArray(R"({"format":"emuplay-session","version":99})") << "newer version";
        QTest::newRow("unknown lesson")
            << QByteArray(R"({"format":"emuplay-session","version":1,"lesson":"welcome","pages":{"nope":{}}})")
            << "unknown lesson";
        QTest::newRow("empty file") << QByteArray() << "not a session file";
        QTest::newRow("truncated") // cut in the middle (moc needs the braces in the source to balance)
            << QByteArray(R"({"format":"emuplay-session","version":1,"lesson":"gaussian-processes"})").left(60)
            << "not a session file";
        QTest::newRow("binary") << QByteArray::fromHex("89504e470d0a1a0a0000000d49484452fffe") << "not a session file";
        QTest::newRow("page state not an object")
            << QByteArray(R"({"format":"emuplay-session","version":1,"lesson":"welcome","pages":{"gaussian-processes":[1,2]}})")
            << "not a JSON object";
    }
    void corruptSessionIsRejectedAndChangesNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.emuplay");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        MainWindow window(false);
        const QString error = window.loadSession(path);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(window.currentLessonId(), QStringLiteral("welcome"));
    }

    void pageMessageGoesWhenThePageChanges()
    {
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("gaussian-processes"));
        auto* page = qobject_cast<ui::GaussianProcessPage*>(window.currentPage());
        QVERIFY(page);
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        page->fitHyperparameters();
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY2(window.statusBar()->currentMessage().startsWith("Fitted:"), qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(window.showLesson("drive-the-car"));
        QCOMPARE(window.statusBar()->currentMessage(), QString());
    }

    void backgroundPageMessageIsNotShown()
    {
        // Staying on the car page, its optimisation reports its time when it ends...
        {
            MainWindow window(false);
            window.show();
            QVERIFY(window.showLesson("car-bo"));
            QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));
            QVERIFY2(window.statusBar()->currentMessage().startsWith("Bayesian optimisation took"),
                     qPrintable(window.statusBar()->currentMessage()));
        }
        // ...but once the user has moved on, the report of the page left behind does not show.
        MainWindow window(false);
        window.show();
        QVERIFY(window.showLesson("car-bo"));
        QVERIFY(window.jobRunner()->isBusy());
        QVERIFY(window.showLesson("gaussian-processes"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));
        QCoreApplication::processEvents();
        QVERIFY2(!window.statusBar()->currentMessage().contains("Bayesian optimisation"),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void missingSessionFileIsReported()
    {
        MainWindow window(false);
        QVERIFY(window.loadSession("/nonexistent/dir/s.emuplay").contains("Cannot open"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
