#include "app/cli/command_mountain_car_emulator.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/mountain_car_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/gp/gaussian_process.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/emulator_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cli {

namespace {

constexpr int maxTrainingCalls = 2000; // DynamicsEmulator's limit

QString designHelp()
{
    return "Design of the training calls: random (default), lhs, sobol or active (uncertainty "
           "sampling, one call at a time).";
}

std::string designOption(const QCommandLineParser& parser, const QString& option = "design")
{
    const std::string id = parser.value(option).toStdString();
    const std::vector<std::string> ids = emu::emulatorDesignIds();
    if (std::find(ids.begin(), ids.end(), id) == ids.end())
        throw UsageError("unknown --" + option.toStdString() + " \"" + id +
                         "\"; designs: random, lhs, sobol, active");
    return id;
}

/// A comma-separated list of whole numbers in [minimum, maximum].
std::vector<int> intListOption(const QCommandLineParser& parser, const QString& option,
                               int minimum, int maximum)
{
    std::vector<int> values;
    for (const QString& part : parser.value(option).split(',')) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value < minimum || value > maximum)
            throw UsageError(QStringLiteral("--%1 needs comma-separated whole numbers from %2 to "
                                            "%3, got \"%4\"")
                                 .arg(option)
                                 .arg(minimum)
                                 .arg(maximum)
                                 .arg(parser.value(option))
                                 .toStdString());
        values.push_back(value);
    }
    return values;
}

/// The emulator: data, hyperparameters (inputs p, v, u on the unit cube) and held-out errors.
QJsonObject emulatorJson(const emu::DynamicsEmulator& e, const emu::EmulatorTestError* test)
{
    QJsonObject json{
        {"simulator", QString::fromStdString(e.simulatorId())},
        {"design", QString::fromStdString(e.settings().designId)},
        {"training_calls", qint64(e.simulatorCalls())},
        {"training_points", qint64(e.size())},
        {"limited_calls", qint64(e.limitedCount())},
        {"limits", QString::fromStdString(e.limits().describe())},
        {"inputs", QJsonArray{"p", "v", "u"}},
        {"hyperparameters", QJsonObject{{"dp", hyperparametersJson(e.positionModel())},
                                        {"dv", hyperparametersJson(e.velocityModel())}}},
        {"design_seconds", e.designSeconds()},
        {"fit_seconds", e.fitSeconds()},
    };
    if (test && test->points > 0)
        json["held_out"] = testErrorJson(*test);
    return json;
}

QJsonObject episodeJson(const emu::EpisodeTrace& t)
{
    return QJsonObject{
        {"reached_goal", t.reachedGoal},
        {"steps", t.steps},
        {"reward", t.reward},
        {"max_position", t.maxPosition},
        {"final_state", QJsonObject{{"p", t.p.back()}, {"v", t.v.back()}}},
    };
}

QJsonObject traceJson(const emu::EpisodeTrace& t)
{
    return QJsonObject{{"p", arrayJson(t.p)}, {"v", arrayJson(t.v)}, {"u", arrayJson(t.u)}};
}

} // namespace

// --- tune --method emulator ---------------------------------------------------------------------

QString emulatorTuneSummary()
{
    return "Train a GP emulator of the car's dynamics on --train-calls simulator calls (default "
           "500), run the same Bayesian optimisation on the emulator (25 random + 50 EI), then "
           "validate the best controller with one episode on the simulator.";
}

QList<QCommandLineOption> emulatorTuneOptions()
{
    return {
        {"train-calls",
         "[emulator] Simulator calls that train the emulator, 2 to 2000 (default 500).", "n",
         "500"},
        {"design", "[emulator] " + designHelp(), "id", "random"},
        {"test-points",
         "[emulator] Held-out simulator calls measuring the emulator's one-step errors, not "
         "counted as the method's calls; 0 to skip (default 1000).",
         "n", "1000"},
        {"compare-direct",
         "[emulator] Also run direct Bayesian optimisation on the simulator (same seed) and "
         "report its reward, calls and time."},
    };
}

