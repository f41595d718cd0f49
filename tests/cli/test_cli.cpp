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
