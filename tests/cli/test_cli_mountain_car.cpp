#include "app/cli/terminal_progress.h"
#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <string>

using namespace emu::test;

class TestCliMountainCar : public QObject
{
    Q_OBJECT
private slots:
    void mountainCarSimulateReachesTheGoal()
    {
        // A negative theta value right after the option must parse as the value, not an option.
        const CliRun run = runCli({"mountain-car", "simulate", "--theta", "0,-0.2,12", "--trace"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(json.value("reached_goal").toBool(), run.out.constData());
        const int steps = json.value("steps").toInt();
        QVERIFY(steps > 0 && steps < 500);
        QCOMPARE(json.value("simulator_calls").toInt(), steps);
        QVERIFY(json.value("reward").toDouble() > 90.0);
        QVERIFY(json.value("max_position").toDouble() >= 0.45);
        // θ is printed by name: the CLI's order θ0,θp,θv is converted, not copied.
        const QJsonObject theta = json.value("theta").toObject();
        QCOMPARE(theta.value("theta0").toDouble(), 0.0);
        QCOMPARE(theta.value("thetaP").toDouble(), -0.2);
        QCOMPARE(theta.value("thetaV").toDouble(), 12.0);
        const QJsonObject trace = json.value("trace").toObject();
        QCOMPARE(trace.value("p").toArray().size(), steps + 1);
        QCOMPARE(trace.value("v").toArray().size(), steps + 1);
        QCOMPARE(trace.value("u").toArray().size(), steps);
    }

    void mountainCarSimulateWithoutTraceAndADoNothingController()
    {
        const CliRun run = runCli({"mountain-car", "simulate", "--theta", "0,0,0", "--start", "-0.5"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QVERIFY(!json.value("reached_goal").toBool());
        QCOMPARE(json.value("steps").toInt(), 500);
        QCOMPARE(json.value("reward").toDouble(), 0.0);
        QCOMPARE(json.value("start").toObject().value("p").toDouble(), -0.5);
        QVERIFY(!json.contains("trace"));
    }

    void mountainCarHelpExplainsTheThetaOrder()
    {
        const CliRun top = runCli({"mountain-car", "--help"});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("simulate") && top.out.contains("tune") && top.out.contains("THETA0,THETAP,THETAV"));
        const CliRun simulate = runCli({"mountain-car", "simulate", "--help"});
        QCOMPARE(simulate.exitCode, 0);
        QVERIFY(simulate.out.contains("bias"));
    }

    void mountainCarTunePrintsTheResult()
    {
        const QStringList args{"mountain-car", "tune", "--method", "direct", "--seed", "3", "--history"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("method").toString(), QString("direct"));
        const QJsonObject best = json.value("best").toObject();
        for (const char* name : {"theta0", "thetaP", "thetaV"})
            QVERIFY2(best.contains(name), name);
        QVERIFY(json.value("reached_goal").toBool());
        QVERIFY(json.value("steps_to_goal").toInt() > 0);
        QVERIFY(json.value("reward").toDouble() > 90.0);
        QCOMPARE(json.value("call_budget").toInt(), 37500);
        QCOMPARE(json.value("episodes").toInt(), 75);
        const int calls = json.value("simulator_calls").toInt();
        QVERIFY(calls > 0 && calls <= 37500);
        QVERIFY(json.value("seconds").toDouble() > 0.0);
        const QJsonArray history = json.value("history").toArray();
        QCOMPARE(history.size(), 75);
        QCOMPARE(history.last().toObject().value("calls_so_far").toInt(), calls);
        // The same seed gives the same controller.
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("best"), json.value("best"));
        QCOMPARE(again.value("history"), json.value("history"));
    }

    void mountainCarTuneWithTheEmulator()
    {
        const QStringList args{"mountain-car", "tune", "--method", "emulator", "--train-calls", "500",
                               "--design", "random", "--seed", "2", "--history"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("method").toString(), QString("emulator"));
        QCOMPARE(json.value("design").toString(), QString("random"));
        QCOMPARE(json.value("training_calls").toInt(), 500);
        const QJsonObject best = json.value("best").toObject();
        for (const char* name : {"theta0", "thetaP", "thetaV"})
            QVERIFY2(best.contains(name), name);
        // The reward and the goal are the simulator's, after one validation episode.
        QVERIFY(json.value("reached_goal").toBool());
        QVERIFY(json.value("reward").toDouble() > 90.0);
        const int steps = json.value("steps").toInt();
        QCOMPARE(json.value("steps_to_goal").toInt(), steps);
        QCOMPARE(json.value("validation_calls").toInt(), steps);
        QCOMPARE(json.value("simulator_calls").toInt(), 500 + steps);
        QVERIFY(std::abs(json.value("emulated_reward").toDouble() - json.value("reward").toDouble()) < 0.5);
        const QJsonObject budget = json.value("budget").toObject();
        QCOMPARE(budget.value("direct_call_budget").toInt(), 37500);
        QCOMPARE(budget.value("emulator_calls").toInt(), 500 + steps);
        QVERIFY(!budget.contains("direct"));
        const QJsonObject emulator = json.value("emulator").toObject();
        QCOMPARE(emulator.value("training_calls").toInt(), 500);
        const QJsonObject hyper = emulator.value("hyperparameters").toObject();
        QVERIFY(hyper.value("dp").toObject().contains("lengthscale[3]"));
        QVERIFY(hyper.value("dv").toObject().contains("noise variance"));
        const QJsonObject heldOut = emulator.value("held_out").toObject();
        QCOMPARE(heldOut.value("points").toInt() + heldOut.value("limited_points").toInt(), 1000);
        QVERIFY(heldOut.value("dp").toObject().value("nrmse").toDouble() < 0.05);
        QVERIFY(heldOut.value("dv").toObject().value("nrmse").toDouble() < 0.05);
        QCOMPARE(json.value("history").toArray().size(), 75);
        QVERIFY(json.value("seconds").toDouble() > 0.0);
        // Seeded.
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("best"), json.value("best"));
        QCOMPARE(again.value("reward"), json.value("reward"));
    }

    void mountainCarTuneWithTheMultiFidelityEmulator()
    {
        const QStringList args{"mountain-car", "tune", "--method", "multifidelity", "--model", "linear",
                               "--low-calls", "60", "--high-calls", "30", "--initial", "5", "--iterations", "3",
                               "--test-points", "100", "--seed", "4"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("method").toString(), QString("multifidelity"));
        QCOMPARE(json.value("model").toString(), QString("linear"));
        QCOMPARE(json.value("high").toString(), QString("classic"));
        QCOMPARE(json.value("low").toString(), QString("low"));
        QVERIFY(json.value("best").toObject().contains("thetaP"));
        QVERIFY(json.contains("reward") && json.contains("reached_goal") && json.contains("steps"));
        const QJsonObject calls = json.value("calls").toObject();
        QCOMPARE(calls.value("low").toInt(), 60);
        QCOMPARE(calls.value("high_training").toInt(), 30);
        QCOMPARE(calls.value("high").toInt(), 30 + json.value("steps").toInt());
        const QJsonObject emulator = json.value("emulator").toObject();
        QVERIFY(emulator.value("rho").toObject().value("dv").isDouble());
        const QJsonObject heldOut = emulator.value("held_out").toObject();
        QCOMPARE(heldOut.value("points").toInt() + heldOut.value("limited_points").toInt(), 100);
        QVERIFY(emulator.value("held_out").toObject().value("dp").toObject().contains("nrmse"));
        QVERIFY(json.value("seconds").toDouble() > 0.0);
        QVERIFY(json.contains("training_seconds") && json.contains("optimization_seconds"));
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("best"), json.value("best"));
        QCOMPARE(again.value("reward"), json.value("reward"));
    }

