// `emuplay-cli mfbo`: a test problem's run within its budget, the reference that pays only for
// the top level, the car on its three simulators (costs from its episodes or fixed), programs as fidelities (fixed and measured costs, one program told its level,
// a failing and a hanging program recorded while the loop goes on), and bad input refused with
// a message naming the option.

#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace emu::test;

namespace {

/// The Forrester pair as awk, reading {"x": …} (and any further keys) on stdin.
const QByteArray kForresterHigh = "(6*x-2)^2*sin(12*x-4)";
const QByteArray kForresterLow = "0.5*(6*x-2)^2*sin(12*x-4)+10*(x-0.5)-5";

/// A program printing `formula` of its input x; from its `failFrom`-th run on (0: never) it
/// runs `failure` instead.
QByteArray program(const QByteArray& formula, int failFrom = 0, const QByteArray& failure = "exit 3")
{
    return "count=$(cat \"$0.count\" 2>/dev/null || echo 0)\n"
           "count=$((count + 1))\n"
           "echo $count > \"$0.count\"\n"
           "input=$(cat)\n"
           "if [ " + QByteArray::number(failFrom) + " -gt 0 ] && [ $count -ge " + QByteArray::number(failFrom) + " ]; then\n"
           "  " + failure + "\n"
           "fi\n"
           "echo \"$input\" | awk -F'[:,}]' '{ x = $2; print " + formula + " }'\n";
}

QJsonObject runJson(const QStringList& args, int expectedExit = 0)
{
    const CliRun run = runCli(args);
    if (run.exitCode != expectedExit)
        qWarning("exit %d: %s", run.exitCode, qPrintable(run.err));
    return run.exitCode == expectedExit ? QJsonDocument::fromJson(run.out).object() : QJsonObject();
}

double sumOf(const QJsonObject& perLevel)
{
    double sum = 0.0;
    for (const QJsonValue& v : perLevel)
        sum += v.toDouble();
    return sum;
}

} // namespace

class TestCliMfbo : public QObject
{
    Q_OBJECT
private slots:
    void aProblemWithinItsBudget()
    {
        const QJsonObject json = runJson({"mfbo", "--problem", "branin3", "--budget", "200", "--seed", "2",
                                          "--acquisition", "aei"});
        QVERIFY(!json.isEmpty());
        QCOMPARE(json["levels"].toArray().size(), 3);
        QCOMPARE(json["levels"].toArray()[2].toObject()["cost"].toDouble(), 25.0);
        const double spent = json["spent"].toDouble();
        QVERIFY(spent <= 200.0 && spent > 200.0 - 1.0);
        QCOMPARE(sumOf(json["spent_per_level"].toObject()), spent);
        const QJsonArray history = json["history"].toArray();
        QCOMPARE(history.last().toObject()["spent"].toDouble(), spent);
        // The default design: d + 2 = 4 top runs, 8 medium, 16 low, costing 16 + 40 + 100.
        QCOMPARE(json["initial_points"].toArray(), (QJsonArray{16, 8, 4}));
        const QJsonObject best = json["recommendation"].toObject();
        QCOMPARE(best["x"].toArray().size(), 2);
        QVERIFY(best["regret"].toDouble() >= 0.0);
        QVERIFY(std::abs(json["minimum"].toObject()["value"].toDouble() - 0.397887) < 1e-5);
    }

    void theReferencePaysOnlyForTheTopLevel()
    {
        const QJsonObject json = runJson({"mfbo", "--problem", "forrester", "--acquisition", "ei",
                                          "--budget", "80", "--seed", "1"});
        QVERIFY(!json.isEmpty());
        for (const QJsonValue& run : json["history"].toArray())
            QCOMPARE(run.toObject()["fidelity"].toString(), QString("high"));
        QCOMPARE(json["runs_per_level"].toObject()["low"].toInt(), 0);
        QCOMPARE(json["runs_per_level"].toObject()["high"].toInt(), 8);
    }

