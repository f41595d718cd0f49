#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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
