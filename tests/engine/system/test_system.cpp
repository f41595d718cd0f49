// Systems of components (engine/system): the file format read and written back, every kind of
// malformed system refused with a message naming where, runs through the graph, a failing or
// hanging component reported while the other runs go on, and both emulators against what a
// linear chain must give analytically.

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system.h"
#include "engine/system/system_emulation.h"
#include "engine/system/system_monitor.h"
#include "engine/system/system_study.h"

#include <QtTest>

#include <chrono>
#include <string>

using namespace emu;

namespace {

// z = −1 + 3·(1 + 2a + 0.5e) = 2 + 6a + 1.5e, with e ~ N(0, 1): at a, mean 2 + 6a, sd 1.5.
const std::string chainText = R"({
  "format": "emuplay-system",
  "version": 1,
  "name": "chain",
  "inputs": [
    {"name": "a", "role": "intervention", "min": 0, "max": 1, "value": 0.5},
    {"name": "e", "role": "random", "distribution": "normal", "mean": 0, "sd": 1, "min": -6, "max": 6},
    {"name": "c", "role": "condition", "min": -1, "max": 1, "value": 0}
  ],
  "components": [
    {"name": "first", "type": "linear", "cost": 2, "parameters": {"y": 1, "y.x": 2, "y.n": 0.5},
     "inputs": [{"name": "x", "min": 0, "max": 1}, {"name": "n", "min": -6, "max": 6}],
     "outputs": [{"name": "y", "min": -3, "max": 7}]},
    {"name": "second", "type": "linear", "parameters": {"z": -1, "z.y": 3, "z.k": 1},
     "inputs": [{"name": "y", "min": -3, "max": 7}, {"name": "k", "min": -1, "max": 1}],
     "outputs": [{"name": "z", "min": -10, "max": 25}]}
  ],
  "wires": [
    {"from": "a", "to": "first.x"},
    {"from": "e", "to": "first.n"},
    {"from": "c", "to": "second.k"},
    {"from": "first.y", "to": "second.y"}
  ],
  "outputs": ["second.z"]
})";

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        qFatal("test text lacks %s", from.c_str());
    return text.replace(at, from.size(), to);
}

System chain()
{
    return System(readSystemDescription(chainText, "chain.json"));
}

} // namespace

class TestSystem : public QObject
{
    Q_OBJECT
private slots:
    void fileRoundTrip()
    {
        const SystemDescription original = supplyChainDescription();
        const std::string text = writeSystemDescription(original);
        const SystemDescription read = readSystemDescription(text, "supply.json");
        QCOMPARE(writeSystemDescription(read), text);
        QCOMPARE(read.components.size(), original.components.size());
        QCOMPARE(read.components[3].inputs.size(), std::size_t(2)); // the warehouse's ports
        System a(original), b(read);
        Rng rng(4);
        const RowVector inputs = a.drawInputs(a.interventionValues(), rng);
        QCOMPARE(a.run(inputs).outputs, b.run(inputs).outputs);
        // A program's and a linear component's declared ports survive too.
        const std::string chainWritten = writeSystemDescription(chain().description());
        QCOMPARE(writeSystemDescription(readSystemDescription(chainWritten, "again.json")), chainWritten);
    }

