// Presenter mode: F5 goes full screen with the docks and menus hidden and a caption shown; the
// zoom scales fonts and charts; Page Down steps a lesson's loop or moves to the next lesson;
// holding L shows the laser pointer; Esc puts everything back as it was.

#include "common/chart_checks.h"
#include "common/clipped_text.h"
#include "common/timeouts.h"
#include "ui/base/job_runner.h"
#include "ui/charts/curve_chart.h"
#include "ui/lessons/bo_1d/bo_1d_page.h"
#include "ui/lessons/car_bo/car_bo_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/models/bo_session.h"
#include "ui/shell/main_window.h"
#include "ui/shell/presenter_mode.h"

#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QValueAxis>
#include <QtTest>

using ui::MainWindow;

namespace {

/// The first axis of the first chart on the current page.
QAbstractAxis* firstAxis(MainWindow& window)
{
    const auto views = window.currentPage()->findChildren<QChartView*>();
    return views.isEmpty() || views.first()->chart()->axes().isEmpty() ? nullptr : views.first()->chart()->axes().first();
}

QString lessonAfter(const QString& id)
{
    QStringList ids;
    for (const ui::LessonInfo& lesson : ui::lessons())
        if (lesson.isAvailable())
            ids << lesson.id;
    return ids.at((ids.indexOf(id) + 1) % ids.size());
}

/// Presents `window` full screen on a 1280 × 800 projector; false if it is not on screen.
bool presentOnProjector(MainWindow& window)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.presenterMode()->setActive(true);
    window.showNormal(); // the offscreen screen is 800 × 600: a projector's size instead,
    window.setFixedSize(1280, 800); // which a page's minimum size must not enlarge
    QTest::qWait(50);
    return true;
}

} // namespace

