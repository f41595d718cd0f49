// Every chart has a right-click menu that exports it; exportFigure writes PNG and SVG files;
// a right click that removes a GP data point opens no menu.

#include "ui/charts/band_chart.h"
#include "ui/charts/error_bar_chart.h"
#include "ui/charts/figure_menu.h"
#include "ui/charts/heat_map.h"
#include "ui/charts/pinball_plot.h"
#include "ui/charts/posterior_chart.h"
#include "ui/panels/mountain_car_view.h"

#include <QAbstractScrollArea>
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ui;

namespace {

/// The popup menu opened by a right click at `pos` on `widget` (closed again), or its absence.
QStringList menuAfterRightClick(QWidget* target, QPoint pos)
{
    // A QChartView receives mouse events in its viewport; other widgets themselves.
    auto* scrollArea = qobject_cast<QAbstractScrollArea*>(target);
    QWidget* receiver = scrollArea ? scrollArea->viewport() : target;
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, receiver->mapToGlobal(pos));
    QApplication::sendEvent(receiver, &event);
    QStringList actions;
    for (QMenu* menu : target->findChildren<QMenu*>()) {
        if (!menu->isVisible())
            continue;
        for (QAction* action : menu->actions())
            actions << action->text();
        menu->close();
    }
    return actions;
}

} // namespace

class TestFigureMenu : public QObject
{
    Q_OBJECT
private slots:
    void everyKindOfChartHasTheMenu()
    {
        BandChart band;
        ErrorBarChart bars(QStringLiteral("effects"));
        HeatMap heat;
        PinballPlot pinball;
        MountainCarView car;
        PosteriorChart posterior;
        for (QWidget* chart : std::initializer_list<QWidget*>{&band, &bars, &heat, &pinball, &car, &posterior}) {
            chart->resize(300, 200);
            chart->show();
            QVERIFY(QTest::qWaitForWindowExposed(chart));
            QCOMPARE(chart->contextMenuPolicy(), Qt::CustomContextMenu);
            QCOMPARE(menuAfterRightClick(chart, QPoint(150, 100)),
                     (QStringList{"Export as PNG...", "Export as SVG...", "Copy"}));
        }
    }

    void aRightClickThatRemovesAPointOpensNoMenu()
    {
        PosteriorChart chart;
        chart.resize(400, 300);
        chart.setRanges(0, 1, -2, 2);
        chart.setData({QPointF(0.5, 0.0)});
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QSignalSpy removed(&chart, &PosteriorChart::pointRemoved);
        const QPoint onPoint = chart.toWidget(QPointF(0.5, 0.0));
        QTest::mouseClick(chart.viewport(), Qt::RightButton, {}, onPoint);
        QCOMPARE(removed.size(), 1);
        QVERIFY(menuAfterRightClick(&chart, onPoint).isEmpty());
        QCOMPARE(menuAfterRightClick(&chart, onPoint).size(), 3); // the next right click is a menu again
    }

    void exportsPngAndSvg()
    {
        QTemporaryDir dir;
        BandChart chart;
        chart.setBand("GP", {0, 1, 2}, {1, 2, 3}, {0.5, 0.5, 0.5}, Qt::blue);
        chart.resize(320, 240);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(exportFigure(&chart, dir.filePath("f.png")), QString());
        QCOMPARE(QImage(dir.filePath("f.png")).size(), QSize(320, 240));
        QCOMPARE(exportFigure(&chart, dir.filePath("f.svg"), "title"), QString());
        QFile svg(dir.filePath("f.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QVERIFY(exportFigure(&chart, dir.filePath("no/such/dir/f.png")).contains("Could not write"));
    }
};

QTEST_MAIN(TestFigureMenu)
#include "test_figure_menu.moc"