    void theCarOnThreeSimulators()
    {
        // Each run costs its episode's steps in Box2D steps: a crude episode 500 × 0.0001.
        const QJsonObject json = runJson({"mfbo", "--problem", "mountain-car", "--budget", "600", "--initial",
                                          "6,3,1", "--max-runs", "14", "--seed", "1"});
        QVERIFY(!json.isEmpty());
        QCOMPARE(json["objective"].toObject()["problem"].toString(), QString("mountain-car"));
        const QJsonArray levels = json["levels"].toArray();
        QCOMPARE(levels.size(), 3);
        QCOMPARE(levels[2].toObject()["name"].toString(), QString("box2d"));
        QVERIFY(levels[2].toObject()["measured"].toBool());
        const QJsonArray history = json["history"].toArray();
        QCOMPARE(history.size(), 14);
        double spent = 0.0;
        for (const QJsonValue& value : history) {
            const QJsonObject run = value.toObject();
            spent += run["cost"].toDouble();
            const double reward = run["reward"].toDouble();
            QVERIFY(std::abs(std::log(101.0 - reward) - run["value"].toDouble()) < 1e-9);
            QCOMPARE(run["reached_goal"].toBool(), reward >= 50.0);
            if (run["fidelity"].toString() == "box2d")
                QVERIFY(run["cost"].toDouble() >= 1.0 && run["cost"].toDouble() <= 500.0);
        }
        QVERIFY(std::abs(spent - json["spent"].toDouble()) < 1e-9);
        QCOMPARE(json["recommendation"].toObject()["x"].toArray().size(), 3);
    }

    void theCarAtFixedCosts()
    {
        const QJsonObject json = runJson({"mfbo", "--problem", "mountain-car", "--costs", "1,2,50", "--budget",
                                          "80", "--initial", "4,2,1", "--max-runs", "12", "--seed", "2"});
        QVERIFY(!json.isEmpty());
        QVERIFY(!json["levels"].toArray()[0].toObject()["measured"].toBool());
        for (const QJsonValue& value : json["history"].toArray()) {
            const QJsonObject run = value.toObject();
            const double cost[] = {1.0, 2.0, 50.0};
            QCOMPARE(run["cost"].toDouble(), cost[run["level"].toInt()]);
        }
        QVERIFY(json["spent"].toDouble() <= 80.0);
    }

    void programsAsFidelities()
    {
        // The high program takes 0.1 s a run, its cost; it fails on its 5th run and hangs on its
        // 7th. The loop records both, pays for them and goes on.
        QTemporaryDir dir;
        const QString low = writeScript(dir, "low.sh", program(kForresterLow));
        const QString high = writeScript(dir, "high.sh", program(kForresterHigh, 0));
        const QString flaky = writeScript(
            dir, "flaky.sh",
            "count=$(cat \"$0.count\" 2>/dev/null || echo 0)\n"
            "count=$((count + 1))\n"
            "echo $count > \"$0.count\"\n"
            "[ $count -eq 5 ] && { echo 'mesh did not converge' >&2; exit 3; }\n"
            "[ $count -eq 7 ] && exec sleep 30\n"
            "sleep 0.1\n"
            "exec " + high.toUtf8() + "\n");
        const QJsonObject json = runJson({"mfbo", "--fidelity", "cmd:" + low + ",cost=0.02", "--fidelity",
                                          "cmd:" + flaky + ",cost=time:0.1", "--bounds", "x=0:1",
                                          "--timeout", "1", "--budget", "2", "--seed", "3"});
        QVERIFY(!json.isEmpty());
        const QJsonArray levels = json["levels"].toArray();
        QVERIFY(!levels[0].toObject()["measured"].toBool());
        QVERIFY(levels[1].toObject()["measured"].toBool());
        const QJsonArray failures = json["failures"].toArray();
        QCOMPARE(failures.size(), 2);
        QVERIFY2(failures[0].toObject()["error"].toString().contains("mesh did not converge"),
                 qPrintable(failures[0].toObject()["error"].toString()));
        QVERIFY2(failures[1].toObject()["error"].toString().contains("timed out after 1 s"),
                 qPrintable(failures[1].toObject()["error"].toString()));
        QVERIFY(failures[1].toObject()["cost"].toDouble() >= 1.0); // the second it waited
        int measured = 0;
        for (const QJsonValue& v : json["history"].toArray()) {
            const QJsonObject run = v.toObject();
            if (run["level"].toInt() == 1) {
                QVERIFY2(run["cost"].toDouble() >= 0.1 && run["cost"].toDouble() < 1.0,
                         qPrintable(QString::number(run["cost"].toDouble())));
                ++measured;
            } else {
                QCOMPARE(run["cost"].toDouble(), 0.02);
            }
        }
        QVERIFY(measured >= 5); // the 3 design runs and at least two proposals after the failures
        QVERIFY(!json.contains("error"));
        QVERIFY(json.contains("recommendation"));
    }

