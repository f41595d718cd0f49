#include "common/page_test.h"
#include "ui/lessons/deep_gp_cascade/deep_gp_cascade_page.h"

#include <QJsonArray>
#include <QJsonObject>

using ui::DeepGpCascadePage;

class TestDeepGpCascadePage : public QObject, public emu::test::PageTest<DeepGpCascadePage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage()); }
    void cleanup() { closePage(); }

    void opensWithThreeLayers()
    {
        QCOMPARE(m_page->layers(), 3);
        QCOMPARE(m_page->composition().size(), size_t(300));
        QVERIFY(m_page->dataCsv().startsWith("x,h1,h2,h3\n"));
    }
    void resampleDrawsNewFunctions()
    {
        const std::vector<double> before = m_page->composition();
        m_page->resample();
        QVERIFY(m_page->composition() != before);
    }
    void layersCanBeAddedAndRemoved()
    {
        m_page->setLayers(1);
        QVERIFY(m_page->dataCsv().startsWith("x,h1\n"));
        m_page->setLayers(4);
        QVERIFY(m_page->dataCsv().startsWith("x,h1,h2,h3,h4\n"));
    }
    void stateRoundTripsAndRejectsNonsense()
    {
        const QJsonObject state = m_page->saveState();
        const std::vector<double> drawn = m_page->composition();
        m_page->resample();
        QVERIFY(m_page->restoreState(state).isEmpty());
        QCOMPARE(m_page->composition(), drawn); // same seed, same functions
        QVERIFY(!m_page->restoreState(QJsonObject{{"layers", QJsonArray{}}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"layers", QJsonArray{QJsonObject{{"kernel", "rbf"}, {"lengthscale", -1}}}}})
                     .isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"layers", QJsonArray{QJsonObject{{"kernel", "magic"}, {"lengthscale", 1}}}}})
                     .isEmpty());
    }
};

QTEST_MAIN(TestDeepGpCascadePage)
#include "test_deep_gp_cascade_page.moc"
