// The deployed-system lesson: it opens with both emulators trained and the supply chain drawn;
// moving a decision draws its predicted downstream change, which Run it then measures; the
// monitor notices an injected change; a malformed system file is refused with its line and
// nothing changes; a user's file opens; a session restores the setting; a component changed
// from its panel is retrained alone by the component-wise emulator, a bad value changes nothing.

#include "common/page_test.h"
#include "engine/system/supply_chain.h"
#include "ui/charts/error_bar_chart.h"
#include "ui/charts/system_graph.h"
#include "ui/lessons/deployed_system/component_panel.h"
#include "ui/lessons/deployed_system/deployed_system_page.h"
#include "ui/lessons/deployed_system/intervention_panel.h"
#include "ui/lessons/deployed_system/system_monitor_view.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>

using ui::DeployedSystemPage;

namespace {

/// The number in a table cell "x ± y" (its x).
double leading(const QTableWidget* table, int row, int column)
{
    return table->item(row, column)->text().section(QStringLiteral(" "), 0, 0).toDouble();
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return path;
}

const QByteArray kChain = R"({
  "format": "emuplay-system", "version": 1, "name": "chain",
  "inputs": [{"name": "a", "role": "intervention", "min": 0, "max": 1, "value": 0.5}],
  "components": [
    {"name": "first", "type": "linear", "parameters": {"y.x": 2},
     "inputs": [{"name": "x", "min": 0, "max": 1}], "outputs": [{"name": "y", "min": 0, "max": 2}]},
    {"name": "second", "type": "linear", "parameters": {"z.y": 3},
     "inputs": [{"name": "y", "min": 0, "max": 2}], "outputs": [{"name": "z", "min": 0, "max": 6}]}
  ],
  "wires": [{"from": "a", "to": "first.x"}, {"from": "first.y", "to": "second.y"}],
  "outputs": ["second.z"]
})";

} // namespace

