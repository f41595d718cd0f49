#include "ui/base/palette.h"
#include "ui/charts/contour_lines.h"
#include "ui/charts/heat_map.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using ui::HeatMap;

namespace {

/// f(x, y) = x² + y² on [-1, 1]², n×n nodes, row-major with row 0 at y = -1.
QVector<double> bowl(int n)
{
    QVector<double> values;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double x = -1.0 + 2.0 * c / (n - 1);
            const double y = -1.0 + 2.0 * r / (n - 1);
            values.append(x * x + y * y);
        }
    return values;
}

} // namespace

class TestHeatMap : public QObject
{
    Q_OBJECT
private slots:
    void contourOfABowlIsACircle()
    {
        const int n = 41;
        const QList<ui::ContourLevel> contours = ui::contourLines(bowl(n), n, n, {0.25});
        QCOMPARE(contours.size(), 1);
        QVERIFY(contours[0].segments.size() > 20);
        for (const QLineF& s : contours[0].segments) {
            for (const QPointF& p : {s.p1(), s.p2()}) {
                const double x = -1.0 + 2.0 * p.x() / (n - 1);
                const double y = -1.0 + 2.0 * p.y() / (n - 1);
                QVERIFY2(std::abs(std::hypot(x, y) - 0.5) < 0.01, qPrintable(QString::number(std::hypot(x, y))));
            }
        }
    }
    void levelOutsideTheFieldHasNoSegments()
    {
        const QList<ui::ContourLevel> contours = ui::contourLines(bowl(11), 11, 11, {5.0});
        QVERIFY(contours[0].segments.isEmpty());
    }
    void saddleIsSplitByTheCentre()
    {
        // A 2×2 cell with diagonal highs: two segments, never crossing each other.
        const QList<ui::ContourLevel> contours = ui::contourLines({1.0, 0.0, 0.0, 1.0}, 2, 2, {0.5});
        QCOMPARE(contours[0].segments.size(), 2);
        QPointF crossing;
        QCOMPARE(contours[0].segments[0].intersects(contours[0].segments[1], &crossing) == QLineF::BoundedIntersection,
                 false);
    }
    void evenLevelsAreInside()
    {
        QCOMPARE(ui::evenLevels(0.0, 4.0, 3), (QVector<double>{1.0, 2.0, 3.0}));
        QVERIFY(ui::evenLevels(1.0, 1.0, 3).isEmpty());
    }
    void mappingRoundTripsAndValuesAreFound()
    {
        HeatMap map;
        map.resize(500, 400);
        map.setField(-1, 1, -1, 1, bowl(21), 21, 21);
        const QPointF value(0.3, -0.6);
        const QPointF back = map.toValue(map.toWidget(value));
        QVERIFY(std::abs(back.x() - value.x()) < 1e-9 && std::abs(back.y() - value.y()) < 1e-9);
        QCOMPARE(map.valueAt(QPointF(0.0, 0.0)), 0.0);
        QCOMPARE(map.valueAt(QPointF(1.0, 1.0)), 2.0);
        QVERIFY(std::isnan(map.valueAt(QPointF(2.0, 0.0))));
    }
    void clickEmitsTheCoordinate()
    {
        HeatMap map;
        map.resize(500, 400);
        map.setField(0, 10, 0, 5, bowl(5), 5, 5);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QSignalSpy clicked(&map, &HeatMap::clicked);
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.toWidget(QPointF(7.0, 2.0)).toPoint());
        QCOMPARE(clicked.count(), 1);
        const QPointF at = clicked.first().first().toPointF();
        QVERIFY(std::abs(at.x() - 7.0) < 0.05 && std::abs(at.y() - 2.0) < 0.05);
        // Outside the plot (in the colour bar area) nothing happens.
        QTest::mouseClick(&map, Qt::LeftButton, {}, QPoint(495, 200));
        QCOMPARE(clicked.count(), 1);
    }
    void rendersColours()
    {
        HeatMap map;
        map.resize(400, 300);
        map.setField(-1, 1, -1, 1, bowl(31), 31, 31);
        map.setPoints({QPointF(0, 0)});
        map.setMarker(QPointF(0.5, 0.5));
        const QImage image = map.grab().toImage();
        const QRectF plot = map.plotRect();
        // The centre is the minimum (dark purple end of viridis), a corner the maximum (yellow).
        const QColor corner = image.pixelColor(QPointF(plot.left() + 3, plot.top() + 3).toPoint());
        QVERIFY2(corner.red() > 200 && corner.green() > 200, qPrintable(corner.name()));
    }
    void markersOnTheEdgeAreDrawnWhole()
    {
        HeatMap map;
        map.resize(400, 300);
        map.setField(-1, 1, -1, 1, bowl(31), 31, 31);
        map.setMarker(QPointF(1, 1)); // the top-right corner of the domain
        map.setPoints({QPointF(-1, -1)});
        const QImage image = map.grab().toImage();
        const QRectF plot = map.plotRect();
        // The star's upper point reaches above the frame, and the point's ring left of it.
        auto near = [&](QPointF at, QColor expected) { // antialiased edges blend a little
            const QColor c = image.pixelColor(at.toPoint());
            return std::abs(c.red() - expected.red()) + std::abs(c.green() - expected.green()) +
                       std::abs(c.blue() - expected.blue()) < 120;
        };
        QVERIFY(near(QPointF(plot.right(), plot.top() - 7), ui::palette().highlight));
        bool ring = false; // the point's ring crosses this row 4.5 px left of the frame
        for (double dx = 3.0; dx <= 6.0; dx += 1.0)
            ring = ring || near(QPointF(plot.left() - dx, plot.bottom() - 1), ui::palette().ink);
        QVERIFY(ring);
    }

    void tallMapKeepsAReadableShape()
    {
        // A map squeezed into a tall column draws a plot at most 1.25 times as tall as wide.
        HeatMap map;
        map.resize(220, 700);
        map.setField(-1, 1, -1, 1, bowl(21), 21, 21);
        const QRectF plot = map.plotRect();
        QVERIFY2(plot.height() <= 1.25 * plot.width() + 1.0,
                 qPrintable(QStringLiteral("%1 x %2").arg(plot.width()).arg(plot.height())));
        QVERIFY(plot.top() > 100); // centred in the height it has
    }
    void marginsFollowTheLabels()
    {
        // Colour-bar labels such as 2.5e-06 are wider than 0.5: the plot leaves them room.
        QVector<double> tiny = bowl(21);
        for (double& v : tiny)
            v *= 1e-5;
        HeatMap plain, small;
        for (HeatMap* map : {&plain, &small})
            map->resize(400, 300);
        plain.setField(-1, 1, -1, 1, bowl(21), 21, 21);
        small.setField(-1, 1, -1, 1, tiny, 21, 21);
        QVERIFY2(small.plotRect().right() < plain.plotRect().right() - 10,
                 qPrintable(QStringLiteral("%1 vs %2").arg(small.plotRect().right()).arg(plain.plotRect().right())));
        // Wide y labels push the plot right.
        HeatMap wideY;
        wideY.resize(400, 300);
        wideY.setField(-1, 1, -12345, 12345, bowl(21), 21, 21);
        QVERIFY(wideY.plotRect().left() > plain.plotRect().left() + 10);
    }
    void viridisEnds()
    {
        QCOMPARE(ui::viridis(0.0), QColor(68, 1, 84));
        QCOMPARE(ui::viridis(1.0), QColor(253, 231, 37));
        QCOMPARE(ui::viridis(std::nan("")), QColor(128, 128, 128));
    }
};

QTEST_MAIN(TestHeatMap)
#include "test_heat_map.moc"
