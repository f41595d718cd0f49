#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

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
        QTest::newRow("car landscape bad grid") << QStringList{"mountain-car", "landscape", "--grid", "1"}
                                                << "--grid needs a whole number from 2 to 1000";
        QTest::newRow("car landscape bad theta0") << QStringList{"mountain-car", "landscape", "--theta0", "-3"}
                                                  << "--theta0 must lie in";
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

    void infoPrintsJson()
    {
        const CliRun run = runCli({"info"});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
        QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
        QVERIFY(!doc.object().value("version").toString().isEmpty());
        QVERIFY(doc.object().value("libraries").toObject().contains("box2d"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
