// Number fields say why they refuse a value: typing past the maximum, leaving a number below the
// minimum or an empty field, each shows a hint naming the field's range; hovering shows it too;
// the main window watches every page's fields.

#include "ui/charts/range_hints.h"
#include "ui/lessons/lesson_page.h"
#include "ui/shell/main_window.h"

#include <QDoubleSpinBox>
#include <QHelpEvent>
#include <QSpinBox>
#include <QToolTip>
#include <QtTest>

using ui::RangeHints;

class TestRangeHints : public QObject
{
    Q_OBJECT
private:
    /// A shown, focused spin box with its whole text selected, as after a click and Ctrl+A.
    template <class Box>
    static void focusAndSelectAll(Box& box)
    {
        box.show();
        box.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&box));
        box.setFocus();
        box.selectAll();
    }

private slots:
    void typingPastTheMaximumIsExplained()
    {
        RangeHints hints;
        QSpinBox steps;
        steps.setRange(1, 500);
        steps.setSuffix(QStringLiteral(" steps"));
        steps.setValue(10);
        focusAndSelectAll(steps);
        QTest::keyClicks(&steps, QStringLiteral("1000"));
        QCOMPARE(steps.value(), 100); // the spin box took "100" and refused the last "0"
        QVERIFY2(hints.shownHint().contains("1000") && hints.shownHint().contains("from 1 to 500 steps"),
                 qPrintable(hints.shownHint()));
        // Still there after the key's release (which hides a tooltip), just under the field.
        const QWidgetList windows = QApplication::topLevelWidgets();
        const auto hint = std::ranges::find(windows, QStringLiteral("rangeHint"), &QWidget::objectName);
        QVERIFY(hint != windows.end() && (*hint)->isVisible());
        QCOMPARE((*hint)->pos(), steps.mapToGlobal(QPoint(0, steps.height())));
    }

    void theHintGoesWhenItsWindowMoves()
    {
        RangeHints hints;
        QSpinBox steps;
        steps.setRange(1, 500);
        steps.setValue(10);
        focusAndSelectAll(steps);
        QTest::keyClicks(&steps, QStringLiteral("1000"));
        QVERIFY(!hints.shownHint().isEmpty());
        steps.move(steps.pos() + QPoint(40, 30)); // the hint would float where the field was
        QTRY_VERIFY_WITH_TIMEOUT(hints.shownHint().isEmpty(), 1000); // well before its 5-s timer
        QTest::keyClicks(&steps, QStringLiteral("0"));
        QVERIFY(!hints.shownHint().isEmpty());
        steps.hide();
        QVERIFY(hints.shownHint().isEmpty());
    }

    void aNumberBelowTheMinimumIsExplainedWhenEntered()
    {
        RangeHints hints;
        QDoubleSpinBox noise;
        noise.setRange(0.5, 20.0);
        noise.setDecimals(2);
        noise.setValue(2.0);
        focusAndSelectAll(noise);
        QTest::keyClicks(&noise, QStringLiteral("0.1")); // could still become 0.5..: typed freely
        QVERIFY(hints.shownHint().isEmpty());
        QTest::keyClick(&noise, Qt::Key_Return);
        QCOMPARE(noise.value(), 2.0);
        QVERIFY2(hints.shownHint().contains("0.1 is outside the allowed range, from 0.50 to 20.00") &&
                     hints.shownHint().contains("previous value"),
                 qPrintable(hints.shownHint()));
    }

    void anEmptyFieldIsExplainedWhenLeft()
    {
        RangeHints hints;
        QSpinBox seed;
        seed.setRange(0, 1000);
        seed.setValue(7);
        focusAndSelectAll(seed);
        QTest::keyClick(&seed, Qt::Key_Delete);
        seed.clearFocus();
        QCOMPARE(seed.value(), 7);
        QVERIFY2(hints.shownHint().contains("empty") && hints.shownHint().contains("from 0 to 1,000"),
                 qPrintable(hints.shownHint()));
    }

    void acceptedNumbersShowNothing()
    {
        RangeHints hints;
        QSpinBox count;
        count.setRange(1, 50);
        count.setValue(3);
        focusAndSelectAll(count);
        QTest::keyClicks(&count, QStringLiteral("42"));
        QTest::keyClick(&count, Qt::Key_Return);
        QCOMPARE(count.value(), 42);
        QVERIFY(hints.shownHint().isEmpty());
    }

    void hoveringShowsTheRangeAfterTheTooltip()
    {
        RangeHints hints;
        QSpinBox count;
        count.setRange(1, 50);
        count.setToolTip(QStringLiteral("Points of the initial design"));
        count.show();
        QVERIFY(QTest::qWaitForWindowExposed(&count));
        QHelpEvent hover(QEvent::ToolTip, QPoint(5, 5), count.mapToGlobal(QPoint(5, 5)));
        QApplication::sendEvent(&count, &hover);
        QCOMPARE(QToolTip::text(), QStringLiteral("Points of the initial design\nAllowed: from 1 to 50"));
    }

    void everyFieldOfTheMainWindowIsWatched()
    {
        ui::MainWindow window(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showLesson(QStringLiteral("bo-1d")));
        const auto* hints = window.findChild<RangeHints*>();
        QVERIFY(hints);
        QSpinBox* field = window.currentPage()->findChild<QSpinBox*>();
        QVERIFY(field);
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, QString::number(field->maximum()) + QStringLiteral("9"));
        QVERIFY2(hints->shownHint().contains(RangeHints::rangeText(field)), qPrintable(hints->shownHint()));
    }
};

QTEST_MAIN(TestRangeHints)
#include "test_range_hints.moc"
