#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

CliRun runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(EMUPLAY_CLI_PATH), args);
    CliRun run;
    if (!process.waitForFinished(60000))
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

/// Writes an executable shell script into dir and returns its path.
QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

/// A simulator script: (a - 0.3)^2 + b^2 of its JSON input {"a": …, "b": …}; after `failAfter`
/// runs (0: never) it fails with exit code 4, as a simulator losing its licence server would.
QByteArray quadraticSimulator(int failAfter)
{
    return "count=$(cat \"$0.count\" 2>/dev/null || echo 0)\n"
           "count=$((count + 1))\n"
           "echo $count > \"$0.count\"\n"
           "input=$(cat)\n"
           "if [ " + QByteArray::number(failAfter) + " -gt 0 ] && [ $count -gt " + QByteArray::number(failAfter) + " ]; then\n"
           "  echo 'licence server unreachable' >&2\n"
           "  exit 4\n"
           "fi\n"
           "echo \"$input\" | awk -F'[:,}]' '{ print ($2 - 0.3)^2 + ($4)^2 }'\n";
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "Usage";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command \"frobnicate\"";
        QTest::newRow("unknown option") << QStringList{"info", "--bogus"} << "bogus";
        QTest::newRow("stray argument") << QStringList{"info", "extra"} << "unexpected argument \"extra\"";
        QTest::newRow("gp without data") << QStringList{"gp"} << "--data FILE.csv is required";
        QTest::newRow("gp unknown kernel") << QStringList{"gp", "--data", "x.csv", "--kernel", "nope"} << "unknown kernel";
        QTest::newRow("gp bad grid") << QStringList{"gp", "--data", "x.csv", "--grid", "0:1"} << "FROM:TO:COUNT";
        QTest::newRow("gp negative noise") << QStringList{"gp", "--data", "x.csv", "--noise", "-1"} << "positive number";
        QTest::newRow("gp bad restarts") << QStringList{"gp", "--data", "x.csv", "--restarts", "many"} << "whole number";
        QTest::newRow("bo unknown function") << QStringList{"bo", "--function", "nope"} << "unknown function \"nope\"";
        QTest::newRow("bo bad initial") << QStringList{"bo", "--initial", "0"} << "--initial needs a whole number";
        QTest::newRow("bo unknown acquisition") << QStringList{"bo", "--acquisition", "xyz"} << "unknown acquisition";
        QTest::newRow("bo jitter for lcb") << QStringList{"bo", "--acquisition", "lcb", "--jitter", "0.1"}
                                           << "--jitter does not apply to lcb";
        QTest::newRow("bo negative jitter") << QStringList{"bo", "--jitter", "-1"} << "--jitter needs a number from 0";
        QTest::newRow("bo cmd without bounds") << QStringList{"bo", "--function", "cmd:./sim.sh"} << "needs --bounds";
        QTest::newRow("bo malformed bounds") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x1=0:1,x2=5"}
                                             << "LOW:HIGH for \"x2\"";
        QTest::newRow("bo reversed bounds") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x=1:0"}
                                            << "LOW < HIGH";
        QTest::newRow("bo duplicate bound") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x=0:1,x=2:3"}
                                            << "twice";
        QTest::newRow("bo bad timeout") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x=0:1", "--timeout", "0"}
                                        << "--timeout needs a positive number";
        QTest::newRow("bo bounds for a benchmark") << QStringList{"bo", "--bounds", "x=0:1"} << "cmd:PROGRAM objectives only";
        QTest::newRow("bo random search with acquisition") << QStringList{"bo", "--random-search", "--acquisition", "pi"}
                                                           << "--random-search uses no model";
        QTest::newRow("design unknown method") << QStringList{"design", "--method", "grid"} << "unknown method \"grid\"";
        QTest::newRow("design no points") << QStringList{"design", "--points", "0"} << "--points needs a whole number";
        QTest::newRow("design unknown function") << QStringList{"design", "--function", "nope"} << "unknown function";
        QTest::newRow("design initial without variance") << QStringList{"design", "--initial", "3"}
                                                         << "--initial is for --method variance only";
        QTest::newRow("car no sub-command") << QStringList{"mountain-car"} << "sub-command is needed";
        QTest::newRow("car unknown sub-command") << QStringList{"mountain-car", "drive"} << "unknown sub-command \"drive\"";
        QTest::newRow("car theta missing") << QStringList{"mountain-car", "simulate"} << "--theta THETA0,THETAP,THETAV is required";
        QTest::newRow("car theta two values") << QStringList{"mountain-car", "simulate", "--theta", "0.1,2"}
                                              << "three comma-separated numbers";
        QTest::newRow("car theta four values") << QStringList{"mountain-car", "simulate", "--theta", "0,0,1,2"}
                                               << "three comma-separated numbers";
        QTest::newRow("car theta NaN") << QStringList{"mountain-car", "simulate", "--theta", "0,nan,5"}
                                       << "thetaP is not a finite number";
        QTest::newRow("car theta text") << QStringList{"mountain-car", "simulate", "--theta", "0,0,fast"}
                                        << "thetaV is not a finite number";
        QTest::newRow("car theta0 outside") << QStringList{"mountain-car", "simulate", "--theta", "1.5,0,5"}
                                            << "theta0 = 1.500000 is outside the controller domain";
        QTest::newRow("car thetaV outside") << QStringList{"mountain-car", "simulate", "--theta", "0,0,20"}
                                            << "thetaV = 20.000000 is outside the controller domain";
        QTest::newRow("car bad simulator") << QStringList{"mountain-car", "simulate", "--theta", "0,0,5", "--simulator", "moon"}
                                           << "unknown simulator \"moon\"";
        QTest::newRow("car bad start") << QStringList{"mountain-car", "simulate", "--theta", "0,0,5", "--start", "2"}
                                       << "--start must lie in";
        QTest::newRow("car tune without method") << QStringList{"mountain-car", "tune"} << "--method is required; methods: direct";
        QTest::newRow("car tune unknown method") << QStringList{"mountain-car", "tune", "--method", "guess"}
                                                 << "unknown method \"guess\"; methods: direct";
        QTest::newRow("car tune bad seed") << QStringList{"mountain-car", "tune", "--method", "direct", "--seed", "-1"}
                                           << "--seed needs a whole number";
        QTest::newRow("car tune bad iterations") << QStringList{"mountain-car", "tune", "--method", "direct", "--iterations", "x"}
                                                 << "--iterations needs a whole number";
        QTest::newRow("car tune no initial") << QStringList{"mountain-car", "tune", "--method", "direct", "--initial", "0"}
                                             << "--initial must be at least 1";
        QTest::newRow("car tune bad acquisition") << QStringList{"mountain-car", "tune", "--method", "direct", "--acquisition", "x"}
                                                  << "unknown acquisition \"x\"";
        QTest::newRow("car tune bad objective") << QStringList{"mountain-car", "tune", "--method", "direct", "--objective", "x"}
                                                << "unknown --objective \"x\"";
        QTest::newRow("car emulator bad train calls") << QStringList{"mountain-car", "tune", "--method", "emulator", "--train-calls", "1"}
                                                      << "--train-calls needs a whole number from 2 to 2000";
        QTest::newRow("car emulator bad design") << QStringList{"mountain-car", "tune", "--method", "emulator", "--design", "grid"}
                                                 << "unknown --design \"grid\"; designs: random, lhs, sobol, active";
        QTest::newRow("car emulator bad test points") << QStringList{"mountain-car", "tune", "--method", "emulator", "--test-points", "-1"}
                                                      << "--test-points needs a whole number";
        QTest::newRow("car emulator no initial") << QStringList{"mountain-car", "tune", "--method", "emulator", "--initial", "0"}
                                                 << "--initial must be at least 1 for --method emulator";
        QTest::newRow("car emulator option of direct") << QStringList{"mountain-car", "tune", "--method", "emulator", "--objective", "log-gap"}
                                                       << "--objective belongs to --method direct";
        QTest::newRow("car direct option of emulator") << QStringList{"mountain-car", "tune", "--method", "direct", "--design", "lhs"}
                                                       << "--design belongs to --method emulator";
        QTest::newRow("car mf bad model") << QStringList{"mountain-car", "tune", "--method", "multifidelity", "--model", "cubic"}
                                          << "unknown --model \"cubic\"";
        QTest::newRow("car mf low below high") << QStringList{"mountain-car", "tune", "--method", "multifidelity", "--low-calls", "10"}
                                               << "--low-calls must be at least --high-calls";
        QTest::newRow("car mf bad high calls") << QStringList{"mountain-car", "tune", "--method", "multifidelity", "--high-calls", "1"}
                                               << "--high-calls";
        QTest::newRow("car mf bad high") << QStringList{"mountain-car", "tune", "--method", "multifidelity", "--high", "moon"}
                                         << "unknown --high \"moon\"";
        QTest::newRow("car mf option of emulator") << QStringList{"mountain-car", "tune", "--method", "multifidelity", "--design", "lhs"}
                                                   << "--design belongs to --method emulator";
        QTest::newRow("car emulator option of mf") << QStringList{"mountain-car", "tune", "--method", "emulator", "--model", "linear"}
                                                   << "--model belongs to --method multifidelity";
        QTest::newRow("car mf-compare bad low") << QStringList{"mountain-car", "mf-compare", "--low", "moon"}
                                                << "unknown --low \"moon\"";
        QTest::newRow("car mf-compare bad seed") << QStringList{"mountain-car", "mf-compare", "--seed", "x"} << "--seed";
        QTest::newRow("car compare theta missing") << QStringList{"mountain-car", "compare"} << "--theta THETA0,THETAP,THETAV is required";
        QTest::newRow("car compare bad theta") << QStringList{"mountain-car", "compare", "--theta", "0,0"}
                                               << "three comma-separated numbers";
        QTest::newRow("car compare bad train calls") << QStringList{"mountain-car", "compare", "--theta", "0,0,5", "--train-calls", "5000"}
                                                     << "--train-calls needs a whole number from 2 to 2000";
        QTest::newRow("car compare bad design") << QStringList{"mountain-car", "compare", "--theta", "0,0,5", "--design", "x"}
                                                << "unknown --design \"x\"";
        QTest::newRow("car compare bad seed") << QStringList{"mountain-car", "compare", "--theta", "0,0,5", "--seed", "s"}
                                              << "--seed needs a whole number";
        QTest::newRow("car compare bad samples") << QStringList{"mountain-car", "compare", "--theta", "0,0,5", "--samples", "0"}
                                                 << "--samples needs a whole number from 1 to 1000";
        QTest::newRow("car compare bad simulator") << QStringList{"mountain-car", "compare", "--theta", "0,0,5", "--simulator", "moon"}
                                                   << "unknown simulator \"moon\"";
        QTest::newRow("car sweep bad sizes") << QStringList{"mountain-car", "sweep", "--train-calls", "100,x"}
                                             << "--train-calls needs comma-separated whole numbers";
        QTest::newRow("car sweep bad designs") << QStringList{"mountain-car", "sweep", "--designs", "random,grid"}
                                               << "unknown design \"grid\" in --designs";
        QTest::newRow("car sweep bad seeds") << QStringList{"mountain-car", "sweep", "--seeds", "1,-2"}
                                             << "--seeds needs comma-separated whole numbers";
        QTest::newRow("car landscape bad grid") << QStringList{"mountain-car", "landscape", "--grid", "1"}
                                                << "--grid needs a whole number from 2 to 1000";
        QTest::newRow("mf unknown problem") << QStringList{"mf", "--problem", "hartmann"}
                                            << "unknown problem \"hartmann\"; problems: forrester";
        QTest::newRow("mf unknown model") << QStringList{"mf", "--model", "deep"} << "unknown model \"deep\"";
        QTest::newRow("mf no high points") << QStringList{"mf", "--high", "0"} << "--high needs a whole number";
        QTest::newRow("mf bad low points") << QStringList{"mf", "--low", "many"} << "--low needs a whole number";
        QTest::newRow("mf more high than low") << QStringList{"mf", "--low", "5", "--high", "8"}
                                               << "must not increase from --low to --high";
        QTest::newRow("mf medium for two levels") << QStringList{"mf", "--medium", "5"}
                                                  << "--medium is for three-level problems";
        QTest::newRow("mf medium above low") << QStringList{"mf", "--problem", "branin3", "--low", "10", "--medium", "20"}
                                             << "got 10 then 20";
        QTest::newRow("mf samples for linear") << QStringList{"mf", "--samples", "50"}
                                               << "--samples is for --model nonlinear only";
        QTest::newRow("mf method for nonlinear") << QStringList{"mf", "--model", "nonlinear", "--method", "joint"}
                                                 << "--method is for --model linear only";
        QTest::newRow("mf unknown method") << QStringList{"mf", "--method", "greedy"} << "unknown method \"greedy\"";
        QTest::newRow("mf bad test points") << QStringList{"mf", "--test-points", "0"} << "--test-points needs a whole number";
        QTest::newRow("mf bad seed") << QStringList{"mf", "--seed", "x"} << "--seed needs a whole number";
        QTest::newRow("car landscape bad theta0") << QStringList{"mountain-car", "landscape", "--theta0", "-3"}
                                                  << "--theta0 must lie in";
        QTest::newRow("olympic without model") << QStringList{"olympic"} << "--model is required: gp or dgp";
        QTest::newRow("olympic bad model") << QStringList{"olympic", "--model", "nn"} << "unknown model \"nn\"; models: gp, dgp";
        QTest::newRow("olympic five layers") << QStringList{"olympic", "--model", "dgp", "--layers", "5"}
                                             << "--layers needs a whole number from 2 to 3";
        QTest::newRow("olympic too many inducing") << QStringList{"olympic", "--model", "dgp", "--inducing", "28"}
                                                   << "--inducing needs a whole number from 1 to 27";
        QTest::newRow("olympic layers for gp") << QStringList{"olympic", "--model", "gp", "--layers", "2"}
                                               << "--layers is for --model dgp only";
        QTest::newRow("olympic negative seed") << QStringList{"olympic", "--model", "gp", "--seed", "-1"}
                                               << "--seed needs a whole number";
        QTest::newRow("olympic zero pace") << QStringList{"olympic", "--model", "gp", "--turing-pace", "0"}
                                           << "--turing-pace needs a positive number";
        QTest::newRow("olympic infinite pace") << QStringList{"olympic", "--model", "dgp", "--turing-pace", "inf"}
                                               << "--turing-pace needs a positive number";
        QTest::newRow("olympic one sample") << QStringList{"olympic", "--model", "dgp", "--samples", "1"}
                                            << "--samples needs a whole number from 2";
        QTest::newRow("dgp-samples without layers") << QStringList{"dgp-samples", "--lengthscales", "1"}
                                                    << "--layers L is required";
        QTest::newRow("dgp-samples without lengthscales") << QStringList{"dgp-samples", "--layers", "2"}
                                                          << "--lengthscales l1,l2,... is required";
        QTest::newRow("dgp-samples negative lengthscale")
            << QStringList{"dgp-samples", "--layers", "2", "--lengthscales", "1,-0.5"}
            << "--lengthscales: layer 2 needs a positive number, got \"-0.5\"";
        QTest::newRow("dgp-samples NaN lengthscale") << QStringList{"dgp-samples", "--layers", "1", "--lengthscales", "nan"}
                                                     << "layer 1 needs a positive number";
        QTest::newRow("dgp-samples tiny lengthscale") << QStringList{"dgp-samples", "--layers", "1", "--lengthscales", "1e-9"}
                                                      << "lengthscales must lie in [0.001, 1000]";
        QTest::newRow("dgp-samples wrong count") << QStringList{"dgp-samples", "--layers", "3", "--lengthscales", "1,2"}
                                                 << "--lengthscales needs one value per layer (3) or a single value";
        QTest::newRow("dgp-samples unknown kernel")
            << QStringList{"dgp-samples", "--layers", "2", "--lengthscales", "1", "--kernels", "rbf,nope"}
            << "unknown kernel \"nope\" for layer 2; kernels with a lengthscale: rbf, matern12";
        QTest::newRow("dgp-samples kernel without lengthscale")
            << QStringList{"dgp-samples", "--layers", "1", "--lengthscales", "1", "--kernels", "linear"}
            << "kernel \"linear\" for layer 1 has no lengthscale";
        QTest::newRow("dgp-samples wrong kernel count")
            << QStringList{"dgp-samples", "--layers", "3", "--lengthscales", "1", "--kernels", "rbf,rbf"}
            << "--kernels needs one value per layer (3)";
        QTest::newRow("dgp-samples short grid") << QStringList{"dgp-samples", "--layers", "2", "--lengthscales", "1", "--grid", "0:1"}
                                                << "--grid needs FROM:TO:COUNT";
        QTest::newRow("dgp-samples reversed grid")
            << QStringList{"dgp-samples", "--layers", "2", "--lengthscales", "1", "--grid", "1:0:10"}
            << "--grid needs FROM:TO:COUNT with FROM < TO";
        QTest::newRow("dgp-samples huge grid")
            << QStringList{"dgp-samples", "--layers", "2", "--lengthscales", "1", "--grid", "0:1:100000"}
            << "COUNT from 2 to 1000";
        QTest::newRow("dgp-samples zero layers") << QStringList{"dgp-samples", "--layers", "0", "--lengthscales", "1"}
                                                 << "--layers needs a whole number from 1 to 10";
    }
    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty()); // errors never pollute the JSON on stdout
    }

    void helpListsCommands()
    {
        const CliRun run = runCli({"--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("info"));
    }

    void commandHelp()
    {
        const CliRun run = runCli({"info", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("--help"));
    }

    void versionPrintsVersion()
    {
        const CliRun run = runCli({"--version"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith("emuplay-cli "));
    }

    void gpReportsTheBadLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x,y\n0,1\n0.5,two\n");
        file.close();
        const CliRun run = runCli({"gp", "--data", path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("bad.csv:3") && run.err.contains("not a number"), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void gpMissingFile()
    {
        const CliRun run = runCli({"gp", "--data", "/nonexistent/data.csv"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("cannot open"), qPrintable(run.err));
    }

    void gpFitsAndPredicts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sin.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x,y\n");
        for (int i = 0; i < 12; ++i)
            file.write(QByteArray::number(i * 0.5) + "," + QByteArray::number(std::sin(i * 0.5), 'g', 17) + "\n");
        file.close();
        const CliRun run = runCli({"gp", "--data", path, "--optimize", "--restarts", "3", "--grid", "0:5.5:23",
                                   "--samples", "2", "--seed", "4"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonObject predictions = json.value("predictions").toObject();
        QCOMPARE(predictions.value("mean").toArray().size(), 23);
        QCOMPARE(predictions.value("samples").toArray().size(), 2);
        QVERIFY(json.value("hyperparameters").toObject().contains("lengthscale"));
        // The grid hits the data at x = 1.0 (index 4): the fitted mean is close to sin(1).
        QVERIFY(std::abs(predictions.value("mean").toArray().at(4).toDouble() - std::sin(1.0)) < 0.05);
        QCOMPARE(json.value("fit").toObject().value("restart_log_likelihoods").toArray().size(), 4);
        // Reproducible: the same seed gives the same hyperparameters, predictions and samples.
        const QJsonObject again = QJsonDocument::fromJson(runCli({"gp", "--data", path, "--optimize", "--restarts", "3",
                                                                  "--grid", "0:5.5:23", "--samples", "2", "--seed", "4"})
                                                              .out)
                                      .object();
        QCOMPARE(again.value("hyperparameters"), json.value("hyperparameters"));
        QCOMPARE(again.value("predictions"), json.value("predictions"));
    }

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
        QCOMPARE(heldOut.value("points").toInt(), 1000);
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
        QCOMPARE(emulator.value("held_out").toObject().value("points").toInt(), 100);
        QVERIFY(emulator.value("held_out").toObject().value("dp").toObject().contains("nrmse"));
        QVERIFY(json.value("seconds").toDouble() > 0.0);
        QVERIFY(json.contains("training_seconds") && json.contains("optimization_seconds"));
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("best"), json.value("best"));
        QCOMPARE(again.value("reward"), json.value("reward"));
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
            QCOMPARE(row.value("held_out").toObject().value("points").toInt(), 50);
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

    void boOnBraninIsReproducible()
    {
        const QStringList args{"bo", "--function", "branin", "--initial", "5", "--iterations", "10", "--seed", "3"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonObject evaluations = json.value("evaluations").toObject();
        QCOMPARE(evaluations.value("count").toInt(), 15);
        QCOMPARE(evaluations.value("x").toArray().size(), 15);
        QCOMPARE(evaluations.value("x").toArray().at(0).toArray().size(), 2);
        QCOMPARE(evaluations.value("value").toArray().size(), 15);
        const QJsonArray best = evaluations.value("best_so_far").toArray();
        const QJsonArray iteration = evaluations.value("iteration").toArray();
        for (int i = 1; i < 15; ++i) {
            QVERIFY(best.at(i).toDouble() <= best.at(i - 1).toDouble());
            QCOMPARE(iteration.at(i).toInt(), std::max(0, i - 4));
        }
        const double regret = json.value("regret").toDouble(-1.0);
        QVERIFY2(std::isfinite(regret) && regret >= 0.0, qPrintable(QString::number(regret)));
        QCOMPARE(evaluations.value("regret").toArray().last().toDouble(), regret);
        QCOMPARE(json.value("per_iteration").toObject().value("count").toInt(), 10);
        QCOMPARE(json.value("acquisition").toObject().value("id").toString(), QString("ei"));
        QCOMPARE(json.value("acquisition").toObject().value("parameters").toObject().value("jitter").toDouble(), 0.01);
        QVERIFY(json.value("complete").toBool());
        QVERIFY(!json.contains("error"));
        QVERIFY(json.value("timings").toObject().value("total_seconds").toDouble() > 0.0);
        // The same seed gives the same points and values.
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("evaluations"), json.value("evaluations"));
    }

    void boBatchesAndRandomSearch()
    {
        const CliRun batch = runCli({"bo", "--function", "forrester", "--initial", "3", "--iterations", "2", "--batch",
                                     "3", "--acquisition", "lcb", "--beta", "1.5"});
        QCOMPARE(batch.exitCode, 0);
        QJsonObject json = QJsonDocument::fromJson(batch.out).object();
        QCOMPARE(json.value("evaluations").toObject().value("count").toInt(), 9);
        QCOMPARE(json.value("acquisition").toObject().value("parameters").toObject().value("beta").toDouble(), 1.5);

        const CliRun random = runCli({"bo", "--function", "branin", "--initial", "5", "--iterations", "10", "--random-search"});
        QCOMPARE(random.exitCode, 0);
        json = QJsonDocument::fromJson(random.out).object();
        QCOMPARE(json.value("method").toString(), QString("random-search"));
        QCOMPARE(json.value("evaluations").toObject().value("count").toInt(), 15);
        QVERIFY(std::isfinite(json.value("regret").toDouble(NAN)));
    }

    void boTunesAnExternalProgram()
    {
        QTemporaryDir dir;
        const QString sim = writeScript(dir, "sim.sh", quadraticSimulator(0));
        const CliRun run = runCli({"bo", "--function", "cmd:" + sim, "--bounds", "a=0:1, b=-1:1", "--initial", "4",
                                   "--iterations", "3", "--timeout", "20"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("evaluations").toObject().value("count").toInt(), 7);
        QCOMPARE(json.value("function").toObject().value("calls").toInt(), 7);
        QCOMPARE(json.value("parameters").toArray().at(1).toObject().value("name").toString(), QString("b"));
        QVERIFY(!json.contains("regret")); // the minimum of a user's program is unknown
        // The values are the script's answers at the points it was given.
        const QJsonArray x = json.value("evaluations").toObject().value("x").toArray();
        const QJsonArray y = json.value("evaluations").toObject().value("value").toArray();
        for (int i = 0; i < 7; ++i) {
            const double a = x.at(i).toArray().at(0).toDouble(), b = x.at(i).toArray().at(1).toDouble();
            QVERIFY(std::abs(y.at(i).toDouble() - ((a - 0.3) * (a - 0.3) + b * b)) < 1e-4);
        }
    }

    void boReportsAFailingProgram_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("evaluated");
        QTest::addColumn<QString>("message");
        QTest::newRow("fails at once") << QByteArray("echo 'model diverged' >&2\nexit 3\n") << QStringList{} << 0
                                       << "exited with code 3";
        QTest::newRow("fails after six runs") << quadraticSimulator(6) << QStringList{} << 6
                                              << "licence server unreachable";
        QTest::newRow("prints a word") << QByteArray("cat >/dev/null\necho hello\n") << QStringList{} << 0
                                       << "printed 'hello' instead of a number";
        QTest::newRow("hangs") << QByteArray("sleep 10\n") << QStringList{"--timeout", "0.5"} << 0
                               << "timed out after 0.5 s";
    }
    void boReportsAFailingProgram()
    {
        QFETCH(QByteArray, script);
        QFETCH(QStringList, extra);
        QFETCH(int, evaluated);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString sim = writeScript(dir, "sim.sh", script);
        const CliRun run = runCli(QStringList{"bo", "--function", "cmd:" + sim, "--bounds", "a=0:1,b=-1:1", "--initial",
                                              "4", "--iterations", "5"} +
                                  extra);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(message) && run.err.contains("external program '" + sim + "'"), qPrintable(run.err));
        // stdout still holds valid JSON: every point evaluated before the failure, and the error.
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(!json.value("complete").toBool(true));
        QVERIFY(json.value("error").toString().contains(message));
        QCOMPARE(json.value("evaluations").toObject().value("count").toInt(), evaluated);
        QCOMPARE(json.value("evaluations").toObject().value("value").toArray().size(), evaluated);
    }

    void boMissingProgram()
    {
        const CliRun run = runCli({"bo", "--function", "cmd:/nonexistent/sim.sh", "--bounds", "x=0:1"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("external program '/nonexistent/sim.sh' not found"), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void designPrintsPointsAndError_data()
    {
        QTest::addColumn<QString>("method");
        for (const char* method : {"random", "lhs", "sobol", "variance"})
            QTest::newRow(method) << method;
    }
    void designPrintsPointsAndError()
    {
        QFETCH(QString, method);
        const QStringList args{"design", "--function", "branin", "--method", method, "--points", "12", "--seed", "2",
                               "--test-points", "256"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonArray x = json.value("design").toObject().value("x").toArray();
        QCOMPARE(x.size(), 12);
        for (const QJsonValue& point : x) {
            const double x1 = point.toArray().at(0).toDouble(), x2 = point.toArray().at(1).toDouble();
            QVERIFY(x1 >= -5.0 && x1 <= 10.0 && x2 >= 0.0 && x2 <= 15.0);
        }
        const QJsonObject test = json.value("test").toObject();
        QCOMPARE(test.value("points").toInt(), 256);
        const double rmse = test.value("rmse").toDouble(-1.0);
        QVERIFY(std::isfinite(rmse) && rmse > 0.0);
        QVERIFY(test.value("max_abs_error").toDouble() >= rmse);
        QVERIFY(json.value("emulator").toObject().value("hyperparameters").toObject().contains("noise variance"));
        QCOMPARE(QJsonDocument::fromJson(runCli(args).out).object().value("design"), json.value("design"));
    }

    void olympicGpFindsBothOptima()
    {
        const QStringList args{"olympic", "--model", "gp", "--grid-points", "15", "--seed", "2"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("model").toString(), QString("gp"));
        QCOMPARE(json.value("data").toObject().value("years").toArray().size(), 27);
        QCOMPARE(json.value("data").toObject().value("pace").toArray().size(), 27);
        // The short (~20 years) and the long (~64 years) lengthscale are both reported.
        const QJsonObject fit = json.value("fit").toObject();
        const QJsonArray optima = fit.value("optima").toArray();
        QVERIFY2(optima.size() >= 2, run.out.constData());
        const int shortIndex = fit.value("short_index").toInt(-1), longIndex = fit.value("long_index").toInt(-1);
        QVERIFY(shortIndex >= 0 && longIndex >= 0 && shortIndex != longIndex);
        const QJsonObject shortOptimum = optima.at(shortIndex).toObject(), longOptimum = optima.at(longIndex).toObject();
        QVERIFY(shortOptimum.value("short").toBool() && longOptimum.value("long").toBool());
        QVERIFY(shortOptimum.value("lengthscale").toDouble() < 40.0);
        QVERIFY(longOptimum.value("lengthscale").toDouble() > 40.0);
        int best = 0;
        for (const QJsonValue& o : optima) {
            QVERIFY(o.toObject().value("noise_variance").toDouble() > 0.0);
            QVERIFY(o.toObject().value("signal_variance").toDouble() > 0.0);
            best += o.toObject().value("best").toBool() ? 1 : 0;
        }
        QCOMPARE(best, 1);
        QVERIFY(optima.at(fit.value("best_index").toInt()).toObject().value("best").toBool());
        const QJsonObject predictions = json.value("predictions").toObject();
        QCOMPARE(predictions.value("years").toArray().size(), 15);
        QCOMPARE(predictions.value("mean").toArray().size(), 15);
        const QJsonArray sd = predictions.value("sd").toArray(), noisy = predictions.value("sd_with_noise").toArray();
        QCOMPARE(noisy.size(), 15);
        for (int i = 0; i < 15; ++i)
            QVERIFY(noisy.at(i).toDouble() > sd.at(i).toDouble());
        const QJsonObject turing = json.value("turing").toObject();
        const double p = turing.value("probability").toDouble(-1.0);
        QVERIFY2(p > 0.0 && p < 1.0, qPrintable(QString::number(p)));
        QCOMPARE(turing.value("year").toDouble(), 1946.0);
        QVERIFY(turing.value("mean").toDouble() > 3.0 && turing.value("mean").toDouble() < 4.0);
        // A faster Turing (fewer min/km) is more likely to win.
        const QJsonObject faster = QJsonDocument::fromJson(runCli(args + QStringList{"--turing-pace", "3.6"}).out).object();
        QCOMPARE(faster.value("turing").toObject().value("pace").toDouble(), 3.6);
        QVERIFY(faster.value("turing").toObject().value("probability").toDouble() > p);
        // Reproducible.
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        QCOMPARE(again.value("predictions"), json.value("predictions"));
        QCOMPARE(again.value("fit").toObject().value("optima"), fit.value("optima"));
    }

    void olympicDeepGpFitsAndExplains_data()
    {
        QTest::addColumn<int>("layers");
        QTest::newRow("two layers") << 2;
        QTest::newRow("three layers") << 3;
    }
    void olympicDeepGpFitsAndExplains()
    {
        QFETCH(int, layers);
        const QStringList args{"olympic", "--model",   "dgp",     "--layers", QString::number(layers),
                               "--inducing", "8",      "--grid-points", "30", "--samples", "4000", "--seed", "5"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("settings").toObject().value("layers").toInt(), layers);
        QCOMPARE(json.value("settings").toObject().value("inducing").toInt(), 8);
        const QJsonObject fit = json.value("fit").toObject();
        const double initial = fit.value("initial_bound").toDouble(), final = fit.value("final_bound").toDouble();
        QVERIFY2(std::isfinite(final) && final > initial, run.out.constData());
        QCOMPARE(fit.value("stage_bounds").toArray().size(), 3);
        QCOMPARE(fit.value("stage_bounds").toArray().last().toDouble(), final);
        QVERIFY(fit.value("iterations").toInt() > 0);
        const QJsonObject predictions = json.value("predictions").toObject();
        QCOMPARE(predictions.value("mean").toArray().size(), 30);
        QCOMPARE(predictions.value("sd_with_noise").toArray().size(), 30);
        // One view per layer, each on its own 30-point grid with the 27 data points placed on it.
        const QJsonArray views = json.value("layers").toArray();
        QCOMPARE(views.size(), layers);
        for (const QJsonValue& v : views) {
            const QJsonObject view = v.toObject();
            QCOMPARE(view.value("inputs").toArray().size(), 30);
            QCOMPARE(view.value("mean").toArray().size(), 30);
            QCOMPARE(view.value("sd").toArray().size(), 30);
            QCOMPARE(view.value("data").toObject().value("inputs").toArray().size(), 27);
            QCOMPARE(view.value("data").toObject().value("outputs").toArray().size(), 27);
        }
        QCOMPARE(views.first().toObject().value("input").toString(), QString("year"));
        QCOMPARE(views.last().toObject().value("output").toString(), QString("pace"));
        const QJsonArray stages = json.value("pinball").toObject().value("stages").toArray();
        QCOMPARE(stages.size(), layers + 1);
        for (const QJsonValue& s : stages)
            QCOMPARE(s.toObject().value("sd").toArray().size(), s.toObject().value("mean").toArray().size());
        // Turing's question: quadrature and Monte Carlo estimate the same probability.
        const QJsonObject turing = json.value("turing").toObject();
        const double quadrature = turing.value("probability_moment_matching").toDouble(-1.0);
        const double monteCarlo = turing.value("probability_monte_carlo").toDouble(-1.0);
        const double error = turing.value("monte_carlo_standard_error").toDouble(-1.0);
        QVERIFY2(quadrature > 0.0 && quadrature < 1.0, qPrintable(QString::number(quadrature)));
        QVERIFY(monteCarlo >= 0.0 && monteCarlo < 1.0 && error >= 0.0);
        QVERIFY2(std::abs(quadrature - monteCarlo) < 5.0 * error + 0.01,
                 qPrintable(QString("%1 vs %2 ± %3").arg(quadrature).arg(monteCarlo).arg(error)));
        QCOMPARE(turing.value("monte_carlo_samples").toInt(), 4000);
        QVERIFY(turing.value("sd").toDouble() > 0.0);
        // Reproducible: the same seed gives the same numbers (only the timings differ).
        const QJsonObject again = QJsonDocument::fromJson(runCli(args).out).object();
        for (const char* key : {"predictions", "layers", "pinball", "turing", "data"})
            QVERIFY2(again.value(key) == json.value(key), key);
        QCOMPARE(again.value("fit").toObject().value("final_bound"), fit.value("final_bound"));
    }

    void dgpSamplesPrintsTheCascade()
    {
        const QStringList args{"dgp-samples", "--layers", "3", "--lengthscales", "0.8,0.6,0.3", "--kernels",
                               "rbf,matern52,matern32", "--samples", "4", "--grid", "-2:2:25", "--seed", "7"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        const QJsonArray grid = json.value("grid").toArray();
        QCOMPARE(grid.size(), 25);
        QCOMPARE(grid.first().toDouble(), -2.0);
        QCOMPARE(grid.last().toDouble(), 2.0);
        const QJsonArray layers = json.value("layers").toArray();
        QCOMPARE(layers.size(), 3);
        const char* kernels[] = {"rbf", "matern52", "matern32"};
        for (int l = 0; l < 3; ++l) {
            const QJsonObject layer = layers.at(l).toObject();
            QCOMPARE(layer.value("kernel").toString(), QString(kernels[l]));
            const QJsonArray samples = layer.value("samples").toArray();
            QCOMPARE(samples.size(), 4);
            for (const QJsonValue& s : samples)
                QCOMPARE(s.toArray().size(), 25);
        }
        QCOMPARE(layers.at(2).toObject().value("lengthscale").toDouble(), 0.3);
        // Reproducible with the seed, different with another.
        QCOMPARE(QJsonDocument::fromJson(runCli(args).out).object(), json);
        QStringList other = args;
        other.last() = "8";
        QVERIFY(QJsonDocument::fromJson(runCli(other).out).object().value("layers") != json.value("layers"));
        // One lengthscale and the default kernel are given to every layer.
        const CliRun broadcast = runCli({"dgp-samples", "--layers", "2", "--lengthscales", "0.5"});
        QCOMPARE(broadcast.exitCode, 0);
        const QJsonArray two = QJsonDocument::fromJson(broadcast.out).object().value("layers").toArray();
        QCOMPARE(two.size(), 2);
        for (const QJsonValue& layer : two) {
            QCOMPARE(layer.toObject().value("lengthscale").toDouble(), 0.5);
            QCOMPARE(layer.toObject().value("kernel").toString(), QString("rbf"));
        }
    }

    void mfPrintsParametersAndTestError_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("parameter");
        QTest::newRow("hf-only") << "hf-only" << "lengthscale[1]";
        QTest::newRow("linear") << "linear" << "rho0";
        QTest::newRow("nonlinear") << "nonlinear" << "level1.f.lengthscale";
    }
    void mfPrintsParametersAndTestError()
    {
        QFETCH(QString, model);
        QFETCH(QString, parameter);
        const QStringList args{"mf", "--problem", "forrester", "--model", model, "--seed", "2", "--test-points", "300"};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("problem").toObject().value("id").toString(), QString("forrester"));
        QCOMPARE(json.value("model").toString(), model);
        QCOMPARE(json.value("points").toObject().value("low").toInt(), 12);
        QCOMPARE(json.value("points").toObject().value("high").toInt(), 6);
        const QJsonObject fitted = json.value("fitted").toObject();
        QVERIFY2(fitted.contains(parameter), qPrintable(QJsonDocument(fitted).toJson()));
        const QJsonObject test = json.value("test").toObject();
        QCOMPARE(test.value("points").toInt(), 300);
        const double rmse = test.value("rmse").toDouble(-1.0), relative = test.value("relative_error").toDouble(-1.0);
        QVERIFY(std::isfinite(rmse) && rmse > 0.0);
        QVERIFY(std::isfinite(relative) && relative > 0.0);
        // Multi-fidelity pays off on Forrester: the high-fidelity-only GP is far worse.
        QVERIFY2(model == "hf-only" ? relative > 0.3 : relative < 0.05, qPrintable(QString::number(relative)));
        if (model == "linear") {
            QCOMPARE(json.value("rho").toArray().size(), 1);
            QVERIFY(std::abs(json.value("rho").toArray().at(0).toDouble() - 2.0) < 0.02);
            QCOMPARE(json.value("method").toString(), QString("joint"));
        }
        QVERIFY(json.value("timings").toObject().value("fit_seconds").toDouble() > 0.0);
        QCOMPARE(QJsonDocument::fromJson(runCli(args).out).object().value("fitted").toObject(), fitted);
    }

    void mfThreeLevelsAndDesigns()
    {
        const CliRun run = runCli({"mf", "--problem", "branin3", "--model", "nonlinear", "--low", "20", "--medium", "10",
                                   "--high", "5", "--samples", "20", "--restarts", "1", "--test-points", "64", "--designs"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("problem").toObject().value("levels").toArray().size(), 3);
        QCOMPARE(json.value("points").toObject().value("medium").toInt(), 10);
        QCOMPARE(json.value("samples").toInt(), 20);
        const QJsonObject designs = json.value("designs").toObject();
        QCOMPARE(designs.value("high").toObject().value("x").toArray().size(), 5);
        QCOMPARE(designs.value("low").toObject().value("value").toArray().size(), 20);
        QVERIFY(json.value("fitted").toObject().contains("level2.delta.variance"));
    }

    void infoPrintsJson()
    {
        const CliRun run = runCli({"info"});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
        QVERIFY(!doc.object().value("version").toString().isEmpty());
        QVERIFY(doc.object().value("libraries").toObject().contains("box2d"));
        const QJsonArray problems = doc.object().value("multi_fidelity_problems").toArray();
        QCOMPARE(problems.size(), 6);
        QCOMPARE(problems.last().toObject().value("levels").toArray().size(), 3);
        QVERIFY(doc.object().value("commands").toArray().contains(QJsonValue("mf")));
        for (const char* registry : {"kernels", "acquisitions", "designs", "functions", "simulators"})
            QVERIFY2(doc.object().value(registry).toArray().size() >= 3, registry);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
