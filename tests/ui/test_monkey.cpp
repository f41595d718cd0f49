// A monkey test: thousands of seeded random clicks, right clicks, double clicks, drags, wheel
// turns, key presses and lesson switches on the whole window, while jobs run. It passes if
// nothing crashes or trips an assertion (run it under the asan preset to catch memory errors:
// scripts/sanitize.sh). Dialogs and menus the monkey opens are closed again after a moment.
// EMUPLAY_MONKEY_SEED and EMUPLAY_MONKEY_ACTIONS change the seed and the number of actions.

#include "common/timeouts.h"
#include "ui/base/job_runner.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/shell/main_window.h"

#include <QMenu>
#include <QMenuBar>
#include <QTimer>
#include <QtTest>

#include <map>
#include <random>

using ui::MainWindow;

namespace {

int environmentNumber(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariable(name).toInt(&ok);
    return ok ? value : fallback;
}

/// Whether the monkey may act on this widget: on screen, enabled, in the main window and not a
/// menu (Quit would end the run).
bool reachable(const QWidget* widget, const QWidget* window)
{
    return widget->isVisible() && widget->isEnabled() && widget->window() == window && widget->width() > 2 &&
           widget->height() > 2 && !qobject_cast<const QMenuBar*>(widget) && !qobject_cast<const QMenu*>(widget);
}

} // namespace

class TestMonkey : public QObject
{
    Q_OBJECT
private slots:
    void randomInputNeverCrashes()
    {
        const int seed = environmentNumber("EMUPLAY_MONKEY_SEED", 1);
        const int actions = environmentNumber("EMUPLAY_MONKEY_ACTIONS", 2000);
        std::mt19937 rng(static_cast<unsigned>(seed));
        const auto pick = [&rng](int n) { return int(rng() % unsigned(n)); };

        MainWindow window(false);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // A dialog (file chooser, message, the program dialog) or popup the monkey opened is
        // closed, as a user would, so that the run goes on.
        QTimer closer;
        connect(&closer, &QTimer::timeout, [] {
            if (QWidget* modal = QApplication::activeModalWidget())
                modal->close();
            if (QWidget* popup = QApplication::activePopupWidget())
                popup->close();
        });
        closer.start(30);

        QStringList lessons;
        for (const ui::LessonInfo& lesson : ui::lessons())
            if (lesson.isAvailable())
                lessons << lesson.id;
        const std::vector<int> keys{Qt::Key_Left, Qt::Key_Right, Qt::Key_Up,     Qt::Key_Down,  Qt::Key_PageUp,
                                    Qt::Key_PageDown, Qt::Key_Space, Qt::Key_Return, Qt::Key_Delete, Qt::Key_Escape,
                                    Qt::Key_Tab, Qt::Key_A,      Qt::Key_1,      Qt::Key_Minus, Qt::Key_F5};
        std::map<QString, int> done;
        for (int i = 0; i < actions; ++i) {
            if (pick(100) < 3) {
                window.showLesson(lessons[pick(int(lessons.size()))]);
                ++done["lesson switches"];
                continue;
            }
            QList<QWidget*> targets;
            for (QWidget* widget : window.findChildren<QWidget*>())
                if (reachable(widget, &window))
                    targets.append(widget);
            if (targets.isEmpty()) {
                QTest::qWait(5);
                continue;
            }
            QWidget* target = targets[pick(int(targets.size()))];
            const QPoint at(pick(target->width()), pick(target->height()));
            switch (pick(7)) {
            case 0:
            case 1:
                QTest::mouseClick(target, Qt::LeftButton, {}, at);
                ++done["clicks"];
                break;
            case 2:
                QTest::mouseClick(target, Qt::RightButton, {}, at);
                ++done["right clicks"];
                break;
            case 3:
                QTest::mouseDClick(target, Qt::LeftButton, {}, at);
                ++done["double clicks"];
                break;
            case 4: {
                QTest::mousePress(target, Qt::LeftButton, {}, at);
                QTest::mouseMove(target, QPoint(pick(target->width()), pick(target->height())));
                QTest::mouseRelease(target, Qt::LeftButton, {}, QPoint(pick(target->width()), pick(target->height())));
                ++done["drags"];
                break;
            }
            case 5: {
                QWheelEvent wheel(at, target->mapToGlobal(at), {}, QPoint(0, pick(2) ? 120 : -120), Qt::NoButton,
                                  Qt::NoModifier, Qt::NoScrollPhase, false);
                QApplication::sendEvent(target, &wheel);
                ++done["wheel turns"];
                break;
            }
            default:
                QTest::keyClick(target, Qt::Key(keys[std::size_t(pick(int(keys.size())))]));
                ++done["key presses"];
                break;
            }
            QCoreApplication::processEvents();
        }
        window.jobRunner()->cancelAll();
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));
        QString summary;
        int total = 0;
        for (const auto& [kind, count] : done) {
            summary += QStringLiteral(" %1 %2,").arg(count).arg(kind);
            total += count;
        }
        qInfo("monkey (seed %d): %d actions:%s", seed, total, qPrintable(summary.chopped(1)));
        QCOMPARE(total, actions);
    }
};

QTEST_MAIN(TestMonkey)
#include "test_monkey.moc"