QJsonObject tuneEmulator(const TuneOptions& options, const QCommandLineParser& parser)
{
    emu::EmulatorBoSettings s;
    s.simulatorId = options.simulatorId;
    s.seed = options.seed;
    readEmulatorOptimization(options, "emulator", s.optimization);
    s.emulator.trainingCalls = intOption(parser, "train-calls", 2, maxTrainingCalls);
    s.emulator.designId = designOption(parser);
    s.testPoints = intOption(parser, "test-points", 0, 100000);
    s.runDirect = parser.isSet("compare-direct");

    TerminalProgress progress("mountain-car emulator");
    const emu::EmulatorBoResult r = emu::runEmulatorBayesianOptimization(s, progress.get());
    QJsonObject budget{
        {"direct_call_budget", qint64(r.directCallBudget)},
        {"emulator_calls", qint64(r.simulatorCalls)},
        {"fraction_of_direct_budget", double(r.simulatorCalls) / double(r.directCallBudget)},
    };
    if (r.direct)
        budget["direct"] = QJsonObject{
            {"best", thetaJson(r.direct->best)},
            {"reward", r.direct->bestReward},
            {"reached_goal", r.direct->reachedGoal},
            {"simulator_calls", qint64(r.direct->simulatorCalls)},
            {"seconds", r.direct->seconds},
        };
    QJsonObject result{
        {"method", "emulator"},
        {"simulator", QString::fromStdString(s.simulatorId)},
        {"seed", seedJson(s.seed)},
        {"training_calls", s.emulator.trainingCalls},
        {"design", QString::fromStdString(s.emulator.designId)},
        {"initial_points", s.optimization.initialPoints},
        {"iterations", s.optimization.iterations},
        {"acquisition", QString::fromStdString(s.optimization.acquisitionId)},
        {"objective", QString::fromStdString(emu::directBoObjectiveId(s.optimization.objective))},
        {"simulator_calls", qint64(r.simulatorCalls)},
        {"validation_calls", qint64(r.validationCalls)},
        {"budget", budget},
        {"emulator", emulatorJson(*r.emulator, &r.testError)},
    };
    addEmulatedRunJson(result, r, options.history);
    return result;
}

// --- compare --------------------------------------------------------------------------------------

