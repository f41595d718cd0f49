#include "common/page_test.h"
#include "ui/lessons/experimental_design/experimental_design_page.h"

#include <QJsonObject>
#include <QtTest>

using ui::ExperimentalDesignPage;

class TestExperimentalDesignPage : public QObject, public emu::test::PageTest<ExperimentalDesignPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1000, 700))); }
    void cleanup() { closePage(); }

    void opensWithADesignAndAComparison()
    {
        QCOMPARE(m_page->run().X.rows(), emu::Index(12));
        QVERIFY(m_page->shownPoints() >= 2 && m_page->shownPoints() < 12);
        QCOMPARE(int(m_page->comparison().size()), 4);
        for (const auto& [method, run] : m_page->comparison())
            QCOMPARE(int(run.curve.size()), 11);
    }

    void stepRevealsTheNextPoint()
    {
        const int before = m_page->shownPoints();
        m_page->step();
        QCOMPARE(m_page->shownPoints(), before + 1);
        for (int i = 0; i < 20; ++i)
            m_page->step();
        QCOMPARE(m_page->shownPoints(), 12); // never beyond the design
        QVERIFY(m_page->dataCsv().count('\n') == 13);
    }

    void methodChangeRecomputes()
    {
        m_page->setMethod("sobol");
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(QString::fromStdString(m_page->run().method), QString("sobol"));
        // The comparison's Sobol run and the stepped one are the same design.
        QCOMPARE(m_page->run().X, m_page->comparison().at("sobol").X);
    }

    void badStateIsRejected()
    {
        QVERIFY(!m_page->restoreState(QJsonObject{{"function", "nope"}}).isEmpty());
        QVERIFY(!m_page->restoreState(QJsonObject{{"function", "branin"}, {"method", "lhs"}, {"points", 1000}})
                     .isEmpty());
        QJsonObject good = m_page->saveState();
        good["function"] = "branin";
        good["shown"] = 7;
        QVERIFY(m_page->restoreState(good).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->run().X.cols(), emu::Index(2));
        QCOMPARE(m_page->shownPoints(), 7); // the session's progress through the design
    }
};

QTEST_MAIN(TestExperimentalDesignPage)
#include "test_experimental_design_page.moc"
