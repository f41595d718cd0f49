// External simulator programs: the JSON protocol, every way a program can fail (each with a
// clear message), timeouts that kill the whole process group, and a Bayesian-optimisation loop
// whose history survives a failing simulator.

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/design/designs.h"
#include "engine/external/external_program.h"
#include "engine/external/flat_json.h"
#include "engine/gp/gaussian_process.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>

using namespace emu;

namespace {

const std::string fake = FAKE_SIMULATOR_PATH;
const std::vector<std::string> names2{"x1", "x2"};

using Kind = ExternalProgramError::Kind;

/// Runs program at one point; returns the error it threw (fails the test if none).
ExternalProgramError failureOf(ExternalProgram& program, const RowVector& x,
                               const std::vector<std::string>& names = names2)
{
    try {
        program.evaluatePoint(x, names);
    } catch (const ExternalProgramError& e) {
        return e;
    }
    return ExternalProgramError(Kind::StartFailed, "no error was thrown");
}

RowVector point(double a, double b)
{
    RowVector x(2);
    x << a, b;
    return x;
}

/// Whether process pid is gone (or a zombie nobody has reaped yet, which is harmless).
bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) == "Z";
}

QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& text,
                    bool executable = true)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    file.close();
    QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner;
    if (executable)
        permissions |= QFile::ExeOwner;
    file.setPermissions(permissions);
    return path;
}

} // namespace