class TestDeployedSystemPage : public QObject, public emu::test::PageTest<DeployedSystemPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1280, 800), 60000)); }
    void cleanup() { closePage(); }

    void opensWithBothEmulatorsAndTheGraph()
    {
        QVERIFY(m_page->models().isReady());
        QCOMPARE(m_page->models().system->componentCount(), emu::Index(6));
        for (int c = 0; c < 6; ++c)
            QVERIFY(!m_page->graph()->nodeRect(c).isEmpty());
        // Which decision matters: main and total Sobol indices of the cost on the four decisions.
        const auto& sets = m_page->decisionChart()->sets();
        QCOMPARE(int(sets.size()), 2);
        for (const auto& set : sets) {
            QCOMPARE(set.values.size(), 4);
            for (double v : set.values)
                QVERIFY2(std::isfinite(v) && v > -0.2 && v < 1.2, qPrintable(QString::number(v)));
        }
        for (int i = 0; i < 4; ++i) // a decision's total share includes its main one (up to noise)
            QVERIFY(sets[1].values[i] >= sets[0].values[i] - 0.1);
        // Nothing moved: every predicted change is zero.
        const QTableWidget* table = m_page->interventions()->table();
        QCOMPARE(table->rowCount(), 4);
        for (int o = 0; o < 4; ++o)
            QCOMPARE(leading(table, o, 3), 0.0);
    }

    void aMovedDecisionIsPredictedThenConfirmedByARun()
    {
        QSignalSpy events(m_page.get(), &DeployedSystemPage::eventReported);
        QSlider* safety = m_page->interventions()->slider(1);
        QVERIFY(safety);
        safety->setFocus();
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(safety, Qt::Key_PageUp); // safety stock 1 → about 1.4… and on
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(m_page->interventions()->values()(1) > 1.3);
        QVERIFY(events.contains(QVariantList{QStringLiteral("effect-predicted")}));
        // More safety stock: more waste, predicted before anything runs, and drawn.
        const QTableWidget* table = m_page->interventions()->table();
        const int waste = 3;
        QVERIFY2(leading(table, waste, 3) > 0.0, qPrintable(table->item(waste, 3)->text()));
        const auto predicted = m_page->interventions()->chart()->sets().front().values;
        QVERIFY(std::isfinite(predicted[waste]) && predicted[waste] > 0.0);
        QTest::mouseClick(m_page->interventions()->measureButton(), Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(events.contains(QVariantList{QStringLiteral("effect-measured")}));
        QVERIFY2(leading(table, waste, 4) > 0.0, qPrintable(table->item(waste, 4)->text()));
        const auto measured = m_page->interventions()->chart()->sets().back().values;
        QVERIFY(std::isfinite(measured[waste]) && measured[waste] > 0.0);
    }

    void theMonitorNoticesAnInjectedShift()
    {
        ui::SystemMonitorView* monitor = m_page->monitor();
        QSignalSpy noticed(monitor, &ui::SystemMonitorView::changeNoticed);
        for (int day = 0; day < 10; ++day) {
            monitor->step();
            QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        }
        QCOMPARE(monitor->days().size(), std::size_t(10));
        QCOMPARE(monitor->changeDay(), emu::Index(0));
        monitor->conditionSlider(0)->setValue(monitor->conditionSlider(0)->maximum()); // demand +50 %
        for (int day = 0; day < 60 && noticed.isEmpty(); ++day) {
            monitor->step();
            QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(10000)));
        }
        QCOMPARE(monitor->changeDay(), emu::Index(11));
        QCOMPARE(noticed.count(), 1);
        QVERIFY(monitor->alarmDay() >= monitor->changeDay());
        QVERIFY2(monitor->summary()->text().contains(QStringLiteral("noticed it on day")),
                 qPrintable(monitor->summary()->text()));
    }

    void aMalformedSystemFileChangesNothing()
    {
        QTemporaryDir dir;
        QByteArray cyclic = kChain;
        cyclic.replace(R"({"from": "a", "to": "first.x"})", R"({"from": "second.z", "to": "first.x"})");
        const QString error = m_page->openSystemFile(writeFile(dir, QStringLiteral("cyclic.json"), cyclic));
        QVERIFY2(error.contains(QStringLiteral("cyclic.json")) && error.contains(QStringLiteral("cycle")), qPrintable(error));
        QByteArray broken = kChain;
        broken.replace("\"version\": 1,", "\"version\": 1");
        const QString jsonError = m_page->openSystemFile(writeFile(dir, QStringLiteral("broken.json"), broken));
        QVERIFY2(jsonError.startsWith(QStringLiteral("broken.json:2:")), qPrintable(jsonError));
        QCOMPARE(m_page->description().name, std::string("Supply chain"));
        QVERIFY(m_page->models().isReady());
    }

    void aUsersFileOpensAndASessionRestores()
    {
        QTemporaryDir dir;
        QVERIFY(m_page->openSystemFile(writeFile(dir, QStringLiteral("chain.json"), kChain)).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->models().system->componentCount(), emu::Index(2));
        QVERIFY(!m_page->graph()->nodeRect(1).isEmpty());
        m_page->interventions()->setValues(emu::RowVector::Constant(1, 0.8));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        // z = 6a: from 0.5 to 0.8, +1.8.
        QVERIFY2(std::abs(leading(m_page->interventions()->table(), 0, 3) - 1.8) < 0.1,
                 qPrintable(m_page->interventions()->table()->item(0, 3)->text()));
        const QJsonObject saved = m_page->saveState();

        m_page->openBuiltInSystem();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->description().name, std::string("Supply chain"));
        QJsonObject bad = saved;
        bad[QStringLiteral("interventions")] = QJsonArray{7.0};
        QVERIFY(!m_page->restoreState(bad).isEmpty());
        QCOMPARE(m_page->description().name, std::string("Supply chain")); // refused whole
        QVERIFY(m_page->restoreState(saved).isEmpty());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(m_page->description().name, std::string("chain"));
        QCOMPARE(m_page->interventions()->values()(0), 0.8);
    }

    void clickingAComponentShowsIt()
    {
        const QRectF box = m_page->graph()->nodeRect(3); // the warehouse
        QTest::mouseClick(m_page->graph(), Qt::LeftButton, {}, box.center().toPoint());
        QCOMPARE(m_page->componentPanel()->component(), 3);
        QVERIFY(m_page->componentPanel()->isVisible());
        QCOMPARE(m_page->componentPanel()->table()->rowCount(), 2 + 3);
        const auto* quality = m_page->componentPanel()->findChild<QLabel*>(QStringLiteral("componentQuality"));
        QVERIFY2(quality->text().contains(QStringLiteral("80 runs of warehouse")), qPrintable(quality->text()));
    }

    void aChangedComponentIsRetrainedAloneByTheComposition()
    {
        ui::ComponentPanel* panel = m_page->componentPanel();
        QTest::mouseClick(m_page->graph(), Qt::LeftButton, {}, m_page->graph()->nodeRect(0).center().toPoint());
        QDoubleSpinBox* seed = panel->parameterField(QStringLiteral("history_seed"));
        QVERIFY(seed && panel->retrainButton()->isEnabled());
        QCOMPARE(seed->value(), 7.0);
        const auto* composedBefore = m_page->models().composed.get();
        const emu::RowVector forecastBefore = m_page->models().composed->forecast(m_page->interventions()->values(),
                                                                                 emu::RowVector(), 200, 1).mean;
        // Unchanged settings are not a change.
        QSignalSpy messages(m_page.get(), &DeployedSystemPage::statusMessage);
        QTest::mouseClick(panel->retrainButton(), Qt::LeftButton);
        QCOMPARE(messages.size(), 1);
        QVERIFY(m_page->models().composed.get() == composedBefore);

        seed->setValue(8);
        QTest::mouseClick(panel->retrainButton(), Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(m_page->models().isReady() && m_page->models().composed.get() != composedBefore);
        QCOMPARE(m_page->models().composed->componentsTrained(), emu::Index(1));
        QCOMPARE(m_page->models().composed->trainingCost(), 80 * 2.0); // the forecaster's runs only
        QCOMPARE(m_page->description().components[0].parameter("history_seed", 0), 8.0);
        const auto* status = m_page->findChild<QLabel*>(QStringLiteral("statusLine"));
        QVERIFY2(status->text().contains(QStringLiteral("history_seed 7 → 8")) &&
                     status->text().contains(QStringLiteral("other 5 components")) &&
                     status->text().contains(QStringLiteral("80 runs of the whole system (800 £)")),
                 qPrintable(status->text()));
        // Another year of sales moves the forecast, and every port downstream of it.
        const emu::RowVector forecastAfter = m_page->models().composed->forecast(m_page->interventions()->values(),
                                                                                emu::RowVector(), 200, 1).mean;
        QVERIFY(forecastAfter != forecastBefore);

        // A value outside the parameter's range is refused by name, and nothing changes.
        const QString error = m_page->changeComponent(0, {{"history_seed", -3.0}});
        QVERIFY2(error.contains(QStringLiteral("history_seed")), qPrintable(error));
        QCOMPARE(m_page->description().components[0].parameter("history_seed", 0), 8.0);
        QVERIFY(!m_page->changeComponent(9, {}).isEmpty());
    }
};

QTEST_MAIN(TestDeployedSystemPage)
#include "test_deployed_system_page.moc"
