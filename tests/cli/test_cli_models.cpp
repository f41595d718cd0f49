#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emu::test;

class TestCliModels : public QObject
{
    Q_OBJECT
private slots:
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

    void boRunsABatchInParallelThroughALauncher()
    {
        // A stand-in for srun that logs each launch, waits as a queue would and runs the command.
        QTemporaryDir dir;
        const QString sim = writeScript(dir, "sim.sh", quadraticSimulator(0));
        const QString log = dir.filePath("launches.log");
        const QString launcher =
            writeScript(dir, "fake-srun",
                        "echo start >> '" + log.toUtf8() + "'\nsleep 0.4\nwhile [ \"${1#--}\" != \"$1\" ]; do shift; done\n"
                        "\"$@\"\nstatus=$?\necho end >> '" + log.toUtf8() + "'\nexit $status\n");
        const CliRun run = runCli({"bo", "--function", "cmd:" + sim, "--bounds", "a=0:1,b=-1:1", "--initial", "3",
                                   "--iterations", "2", "--batch", "3", "--parallel", "3", "--launcher",
                                   launcher + " --time=10"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value("function").toObject().value("launcher").toString(), launcher + " --time=10");
        QCOMPARE(json.value("evaluations").toObject().value("count").toInt(), 9);
        const QJsonArray x = json.value("evaluations").toObject().value("x").toArray();
        const QJsonArray y = json.value("evaluations").toObject().value("value").toArray();
        for (int i = 0; i < 9; ++i) { // each value is the script's answer at its own point
            const double a = x.at(i).toArray().at(0).toDouble(), b = x.at(i).toArray().at(1).toDouble();
            QVERIFY(std::abs(y.at(i).toDouble() - ((a - 0.3) * (a - 0.3) + b * b)) < 1e-4);
        }
        // Three rounds of three launches; in each, all three started before any ended.
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 18);
        for (int round = 0; round < 3; ++round)
            QCOMPARE(lines.mid(6 * round, 6), (QStringList{"start", "start", "start", "end", "end", "end"}));
    }

    void boGoesOnPastFailingPointsInParallel()
    {
        QTemporaryDir dir;
        const QString sim = writeScript(dir, "sim.sh",
                                        "input=$(cat)\n"
                                        "a=$(echo \"$input\" | awk -F'[:,}]' '{ print $2 }')\n"
                                        "if awk \"BEGIN { exit !($a > 0.8) }\"; then echo 'diverged' >&2; exit 5; fi\n"
                                        "echo \"$input\" | awk -F'[:,}]' '{ print ($2 - 0.3)^2 + ($4)^2 }'\n");
        const CliRun run = runCli({"bo", "--function", "cmd:" + sim, "--bounds", "a=0:1,b=-1:1", "--initial", "6",
                                   "--iterations", "4", "--batch", "2", "--parallel", "2"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QVERIFY(json.value("complete").toBool());
        const QJsonArray failures = json.value("failures").toArray();
        QVERIFY(!failures.isEmpty()); // the design's top sixth of a lies above 0.8
        for (const QJsonValue& f : failures) {
            QVERIFY(f.toObject().value("x").toArray().at(0).toDouble() > 0.8);
            QVERIFY2(f.toObject().value("error").toString().contains("exited with code 5"),
                     qPrintable(f.toObject().value("error").toString()));
        }
        const QJsonArray x = json.value("evaluations").toObject().value("x").toArray();
        QCOMPARE(x.size() + failures.size(), 6 + 4 * 2); // every point ran; the loop went on
        for (const QJsonValue& point : x)
            QVERIFY(point.toArray().at(0).toDouble() <= 0.8);
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
};

QTEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"