    void malformedSystemsAreRefused_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad JSON, with its line") << "\"version\": 1," << "\"version\": 1" << "chain.json:4:";
        QTest::newRow("cycle") << R"({"from": "a", "to": "first.x"})" << R"({"from": "second.z", "to": "first.x"})"
                               << "cycle through first, second";
        QTest::newRow("unknown port") << "\"to\": \"second.y\"" << "\"to\": \"second.q\""
                                      << "second has no input \"q\" (its inputs: y, k)";
        QTest::newRow("missing component") << "\"from\": \"first.y\"" << "\"from\": \"third.y\""
                                           << "no component \"third\"";
        QTest::newRow("unknown system input") << "\"from\": \"a\"" << "\"from\": \"b\"" << "no system input";
        QTest::newRow("unwired input") << R"({"from": "e", "to": "first.n"},)" << "" << "\"first.n\" is not wired";
        QTest::newRow("wired twice") << R"({"from": "c", "to": "second.k"})" << R"({"from": "c", "to": "first.n"})"
                                     << "first.n\": that input is already wired";
        QTest::newRow("range outside the port") << R"("min": 0, "max": 1, "value": 0.5)"
                                                << R"("min": 0, "max": 2, "value": 0.5)"
                                                << "reaches outside first.x's range [0, 1]";
        QTest::newRow("unknown role") << "\"role\": \"random\"" << "\"role\": \"chance\"" << "chain.json:7: input \"e\": unknown role";
        QTest::newRow("unknown type") << "\"type\": \"linear\", \"cost\"" << "\"type\": \"quadratic\", \"cost\""
                                      << "unknown type \"quadratic\"";
        QTest::newRow("newer version") << "\"version\": 1" << "\"version\": 2" << "format version 2";
        QTest::newRow("mistyped field") << "\"cost\": 2" << "\"cost\": \"two\"" << "field \"cost\": expected number, found string";
        QTest::newRow("unknown field") << "\"parameters\": {\"z\"" << "\"parmeters\": {\"z\"" << "unknown field \"parmeters\"";
        QTest::newRow("unknown parameter") << "\"y.n\": 0.5" << "\"y.m\": 0.5" << "parameter \"y.m\"";
        QTest::newRow("unknown output") << "[\"second.z\"]" << "[\"second.w\"]" << "second has no output \"w\"";
        QTest::newRow("duplicate component") << "\"name\": \"second\"" << "\"name\": \"first\"" << "the name is used twice";
    }
    void malformedSystemsAreRefused()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, message);
        const std::string text = replaced(chainText, from.toStdString(), to.toStdString());
        try {
            System system(readSystemDescription(text, "chain.json"));
            QFAIL(qPrintable("accepted: " + message));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
            QVERIFY2(QString(e.what()).startsWith("chain.json"), e.what());
        }
    }

    void unitsMustAgreeAcrossAWire()
    {
        std::string text = replaced(chainText, R"("outputs": [{"name": "y", "min": -3, "max": 7}])",
                                    R"("outputs": [{"name": "y", "min": -3, "max": 7, "unit": "m"}])");
        text = replaced(text, R"("inputs": [{"name": "y", "min": -3, "max": 7})",
                        R"("inputs": [{"name": "y", "min": -3, "max": 7, "unit": "s"})");
        QVERIFY_THROWS_EXCEPTION(InvalidInput, System(readSystemDescription(text, "chain.json")));
        try {
            System(readSystemDescription(text, "chain.json"));
        } catch (const InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains("units differ (m into s)"), e.what());
            QVERIFY2(QString(e.what()).startsWith("chain.json:22:"), e.what()); // the wire's line
        }
    }

    void runsFollowTheWires()
    {
        System system = chain();
        QCOMPARE(system.order(), (std::vector<Index>{0, 1}));
        RowVector inputs(3);
        inputs << 0.25, 2.0, 0.5; // a, e, c
        const SystemRun run = system.run(inputs);
        QVERIFY(run.ok());
        QCOMPARE(run.componentOutputs[0](0), 1 + 2 * 0.25 + 0.5 * 2.0);
        QCOMPARE(run.outputs(0), -1 + 3 * (1 + 2 * 0.25 + 0.5 * 2.0) + 0.5);
        QCOMPARE(system.runCost(), 3.0);
        Rng rng(1);
        const RowVector drawn = system.drawInputs(RowVector::Constant(1, 0.75), rng);
        QCOMPARE(drawn(0), 0.75);
        QCOMPARE(drawn(2), 0.0); // a condition at its nominal value
        QVERIFY(drawn(1) != 0.0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, system.drawInputs(RowVector::Zero(2), rng));
    }

    void aFailingOrHangingComponentIsReportedAndTheRunsGoOn()
    {
        SystemDescription d = chain().description();
        SystemComponentSpec program;
        program.name = "model";
        program.type = "program";
        program.command = FAKE_SIMULATOR_PATH;
        program.arguments = {"fail-above", "0.5"};
        program.timeoutSeconds = 0.5;
        program.inputs = {{"x", 0, 1, "", ""}};
        program.outputs = {{"y", 0, 10, "", ""}};
        d.components.push_back(program);
        d.wires.push_back({"a", "model.x"});
        d.outputs.push_back("model.y");
        System system(d);
        Matrix inputs(3, 3);
        inputs << 0.2, 0, 0, 0.8, 0, 0, 0.3, 0, 0;
        const std::vector<SystemRun> runs = system.runBatch(inputs, 2);
        QVERIFY(runs[0].ok() && runs[2].ok());
        QCOMPARE(runs[0].outputs(1), 0.2 * 0.2);
        QVERIFY(!runs[1].ok());
        QCOMPARE(runs[1].failedComponent, Index(2));
        QVERIFY2(QString::fromStdString(runs[1].error).startsWith("component \"model\":"), runs[1].error.c_str());

        d.components.back().arguments = {"sleep"};
        System hanging(d);
        const auto started = std::chrono::steady_clock::now();
        const std::vector<SystemRun> slow = hanging.runBatch(inputs.topRows(2), 2);
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
        for (const SystemRun& run : slow)
            QVERIFY2(run.error.find("timed out") != std::string::npos, run.error.c_str());
        // The components before the hanging one ran and are reported.
        QCOMPARE(slow[0].componentOutputs[0].size(), Index(1));
    }

    void composedEmulatorsOfALinearChainPropagateMeanAndVariance()
    {
        const System system = chain();
        SystemEmulatorSettings settings;
        settings.runs = 30;
        const ComponentwiseEmulator composed(system, settings);
        QCOMPARE(composed.trainingCost(), 30.0 * 3.0);
        for (double a : {0.1, 0.5, 0.9}) {
            const SystemForecast f = composed.forecast(RowVector::Constant(1, a), RowVector(), 4000, 7);
            QVERIFY2(std::abs(f.mean(0) - (2 + 6 * a)) < 0.1, qPrintable(QString::number(f.mean(0))));
            QVERIFY2(std::abs(f.spread(0) - 1.5) < 0.1, qPrintable(QString::number(f.spread(0))));
            QVERIFY(f.meanSd(0) < 0.1); // linear parts are emulated almost exactly
        }
        // A condition moved behind the system's back is predicted without new runs.
        const SystemForecast shifted = composed.forecast(RowVector::Constant(1, 0.5), RowVector::Constant(1, 0.8), 4000, 7);
        QVERIFY(std::abs(shifted.mean(0) - (5 + 0.8)) < 0.1);

        const WholeSystemEmulator whole(system, settings);
        QCOMPARE(whole.runs(), Index(30));
        const SystemForecast w = whole.forecast(RowVector::Constant(1, 0.5));
        QVERIFY2(std::abs(w.mean(0) - 5.0) < 4 * w.meanSd(0) + 0.05, qPrintable(QString::number(w.mean(0))));
        QVERIFY2(w.spread(0) > 1.0 && w.spread(0) < 2.2, qPrintable(QString::number(w.spread(0))));
    }

    void predictedChangesAgreeWithTheChainAndWithMeasurement()
    {
        const System system = chain();
        SystemEmulatorSettings settings;
        settings.runs = 30;
        const ComponentwiseEmulator composed(system, settings);
        const WholeSystemEmulator whole(system, settings);
        const RowVector a = RowVector::Constant(1, 0.2), b = RowVector::Constant(1, 0.7);
        // The same setting twice: no change, and no doubt about it.
        const PredictedChange same = composed.change(a, a, RowVector(), 500, 3);
        QVERIFY(std::abs(same.change(0)) < 1e-5);
        QVERIFY2(same.changeSd(0) < 1e-5, qPrintable(QString::number(same.changeSd(0))));
        QVERIFY(whole.change(a, a).changeSd(0) < 1e-6);
        // z moves by 6 per unit of a.
        const PredictedChange c = composed.change(a, b, RowVector(), 2000, 3);
        QVERIFY2(std::abs(c.change(0) - 3.0) < 0.1, qPrintable(QString::number(c.change(0))));
        QVERIFY(c.changeSd(0) < 0.2);
        const PredictedChange w = whole.change(a, b);
        QVERIFY2(std::abs(w.change(0) - 3.0) < 3 * w.changeSd(0) + 0.2, qPrintable(QString::number(w.change(0))));
        // A small change is known better than either value: most of the emulator's error is shared.
        const PredictedChange small = whole.change(RowVector::Constant(1, 0.45), RowVector::Constant(1, 0.5));
        QVERIFY2(small.changeSd(0) < 0.5 * std::hypot(small.before.meanSd(0), small.after.meanSd(0)),
                 qPrintable(QString("%1 %2 %3").arg(small.changeSd(0)).arg(small.before.meanSd(0)).arg(small.after.meanSd(0))));
        const MeasuredChange measured = measureChange(system, a, b, 50, 9);
        QCOMPARE(measured.runs, Index(50));
        // Paired runs share their noise exactly: the chain's change is 3 on every day.
        QVERIFY(std::abs(measured.change(0) - 3.0) < 1e-9);
        QVERIFY(measured.se(0) < 1e-9);
        QVERIFY(changeAgrees(c, measured, 0));
    }

    void aQuietMonitorStaysQuietAndAShiftIsNoticed()
    {
        const System system = chain();
        SystemEmulatorSettings settings;
        settings.runs = 30;
        const ComponentwiseEmulator composed(system, settings);
        const RowVector x = RowVector::Constant(1, 0.5);
        const SystemForecast forecast = composed.forecast(x, RowVector(), 4000, 5);
        MonitorSettings monitor;
        monitor.upperLimits = Vector::Constant(1, forecast.mean(0) + 3 * forecast.spread(0));
        // Nothing changes for 1000 days × 5 seeds: the design rate is about 2·(1 − Φ(3.5)) ≈ 0.05
        // alarms per 100 days for one output; allow 0.5.
        const DetectionStudy quiet = measureDetection(system, x, forecast, RowVector::Zero(1), 1000, 1000, 5, monitor);
        QVERIFY2(quiet.falseAlarmsPer100Days <= 0.5, qPrintable(QString::number(quiet.falseAlarmsPer100Days)));
        // The fixed limit fires on single extreme days: about 0.13 per 100 days at 3 sd.
        QVERIFY(quiet.thresholdFalseAlarmsPer100Days < 1.0);
        // A condition shift of 3 (two days' spreads) from day 50: noticed within days, not before.
        const DetectionStudy shifted = measureDetection(system, x, forecast, RowVector::Constant(1, 3.0), 50, 200, 5, monitor);
        for (Index delay : shifted.delays)
            QVERIFY2(delay >= 1 && delay <= 10, qPrintable(QString::number(delay)));
        // Day by day: the run is reported and the band is the forecast's.
        SystemMonitor watch(system, x, forecast, monitor);
        const MonitorDay& day = watch.step();
        QCOMPARE(day.day, Index(1));
        QCOMPARE(day.observed.size(), Index(1));
        QVERIFY(day.lower(0) < forecast.mean(0) && day.upper(0) > forecast.mean(0));
        QVERIFY(!day.changed);
        watch.setConditions(RowVector::Constant(1, 1.0));
        QVERIFY(watch.step().changed);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, watch.setConditions(RowVector::Zero(2)));
    }

    void aChangedComponentIsRetrainedAlone()
    {
        const System system = chain();
        SystemEmulatorSettings settings;
        settings.runs = 20;
        const ComponentwiseEmulator composed(system, settings);
        QCOMPARE(composed.componentsTrained(), Index(2));

        SystemDescription retrained = system.description();
        retrained.components[1].parameters[1].second = 4.0; // z.y: 3 → 4
        const ComponentwiseEmulator adapted = composed.adaptedTo(System(retrained), settings);
        QCOMPARE(adapted.componentsTrained(), Index(1));
        QCOMPARE(adapted.trainingCost(), 20.0 * 1.0);
        const SystemForecast f = adapted.forecast(RowVector::Constant(1, 0.5), RowVector(), 4000, 3);
        QVERIFY2(std::abs(f.mean(0) - (-1 + 4 * 2.0)) < 0.15, qPrintable(QString::number(f.mean(0))));

        SystemDescription rewired = system.description();
        rewired.wires[2].from = "a"; // the condition's input now follows the intervention
        QCOMPARE(composed.adaptedTo(System(rewired), settings).componentsTrained(), Index(0));
    }

    void afterAChangeCompositionPaysOnlyForWhatChanged()
    {
        const System before = chain();
        // "second" is reconfigured (z.y: 3 → 4): the expected z moves from 2 + 6a to 3 + 8a.
        SystemDescription changed = before.description();
        changed.components[1].parameters[1].second = 4.0;
        const System after(changed);
        SystemComparisonSettings settings;
        settings.budgets = {20};
        settings.seeds = 2;
        settings.heldOut = 10;
        settings.replicates = 50;
        const SystemComparison c = compareAfterChange(before, after, settings);
        QCOMPARE(c.wholeCost.front(), 20.0 * after.runCost());
        QCOMPARE(c.composedCost.front(), 20.0 * after.component(1).cost); // only the changed component
        QVERIFY(c.composedCost.front() < c.wholeCost.front());
        // The emulator trained before the change is off by 1 + 2a, about 0.9 of the truth's spread;
        // retrained on 20 noisy runs it is better; the adapted composition, whose changed part is
        // deterministic, better still.
        const double stale = c.medianStale()(0, 0), whole = c.medianWhole()(0, 0), composed = c.medianComposed()(0, 0);
        QVERIFY2(stale > 0.6 && whole < 0.8 * stale && composed < 0.25 && composed < whole,
                 qPrintable(QString("stale %1, whole %2, composed %3").arg(stale).arg(whole).arg(composed)));
        // Without a change there is nothing stale, and both pay for every component.
        settings.seeds = 1;
        const SystemComparison same = compareSystemEmulators(before, settings);
        QVERIFY(same.stale.empty());
        QCOMPARE(same.composedCost.front(), 20.0 * before.runCost());
        SystemDescription renamed = before.description();
        renamed.inputs[0].name = "b";
        renamed.wires[0].from = "b";
        QVERIFY_THROWS_EXCEPTION(InvalidInput, compareAfterChange(before, System(renamed), settings));
    }

    void theSupplyChainRespondsToItsInterventions()
    {
        System system(supplyChainDescription());
        QCOMPARE(system.outputNames().front(), std::string("accounts.cost"));
        QCOMPARE(system.interventionSpace().names(),
                 (std::vector<std::string>{"window", "safety_stock", "capacity", "fleet"}));
        const auto meanOutputs = [&](RowVector x) {
            Rng rng(11);
            RowVector sum = RowVector::Zero(system.outputCount());
            for (int i = 0; i < 400; ++i)
                sum += system.run(system.drawInputs(x, rng)).outputs;
            return RowVector(sum / 400.0);
        };
        const RowVector base = system.interventionValues();
        RowVector fewVans = base, moreStock = base, longWindow = base;
        fewVans(3) = 2;
        moreStock(1) = 3;
        longWindow(0) = 364;
        const RowVector b = meanOutputs(base);
        QVERIFY(meanOutputs(fewVans)(2) > b(2) + 20);   // stock-outs when vans cannot deliver
        QVERIFY(meanOutputs(moreStock)(3) > b(3) + 10); // waste when ordering more
        QVERIFY(meanOutputs(longWindow)(1) < b(1));     // a stale forecast serves fewer customers
        QVERIFY(b(1) > 0.9 && b(1) <= 1.0);
    }
};

QTEST_APPLESS_MAIN(TestSystem)
#include "test_system.moc"
