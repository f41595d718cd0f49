#include "ui/charts/nice_axis.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsTextItem>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <limits>

using ui::NiceTicks;

namespace {

/// The label texts Qt Charts draws on screen for this chart (axis titles are left empty).
QStringList drawnLabels(QChartView& view)
{
    QStringList labels;
    for (QGraphicsItem* item : view.chart()->scene()->items())
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
            if (!text->toPlainText().isEmpty())
                labels << text->toPlainText();
    return labels;
}

} // namespace

class TestNiceAxis : public QObject
{
    Q_OBJECT
private slots:
    void decimalsFollowTheStep_data()
    {
        QTest::addColumn<double>("step");
        QTest::addColumn<int>("decimals");
        QTest::newRow("1") << 1.0 << 0;
        QTest::newRow("5") << 5.0 << 0;
        QTest::newRow("2500") << 2500.0 << 0;
        QTest::newRow("0.2") << 0.2 << 1;
        QTest::newRow("2.5") << 2.5 << 1;
        QTest::newRow("0.25") << 0.25 << 2;
        QTest::newRow("0.05") << 0.05 << 2;
        QTest::newRow("0.001") << 0.001 << 3;
        QTest::newRow("2.5e-5") << 2.5e-5 << 6;
        QTest::newRow("0.1 + 0.2 noise") << (0.1 + 0.2) / 3.0 << 1;
    }
    void decimalsFollowTheStep()
    {
        QFETCH(double, step);
        QFETCH(int, decimals);
        QCOMPARE(ui::tickDecimals(step), decimals);
    }

