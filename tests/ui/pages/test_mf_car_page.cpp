#include "common/page_test.h"
#include "ui/pages/mf_car_page.h"
#include "ui/widgets/mountain_car_view.h"

#include <QJsonObject>

using ui::MfCarPage;

class TestMfCarPage : public QObject, public emu::test::PageTest<MfCarPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 800), 120000)); }
    void cleanup() { closePage(); }

    void comparesFourEmulatorsOnOpening()
    {
        QVERIFY(m_page->comparison().has_value());
        const auto& rows = m_page->comparison()->rows;
        QCOMPARE(int(rows.size()), 4);
        bool sawLinear = false;
        for (const emu::MfComparisonRow& row : rows) {
            QVERIFY(std::isfinite(row.reward));
            if (row.emulator == "linear") {
                sawLinear = true;
                QCOMPARE(row.lowCalls, std::uint64_t(250));
                QCOMPARE(row.highCalls, std::uint64_t(250));
                QVERIFY(row.reachedGoal);
            }
        }
        QVERIFY(sawLinear);
        QCOMPARE(m_page->dataCsv().count('\n'), 5);
        // The car drives with the chosen row's controller.
        QVERIFY(m_page->carView()->frameCount() > 1);
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"high", "warp"}, {"low", "low"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"high", "classic"}, {"low", "crayon"}}).isEmpty());
    }
};

QTEST_MAIN(TestMfCarPage)
#include "test_mf_car_page.moc"
