#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace emu::test;

namespace {

const QStringList outputNames{"accounts.cost", "accounts.service_level", "delivery.stockouts",
                              "delivery.waste"};

QJsonObject jsonOf(const CliRun& run)
{
    return QJsonDocument::fromJson(run.out).object();
}

/// Runs `system <args>`, requires exit code 0 and an empty stderr, returns the JSON.
QJsonObject systemJson(const QStringList& args)
{
    const CliRun run = runCli(QStringList{"system"} + args);
    [&] {
        QVERIFY2(run.exitCode == 0, qPrintable(args.join(' ') + ": exit " +
                                               QString::number(run.exitCode) + ": " + run.err));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    }();
    return jsonOf(run);
}

bool isFinite(const QJsonValue& v)
{
    return v.isDouble() && std::isfinite(v.toDouble());
}

/// A per-output object has exactly the four supply-chain outputs, each with finite `fields`.
void checkPerOutput(const QJsonObject& outputs, const QStringList& fields)
{
    QCOMPARE(outputs.keys(), outputNames);
    for (const QString& name : outputNames)
        for (const QString& field : fields)
            QVERIFY2(isFinite(outputs.value(name).toObject().value(field)),
                     qPrintable(name + "." + field));
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text);
    return path;
}

} // namespace

class TestCliSystem : public QObject
{
    Q_OBJECT
private slots:
    void describeListsTheSupplyChain()
    {
        const QJsonObject json = systemJson({"describe"});
        QCOMPARE(json.value("components").toArray().size(), 6);
        QCOMPARE(json.value("outputs").toArray().size(), 4);
        QCOMPARE(json.value("outputs").toArray().at(0).toObject().value("name").toString(),
                 QString("accounts.cost"));
        QCOMPARE(json.value("run_order").toArray().size(), 6);
        QCOMPARE(json.value("run_order").toArray().first().toString(), QString("forecaster"));
        QCOMPARE(json.value("run_cost").toDouble(), 10.0);
        QVERIFY(json.value("file").isNull());
        int interventions = 0;
        for (const QJsonValue& v : json.value("inputs").toArray())
            interventions += v.toObject().value("role").toString() == "intervention";
        QCOMPARE(interventions, 4);
    }

    void runsAreSummarisedAndReproducible()
    {
        const QStringList args{"run", "--runs", "20", "--set", "safety_stock=2"};
        const QJsonObject json = systemJson(args);
        QCOMPARE(json.value("runs").toInt(), 20);
        QCOMPARE(json.value("seed").toInt(), 1);
        QCOMPARE(json.value("per_run").toArray().size(), 20);
        QCOMPARE(json.value("set").toObject().value("safety_stock").toDouble(), 2.0);
        QCOMPARE(json.value("interventions").toObject().value("safety_stock").toDouble(), 2.0);
        QCOMPARE(json.value("interventions").toObject().value("window").toDouble(), 56.0);
        const QJsonObject summary = json.value("summary").toObject();
        QCOMPARE(summary.value("successful_runs").toInt(), 20);
        QCOMPARE(summary.value("failed_runs").toInt(), 0);
        QCOMPARE(summary.value("cost").toDouble(), 200.0);
        checkPerOutput(summary.value("outputs").toObject(), {"mean", "sd", "min", "max"});
        QVERIFY(summary.value("outputs")
                    .toObject()
                    .value("accounts.cost")
                    .toObject()
                    .value("mean")
                    .toDouble() > 0.0);
        const QJsonObject first = json.value("per_run").toArray().at(0).toObject();
        QVERIFY(isFinite(first.value("drawn").toObject().value("demand_noise")));
        checkPerOutput(first.value("outputs").toObject(), {});

        // The same seed gives the same numbers; another seed others.
        const QJsonObject again = systemJson(args);
        QCOMPARE(again.value("per_run"), json.value("per_run"));
        QCOMPARE(again.value("summary"), json.value("summary"));
        const QJsonObject other = systemJson(args + QStringList{"--seed", "2"});
        QVERIFY(other.value("per_run") != json.value("per_run"));
    }

