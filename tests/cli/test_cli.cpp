#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emu::test;

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
        QTest::newRow("bo launcher for a benchmark") << QStringList{"bo", "--launcher", "srun"} << "cmd:PROGRAM objectives only";
        QTest::newRow("bo no parallel runs") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x=0:1", "--parallel", "0"}
                                             << "--parallel";
        QTest::newRow("bo empty launcher") << QStringList{"bo", "--function", "cmd:./sim.sh", "--bounds", "x=0:1", "--launcher", " "}
                                           << "--launcher needs a command";
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
                                           << "unknown --simulator \"moon\"";
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
                                                   << "unknown --simulator \"moon\"";
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
        // Kernels compose: a sum has both parts' hyperparameters.
        const CliRun composed = runCli({"gp", "--data", path, "--kernel", "rbf+periodic"});
        QCOMPARE(composed.exitCode, 0);
        const QJsonObject parts = QJsonDocument::fromJson(composed.out).object().value("hyperparameters").toObject();
        QVERIFY(parts.contains("rbf.lengthscale") && parts.contains("periodic.period"));
        QCOMPARE(runCli({"gp", "--data", path, "--kernel", "rbf+"}).exitCode, 2);
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
        QCOMPARE(problems.size(), 8);
        QCOMPARE(problems.last().toObject().value("levels").toArray().size(), 3);
        QCOMPARE(problems.last().toObject().value("costs").toArray(), (QJsonArray{1.0, 5.0, 25.0}));
        QCOMPARE(problems.last().toObject().value("noise_sd").toArray(), (QJsonArray{0.0, 0.03, 0.05}));
        QVERIFY(doc.object().value("commands").toArray().contains(QJsonValue("mf")));
        QVERIFY(doc.object().value("commands").toArray().contains(QJsonValue("mfbo")));
        for (const char* registry : {"kernels", "acquisitions", "designs", "functions", "simulators"})
            QVERIFY2(doc.object().value(registry).toArray().size() >= 3, registry);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
