#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace emu::test;

namespace {

QJsonObject jsonOf(const CliRun& run)
{
    return QJsonDocument::fromJson(run.out).object();
}

/// Every input has finite indices and positive standard errors; returns the inputs.
QJsonArray checkedInputs(const QJsonObject& json, int count)
{
    const QJsonArray inputs = json.value("inputs").toArray();
    [&] { QCOMPARE(inputs.size(), count); }();
    for (const QJsonValue& v : inputs) {
        const QJsonObject input = v.toObject();
        [&] {
            QVERIFY(!input.value("name").toString().isEmpty());
            for (const char* key : {"main", "main_se", "total", "total_se"})
                QVERIFY2(std::isfinite(input.value(key).toDouble(NAN)), key);
            QVERIFY(input.value("total_se").toDouble() > 0.0);
        }();
    }
    return inputs;
}

} // namespace

class TestCliSensitivity : public QObject
{
    Q_OBJECT
private slots:
    void ishigamiPrintsEstimatesBesideTheAnalyticIndices()
    {
        const CliRun run = runCli({"sensitivity", "--function", "ishigami", "--samples", "20000",
                                   "--seed", "2"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        const QJsonObject json = jsonOf(run);
        QCOMPARE(json.value("function").toObject().value("id").toString(), QString("ishigami"));
        QCOMPARE(json.value("samples").toInt(), 20000);
        QCOMPARE(json.value("seed").toInt(), 2);
        QCOMPARE(json.value("evaluations").toInt(), 20000 * 5);
        QVERIFY(json.value("timings").toObject().value("total_seconds").toDouble(-1) >= 0.0);
        QCOMPARE(json.value("analytic").toObject().value("mean").toDouble(), 3.5);
        const QJsonArray inputs = checkedInputs(json, 3);
        QCOMPARE(inputs.at(2).toObject().value("name").toString(), QString("x3"));
        for (const QJsonValue& v : inputs) {
            const QJsonObject input = v.toObject();
            for (const char* index : {"main", "total"}) {
                const double estimate = input.value(index).toDouble();
                const double exact = input.value(QString("analytic_") + index).toDouble(NAN);
                const double se = input.value(QString(index) + "_se").toDouble();
                QVERIFY2(std::abs(estimate - exact) < 3.0 * se,
                         qPrintable(QString("%1 %2: %3 ± %4 vs %5")
                                        .arg(input.value("name").toString(), index)
                                        .arg(estimate)
                                        .arg(se)
                                        .arg(exact)));
            }
        }
        // The same seed gives the same numbers.
        QCOMPARE(jsonOf(runCli({"sensitivity", "--function", "ishigami", "--samples", "20000",
                                "--seed", "2"}))
                     .value("inputs"),
                 json.value("inputs"));
    }

    void otherBenchmarksHaveNoAnalyticValues()
    {
        const CliRun run = runCli({"sensitivity", "--function", "branin", "--samples", "200"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = jsonOf(run);
        QVERIFY(!json.contains("analytic"));
        QVERIFY(!checkedInputs(json, 2).at(0).toObject().contains("analytic_main"));
    }

    void mountainCarReportsCallsInBothModes()
    {
        const CliRun direct = runCli({"sensitivity", "--function", "mountain-car", "--samples",
                                      "200", "--seed", "1"});
        QCOMPARE(direct.exitCode, 0);
        const QJsonObject d = jsonOf(direct);
        QCOMPARE(d.value("on").toString(), QString("simulator"));
        QCOMPARE(d.value("simulator").toObject().value("episodes").toInt(), 200 * 6);
        QCOMPARE(d.value("simulator").toObject().value("id").toString(), QString("classic"));
        QVERIFY(!d.contains("emulator"));
        const QJsonArray names = checkedInputs(d, 4);
        QCOMPARE(names.at(3).toObject().value("name").toString(), QString("startPosition"));

        const CliRun emulated = runCli({"sensitivity", "--function", "mountain-car", "--samples",
                                        "200", "--seed", "1", "--on", "emulator", "--train-calls",
                                        "60"});
        QCOMPARE(emulated.exitCode, 0);
        const QJsonObject e = jsonOf(emulated);
        QCOMPARE(e.value("on").toString(), QString("emulator"));
        QCOMPARE(e.value("simulator").toObject().value("episodes").toInt(), 60);
        QCOMPARE(e.value("emulator").toObject().value("training_episodes").toInt(), 60);
        QVERIFY(e.value("simulator").toObject().value("calls").toDouble() <
                d.value("simulator").toObject().value("calls").toDouble());
        QVERIFY(e.value("timings").toObject().contains("fit_seconds"));
        checkedInputs(e, 4);
    }

    void badOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown function")
            << QStringList{"--function", "rosenbrock"} << "functions: mountain-car, forrester";
        QTest::newRow("one sample") << QStringList{"--samples", "1"}
                                    << "--samples needs a whole number from 2";
        QTest::newRow("--on for a benchmark")
            << QStringList{"--function", "ishigami", "--on", "emulator"}
            << "--on is for --function mountain-car only";
        QTest::newRow("unknown mode") << QStringList{"--function", "mountain-car", "--on", "gpu"}
                                      << "--on needs simulator or emulator";
        QTest::newRow("--train-calls on the simulator")
            << QStringList{"--function", "mountain-car", "--train-calls", "50"}
            << "--train-calls is for --on emulator only";
        QTest::newRow("unknown simulator")
            << QStringList{"--function", "mountain-car", "--simulator", "nope"}
            << "unknown --simulator \"nope\"";
        QTest::newRow("unknown option") << QStringList{"--bogus"} << "bogus";
    }
    void badOptionsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun run = runCli(QStringList{"sensitivity"} + args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }
};

QTEST_APPLESS_MAIN(TestCliSensitivity)
#include "test_cli_sensitivity.moc"