    void aValueOutsideItsRangeIsAUsageError()
    {
        const CliRun run = runCli({"system", "run", "--set", "safety_stock=9"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("safety_stock") && run.err.contains("[0, 3]"),
                 qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void badOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no sub-command") << QStringList{} << "write, describe, run, emulate";
        QTest::newRow("unknown sub-command") << QStringList{"fly"} << "unknown sub-command \"fly\"";
        QTest::newRow("unknown input")
            << QStringList{"run", "--set", "price=1"} << "interventions: window, safety_stock";
        QTest::newRow("random input")
            << QStringList{"run", "--set", "demand_noise=0"} << "drawn afresh every run";
        QTest::newRow("condition for the whole emulator")
            << QStringList{"emulate", "--set", "demand_shift=0.1"} << "--method composed";
        QTest::newRow("too few runs") << QStringList{"emulate", "--runs", "2"} << "--runs";
        QTest::newRow("budgets without compare")
            << QStringList{"emulate", "--budgets", "10,20"} << "--budgets is for --compare only";
        QTest::newRow("intervene without a setting") << QStringList{"intervene"} << "--set";
        QTest::newRow("change day after the last day")
            << QStringList{"monitor",  "--days",          "10", "--change-day", "11",
                           "--change", "demand_shift=0.1"}
            << "--change-day needs a whole number from 1 to 10";
        QTest::newRow("an intervention as a change")
            << QStringList{"monitor", "--change", "fleet=5"} << "conditions: demand_shift";
        QTest::newRow("a limit on no output")
            << QStringList{"monitor", "--limit", "profit<3"} << "no output \"profit\"";
    }

    void badOptionsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun run = runCli(QStringList{"system"} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void malformedFilesNameTheFileAndLine()
    {
        QTemporaryDir dir;
        const QString cycle = writeFile(
            dir, "cycle.json",
            "{\"format\": \"emuplay-system\", \"version\": 1, \"name\": \"loop\",\n"
            "\"components\": [\n"
            "{\"name\": \"a\", \"type\": \"linear\", \"inputs\": [{\"name\": \"x\", \"min\": 0, "
            "\"max\": 1}], \"outputs\": [{\"name\": \"y\", \"min\": 0, \"max\": 1}]},\n"
            "{\"name\": \"b\", \"type\": \"linear\", \"inputs\": [{\"name\": \"x\", \"min\": 0, "
            "\"max\": 1}], \"outputs\": [{\"name\": \"y\", \"min\": 0, \"max\": 1}]}],\n"
            "\"wires\": [{\"from\": \"a.y\", \"to\": \"b.x\"}, {\"from\": \"b.y\", \"to\": "
            "\"a.x\"}],\n"
            "\"outputs\": [\"b.y\"]}\n");
        const CliRun looped = runCli({"system", "run", "--file", cycle});
        QCOMPARE(looped.exitCode, 1);
        QVERIFY2(looped.err.contains("cycle.json:3") && looped.err.contains("cycle through a, b"),
                 qPrintable(looped.err));
        QVERIFY(looped.out.isEmpty());

        const QString bad = writeFile(dir, "bad.json",
                                      "{\"format\": \"emuplay-system\", \"version\": 1,\n"
                                      " \"name\": \"x\",\n"
                                      " \"components\": [}\n}\n");
        const CliRun broken = runCli({"system", "describe", "--file", bad});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("bad.json:3"), qPrintable(broken.err));

        const CliRun missing = runCli({"system", "describe", "--file", dir.filePath("none.json")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("cannot open") && missing.err.contains("none.json"),
                 qPrintable(missing.err));
    }

    void writtenFilesReadBackAsTheBuiltIn()
    {
        const QJsonObject written = systemJson({"write"});
        const QJsonObject system = written.value("system").toObject();
        QCOMPARE(system.value("format").toString(), QString("emuplay-system"));
        QTemporaryDir dir;
        const QString path = writeFile(dir, "supply.json", QJsonDocument(system).toJson());
        QJsonObject fromFile = systemJson({"describe", "--file", path});
        QJsonObject builtIn = systemJson({"describe"});
        QCOMPARE(fromFile.value("file").toString(), path);
        fromFile.remove("file");
        builtIn.remove("file");
        QVERIFY(!builtIn.isEmpty());
        QCOMPARE(fromFile, builtIn);
    }

    void bothEmulatorsPredictEveryOutput()
    {
        const QJsonObject json =
            systemJson({"emulate", "--method", "both", "--runs", "20", "--samples", "200"});
        QCOMPARE(json.value("method").toString(), QString("both"));
        for (const char* method : {"whole", "composed"}) {
            const QJsonObject m = json.value(method).toObject();
            checkPerOutput(m.value("outputs").toObject(), {"mean", "mean_sd", "spread"});
            const QJsonObject training = m.value("training").toObject();
            QCOMPARE(training.value("runs").toInt(), 20);
            QCOMPARE(training.value("cost").toDouble(), 200.0); // 20 runs × £10 either way
        }
        const QJsonObject composed = json.value("composed").toObject();
        QCOMPARE(composed.value("components").toArray().size(), 6);
        const QJsonArray reach = composed.value("reach").toObject().value("rows").toArray();
        QCOMPARE(reach.size(), 6);
        QCOMPARE(reach.at(1).toObject().value("component").toString(), QString("market"));
        checkPerOutput(reach.at(1).toObject().value("outputs").toObject(), {});
    }

    void anInterventionIsPredictedAndMeasured()
    {
        const QJsonObject json =
            systemJson({"intervene", "--set", "safety_stock=2", "--runs", "20", "--measure", "30"});
        QCOMPARE(json.value("before").toObject().value("safety_stock").toDouble(), 1.0);
        QCOMPARE(json.value("after").toObject().value("safety_stock").toDouble(), 2.0);
        const QJsonObject outputs = json.value("outputs").toObject();
        checkPerOutput(outputs,
                       {"predicted_change", "predicted_sd", "measured_change", "measured_se"});
        for (const QString& name : outputNames)
            QVERIFY(outputs.value(name).toObject().value("within_2sd").isBool());
        // More safety stock: more is thrown away, measured on the system itself.
        QVERIFY(outputs.value("delivery.waste").toObject().value("measured_change").toDouble() >
                0.0);
        QCOMPARE(json.value("measurement").toObject().value("pairs").toInt(), 30);
        QCOMPARE(json.value("measurement").toObject().value("cost").toDouble(), 600.0);
    }

    void aMonitorListsEveryDay()
    {
        const QJsonObject json =
            systemJson({"monitor", "--days", "60", "--change-day", "30", "--change",
                        "demand_shift=0.3", "--runs", "40", "--samples", "500"});
        QCOMPARE(json.value("days").toInt(), 60);
        QCOMPARE(json.value("change_day").toInt(), 30);
        const QJsonArray days = json.value("per_day").toArray();
        QCOMPARE(days.size(), 60);
        QCOMPARE(json.value("change").toObject().value("demand_shift").toDouble(), 0.3);
        QVERIFY(!days.at(28).toObject().value("changed").toBool());
        QVERIFY(days.at(29).toObject().value("changed").toBool());
        checkPerOutput(days.at(0).toObject().value("outputs").toObject(),
                       {"observed", "lower", "upper", "evidence"});
        const QJsonValue first = json.value("summary").toObject().value("first_alarm");
        QVERIFY2(first.isNull() || first.toInt() >= 30, qPrintable(QString::number(first.toInt())));
        int firstListed = 0;
        for (const QJsonValue& day : days)
            if (day.toObject().value("alarm").toBool() && firstListed == 0)
                firstListed = day.toObject().value("day").toInt();
        QCOMPARE(first.isNull() ? 0 : first.toInt(), firstListed);
    }

    void aMonitorOverSeedsPrintsTheirDelays()
    {
        const QJsonObject json =
            systemJson({"monitor", "--seeds", "3", "--days", "60", "--change-day", "30", "--change",
                        "demand_shift=0.3", "--runs", "40", "--samples", "500", "--limit",
                        "accounts.service_level<0.5"});
        QVERIFY(!json.contains("per_day"));
        const QJsonObject detection = json.value("detection").toObject();
        QCOMPARE(detection.value("delays").toArray().size(), 3);
        QCOMPARE(detection.value("threshold_delays").toArray().size(), 3);
        for (const QJsonValue& d : detection.value("delays").toArray())
            QVERIFY(d.isNull() || d.toInt() >= 1);
        QVERIFY(isFinite(detection.value("false_alarms_per_100_days")));
        QCOMPARE(json.value("settings").toObject().value("limits").toArray().size(), 1);
        // The first seed is the one a single-seed monitor lists day by day.
        const QJsonObject single =
            systemJson({"monitor", "--days", "60", "--change-day", "30", "--change",
                        "demand_shift=0.3", "--runs", "40", "--samples", "500"});
        QCOMPARE(single.value("summary").toObject().value("delay"),
                 detection.value("delays").toArray().at(0));
    }
};

QTEST_APPLESS_MAIN(TestCliSystem)
#include "test_cli_system.moc"
