#include "ui/charts/band_chart.h"
#include "ui/charts/pinball_plot.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>

using ui::BandChart;

class TestBandChart : public QObject
{
    Q_OBJECT
private slots:
    void bandsFitTheAxes()
    {
        BandChart chart;
        chart.setBand("GP", {0, 1, 2}, {1, 2, 3}, {0.5, 0.5, 0.5}, Qt::blue);
        QCOMPARE(chart.chart()->series().size(), 2); // mean line + area
        QVERIFY(chart.yAxis()->min() <= 0.0 && chart.yAxis()->max() >= 4.0); // 1 − 2·0.5 … 3 + 2·0.5
        QCOMPARE(chart.xAxis()->min(), 0.0);
        QCOMPARE(chart.xAxis()->max(), 2.0);
        // Updating reuses the series.
        chart.setBand("GP", {0, 1}, {5, 6}, {0, 0}, Qt::blue);
        QCOMPARE(chart.chart()->series().size(), 2);
        QVERIFY(chart.yAxis()->max() >= 6.0);
    }
    void hiddenSeriesDoNotStretchTheAxes()
    {
        BandChart chart;
        chart.setBand("small", {0, 1}, {0, 1}, {}, Qt::blue);
        chart.setBand("huge", {0, 1}, {0, 100}, {}, Qt::red);
        QVERIFY(chart.yAxis()->max() >= 100.0);
        chart.setSeriesVisible("huge", false);
        QVERIFY(chart.yAxis()->max() < 10.0);
    }
    void markerSpansTheYRange()
    {
        BandChart chart;
        chart.setPoints("data", {QPointF(0, -1), QPointF(2, 5)}, Qt::black);
        chart.setVerticalMarker("Turing", 1.0, Qt::red);
        QLineSeries* marker = nullptr;
        for (QAbstractSeries* s : chart.chart()->series())
            if (s->name() == "Turing")
                marker = qobject_cast<QLineSeries*>(s);
        QVERIFY(marker);
        QCOMPARE(marker->count(), 2);
        QCOMPARE(marker->at(0).y(), chart.yAxis()->min());
        QCOMPARE(marker->at(1).y(), chart.yAxis()->max());
    }
    void pinballDrawsEveryStage()
    {
        ui::PinballPlot plot;
        plot.resize(400, 300);
        const QImage blank = plot.grab().toImage();
        plot.setStages({{0, 1, 2}, {0.5, 0.4, 2.0}, {3, 3.1, 1}}, {{0, 0, 0}, {0.1, 0.1, 0.2}, {0.3, 0.3, 0.3}},
                       {"year", "layer 1", "pace"});
        const QImage drawn = plot.grab().toImage();
        QVERIFY(drawn != blank);
    }
};

QTEST_MAIN(TestBandChart)
#include "test_band_chart.moc"
