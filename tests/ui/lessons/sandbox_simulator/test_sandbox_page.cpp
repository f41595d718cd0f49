#include "common/page_test.h"
#include "common/program_settings.h"
#include "ui/lessons/sandbox_simulator/sandbox_page.h"
#include "ui/models/bo_session.h"

#include <QTabWidget>

#include <QJsonObject>
#include <QTemporaryDir>

using ui::SandboxPage;

class TestSandboxPage : public QObject, public emu::test::PageTest<SandboxPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage()); }
    void cleanup() { closePage(); }

    void opensOnABenchmarkOfThreeInputs()
    {
        QCOMPARE(m_page->session()->evaluations(), emu::Index(10));
        QCOMPARE(m_page->tableRows(), 10);
        QCOMPARE(m_page->session()->objective().space.dimension(), emu::Index(3));
    }

    void optimisesAProgramOfFourInputs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("quartic.sh");
        QFile script(path);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nawk -F'[:,}]' '{ print ($2-0.3)^2 + ($4-0.6)^2 + ($6-0.1)^2 + ($8-0.9)^2 }'\n");
        script.close();
        script.setPermissions(script.permissions() | QFileDevice::ExeOwner);
        QCOMPARE(m_page->useExternalProgram(emu::test::programSettings(path, {{"a", 0, 1}, {"b", 0, 1}, {"c", 0, 1}, {"d", 0, 1}})), QString());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        for (int i = 0; i < 10; ++i) {
            m_page->session()->step();
            QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        }
        QCOMPARE(m_page->tableRows(), 20);
        QVERIFY(m_page->session()->loop().state().bestValue() < 0.1);
        m_page->tabs()->setCurrentIndex(1); // File > Export data exports the open tab
        QVERIFY(m_page->dataCsv().startsWith("a,b,c,d,y,best_so_far\n"));
        const QJsonObject state = m_page->saveState();
        QVERIFY(m_page->restoreState(state).isEmpty());
        QCOMPARE(m_page->session()->evaluations(), emu::Index(20));
    }

    void badProgramsAreRefused()
    {
        QVERIFY(!m_page->useExternalProgram(emu::test::programSettings("", {{"a", 0, 1}})).isEmpty());
        QVERIFY(!m_page->useExternalProgram(emu::test::programSettings("/nonexistent/sim", {{"a", 0, 1}})).isEmpty());
        QVERIFY(!m_page->useExternalProgram(emu::test::programSettings("/bin/true", {{"a", 0, 1}, {"a", 0, 1}})).isEmpty());
        QCOMPARE(m_page->session()->objective().space.dimension(), emu::Index(3));
    }
};

QTEST_MAIN(TestSandboxPage)
#include "test_sandbox_page.moc"