class TestPresenterMode : public QObject
{
    Q_OBJECT
private slots:
    void noTextIsClippedAtAnyZoom()
    {
        // Every page at every zoom step the presenter offers, full screen on a 1280 × 800
        // projector: every label, button and combo box shows its whole text.
        MainWindow window(false);
        QVERIFY(presentOnProjector(window));
        ui::PresenterMode* presenter = window.presenterMode();
        QCOMPARE(window.size(), QSize(1280, 800));
        QCOMPARE(presenter->maxZoom(), 2.0);
        QStringList failures;
        for (const ui::LessonInfo& lesson : ui::lessons()) {
            if (!lesson.isAvailable())
                continue;
            QVERIFY(window.showLesson(lesson.id));
            QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(120000)));
            for (double zoom : presenter->zoomSteps()) {
                presenter->setZoom(zoom);
                QTest::qWait(20);
                for (const QString& clipped : emu::test::clippedTexts(window.currentPage()))
                    failures << QStringLiteral("%1 at ×%2: %3").arg(lesson.id).arg(zoom, 0, 'f', 2).arg(clipped);
            }
        }
        for (const QString& failure : failures)
            qWarning("%s", qPrintable(failure));
        QVERIFY2(failures.isEmpty(), qPrintable(QString::number(failures.size()) + " clipped texts (listed above)"));
    }

    void tinyAcquisitionsStayReadableAtEveryZoom()
    {
        // BO 1-D after 40 steps (an acquisition of 10^-45) on a 1280 × 800 projector: at every
        // zoom no chart label is elided, the ×10ᵏ factor included.
        MainWindow window(false);
        QVERIFY(presentOnProjector(window));
        ui::PresenterMode* presenter = window.presenterMode();
        QVERIFY(window.showLesson("bo-1d"));
        auto* page = qobject_cast<ui::Bo1dPage*>(window.currentPage());
        QVERIFY(page);
        for (int i = 0; i < 40; ++i) {
            page->session()->step();
            QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(10000)));
        }
        for (double zoom : presenter->zoomSteps()) {
            presenter->setZoom(zoom);
            QTest::qWait(30);
            const QString problems = emu::test::chartProblems(page).join(QLatin1Char('\n'));
            QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("×%1: %2").arg(zoom).arg(problems)));
            QVERIFY(page->acquisitionChart()->yAxis()->titleText().contains(QStringLiteral("×10")));
        }
    }

    void presentsAndPutsEverythingBack()
    {
        MainWindow window(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showLesson("gaussian-processes"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        auto* navigator = window.findChild<QDockWidget*>("navigatorDock");
        QVERIFY(navigator->isVisible());
        QAbstractAxis* axis = firstAxis(window);
        QVERIFY(axis);
        const double labelSize = axis->labelsFont().pointSizeF();
        const double appSize = QApplication::font().pointSizeF();

        QTest::keyClick(&window, Qt::Key_F5);
        ui::PresenterMode* presenter = window.presenterMode();
        QVERIFY(presenter->isActive());
        QVERIFY(window.windowState() & Qt::WindowFullScreen);
        QVERIFY(!navigator->isVisible());
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(presenter->caption()->isVisible());
        QVERIFY2(presenter->caption()->text().contains("Gaussian processes"), qPrintable(presenter->caption()->text()));
        QCOMPARE(window.font().pointSizeF(), appSize * presenter->zoom());
        QCOMPARE(axis->labelsFont().pointSizeF(), labelSize * presenter->zoom());

        QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier); // zoom in
        QCOMPARE(presenter->zoom(), 1.5 * 1.15);
        QCOMPARE(axis->labelsFont().pointSizeF(), labelSize * 1.5 * 1.15);
        QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(presenter->zoom(), 1.5);

        QTest::keyPress(&window, Qt::Key_L); // laser pointer while L is held
        QVERIFY(presenter->isLaserOn());
        QTest::keyRelease(&window, Qt::Key_L);
        QVERIFY(!presenter->isLaserOn());

        // The GP lesson has no loop: Page Down is the next lesson, Page Up the one before.
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(window.currentLessonId(), lessonAfter("gaussian-processes"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QTest::keyClick(&window, Qt::Key_PageUp);
        QCOMPARE(window.currentLessonId(), QString("gaussian-processes"));

        // Bayesian optimisation in 1-D: Page Down is the Step button.
        QVERIFY(window.showLesson("bo-1d"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        auto* bo = qobject_cast<ui::Bo1dPage*>(window.currentPage());
        QVERIFY(bo);
        const emu::Index before = bo->session()->evaluations();
        QTest::keyClick(&window, Qt::Key_PageDown);
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(bo->session()->evaluations(), before + 1);
        QCOMPARE(window.currentLessonId(), QString("bo-1d"));

        // The car's BO replay: Page Up and Page Down move through its iterations, and past the
        // last one Page Down is the next lesson.
        QVERIFY(window.showLesson("car-bo"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));
        auto* car = qobject_cast<ui::CarBoPage*>(window.currentPage());
        QVERIFY(car);
        const int last = car->shownIteration();
        QVERIFY(last > 0);
        QTest::keyClick(&window, Qt::Key_PageUp);
        QCOMPARE(car->shownIteration(), last - 1);
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(car->shownIteration(), last);
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(window.currentLessonId(), lessonAfter("car-bo"));
        QVERIFY(window.jobRunner()->waitForIdle(emu::test::scaledTimeout(60000)));

        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!presenter->isActive());
        QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
        QVERIFY(navigator->isVisible());
        QVERIFY(window.menuBar()->isVisible());
        QVERIFY(!presenter->caption()->isVisible());
        QCOMPARE(window.font().pointSizeF(), appSize);
        QVERIFY(window.showLesson("gaussian-processes"));
        QCOMPARE(axis->labelsFont().pointSizeF(), labelSize); // charts back to their own size
    }
};

QTEST_MAIN(TestPresenterMode)
#include "test_presenter_mode.moc"