class TestExternalProgram : public QObject
{
    Q_OBJECT
private slots:
    void inputJson()
    {
        QCOMPARE(formatInputJson(point(0.3, 1.5), names2),
                 std::string("{\"x1\": 0.3, \"x2\": 1.5}"));
        QCOMPARE(formatInputJson(point(-1e-5, 2), {"a \"b\"", "c\\d"}),
                 std::string("{\"a \\\"b\\\"\": -1e-05, \"c\\\\d\": 2}"));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, formatInputJson(point(NAN, 1), names2));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, formatInputJson(point(1, 1), {"x1"}));
    }

    void parsesOutput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("names");
        QTest::addColumn<QString>("values");
        QTest::newRow("number") << "0.125\n"
                                << ""
                                << "0.125";
        QTest::newRow("spaces") << "  -3e2 \r\n"
                                << ""
                                << "-300";
        QTest::newRow("object") << "{\"y\": 1.5, \"cost\": 2}"
                                << "y,cost"
                                << "1.5,2";
        QTest::newRow("object with spaces") << "{ \"a\" :1 ,\n \"b\": -0.5 }\n"
                                            << "a,b"
                                            << "1,-0.5";
        QTest::newRow("escaped name") << "{\"caf\\u00e9\\n\": 1}"
                                      << "caf\u00e9\n"
                                      << "1";
        QTest::newRow("nan is returned") << "NaN"
                                         << ""
                                         << "nan";
        QTest::newRow("infinity in object") << "{\"y\": -Infinity}"
                                            << "y"
                                            << "-inf";
    }
    void parsesOutput()
    {
        QFETCH(QString, text);
        QFETCH(QString, names);
        QFETCH(QString, values);
        const auto parsed = parseProgramOutput(text.toStdString());
        const QStringList expectedNames = names.split(',');
        const QStringList expectedValues = values.split(',');
        QCOMPARE(qsizetype(parsed.size()), expectedValues.size());
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            QCOMPARE(QString::fromStdString(parsed[i].first), expectedNames.value(qsizetype(i)));
            const double expected = expectedValues[qsizetype(i)].toDouble();
            if (std::isnan(expected))
                QVERIFY(std::isnan(parsed[i].second));
            else
                QCOMPARE(parsed[i].second, expected);
        }
    }

    void rejectsOutput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "  \n"
                               << "printed nothing";
        QTest::newRow("word") << "abc"
                              << "is not a number";
        QTest::newRow("two numbers") << "1 2"
                                     << "extra text after the number";
        QTest::newRow("log line") << "0.5\nstep done"
                                  << "extra text after the number";
        QTest::newRow("plus sign") << "+1"
                                   << "is not a number";
        QTest::newRow("empty object") << "{}"
                                      << "empty JSON object";
        QTest::newRow("string value") << "{\"y\": \"1\"}"
                                      << "value for \"y\" that is not a number";
        QTest::newRow("nested") << "{\"y\": {\"a\": 1}}"
                                << "not a number";
        QTest::newRow("array") << "[1]"
                               << "is not a number";
        QTest::newRow("null") << "{\"y\": null}"
                              << "null for \"y\"";
        QTest::newRow("duplicate") << "{\"y\": 1, \"y\": 2}"
                                   << "\"y\" twice";
        QTest::newRow("unclosed") << "{\"y\": 1"
                                  << "expected ',' or '}'";
        QTest::newRow("trailing comma") << "{\"y\": 1,}"
                                        << "quoted output name";
        QTest::newRow("after object") << "{\"y\": 1} 2"
                                      << "extra text after the JSON object";
        QTest::newRow("bad escape") << "{\"\\q\": 1}"
                                    << "unknown escape";
        QTest::newRow("empty name") << "{\"\": 1}"
                                    << "empty output name";
    }
    void rejectsOutput()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseProgramOutput(text.toStdString());
            QFAIL("no error");
        } catch (const InvalidInput& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void answersCorrectly()
    {
        ExternalProgram program(fake, {"sumsq"}, 10.0);
        Matrix X(3, 2);
        X << 0.5, 1.0, -2.0, 0.0, 1e-3, 3.0;
        const Vector y = program.evaluate(X, names2);
        QCOMPARE(y.size(), Index(3));
        for (Index i = 0; i < 3; ++i)
            QCOMPARE(y(i), X.row(i).squaredNorm());
        QCOMPARE(program.calls(), std::uint64_t(3));
        program.resetCalls();
        QCOMPARE(program.calls(), std::uint64_t(0));
    }

    void picksTheNamedOutput()
    {
        // "echo" returns the inputs as outputs: no "y", so the first is taken unless one is named.
        ExternalProgram echo(fake, {"echo"}, 10.0);
        QCOMPARE(echo.evaluatePoint(point(0.25, 4.0), {"speed", "gain"}), 0.25);
        echo.setOutputName("gain");
        QCOMPARE(echo.evaluatePoint(point(0.25, 4.0), {"speed", "gain"}), 4.0);
        echo.setOutputName("torque");
        const ExternalProgramError e = failureOf(echo, point(0.25, 4.0), {"speed", "gain"});
        QCOMPARE(e.kind(), Kind::BadOutput);
        QVERIFY2(QString(e.what()).contains("no output named \"torque\"") &&
                     QString(e.what()).contains("\"speed\", \"gain\""),
                 e.what());
        // "y" wins over the first output by default.
        ExternalProgram object(fake, {"object"}, 10.0);
        QCOMPARE(object.evaluatePoint(point(1.0, 2.0), names2), 5.0);
    }

    void failures_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("message");
        QTest::newRow("exit code")
            << "exit" << int(Kind::ExitCode)
            << QStringList{"exited with code 3", "simulation diverged", "at step 12"};
        QTest::newRow("not a number")
            << "text" << int(Kind::BadOutput)
            << QStringList{"printed 'abc' instead of a number", "{\"y\": 1.5}"};
        QTest::newRow("nan") << "nan" << int(Kind::NotFinite)
                             << QStringList{"printed 'nan'", "not a finite number"};
        QTest::newRow("log line on stdout")
            << "extra" << int(Kind::BadOutput) << QStringList{"'0.5\\nstep 1 done'", "extra text"};
        QTest::newRow("crash") << "crash" << int(Kind::Signal)
                               << QStringList{"killed by signal " + QString::number(SIGABRT)};
    }
    void failures()
    {
        QFETCH(QString, mode);
        QFETCH(int, kind);
        QFETCH(QStringList, message);
        ExternalProgram program(fake, {mode.toStdString()}, 10.0);
        const ExternalProgramError e = failureOf(program, point(0.3, 1.5));
        const QString what = e.what();
        QCOMPARE(int(e.kind()), kind);
        // Every message names the program and the input it failed on.
        QVERIFY2(what.contains("external program '" + QString::fromStdString(fake) + "'"),
                 e.what());
        QVERIFY2(what.contains("{\"x1\": 0.3, \"x2\": 1.5}"), e.what());
        for (const QString& part : message)
            QVERIFY2(what.contains(part), e.what());
    }

    void timesOut()
    {
        ExternalProgram program(fake, {"sleep"}, 0.3);
        QElapsedTimer timer;
        timer.start();
        const ExternalProgramError e = failureOf(program, point(0, 0));
        QCOMPARE(e.kind(), Kind::Timeout);
        QVERIFY2(QString(e.what()).contains("timed out after 0.3 s"), e.what());
        QVERIFY(timer.elapsed() < 5000);
    }

    void timeoutKillsTheProcessGroup()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath("child.pid");
        ExternalProgram program(fake, {"sleep-group", pidFile.toStdString()}, 0.5);
        QCOMPARE(failureOf(program, point(0, 0)).kind(), Kind::Timeout);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 child = file.readAll().trimmed().toLongLong();
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 2000);
    }

    void backgroundChildDoesNotHoldUpTheResult()
    {
        // The program answers and exits, but a child it started still holds its stdout open.
        QTemporaryDir dir;
        const QString pidFile = dir.filePath("child.pid");
        ExternalProgram program(fake, {"sleep-child", pidFile.toStdString()}, 10.0);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(program.evaluatePoint(point(0, 0), names2), 1.5);
        QVERIFY(timer.elapsed() < 5000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QTRY_VERIFY_WITH_TIMEOUT(processGone(file.readAll().trimmed().toLongLong()), 2000);
    }

    void programThatIgnoresALargeInput()
    {
        // Far more input than a pipe holds, and the program never reads it: not an error.
        std::vector<std::string> names;
        for (int j = 0; j < 4000; ++j)
            names.push_back("a_rather_long_parameter_name_" + std::to_string(j));
        ExternalProgram program(fake, {"no-read"}, 10.0);
        QCOMPARE(program.evaluatePoint(RowVector::Zero(4000), names), 2.0);
    }

    void notFound()
    {
        try {
            ExternalProgram program("/nonexistent/simulator");
            QFAIL("no error");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::NotFound);
            QVERIFY2(QString(e.what()).contains("'/nonexistent/simulator' not found"), e.what());
        }
        try {
            ExternalProgram program("emuplay-no-such-simulator");
            QFAIL("no error");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::NotFound);
            QVERIFY2(QString(e.what()).contains("not found on PATH"), e.what());
        }
        ExternalProgram onPath("sh", {"-c", "cat >/dev/null; echo 4.5"}, 10.0);
        QCOMPARE(onPath.evaluatePoint(point(1, 2), names2), 4.5);
    }

    void notExecutable()
    {
        QTemporaryDir dir;
        const QString plain = writeScript(dir, "plain.sh", "#!/bin/sh\necho 1\n", false);
        try {
            ExternalProgram program(plain.toStdString());
            QFAIL("no error");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::NotExecutable);
            QVERIFY2(QString(e.what()).contains("is not executable (chmod +x"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ExternalProgramError, ExternalProgram(dir.path().toStdString()));
        // A script whose interpreter does not exist fails when it is started.
        const QString broken = writeScript(dir, "broken.sh", "#!/nonexistent/interpreter\n1\n");
        ExternalProgram program(broken.toStdString(), {}, 10.0);
        const ExternalProgramError e = failureOf(program, point(0, 0));
        QCOMPARE(e.kind(), Kind::NotFound);
        QVERIFY2(QString(e.what()).contains("interpreter"), e.what());
    }

    void rejectsBadArguments()
    {
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ExternalProgram("", {}, 1.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ExternalProgram(fake, {}, 0.0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, ExternalProgram(fake, {}, INFINITY));
        ExternalProgram program(fake, {"sumsq"}, 10.0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, program.evaluate(Matrix::Zero(1, 2), {"x1"}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, program.evaluate(Matrix::Zero(1, 2), {"x", "x"}));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 program.evaluate(Matrix::Constant(1, 2, NAN), names2));
        QCOMPARE(program.calls(), std::uint64_t(0)); // nothing was run
    }

    void failureKeepsTheValuesBefore()
    {
        ExternalProgram program(fake, {"fail-above", "0.5"}, 10.0);
        Matrix X(4, 2);
        X << 0.1, 1.0, 0.2, 2.0, 0.9, 0.0, 0.3, 0.0;
        try {
            program.evaluate(X, names2);
            QFAIL("no error");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::ExitCode);
            QCOMPARE(e.failedRow(), Index(2));
            QCOMPARE(e.completedValues().size(), Index(2));
            QCOMPARE(e.completedValues()(1), 4.04);
            QVERIFY2(QString(e.what()).contains("point 3 of 4") &&
                         QString(e.what()).contains("input out of range: 0.9"),
                     e.what());
        }
        QCOMPARE(program.calls(), std::uint64_t(3));
    }

    void loopHistorySurvivesAFailingSimulator()
    {
        const ParameterSpace space =
            ParameterSpace::box(Vector::Constant(2, -1.0), Vector::Constant(2, 1.0));
        const ExternalObjective good(
            std::make_shared<ExternalProgram>(fake, std::vector<std::string>{"sumsq"}, 10.0),
            space);
        const ExternalObjective bad(
            std::make_shared<ExternalProgram>(fake, std::vector<std::string>{"exit"}, 10.0), space);
        int calls = 0;
        const ObjectiveFunction objective = [&](const Matrix& X) {
            return ++calls <= 3 ? good(X) : bad(X);
        };
        LoopSettings settings;
        settings.seed = 7;
        settings.fitRestarts = 1;
        BayesianOptimizationLoop loop(space, makeBayesianOptimizationModel(2),
                                      makeAcquisition("ei"), settings);
        const Matrix X0 = latinHypercubeDesign(space, 5, 7);
        loop.observe(X0, good(X0));
        StoppingCondition stop;
        stop.maxIterations = 10;
        try {
            loop.run(objective, stop);
            QFAIL("no error");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::ExitCode);
        }
        // The design and the three iterations before the failure are all still there.
        const BoState& state = loop.state();
        QCOMPARE(state.size(), Index(8));
        QCOMPARE(state.iterations.size(), std::size_t(3));
        QVERIFY(state.X.topRows(5) == X0);
        for (Index i = 0; i < state.size(); ++i)
            QCOMPARE(state.y(i), state.X.row(i).squaredNorm());
        QVERIFY(!loop.hasPendingSuggestion());
        QCOMPARE(good.program().calls(), std::uint64_t(8));
        // And the loop goes on once the simulator works again.
        loop.step(good);
        QCOMPARE(loop.state().size(), Index(9));
    }

    void aBatchRunsInParallelThroughALauncher()
    {
        // A stand-in for srun: logs when each run starts and ends, waits as a queue would, skips
        // its own --options and runs the command it was given (stdin and stdout pass through).
        QTemporaryDir dir;
        const QString log = dir.filePath("launches.log");
        const QString launcher = writeScript(
            dir, "fake-srun",
            "#!/bin/sh\necho \"start $*\" >> '" + log.toUtf8() +
                "'\nsleep 0.5\nwhile [ \"${1#--}\" != \"$1\" ]; do shift; done\n\"$@\"\nstatus=$?\necho end >> '" + log.toUtf8() + "'\nexit $status\n");
        ExternalProgram program(fake, {"sumsq"}, 10.0, {launcher.toStdString(), "--time=10"});
        QCOMPARE(program.resolvedPath(), launcher.toStdString());
        Matrix X(4, 2);
        X << 0.1, 0.2, 1.0, 2.0, -3.0, 0.5, 0.0, 4.0;
        QElapsedTimer clock;
        clock.start();
        const std::vector<PointOutcome> outcomes = program.evaluateBatch(X, names2, 4);
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(outcomes.size(), std::size_t(4));
        for (Index i = 0; i < 4; ++i) { // each value belongs to its own point
            QVERIFY2(outcomes[std::size_t(i)].ok, outcomes[std::size_t(i)].error.c_str());
            QCOMPARE(outcomes[std::size_t(i)].value, X.row(i).squaredNorm());
        }
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 8);
        // All four were launched before any finished: they overlapped in time.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(lines[i], QStringLiteral("start --time=10 %1 sumsq").arg(QString::fromStdString(fake)));
        QVERIFY2(elapsed < 1500, qPrintable(QString::number(elapsed))); // one after another: >= 2 s
        QCOMPARE(program.calls(), std::uint64_t(4));
        // Two at a time take two rounds of the launcher's wait.
        clock.restart();
        program.evaluateBatch(X, names2, 2);
        QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
    }

    void aFailingPointDoesNotStopTheBatch()
    {
        ExternalProgram program(fake, {"fail-above", "0.5"}, 10.0);
        Matrix X(3, 2);
        X << 0.1, 1.0, 0.9, 1.0, 0.2, 2.0;
        const std::vector<PointOutcome> outcomes = program.evaluateBatch(X, names2, 2);
        QVERIFY(outcomes[0].ok && outcomes[2].ok);
        QCOMPARE(outcomes[2].value, 4.04);
        QVERIFY(!outcomes[1].ok);
        QVERIFY2(outcomes[1].error.find("point 2 of 3") != std::string::npos, outcomes[1].error.c_str());
        QVERIFY_THROWS_EXCEPTION(InvalidInput, program.evaluateBatch(X, names2, 0));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, program.evaluateBatch(X, {"a"}, 2));
    }

    void aMissingLauncherIsReported()
    {
        try {
            ExternalProgram program(fake, {}, 10.0, {"no-such-launcher-here"});
            QFAIL("a missing launcher was accepted");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), Kind::NotFound);
            QVERIFY2(std::string(e.what()).find("launcher 'no-such-launcher-here'") != std::string::npos, e.what());
        }
        // Behind a launcher the program need not exist here: it runs where the launcher puts it.
        ExternalProgram remote("/only/on/the/cluster/sim", {}, 10.0, {"env"});
        const std::vector<PointOutcome> outcomes = remote.evaluateBatch(Matrix::Zero(1, 2), names2, 1);
        QVERIFY(!outcomes[0].ok);
        QVERIFY2(outcomes[0].error.find("exit") != std::string::npos, outcomes[0].error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExternalProgram)
#include "test_external_program.moc"
