// The sandbox's Explore and emulate tab: it opens on the car with two emulator cards and a
// design; a click on a card's chart runs the simulator there and every card gains the point;
// inputs are locked while a run is on; a program that hangs or prints garbage gives an error
// and no point; Fit, Remove data, Remove and Reset all; suggestions run with one click; runs
// import and export as CSV (a bad file changes nothing); switching simulators keeps each one's
// runs and is undone with Reset all; a system file opens with its interventions as inputs (a bad
// one changes nothing) and its text is saved with the session; the state survives save and
// restore.

#include "common/page_test.h"
#include "common/program_settings.h"
#include "common/shell_script.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system_description.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"
#include "ui/lessons/sandbox_simulator/sandbox_page.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/panels/emulator_card.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>

using ui::EmulatorCard;
using ui::SandboxExplorer;
using ui::SandboxPage;

namespace {

ui::ExternalProgramSettings fakeProgram(const QString& mode, double timeout)
{
    ui::ExternalProgramSettings s = emu::test::programSettings(QStringLiteral(FAKE_SIMULATOR_PATH " ") + mode,
                                                               {{"a", -2.0, 2.0}, {"b", -2.0, 2.0}}, timeout);
    s.outputs = {"y", "cost"};
    return s;
}

} // namespace

class TestSandboxExplorer : public QObject, public emu::test::PageTest<SandboxPage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage(QSize(1200, 900))); }
    void cleanup() { closePage(); }

    void opensOnTheCarWithTwoCardsAndTwelveRuns()
    {
        SandboxExplorer* e = m_page->explorer();
        QCOMPARE(e->simulator().outputs(), (std::vector<std::string>{"reward", "steps", "energy", "reached"}));
        QCOMPARE(e->runs().size(), emu::Index(12));
        QCOMPARE(e->cards().size(), 2);
        for (EmulatorCard* card : e->cards())
            QCOMPARE(card->emulator().size(), emu::Index(12));
        QVERIFY(e->runs().Y.col(3).sum() > 0); // some runs reach the goal: the cards have a story
        QVERIFY(e->statusText().startsWith("Finished"));
    }

    void clickingACardRunsTheSimulatorThereAndEveryCardGainsAPoint()
    {
        SandboxExplorer* e = m_page->explorer();
        QSignalSpy events(m_page.get(), &SandboxPage::eventReported);
        EmulatorCard* card = e->cards().at(0); // reward against thetaV
        QCOMPARE(card->emulator().input(), emu::Index(1));
        const double theta0 = e->input(2);
        QTest::mouseClick(card->chart()->viewport(), Qt::LeftButton, {}, card->chart()->toWidget(QPointF(8.0, 0.0)));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(e->runs().size(), emu::Index(13));
        const emu::RowVector x = e->runs().X.bottomRows(1);
        QVERIFY2(std::abs(x(1) - 8.0) < 0.3, qPrintable(QString::number(x(1)))); // where the click was
        QCOMPARE(x(2), theta0);                                                   // the others as they were
        for (EmulatorCard* c : e->cards())
            QCOMPARE(c->emulator().size(), emu::Index(13));
        QVERIFY(events.contains(QVariantList{ui::tutorial_events::kSimulatorRun}));
        QVERIFY(e->statusText().startsWith("Finished run 13"));
        // The tangent follows the input: the card's slope is the mean's at the new thetaV.
        const double slope = card->emulator().tangent(x(1)).slope;
        QVERIFY(card->slopeLabel()->text().contains(QString::number(slope, 'g', 3)));
    }

    void inputsAreLockedWhileTheProgramRuns()
    {
        QTemporaryDir dir;
        SandboxExplorer* e = m_page->explorer();
        ui::ExternalProgramSettings slow = fakeProgram({}, 10.0);
        slow.programLine = emu::test::writeScript(dir, "slow.sh", "cat > /dev/null\nsleep 0.5\necho '{\"y\": 1, \"cost\": 2}'\n");
        QCOMPARE(e->useProgram(slow), QString());
        QCOMPARE(e->runs().size(), emu::Index(0));
        QCOMPARE(e->cards().size(), 0);
        e->setInput(0, 1.5);
        e->play();
        QVERIFY(e->isRunning());
        QVERIFY(e->statusText().startsWith("Running"));
        const auto fields = e->findChildren<QDoubleSpinBox*>();
        QCOMPARE(fields.size(), 2);
        for (QDoubleSpinBox* field : fields)
            QVERIFY(!field->isEnabled());
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY(!e->isRunning());
        for (QDoubleSpinBox* field : fields)
            QVERIFY(field->isEnabled());
        QCOMPARE(e->runs().size(), emu::Index(1));
        QCOMPARE(e->runs().X(0, 0), 1.5);
        QCOMPARE(e->runs().Y(0, 1), 2.0);
    }

    void aDesignRunsInParallelThroughALauncher()
    {
        QTemporaryDir dir;
        ui::ExternalProgramSettings program = fakeProgram(QStringLiteral("object"), 10.0);
        program.launcher = emu::test::writeScript(dir, "fake-srun", "sleep 0.5\n\"$@\"\n") + " ";
        program.parallel = 4;
        SandboxExplorer* e = m_page->explorer();
        QCOMPARE(e->useProgram(program), QString());
        QElapsedTimer clock;
        clock.start();
        e->runDesign(4, 0);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed()))); // one by one: >= 2 s
        QCOMPARE(e->runs().size(), emu::Index(4));
        for (emu::Index i = 0; i < 4; ++i) // each output belongs to its own input
            QCOMPARE(e->runs().Y(i, 0), e->runs().X.row(i).squaredNorm());
        QCOMPARE(e->saveState().value("program").toObject().value("parallel").toInt(), 4);
    }

    void hangingOrGarbageProgramGivesAnErrorAndNoPoint_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("message");
        QTest::newRow("hangs") << "sleep" << "timed out";
        QTest::newRow("garbage") << "text" << "instead of a number";
        QTest::newRow("crashes") << "crash" << "signal";
    }

    void hangingOrGarbageProgramGivesAnErrorAndNoPoint()
    {
        QFETCH(QString, mode);
        QFETCH(QString, message);
        SandboxExplorer* e = m_page->explorer();
        QCOMPARE(e->useProgram(fakeProgram(QStringLiteral("object"), 0.5)), QString());
        e->addEmulator(0, 0);
        e->play();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(e->runs().size(), emu::Index(1)); // the good program gives a point
        QCOMPARE(e->useProgram(fakeProgram(mode, 0.5)), QString());
        EmulatorCard* card = e->addEmulator(0, 0);
        QTest::mouseClick(card->chart()->viewport(), Qt::LeftButton, {}, card->chart()->toWidget(QPointF(0.5, 0.0)));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(e->runs().size(), emu::Index(0));
        QCOMPARE(card->emulator().size(), emu::Index(0));
        QVERIFY2(e->statusText().startsWith("Failed") && e->statusText().contains(message), qPrintable(e->statusText()));
        QVERIFY(!e->isRunning());
    }

    void fitRemoveDataRemoveAndReset()
    {
        SandboxExplorer* e = m_page->explorer();
        QSignalSpy events(m_page.get(), &SandboxPage::eventReported);
        EmulatorCard* card = e->cards().at(0);
        const auto before = card->emulator().hyperparameters();
        QTest::mouseClick(card->fitButton(), Qt::LeftButton);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        const auto after = card->emulator().hyperparameters();
        QVERIFY(after.lengthscale != before.lengthscale || after.noise != before.noise);
        QVERIFY(events.contains(QVariantList{ui::tutorial_events::kFitted}));

        emit card->clearRequested(); // Remove data: this card forgets, the others keep theirs
        QCOMPARE(card->emulator().size(), emu::Index(0));
        QCOMPARE(e->cards().at(1)->emulator().size(), emu::Index(12));
        e->play();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(card->emulator().size(), emu::Index(1)); // later runs still come in
        QCOMPARE(e->cards().at(1)->emulator().size(), emu::Index(13));

        e->removeEmulator(card);
        QCOMPARE(e->cards().size(), 1);
        e->resetAll();
        QCOMPARE(e->runs().size(), emu::Index(0));
        QCOMPARE(e->cards().at(0)->emulator().size(), emu::Index(0));
    }

    void aSuggestionRunsWithOneClick()
    {
        SandboxExplorer* e = m_page->explorer();
        QSignalSpy events(m_page.get(), &SandboxPage::eventReported);
        e->suggest();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(60000)));
        QVERIFY(e->suggestion().has_value());
        const emu::RowVector x = e->suggestion()->x;
        e->acceptSuggestion();
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(e->runs().size(), emu::Index(13));
        const emu::RowVector ran = e->runs().X.bottomRows(1);
        for (emu::Index j = 0; j < x.size(); ++j) // at the suggestion, as the input fields round it
            QVERIFY2(std::abs(ran(j) - x(j)) < 0.01 * (e->simulator().inputs().parameter(j).upper -
                                                        e->simulator().inputs().parameter(j).lower),
                     qPrintable(QString::number(j)));
        QVERIFY(events.contains(QVariantList{ui::tutorial_events::kSuggestionAccepted}));
        QVERIFY(!e->suggestion().has_value()); // a new run makes the old suggestion stale
    }

    void runsImportAndExportAsCsv()
    {
        SandboxExplorer* e = m_page->explorer();
        const QString csv = e->runsCsv();
        QVERIFY(csv.startsWith("thetaP,thetaV,theta0,startPosition,reward,steps,energy,reached\n"));
        QCOMPARE(e->importRunsCsv(csv, "runs.csv"), QString());
        QCOMPARE(e->runs().size(), emu::Index(24));
        QCOMPARE(e->cards().at(0)->emulator().size(), emu::Index(24));
        QVERIFY(e->emulatorsCsv().startsWith("emulator,input,output,variance,lengthscale,noise,x,mean,sd\n"));
        QCOMPARE(e->emulatorsCsv().count('\n'), 1 + 2 * 100);
        // Bad files: a clear message, and the runs are untouched.
        const QString missing = e->importRunsCsv("thetaP,thetaV\n0,0\n", "mine.csv");
        QVERIFY2(missing.contains("mine.csv") && missing.contains("theta0"), qPrintable(missing));
        const QString outside = e->importRunsCsv(
            "thetaP,thetaV,theta0,startPosition,reward,steps,energy,reached\n0,0,0,0.3,0,500,0,0\n", "far.csv");
        QVERIFY2(outside.contains("startPosition"), qPrintable(outside));
        QCOMPARE(e->runs().size(), emu::Index(24));
        // File > Import data on the page goes to the explorer too.
        QCOMPARE(m_page->importCsv(csv, "again.csv"), QString());
        QCOMPARE(e->runs().size(), emu::Index(36));
    }

    void switchingSimulatorKeepsTheRunsAndUndoes()
    {
        SandboxExplorer* e = m_page->explorer();
        QUndoStack* undo = m_page->undoStack();
        QVERIFY(undo && undo == e->undoStack());
        const emu::Matrix carRuns = e->runs().X;
        QCOMPARE(e->useSimulator("function:branin"), QString());
        QCOMPARE(e->runs().size(), emu::Index(0));
        QCOMPARE(e->cards().size(), 0);
        QCOMPARE(e->keptSimulators(), 1);
        e->addEmulator(0, 0);
        // Back to the car: its runs and cards come back, and Branin's card is kept in turn.
        QCOMPARE(e->useSimulator("car:classic"), QString());
        QCOMPARE(e->runs().X, carRuns);
        QCOMPARE(e->cards().size(), 2);
        QCOMPARE(e->cards().at(0)->emulator().size(), emu::Index(12));
        QCOMPARE(e->useSimulator("function:branin"), QString());
        QCOMPARE(e->cards().size(), 1);

        // Undo steps back through the switches; redo forward again.
        undo->undo(); // back on the car
        QCOMPARE(e->runs().X, carRuns);
        QCOMPARE(e->cards().size(), 2);
        undo->undo(); // back on Branin with its card
        QCOMPARE(e->cards().size(), 1);
        QCOMPARE(e->runs().size(), emu::Index(0));
        undo->undo(); // the first switch undone: the car as it opened, nothing kept
        QCOMPARE(e->runs().X, carRuns);
        QCOMPARE(e->keptSimulators(), 0);
        QVERIFY(!undo->canUndo());
        undo->redo();
        QCOMPARE(e->runs().size(), emu::Index(0));
        QCOMPARE(e->keptSimulators(), 1);

        // A program is kept by its settings, and the menu names it.
        QCOMPARE(e->useProgram(fakeProgram(QStringLiteral("object"), 5)), QString());
        auto* menu = e->findChild<QComboBox*>("simulatorMenu");
        QVERIFY2(menu->currentText().contains(QFileInfo(FAKE_SIMULATOR_PATH).fileName()), qPrintable(menu->currentText()));
        QCOMPARE(e->useSimulator("car:classic"), QString());
        QCOMPARE(menu->itemText(menu->findData("program")), QString("Your program..."));
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
    }

    void aSystemFileOpensWithItsInterventionsAsInputs()
    {
        SandboxExplorer* e = m_page->explorer();
        const emu::Matrix carRuns = e->runs().X;
        const QString text = QString::fromStdString(emu::writeSystemDescription(emu::supplyChainDescription()));
        // A file the system refuses names its line, and the car stays with its runs.
        QString broken = text;
        broken.replace(QStringLiteral("\"delivery.waste\""), QStringLiteral("\"delivery.spoilt\""));
        const QString error = e->useSystemFile({QStringLiteral("chain.json"), broken});
        QVERIFY2(error.contains("chain.json") && error.contains("delivery.spoilt"), qPrintable(error));
        QCOMPARE(e->runs().X, carRuns);
        QVERIFY(!e->source().system);

        QCOMPARE(e->useSystemFile({QStringLiteral("chain.json"), text}), QString());
        QCOMPARE(e->simulator().inputs().dimension(), emu::Index(4));
        QCOMPARE(e->simulator().outputs().front(), std::string("accounts.cost"));
        auto* menu = e->findChild<QComboBox*>("simulatorMenu");
        QCOMPARE(menu->currentText(), QString("System: chain.json..."));
        e->runDesign(6, 1);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(e->runs().size(), emu::Index(6));
        QVERIFY(e->runs().Y.allFinite());
        e->addEmulator(0, 0); // cost against the forecast window
        QCOMPARE(e->cards().at(0)->emulator().size(), emu::Index(6));

        // The session holds the file's text: it opens again without the file.
        const QJsonObject state = m_page->saveState();
        SandboxPage other(&m_jobs);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(other.restoreState(state), QString());
        QCOMPARE(other.explorer()->runs().Y, e->runs().Y);
        QCOMPARE(other.explorer()->source().system->text, text);
        // Back on the car, its runs return; the system's are kept under the file.
        QCOMPARE(e->useSimulator("car:classic"), QString());
        QCOMPARE(e->runs().X, carRuns);
        QCOMPARE(menu->itemText(menu->findData("system")), QString("A system file..."));
        QCOMPARE(e->useSystemFile({QStringLiteral("chain.json"), text}), QString());
        QCOMPARE(e->runs().size(), emu::Index(6));
    }

    void aBoundThatIsNotANumberIsNamed()
    {
        ui::ExternalProgramDialog dialog(2, nullptr, true, true);
        dialog.setSettings(fakeProgram(QStringLiteral("object"), 5));
        QCOMPARE(dialog.boundsError(), QString());
        auto* table = dialog.findChild<QTableWidget*>();
        table->item(1, 2)->setText(QStringLiteral("two"));
        QCOMPARE(dialog.boundsError(), QString("Input 2 (\"b\"): the upper bound \"two\" is not a number"));
        table->item(1, 2)->setText(QStringLiteral(" 2.5 "));
        QCOMPARE(dialog.boundsError(), QString());
    }

    void resetAllIsUndoneAndTheKeptRunsAreSaved()
    {
        SandboxExplorer* e = m_page->explorer();
        e->resetAll();
        QCOMPARE(e->runs().size(), emu::Index(0));
        m_page->undoStack()->undo();
        QCOMPARE(e->runs().size(), emu::Index(12));
        QCOMPARE(e->cards().at(0)->emulator().size(), emu::Index(12));

        QCOMPARE(e->useSimulator("function:branin"), QString());
        const QJsonObject state = m_page->saveState();
        SandboxPage other(&m_jobs);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        QCOMPARE(other.restoreState(state), QString());
        QVERIFY(!other.undoStack()->canUndo()); // a restored session starts a fresh history
        QCOMPARE(other.explorer()->runs().size(), emu::Index(0));
        QCOMPARE(other.explorer()->useSimulator("car:classic"), QString());
        QCOMPARE(other.explorer()->runs().size(), emu::Index(12));
        // A kept entry that is not a state is refused, and nothing changes.
        QJsonObject bad = state;
        QJsonObject explorer = bad["explorer"].toObject();
        explorer["kept"] = QJsonObject{{"car:classic", 3}};
        bad["explorer"] = explorer;
        QVERIFY(other.restoreState(bad).contains("car:classic"));
        QCOMPARE(other.explorer()->runs().size(), emu::Index(12));
    }

    void stateSurvivesSaveAndRestore()
    {
        SandboxExplorer* e = m_page->explorer();
        e->setInput(1, 7.5);
        e->cards().at(1)->setFirstRun(5);
        const QJsonObject state = m_page->saveState();
        SandboxPage other(&m_jobs);
        QVERIFY(m_jobs.waitForIdle(emu::test::scaledTimeout(30000)));
        other.explorer()->resetAll();
        QCOMPARE(other.restoreState(state), QString());
        SandboxExplorer* r = other.explorer();
        QCOMPARE(r->runs().X, e->runs().X);
        QCOMPARE(r->runs().Y, e->runs().Y);
        QCOMPARE(r->input(1), 7.5);
        QCOMPARE(r->cards().size(), 2);
        QCOMPARE(r->cards().at(1)->emulator().size(), emu::Index(7));
        QCOMPARE(r->cards().at(0)->emulator().hyperparameters().lengthscale,
                 e->cards().at(0)->emulator().hyperparameters().lengthscale);
        // A corrupt state is refused and changes nothing.
        QJsonObject bad = state;
        QJsonObject explorer = bad["explorer"].toObject();
        explorer["runs"] = QStringLiteral("thetaP,thetaV,theta0,startPosition,reward,steps,energy,reached\n0,0,0,0.3,0,500,0,0\n");
        bad["explorer"] = explorer;
        QVERIFY(!other.restoreState(bad).isEmpty());
        QCOMPARE(r->runs().size(), emu::Index(12));
    }
};

QTEST_MAIN(TestSandboxExplorer)
#include "test_sandbox_explorer.moc"
