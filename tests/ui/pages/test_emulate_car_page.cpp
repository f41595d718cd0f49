#include "common/page_test.h"
#include "ui/pages/emulate_car_page.h"
#include "ui/widgets/controller_editor.h"

#include <QJsonObject>

using ui::EmulateCarPage;

class TestEmulateCarPage : public QObject, public emu::test::PageTest<EmulateCarPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800), 60000)); }
    void cleanup() { closePage(); }

    void trainsComparesAndOptimisesOnOpening()
    {
        QVERIFY(m_page->emulator());
        QCOMPARE(m_page->emulator()->simulatorCalls(), std::uint64_t(500));
        QVERIFY(m_page->comparison().has_value());
        // The opening controller swings up on both; the emulator follows the simulator closely.
        QVERIFY(m_page->comparison()->simulated.reachedGoal);
        QVERIFY(m_page->comparison()->emulated.reachedGoal);
        QVERIFY(m_page->comparison()->maxAbsPositionError < 0.05);
        QVERIFY(m_page->optimisation().has_value());
        const emu::EmulatorBoResult& r = *m_page->optimisation();
        QVERIFY(r.reachedGoal);
        QCOMPARE(r.simulatorCalls, r.trainingCalls + r.validationCalls);
        QVERIFY(r.direct.has_value());
        QVERIFY(r.simulatorCalls * 10 < r.direct->simulatorCalls); // far fewer calls than direct BO
        QCOMPARE(m_page->dataCsv().count('\n'), 501);
    }

    void changingTheControllerComparesAgain()
    {
        m_page->controllerEditor()->setController({0.0, 0.0, 0.0}); // u = 0: never reaches the goal
        m_page->compare();
        QVERIFY(m_jobs.waitForIdle(30000));
        QVERIFY(!m_page->comparison()->simulated.reachedGoal);
        QVERIFY(!m_page->comparison()->emulated.reachedGoal);
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 5}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 100}, {"design", "grid"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"calls", 100}, {"design", "lhs"}, {"controller", QJsonObject{}}})
                     .isEmpty());
        QCOMPARE(m_page->emulator()->simulatorCalls(), std::uint64_t(500));
    }
};

QTEST_MAIN(TestEmulateCarPage)
#include "test_emulate_car_page.moc"