    void oneProgramToldItsLevel()
    {
        QTemporaryDir dir;
        const QString both = writeScript(
            dir, "both.sh",
            "input=$(cat)\n"
            "echo \"$input\" | awk -F'[:,}]' '{ x = $2; f = $4; h = " + kForresterHigh +
                "; print (f == 1 ? h : 0.5*h+10*(x-0.5)-5) }'\n");
        const QJsonObject json = runJson({"mfbo", "--fidelity", "cmd:" + both + ",cost=1", "--fidelity",
                                          "cmd:" + both + ",cost=10", "--fidelity-input", "fidelity",
                                          "--bounds", "x=0:1", "--budget", "60", "--seed", "1"});
        QVERIFY(!json.isEmpty());
        // Each run's value is the level's formula at its x: the program was told the level.
        for (const QJsonValue& v : json["history"].toArray()) {
            const QJsonObject run = v.toObject();
            const double x = run["x"].toArray()[0].toDouble();
            const double h = (6 * x - 2) * (6 * x - 2) * std::sin(12 * x - 4);
            const double expected = run["level"].toInt() == 1 ? h : 0.5 * h + 10 * (x - 0.5) - 5;
            QVERIFY2(std::abs(run["value"].toDouble() - expected) < 1e-4,
                     qPrintable(QString("level %1 at %2: %3").arg(run["level"].toInt()).arg(x).arg(run["value"].toDouble())));
        }
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown problem") << QStringList{"mfbo", "--problem", "monaco"} << "unknown problem \"monaco\"";
        QTest::newRow("zero cost") << QStringList{"mfbo", "--costs", "0,10"} << "must be a positive number";
        QTest::newRow("negative cost") << QStringList{"mfbo", "--costs", "1,-10"} << "must be a positive number";
        QTest::newRow("costs per level") << QStringList{"mfbo", "--costs", "1,5,25"} << "one number per fidelity level (2)";
        QTest::newRow("unknown acquisition") << QStringList{"mfbo", "--acquisition", "ucb"} << "unknown acquisition \"ucb\"";
        QTest::newRow("budget below the design") << QStringList{"mfbo", "--budget", "20"} << "the budget 20 does not pay for the initial design, which costs 36";
        QTest::newRow("budget zero") << QStringList{"mfbo", "--budget", "0"} << "--budget";
        QTest::newRow("one program") << QStringList{"mfbo", "--fidelity", "cmd:./a.sh,cost=1", "--bounds", "x=0:1"} << "at least two --fidelity";
        QTest::newRow("no cost") << QStringList{"mfbo", "--fidelity", "cmd:./a.sh", "--fidelity", "cmd:./b.sh,cost=2", "--bounds", "x=0:1"} << "needs a cost";
        QTest::newRow("bad cost") << QStringList{"mfbo", "--fidelity", "cmd:./a.sh,cost=-1", "--fidelity", "cmd:./b.sh,cost=2", "--bounds", "x=0:1"} << "positive cost";
        QTest::newRow("no bounds") << QStringList{"mfbo", "--fidelity", "cmd:./a.sh,cost=1", "--fidelity", "cmd:./b.sh,cost=2"} << "need --bounds";
        QTest::newRow("both") << QStringList{"mfbo", "--problem", "forrester", "--fidelity", "cmd:./a.sh,cost=1"} << "either --problem or --fidelity";
        QTest::newRow("increasing design") << QStringList{"mfbo", "--initial", "3,6"} << "non-increasing point counts";
        QTest::newRow("program option") << QStringList{"mfbo", "--launcher", "srun"} << "for --fidelity programs only";
        QTest::newRow("car costs per level") << QStringList{"mfbo", "--problem", "mountain-car", "--costs", "1,10"} << "one number per fidelity level (3)";
        QTest::newRow("car zero cost") << QStringList{"mfbo", "--problem", "mountain-car", "--costs", "1,0,10"} << "must be a positive number";
        QTest::newRow("car program option") << QStringList{"mfbo", "--problem", "mountain-car", "--bounds", "x=0:1"} << "for --fidelity programs only";
        QTest::newRow("max runs") << QStringList{"mfbo", "--max-runs", "-1"} << "--max-runs";
    }

    void badInputIsRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestCliMfbo)
#include "test_cli_mfbo.moc"
