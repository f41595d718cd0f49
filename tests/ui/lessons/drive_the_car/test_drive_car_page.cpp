#include "common/page_test.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/drive_the_car/drive_car_page.h"
#include "ui/panels/controller_editor.h"
#include "ui/panels/mountain_car_view.h"

#include <QSlider>
#include <QtTest>

using ui::DriveCarPage;

class TestDriveCarPage : public QObject, public emu::test::PageTest<DriveCarPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1100, 750))); }
    void cleanup() { closePage(); }

    void opensWithAnEpisodeAndALandscape()
    {
        QVERIFY(m_page->trace().steps > 0);
        QCOMPARE(m_page->trace().p.size(), size_t(m_page->trace().steps + 1));
        QVERIFY(m_page->landscape().reward.size() > 100);
        // The landscape has both failing and succeeding controllers: it is worth looking at.
        QVERIFY(m_page->landscape().reachedGoal.maxCoeff() == 1.0);
        QVERIFY(m_page->landscape().reachedGoal.minCoeff() == 0.0);
    }

    void theLandscapeTakesTheRoomItIsGiven()
    {
        // The map's frame beside the car is tall: the plot fills most of it rather than a
        // square in its middle.
        const ui::HeatMap* map = m_page->landscapeMap();
        QVERIFY2(map->plotRect().height() > 0.7 * map->height(),
                 qPrintable(QStringLiteral("%1 of %2").arg(map->plotRect().height()).arg(map->height())));
    }

    void movingASliderChangesTheTrace()
    {
        const std::vector<double> before = m_page->trace().p;
        auto sliders = m_page->controllerEditor()->findChildren<QSlider*>();
        QCOMPARE(sliders.size(), 3);
        QSlider* thetaV = sliders[1];
        thetaV->setValue(thetaV->maximum()); // θv = 1/0.07: push with the motion
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        QVERIFY(m_page->trace().p != before);
        QVERIFY(std::abs(m_page->controller().thetaV - 1.0 / 0.07) < 1e-3); // shown with 3 decimals
        QVERIFY(m_page->trace().reachedGoal);
    }

    void clickingTheLandscapeSetsTheController()
    {
        ui::HeatMap* map = m_page->landscapeMap();
        QTest::mouseClick(map, Qt::LeftButton, {}, map->toWidget(QPointF(-0.5, 10.0)).toPoint());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        const emu::LinearController c = m_page->controller();
        QVERIFY2(std::abs(c.thetaP + 0.5) < 0.05, qPrintable(QString::number(c.thetaP)));
        QVERIFY2(std::abs(c.thetaV - 10.0) < 0.2, qPrintable(QString::number(c.thetaV)));
        QCOMPARE(m_page->trace().controller.thetaP, c.thetaP);
    }

    void animationAdvances()
    {
        ui::MountainCarView* view = m_page->carView();
        view->restart();
        QTRY_VERIFY_WITH_TIMEOUT(view->frame() > 5, 3000);
    }

    void badStateIsRejected()
    {
        const emu::LinearController before = m_page->controller();
        QVERIFY(!m_page->restoreState(QJsonObject{{"thetaP", "x"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"thetaP", 0.0}, {"thetaV", 99.0}, {"theta0", 0.0},
                                                  {"simulator", "classic"}})
                     .isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"thetaP", 0.0}, {"thetaV", 1.0}, {"theta0", 0.0},
                                                  {"simulator", "warp-drive"}})
                     .isEmpty());
        QCOMPARE(m_page->controller().thetaV, before.thetaV);
        const QJsonObject good = m_page->saveState();
        QVERIFY(m_page->restoreState(good).isEmpty());
    }
};

QTEST_MAIN(TestDriveCarPage)
#include "test_drive_car_page.moc"