    void bothEmulatorMethodsReportTheRunAlike()
    {
        // One code path reports the optimisation on any emulator: the same fields, the same
        // history, whatever the emulator.
        const CliRun single = runCli({"mountain-car", "tune", "--method", "emulator", "--train-calls", "60",
                                      "--initial", "3", "--iterations", "2", "--test-points", "0", "--history"});
        const CliRun multi = runCli({"mountain-car", "tune", "--method", "multifidelity", "--low-calls", "40",
                                     "--high-calls", "20", "--initial", "3", "--iterations", "2", "--test-points",
                                     "0", "--history"});
        QCOMPARE(single.exitCode, 0);
        QCOMPARE(multi.exitCode, 0);
        const QJsonObject a = QJsonDocument::fromJson(single.out).object();
        const QJsonObject b = QJsonDocument::fromJson(multi.out).object();
        for (const char* field : {"best", "emulated_reward", "emulated_reached_goal", "emulated_steps", "reward",
                                  "reached_goal", "steps", "steps_to_goal", "seconds", "training_seconds",
                                  "optimization_seconds", "validation_seconds", "test_seconds"}) {
            QVERIFY2(a.contains(field), field);
            QVERIFY2(b.contains(field), field);
        }
        const QJsonArray ha = a.value("history").toArray(), hb = b.value("history").toArray();
        QCOMPARE(ha.size(), 5);
        QCOMPARE(hb.size(), 5);
        QCOMPARE(ha.last().toObject().keys(), hb.last().toObject().keys());
        QCOMPARE(b.value("emulated_steps").toInt() > 0, true);
    }