    void niceTicks_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<int>("target");
        QTest::addColumn<bool>("expand");
        QTest::addColumn<bool>("fromZero");
        QTest::addColumn<bool>("integers");
        QTest::addColumn<double>("axisLow");
        QTest::addColumn<double>("axisHigh");
        QTest::addColumn<double>("step");
        QTest::addColumn<double>("first");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("decimals");
        // Data-driven ranges widen outward to whole ticks.
        QTest::newRow("marathon pace") << 2.93 << 5.1 << 6 << true << false << false << 2.5 << 5.5 << 0.5 << 2.5 << 7 << 1;
        QTest::newRow("best reward (was 98.315, 98.394)")
            << 98.315 << 98.394 << 6 << true << false << false << 98.3 << 98.4 << 0.02 << 98.3 << 6 << 2;
        QTest::newRow("symmetric around 0") << -0.3 << 0.28 << 7 << true << false << false << -0.3 << 0.3 << 0.1 << -0.3 << 7 << 1;
        QTest::newRow("unit interval") << 0.0 << 1.0 << 6 << true << false << false << 0.0 << 1.0 << 0.2 << 0.0 << 6 << 1;
        QTest::newRow("small numbers") << 0.00012 << 0.00047 << 5 << true << false << false << 1e-4 << 5e-4 << 1e-4 << 1e-4 << 5 << 4;
        QTest::newRow("ends given reversed") << 5.1 << 2.93 << 6 << true << false << false << 2.5 << 5.5 << 0.5 << 2.5 << 7 << 1;
        // A flat curve gets a neighbourhood of ±10 %, still with round ticks.
        QTest::newRow("flat") << 98.3 << 98.3 << 5 << true << false << false << 85.0 << 110.0 << 5.0 << 85.0 << 6 << 0;
        QTest::newRow("not finite") << std::nan("") << 1.0 << 6 << true << false << false << 0.0 << 1.0 << 0.2 << 0.0 << 6 << 1;
        // Non-negative quantities start at 0, whatever the data's smallest value.
        QTest::newRow("density") << 0.37 << 1.37 << 5 << true << true << false << 0.0 << 1.5 << 0.5 << 0.0 << 4 << 1;
        QTest::newRow("density all zero") << 0.0 << 0.0 << 5 << true << true << false << 0.0 << 0.5 << 0.1 << 0.0 << 6 << 1;
        QTest::newRow("evaluations") << 1.0 << 23.0 << 6 << true << true << true << 0.0 << 25.0 << 5.0 << 0.0 << 6 << 0;
        QTest::newRow("few evaluations") << 1.0 << 3.0 << 6 << true << true << true << 0.0 << 3.0 << 1.0 << 0.0 << 4 << 0;
        // Fixed physical ranges stay as they are; ticks are round values inside them.
        QTest::newRow("car position") << -1.2 << 0.6 << 4 << false << false << false << -1.2 << 0.6 << 0.5 << -1.0 << 4 << 1;
        QTest::newRow("car speed") << -0.07 << 0.07 << 3 << false << false << false << -0.07 << 0.07 << 0.05 << -0.05 << 3 << 2;
        QTest::newRow("years") << 1890.0 << 2030.0 << 6 << false << false << true << 1890.0 << 2030.0 << 25.0 << 1900.0 << 6 << 0;
        QTest::newRow("action") << -1.05 << 1.05 << 3 << false << false << false << -1.05 << 1.05 << 1.0 << -1.0 << 3 << 0;
    }
    void niceTicks()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(int, target);
        QFETCH(bool, expand);
        QFETCH(bool, fromZero);
        QFETCH(bool, integers);
        const NiceTicks t = ui::niceTicks(
            low, high, {.targetTicks = target, .expand = expand, .fromZero = fromZero, .integers = integers});
        QFETCH(double, axisLow);
        QFETCH(double, axisHigh);
        QFETCH(double, step);
        QFETCH(double, first);
        QFETCH(int, count);
        QFETCH(int, decimals);
        QVERIFY2(std::abs(t.low - axisLow) <= 1e-12 * std::max(1.0, std::abs(axisLow)), qPrintable(QString::number(t.low, 'g', 17)));
        QVERIFY2(std::abs(t.high - axisHigh) <= 1e-12 * std::max(1.0, std::abs(axisHigh)), qPrintable(QString::number(t.high, 'g', 17)));
        QVERIFY2(std::abs(t.step - step) <= 1e-12 * step, qPrintable(QString::number(t.step, 'g', 17)));
        QVERIFY2(std::abs(t.first - first) <= 1e-12 * std::max(1.0, std::abs(first)), qPrintable(QString::number(t.first, 'g', 17)));
        QCOMPARE(t.count, count);
        QCOMPARE(t.decimals, decimals);
        // The ticks lie inside the axis and cover the data.
        const QVector<double> values = ui::tickValues(t);
        QCOMPARE(values.size(), count);
        QVERIFY(values.first() >= t.low && values.last() <= t.high);
        if (expand && std::isfinite(low))
            QVERIFY(t.low <= std::min(low, high) && t.high >= std::max(low, high));
    }

    void rangesAtTheEndsOfDoublesGetTicks_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<bool>("expand");
        constexpr double kMax = std::numeric_limits<double>::max();
        // Finite ends whose span, widening or margin overflows (the monkey's BO page under UBSan:
        // log10 of an infinite span converted to int).
        QTest::newRow("span overflows") << -1e308 << 1e308 << true;
        QTest::newRow("largest doubles") << -kMax << kMax << true;
        QTest::newRow("flat at the largest") << kMax << kMax << true;
        QTest::newRow("kept range, margin overflows") << -kMax << kMax << false;
        QTest::newRow("huge and small") << 1.0 << 1e308 << true;
        // A tenth of a subnormal underflows to 0: an expected improvement of 5e-324 everywhere.
        QTest::newRow("smallest subnormal") << 0.0 << 5e-324 << true;
        QTest::newRow("subnormals") << 5e-324 << 1e-310 << true;
        QTest::newRow("tiny negative, kept") << -1e-320 << 0.0 << false;
    }
    void rangesAtTheEndsOfDoublesGetTicks()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(bool, expand);
        const NiceTicks t = ui::niceTicks(low, high, {.targetTicks = 6, .expand = expand, .margin = 0.03});
        QVERIFY2(std::isfinite(t.low) && std::isfinite(t.high) && t.low < t.high,
                 qPrintable(QStringLiteral("%1 .. %2").arg(t.low).arg(t.high)));
        QVERIFY(std::isfinite(t.step) && t.step > 0.0);
        QVERIFY2(t.count >= 2 && t.count <= 12, qPrintable(QString::number(t.count)));
        const QVector<double> values = ui::tickValues(t);
        QVERIFY(values.first() >= t.low && values.last() <= t.high);
    }

    void marginLeavesRoomForDots_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<bool>("expand");
        QTest::addColumn<bool>("fromZero");
        QTest::addColumn<double>("axisLow");
        QTest::addColumn<double>("axisHigh");
        QTest::addColumn<double>("first");
        QTest::addColumn<int>("count");
        // A kept range grows by 3 % each side; its ticks stay where they were.
        QTest::newRow("fixed box") << -1.2 << 0.6 << false << false << -1.254 << 0.654 << -1.0 << 4;
        // Data lying on the widened ends get room; data well inside do not.
        QTest::newRow("data on the ticks") << 0.0 << 1.0 << true << false << -0.03 << 1.03 << 0.0 << 6;
        QTest::newRow("data inside") << 2.93 << 5.1 << true << false << 2.5 << 5.5 << 2.5 << 7;
        // Never below zero for a non-negative quantity.
        QTest::newRow("from zero") << 0.0 << 1.0 << true << true << 0.0 << 1.03 << 0.0 << 6;
    }
    void marginLeavesRoomForDots()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(bool, expand);
        QFETCH(bool, fromZero);
        QFETCH(double, axisLow);
        QFETCH(double, axisHigh);
        QFETCH(double, first);
        QFETCH(int, count);
        const int target = expand ? 6 : 4;
        const NiceTicks t =
            ui::niceTicks(low, high, {.targetTicks = target, .expand = expand, .fromZero = fromZero, .margin = 0.03});
        QVERIFY2(std::abs(t.low - axisLow) < 1e-12, qPrintable(QString::number(t.low, 'g', 17)));
        QVERIFY2(std::abs(t.high - axisHigh) < 1e-12, qPrintable(QString::number(t.high, 'g', 17)));
        QVERIFY2(std::abs(t.first - first) < 1e-12, qPrintable(QString::number(t.first, 'g', 17)));
        QCOMPARE(t.count, count);
    }

    void ticksFitTheAxisLength_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<int>("orientation");
        QTest::addColumn<double>("length");
        QTest::addColumn<int>("maxCount");
        QTest::addColumn<int>("minCount");
        // Unknown length: as many as asked for.
        QTest::newRow("not laid out") << 1890.0 << 2030.0 << int(Qt::Horizontal) << 0.0 << 6 << 6;
        QTest::newRow("wide") << 1890.0 << 2030.0 << int(Qt::Horizontal) << 800.0 << 6 << 6;
        // A narrow chart: four-digit years cannot stand six abreast in 120 pixels.
        QTest::newRow("narrow") << 1890.0 << 2030.0 << int(Qt::Horizontal) << 120.0 << 3 << 2;
        QTest::newRow("short vertical") << 0.0 << 1.0 << int(Qt::Vertical) << 60.0 << 3 << 2;
        QTest::newRow("tall vertical") << 0.0 << 1.0 << int(Qt::Vertical) << 400.0 << 6 << 6;
    }
    void ticksFitTheAxisLength()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(int, orientation);
        QFETCH(double, length);
        QFETCH(int, maxCount);
        QFETCH(int, minCount);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(12);
        const QFontMetrics metrics(font);
        const auto direction = Qt::Orientation(orientation);
        const NiceTicks t = ui::fittingTicks(low, high, {.targetTicks = 6, .expand = false}, length, metrics, direction);
        QVERIFY2(t.count <= maxCount && t.count >= minCount, qPrintable(QString::number(t.count)));
        if (length > 0.0 && t.count > 2) {
            // Neighbouring labels do not overlap.
            const double pixelsPerStep = length * t.step / (t.high - t.low);
            const double needed = direction == Qt::Horizontal ? ui::widestLabel(t, metrics) : metrics.height();
            QVERIFY(pixelsPerStep > needed);
        }
    }

    void tickValuesAreExactDecimals()
    {
        // 0.1 added up three times is 0.30000000000000004; the tick must be the decimal 0.3.
        const NiceTicks t = ui::niceTicks(-0.3, 0.3, {.targetTicks = 7, .expand = false});
        const QVector<double> values = ui::tickValues(t);
        QCOMPARE(values.size(), 7);
        QCOMPARE(values.last(), 0.3);
        QCOMPARE(values[3], 0.0);
        QVERIFY(!std::signbit(values[3]));
    }

    void labelsHaveNoSignedZeroOrNoise_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<QString>("label");
        QTest::newRow("negative zero") << -2.7755575615628914e-17 << 1 << "0.0";
        QTest::newRow("noise digits") << 0.30000000000000004 << 1 << "0.3";
        QTest::newRow("whole") << 1975.0 << 0 << "1975";
        QTest::newRow("two decimals") << 98.32 << 2 << "98.32";
        QTest::newRow("negative") << -0.05 << 2 << "-0.05";
        // Steps finer than 10^-4 switch to exponents, with the digits the step needs.
        QTest::newRow("tiny") << 7.5e-6 << 7 << "7.5e-06";
        QTest::newRow("tiny round") << 1e-5 << 7 << "1e-05";
        QTest::newRow("tiny zero") << 0.0 << 7 << "0";
    }
    void labelsHaveNoSignedZeroOrNoise()
    {
        QFETCH(double, value);
        QFETCH(int, decimals);
        QFETCH(QString, label);
        QCOMPARE(ui::tickLabel(value, decimals), label);
    }

    void chartAxisDrawsTheNiceLabels_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<int>("target");
        QTest::addColumn<bool>("expand");
        QTest::addColumn<QStringList>("labels");
        // Qt adds the interval to the anchor repeatedly: without care the last tick (0.3) falls
        // beyond the maximum and the middle one prints as "-0.0".
        QTest::newRow("around zero") << -0.3 << 0.3 << 7 << false
                                     << QStringList{"-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"};
        QTest::newRow("zero after four tenths") << -0.4 << 0.2 << 7 << false
                                                << QStringList{"-0.4", "-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2"};
        QTest::newRow("car position") << -1.2 << 0.6 << 4 << false << QStringList{"-1.0", "-0.5", "0.0", "0.5"};
        QTest::newRow("best reward") << 98.315 << 98.394 << 6 << true
                                     << QStringList{"98.30", "98.32", "98.34", "98.36", "98.38", "98.40"};
        QTest::newRow("tenths") << 0.7 << 1.0 << 4 << false << QStringList{"0.7", "0.8", "0.9", "1.0"};
        QTest::newRow("expected improvement") << 0.0 << 1e-5 << 5 << false
                                              << QStringList{"0", "2.5e-06", "5e-06", "7.5e-06", "1e-05"};
    }
    void chartAxisDrawsTheNiceLabels()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(int, target);
        QFETCH(bool, expand);
        QFETCH(QStringList, labels);
        auto* chart = new QChart;
        chart->legend()->hide();
        auto* axisX = new QValueAxis;
        auto* axisY = new QValueAxis;
        axisY->setLabelsVisible(false);
        chart->addAxis(axisX, Qt::AlignBottom);
        chart->addAxis(axisY, Qt::AlignLeft);
        auto* series = new QLineSeries;
        series->append(low, 0.0);
        series->append(high, 1.0);
        chart->addSeries(series);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        ui::setNiceRange(axisX, low, high, {.targetTicks = target, .expand = expand});
        QCOMPARE(axisX->tickType(), QValueAxis::TicksDynamic);

        QChartView view(chart);
        view.resize(700, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCoreApplication::processEvents();
        const QStringList drawn = drawnLabels(view);
        QCOMPARE(drawn.size(), labels.size());
        for (const QString& label : labels)
            QVERIFY2(drawn.contains(label), qPrintable(label + QStringLiteral(" not in ") + drawn.join(' ')));
    }

    void wideRangeAfterATinyOneDrawsFewTicks()
    {
        // A curve spanning units after one spanning 1e-12 (the acquisition on the 1-D BO page):
        // Qt lays out each range change of a dynamic-tick axis at once, so a range set before
        // the interval asked for 10^12 ticks with the old one (out of memory, found by the monkey).
        auto* chart = new QChart;
        chart->legend()->hide();
        auto* axisX = new QValueAxis;
        auto* axisY = new QValueAxis;
        chart->addAxis(axisX, Qt::AlignBottom);
        chart->addAxis(axisY, Qt::AlignLeft);
        auto* series = new QLineSeries;
        series->append(0.0, 0.0);
        series->append(1.0, 1.0);
        chart->addSeries(series);
        series->attachAxis(axisX);
        series->attachAxis(axisY);
        QChartView view(chart);
        view.resize(700, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ui::setNiceRange(axisY, 0.0, 1e-12, {.targetTicks = 5, .expand = true});
        QCoreApplication::processEvents();
        ui::setNiceRange(axisY, -3.0, 4.0, {.targetTicks = 5, .expand = true});
        QCoreApplication::processEvents();
        QCOMPARE(axisY->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(axisY->tickInterval(), 2.0);
        QVERIFY2(drawnLabels(view).size() < 20, qPrintable(drawnLabels(view).join(' ')));
    }

    void limitsStopTheWidening_data()
    {
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<double>("floor");
        QTest::addColumn<double>("ceiling");
        QTest::newRow("rewards up to 98, at most 100") << -40.0 << 98.0 << -1e300 << 100.0;
        QTest::newRow("rewards up to 101: the data win") << -40.0 << 101.0 << -1e300 << 100.0;
        QTest::newRow("a share from 3 %") << 0.03 << 0.71 << 0.0 << 1.0;
        QTest::newRow("a share near 1") << 0.2 << 0.97 << 0.0 << 1.0;
    }
    void limitsStopTheWidening()
    {
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(double, floor);
        QFETCH(double, ceiling);
        const NiceTicks t = ui::niceTicks(low, high, {.targetTicks = 5, .margin = 0.05, .ceiling = ceiling, .floor = floor});
        QVERIFY(t.low <= low && t.high >= high);
        if (high <= ceiling)
            QVERIFY2(t.high <= ceiling, qPrintable(QString::number(t.high)));
        if (low >= floor)
            QVERIFY2(t.low >= floor, qPrintable(QString::number(t.low)));
        const QVector<double> ticks = ui::tickValues(t);
        QVERIFY(ticks.size() >= 2);
        QVERIFY(ticks.front() >= t.low - 1e-12 && ticks.back() <= t.high + 1e-12);
        QVERIFY(ticks.back() + t.step > t.high - 1e-12); // no tick missing at the top
    }

    void fixedRangeKeepsItsEnds()
    {
        // The car's positions: the axis is the physical range, not widened to −1.5 … 1.
        QValueAxis axis;
        ui::setNiceRange(&axis, -1.2, 0.6, {.targetTicks = 4, .expand = false});
        QCOMPARE(axis.min(), -1.2);
        QCOMPARE(axis.max(), 0.6);
        QCOMPARE(axis.tickInterval(), 0.5);
        QCOMPARE(axis.labelFormat(), QStringLiteral("%.1f"));
    }
};

QTEST_MAIN(TestNiceAxis)
#include "test_nice_axis.moc"