QJsonObject runCompare(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"theta", thetaHelp, "t0,tp,tv"},
        {"simulator", "Simulator: " + simulatorIds().join(", ") + " (default classic).", "id",
         "classic"},
        {"train-calls", "Simulator calls that train the emulator, 2 to 2000 (default 500).", "n",
         "500"},
        {"design", designHelp(), "id", "random"},
        {"seed", "Seed of the design, the fits and the samples (default 0).", "s", "0"},
        {"samples",
         "Also draw K emulated paths (1 to 1000) from the GPs' predictive distribution, step by "
         "step, and print their band.",
         "k"},
        {"trace", "Also print both trajectories: p and v at every state and u at every step."},
    });
    parseOrThrow(parser, QStringLiteral("mountain-car compare"), args);
    if (!parser.isSet("theta"))
        throw UsageError("--theta THETA0,THETAP,THETAV is required");
    const emu::LinearController controller = thetaOption(parser.value("theta"));
    const std::string simulatorId = simulatorOption(parser);
    emu::EmulatorSettings settings;
    settings.trainingCalls = intOption(parser, "train-calls", 2, maxTrainingCalls);
    settings.designId = designOption(parser);
    settings.seed = seedOption(parser);
    const int samples = parser.isSet("samples") ? intOption(parser, "samples", 1, 1000) : 0;

    const auto started = std::chrono::steady_clock::now();
    const auto simulator = emu::makeSimulator(simulatorId);
    const emu::DynamicsEmulator emulator = emu::DynamicsEmulator::train(*simulator, settings);
    const emu::EmulatorComparison c = emu::compareWithSimulator(emulator, *simulator, controller);
    QJsonObject result{
        {"simulator", QString::fromStdString(simulatorId)},
        {"theta", thetaJson(controller)},
        {"seed", seedJson(settings.seed)},
        {"simulated", episodeJson(c.simulated)},
        {"emulated", episodeJson(c.emulated)},
        {"reward_difference", c.emulated.reward - c.simulated.reward},
        {"step_difference", c.emulated.steps - c.simulated.steps},
        {"errors",
         QJsonObject{
             {"max_abs_position", c.maxAbsPositionError},
             {"rms_position", c.rmsPositionError},
             {"max_abs_velocity", c.maxAbsVelocityError},
             {"rms_one_step_position", c.rmsOneStepPositionError},
             {"rms_one_step_velocity", c.rmsOneStepVelocityError},
             {"position", arrayJson(c.positionError)},
             {"velocity", arrayJson(c.velocityError)},
             {"one_step_position", arrayJson(c.oneStepPositionError)},
             {"one_step_velocity", arrayJson(c.oneStepVelocityError)},
         }},
        {"simulator_calls",
         QJsonObject{{"training", qint64(emulator.simulatorCalls())},
                     {"episode", qint64(c.simulated.simulatorCalls)},
                     {"total", qint64(simulator->calls())}}},
        {"emulator", emulatorJson(emulator, nullptr)},
    };
    if (samples > 0) {
        emu::EmulatedSampleSettings sampleSettings;
        sampleSettings.samples = samples;
        sampleSettings.seed = settings.seed;
        const emu::EmulatedSamples s =
            emu::sampleEmulatedEpisodes(emulator, controller, {}, sampleSettings);
        QJsonArray rewards;
        for (const emu::EpisodeTrace& t : s.samples)
            rewards.append(t.reward);
        result["samples"] = QJsonObject{{"count", samples},
                                        {"goal_count", s.goalCount},
                                        {"mean_reward", s.meanReward},
                                        {"rewards", rewards},
                                        {"position_lower", arrayJson(s.positionLower)},
                                        {"position_upper", arrayJson(s.positionUpper)}};
    }
    if (parser.isSet("trace"))
        result["trace"] =
            QJsonObject{{"simulated", traceJson(c.simulated)}, {"emulated", traceJson(c.emulated)}};
    result["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

// --- sweep ----------------------------------------------------------------------------------------

QJsonObject runSweep(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"simulator", "Simulator: " + simulatorIds().join(", ") + " (default classic).", "id",
         "classic"},
        {"train-calls", "Training sizes N, comma-separated, each 2 to 2000 (default "
                        "100,250,500,1000).",
         "list", "100,250,500,1000"},
        {"designs", "Designs, comma-separated (default random,lhs,sobol,active).", "list",
         "random,lhs,sobol,active"},
        {"seeds", "Seeds, comma-separated whole numbers (default 0).", "list", "0"},
        {"test-points", "Held-out calls per cell for one-step errors, 0 to skip (default 1000).",
         "n", "1000"},
    });
    parseOrThrow(parser, QStringLiteral("mountain-car sweep"), args);
    emu::EmulatorSweepSettings s;
    s.base.simulatorId = simulatorOption(parser);
    s.base.testPoints = intOption(parser, "test-points", 0, 100000);
    s.trainingCalls = intListOption(parser, "train-calls", 2, maxTrainingCalls);
    s.designs.clear();
    const std::vector<std::string> ids = emu::emulatorDesignIds();
    for (const QString& part : parser.value("designs").split(',')) {
        const std::string id = part.trimmed().toStdString();
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw UsageError("unknown design \"" + id +
                             "\" in --designs; designs: random, lhs, sobol, active");
        s.designs.push_back(id);
    }
    s.seeds.clear();
    for (const QString& part : parser.value("seeds").split(',')) {
        bool ok = false;
        const quint64 seed = part.trimmed().toULongLong(&ok);
        if (!ok)
            throw UsageError("--seeds needs comma-separated whole numbers, got \"" +
                             parser.value("seeds").toStdString() + "\"");
        s.seeds.push_back(seed);
    }

    TerminalProgress progress("mountain-car sweep");
    const emu::EmulatorSweepResult r = emu::runEmulatorSweep(s, progress.get());
    QJsonArray rows;
    for (const emu::EmulatorSweepRow& row : r.rows)
        rows.append(QJsonObject{
            {"design", QString::fromStdString(row.design)},
            {"training_calls", row.trainingCalls},
            {"seed", seedJson(row.seed)},
            {"simulator_calls", qint64(row.simulatorCalls)},
            {"limited_calls", qint64(row.limitedCalls)},
            {"best", thetaJson(row.best)},
            {"emulated_reward", row.emulatedReward},
            {"reward", row.reward},
            {"reached_goal", row.reachedGoal},
            {"steps", row.steps},
            {"dp_nrmse", row.positionNrmse},
            {"dv_nrmse", row.velocityNrmse},
            {"seconds", row.seconds},
        });
    const emu::DirectBoSettings& bo = s.base.optimization;
    return QJsonObject{
        {"simulator", QString::fromStdString(s.base.simulatorId)},
        {"direct_call_budget",
         qint64(std::int64_t(bo.initialPoints + bo.iterations) * bo.episode.maxSteps)},
        {"rows", rows},
        {"seconds", r.seconds},
    };
}

} // namespace cli