    void mountainCarMfCompareTable()
    {
        const CliRun run = runCli({"mountain-car", "mf-compare", "--low-calls", "40", "--high-calls", "20",
                                   "--initial", "3", "--iterations", "1", "--test-points", "50", "--seed", "2"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonArray rows = json.value("rows").toArray();
        QCOMPARE(rows.size(), 4);
        const QStringList names{"high", "high", "linear", "nonlinear"};
        const int high[4] = {20, 60, 20, 20};
        const int low[4] = {0, 0, 40, 40};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject row = rows[i].toObject();
            QCOMPARE(row.value("emulator").toString(), names[i]);
            QCOMPARE(row.value("high_calls").toInt(), high[i]);
            QCOMPARE(row.value("low_calls").toInt(), low[i]);
            const QJsonObject heldOut = row.value("held_out").toObject();
            QCOMPARE(heldOut.value("points").toInt() + heldOut.value("limited_points").toInt(), 50);
            QVERIFY(row.contains("reward") && row.contains("reached_goal") && row.contains("seconds"));
        }
    }

    void mountainCarTuneWithTheEmulatorAgainstDirect()
    {
        const CliRun run = runCli({"mountain-car", "tune", "--method", "emulator", "--train-calls", "60",
                                   "--design", "active", "--initial", "5", "--iterations", "5",
                                   "--test-points", "0", "--compare-direct"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("design").toString(), QString("active"));
        QVERIFY(!json.value("emulator").toObject().contains("held_out"));
        const QJsonObject direct = json.value("budget").toObject().value("direct").toObject();
        QVERIFY(direct.contains("reward"));
        QVERIFY(direct.value("simulator_calls").toInt() > json.value("simulator_calls").toInt());
        QCOMPARE(json.value("budget").toObject().value("direct_call_budget").toInt(), 10 * 500);
    }

    void mountainCarCompare()
    {
        const CliRun run = runCli({"mountain-car", "compare", "--theta", "0,-0.2,12", "--train-calls", "200",
                                   "--seed", "1", "--samples", "4", "--trace"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonObject simulated = json.value("simulated").toObject();
        const QJsonObject emulated = json.value("emulated").toObject();
        QVERIFY(simulated.value("reached_goal").toBool() && emulated.value("reached_goal").toBool());
        const int steps = simulated.value("steps").toInt();
        QVERIFY(std::abs(emulated.value("steps").toInt() - steps) <= 3);
        QCOMPARE(json.value("step_difference").toInt(), emulated.value("steps").toInt() - steps);
        QVERIFY(std::abs(json.value("reward_difference").toDouble()) < 0.5);
        const QJsonObject errors = json.value("errors").toObject();
        QVERIFY(errors.value("max_abs_position").toDouble() < 0.02);
        QCOMPARE(errors.value("one_step_position").toArray().size(), steps);
        QCOMPARE(errors.value("position").toArray().size(),
                 std::min(steps, emulated.value("steps").toInt()) + 1);
        const QJsonObject calls = json.value("simulator_calls").toObject();
        QCOMPARE(calls.value("training").toInt(), 200);
        QCOMPARE(calls.value("total").toInt(), 200 + steps);
        QCOMPARE(json.value("samples").toObject().value("rewards").toArray().size(), 4);
        QCOMPARE(json.value("trace").toObject().value("simulated").toObject().value("p").toArray().size(), steps + 1);
    }

    void mountainCarSweep()
    {
        const CliRun run = runCli({"mountain-car", "sweep", "--train-calls", "30,60", "--designs", "lhs,active",
                                   "--test-points", "50"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonArray rows = json.value("rows").toArray();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.first().toObject().value("design").toString(), QString("lhs"));
        QCOMPARE(rows.last().toObject().value("training_calls").toInt(), 60);
        for (const QJsonValue& value : rows) {
            const QJsonObject row = value.toObject();
            QCOMPARE(row.value("simulator_calls").toInt(),
                     row.value("training_calls").toInt() + row.value("steps").toInt());
            QVERIFY(row.value("dp_nrmse").toDouble() > 0.0);
        }
        QCOMPARE(json.value("direct_call_budget").toInt(), 37500);
        QCOMPARE(run.err, QString()); // stderr is a pipe here: no progress lines in logs
    }

    void progressLineOnATerminal()
    {
        std::FILE* file = std::tmpfile();
        QVERIFY(file);
        {
            cli::TerminalProgress progress("mountain-car sweep", file, true);
            QCOMPARE(progress.line(0.25, "N = 250", 10000),
                     std::string("mountain-car sweep: 25 %, 10 s, about 30 s left · N = 250"));
            QCOMPARE(progress.line(0.5, {}, 150000), std::string("mountain-car sweep: 50 %, 2 min 30 s, about 2 min 30 s left"));
            QCOMPARE(progress.line(0.01, {}, 500), std::string("mountain-car sweep: 1 %, 1 s")); // too early to say
            progress.get().report(1, 4, "lhs");
            progress.get().report(2, 4, "lhs"); // within 0.2 s of the last: not shown
        }
        std::rewind(file);
        char buffer[512] = {};
        const std::string written(buffer, std::fread(buffer, 1, sizeof buffer - 1, file));
        std::fclose(file);
        QVERIFY2(written.starts_with("\rmountain-car sweep: 25 %"), written.c_str());
        QVERIFY(written.find("50 %") == std::string::npos);
        QVERIFY(written.ends_with("\r")); // the line is cleared at the end

        std::FILE* quiet = std::tmpfile();
        {
            cli::TerminalProgress progress("sweep", quiet, false);
            progress.get().report(1, 2, "lhs");
        }
        QCOMPARE(std::ftell(quiet), 0L);
        std::fclose(quiet);
    }

    void mountainCarLandscape()
    {
        const CliRun run = runCli({"mountain-car", "landscape", "--theta0", "0", "--grid", "12"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("thetaP").toArray().size(), 12);
        QCOMPARE(json.value("reward").toArray().size(), 12);
        QCOMPARE(json.value("reward").toArray().first().toArray().size(), 12);
        QVERIFY(json.value("best_reward").toDouble() > 90.0);
    }
};

QTEST_GUILESS_MAIN(TestCliMountainCar)
#include "test_cli_mountain_car.moc"
