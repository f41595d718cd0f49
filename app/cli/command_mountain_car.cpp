#include "app/cli/command_mountain_car.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/command_mountain_car_emulator.h"
#include "app/cli/command_mountain_car_mf.h"
#include "app/cli/json_output.h"
#include "app/cli/mountain_car_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mountain_car_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

namespace cli {

namespace {

// --- option parsing (every check throws UsageError, exit code 2) ----------------------------

/// A finite number, or UsageError naming the option.
double numberOption(const QCommandLineParser& parser, const QString& option)
{
    const QString text = parser.value(option);
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        throw UsageError("--" + option.toStdString() + " needs a finite number, got \"" +
                         text.toStdString() + "\"");
    return value;
}

/// A finite number in [lower, upper], or UsageError naming the option and the range.
double numberInRange(const QCommandLineParser& parser, const QString& option, double lower,
                     double upper)
{
    const double value = numberOption(parser, option);
    if (value < lower || value > upper)
        throw UsageError("--" + option.toStdString() + " must lie in [" + std::to_string(lower) +
                         ", " + std::to_string(upper) + "], got " + std::to_string(value));
    return value;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --- simulate -------------------------------------------------------------------------------

QJsonObject runSimulate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"theta", thetaHelp, "t0,tp,tv"},
        {"simulator", "Simulator: " + simulatorIds().join(", ") + " (default classic).", "id",
         "classic"},
        {"start", "Start position p (velocity 0), in [-1.2, 0.6] (default -0.58912799).", "p"},
        {"trace", "Also print the trajectory: p and v at every state (steps + 1 values) and the "
                  "action u of every step (steps values)."},
    });
    parseOrThrow(parser, QStringLiteral("mountain-car simulate"), args);
    if (!parser.isSet("theta"))
        throw UsageError("--theta THETA0,THETAP,THETAV is required");
    const emu::LinearController controller = thetaOption(parser.value("theta"));
    const std::string simulatorId = simulatorOption(parser);
    emu::EpisodeSettings settings;
    if (parser.isSet("start"))
        settings.start.p = numberInRange(parser, "start", emu::MountainCar::minPosition,
                                         emu::MountainCar::maxPosition);

    const auto simulator = emu::makeSimulator(simulatorId);
    const emu::EpisodeTrace trace = emu::runEpisode(*simulator, controller, settings);
    QJsonObject result{
        {"simulator", QString::fromStdString(simulatorId)},
        {"theta", thetaJson(controller)},
        {"start", QJsonObject{{"p", settings.start.p}, {"v", settings.start.v}}},
        {"reached_goal", trace.reachedGoal},
        {"steps", trace.steps},
        {"reward", trace.reward},
        {"max_position", trace.maxPosition},
        {"final_state", QJsonObject{{"p", trace.p.back()}, {"v", trace.v.back()}}},
        {"simulator_calls", qint64(trace.simulatorCalls)},
    };
    if (parser.isSet("trace"))
        result["trace"] = QJsonObject{
            {"p", arrayJson(trace.p)}, {"v", arrayJson(trace.v)}, {"u", arrayJson(trace.u)}};
    return result;
}

// --- tune: one function per method ----------------------------------------------------------

/// A tuning method: its id, a one-line summary, options of its own and the function that checks
/// them and runs.
struct TuneMethod
{
    QString id;
    QString summary;
    QList<QCommandLineOption> options;
    std::function<QJsonObject(const TuneOptions&, const QCommandLineParser&)> run;
};

emu::DirectBoObjective objectiveOption(const QCommandLineParser& parser)
{
    const QString id = parser.value("objective");
    for (auto o : {emu::DirectBoObjective::LogRewardGap, emu::DirectBoObjective::NegativeReward})
        if (id.toStdString() == emu::directBoObjectiveId(o))
            return o;
    throw UsageError("unknown --objective \"" + id.toStdString() +
                     "\"; objectives: log-gap, negative-reward");
}

QJsonObject tuneDirect(const TuneOptions& options, const QCommandLineParser& parser)
{
    emu::DirectBoSettings settings;
    settings.simulatorId = options.simulatorId;
    settings.seed = options.seed;
    if (options.initialPoints >= 0)
        settings.initialPoints = options.initialPoints;
    if (options.iterations >= 0)
        settings.iterations = options.iterations;
    if (settings.initialPoints < 1)
        throw UsageError("--initial must be at least 1 for --method direct");
    const QString acquisition = parser.value("acquisition");
    if (!emu::acquisitionRegistry().find(acquisition.toStdString()))
        throw UsageError("unknown acquisition \"" + acquisition.toStdString() +
                         "\"; acquisitions: " + acquisitionIds().join(", ").toStdString());
    settings.acquisitionId = acquisition.toStdString();
    settings.objective = objectiveOption(parser);

    TerminalProgress progress("mountain-car bo");
    const emu::DirectBoResult r = emu::runDirectBayesianOptimization(settings, progress.get());
    QJsonObject result{
        {"method", "direct"},
        {"simulator", QString::fromStdString(settings.simulatorId)},
        {"seed", seedJson(settings.seed)},
        {"initial_points", settings.initialPoints},
        {"iterations", settings.iterations},
        {"acquisition", QString::fromStdString(settings.acquisitionId)},
        {"objective", QString::fromStdString(emu::directBoObjectiveId(settings.objective))},
        {"best", thetaJson(r.best)},
        {"reward", r.bestReward},
        {"reached_goal", r.reachedGoal},
        {"steps_to_goal", r.reachedGoal ? QJsonValue(r.stepsToGoal) : QJsonValue()},
        {"episodes", qint64(r.evaluations.size())},
        {"simulator_calls", qint64(r.simulatorCalls)},
        {"call_budget", qint64(r.callBudget)},
        {"seconds", r.seconds},
        {"fit_seconds", r.fitSeconds},
        {"acquisition_seconds", r.acquisitionSeconds},
        {"simulation_seconds", r.simulationSeconds},
    };
    if (options.history) {
        QJsonArray history;
        for (const emu::DirectBoEvaluation& e : r.evaluations)
            history.append(QJsonObject{{"theta", thetaJson(e.controller)},
                                       {"reward", e.reward},
                                       {"reached_goal", e.reachedGoal},
                                       {"steps", e.steps},
                                       {"best_reward", e.bestReward},
                                       {"calls_so_far", qint64(e.callsSoFar)},
                                       {"iteration", e.iteration}});
        result["history"] = history;
    }
    return result;
}

/// Every tuning method; add a method by adding a row.
const std::vector<TuneMethod>& tuneMethods()
{
    static const std::vector<TuneMethod> methods = {
        {"direct",
         "Bayesian optimisation of the episode reward on the simulator itself; the talk's 25 "
         "random controllers + 50 EI iterations use at most 37,500 simulator calls.",
         {{"acquisition", "[direct] Acquisition: " + acquisitionIds().join(", ") + " (default ei).",
           "id", "ei"},
          {"objective",
           "[direct] What the GP models: log-gap = log(101 - reward) (default) or "
           "negative-reward.",
           "id", "log-gap"}},
         tuneDirect},
        {"emulator", emulatorTuneSummary(), emulatorTuneOptions(), tuneEmulator},
        {"multifidelity", multiFidelityTuneSummary(), multiFidelityTuneOptions(),
         tuneMultiFidelity},
    };
    return methods;
}

QStringList tuneMethodIds()
{
    QStringList ids;
    for (const TuneMethod& m : tuneMethods())
        ids << m.id;
    return ids;
}

QJsonObject runTune(const QStringList& args)
{
    QCommandLineParser parser;
    QString methodHelp = "Tuning method (required).";
    for (const TuneMethod& m : tuneMethods())
        methodHelp += " " + m.id + ": " + m.summary;
    parser.addOptions({
        {"method", methodHelp, "id"},
        {"simulator", "Simulator: " + simulatorIds().join(", ") + " (default classic).", "id",
         "classic"},
        {"seed", "Seed of everything random (default 0).", "s", "0"},
        {"initial", "Initial controllers (default: the method's, 25 for direct and emulator).",
         "n"},
        {"iterations",
         "Iterations after them (default: the method's, 50 for direct and emulator).", "n"},
        {"history", "Also print every evaluated controller in order."},
    });
    // Methods may share an option (e.g. --test-points): it is added once.
    QStringList added;
    for (const TuneMethod& m : tuneMethods())
        for (const QCommandLineOption& option : m.options)
            if (!added.contains(option.names().first())) {
                added << option.names().first();
                parser.addOption(option);
            }
    parseOrThrow(parser, QStringLiteral("mountain-car tune"), args);

    if (!parser.isSet("method"))
        throw UsageError("--method is required; methods: " +
                         tuneMethodIds().join(", ").toStdString());
    const QString id = parser.value("method");
    const auto method = std::find_if(tuneMethods().begin(), tuneMethods().end(),
                                     [&](const TuneMethod& m) { return m.id == id; });
    if (method == tuneMethods().end())
        throw UsageError("unknown method \"" + id.toStdString() +
                         "\"; methods: " + tuneMethodIds().join(", ").toStdString());
    const auto ownsOption = [&](const QString& name) {
        return std::any_of(method->options.begin(), method->options.end(),
                           [&](const QCommandLineOption& o) { return o.names().first() == name; });
    };
    for (const TuneMethod& other : tuneMethods())
        if (other.id != id)
            for (const QCommandLineOption& option : other.options)
                if (parser.isSet(option.names().first()) && !ownsOption(option.names().first()))
                    throw UsageError("--" + option.names().first().toStdString() +
                                     " belongs to --method " + other.id.toStdString());
    TuneOptions options;
    options.simulatorId = simulatorOption(parser);
    options.seed = seedOption(parser);
    if (parser.isSet("initial"))
        options.initialPoints = intOption(parser, "initial", 0, 100000);
    if (parser.isSet("iterations"))
        options.iterations = intOption(parser, "iterations", 0, 100000);
    options.history = parser.isSet("history");
    return method->run(options, parser);
}

// --- landscape ------------------------------------------------------------------------------

QJsonObject runLandscape(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"theta0", "The bias theta0 in [-1, 1] held fixed (default 0).", "v", "0"},
        {"grid", "Grid values per axis, 2 to 1000 (default 100).", "n", "100"},
        {"simulator", "Simulator: " + simulatorIds().join(", ") + " (default classic).", "id",
         "classic"},
    });
    parseOrThrow(parser, QStringLiteral("mountain-car landscape"), args);
    const double theta0 = numberInRange(parser, "theta0", emu::ControllerDomain::theta0Min,
                                        emu::ControllerDomain::theta0Max);
    const int n = intOption(parser, "grid", 2, 1000);
    const std::string simulatorId = simulatorOption(parser);

    emu::LandscapeGrid grid;
    grid.thetaPCount = n;
    grid.thetaVCount = n;
    const auto started = std::chrono::steady_clock::now();
    const emu::RewardLandscape l = emu::rewardLandscape(simulatorId, theta0, grid);
    const double seconds = secondsSince(started);
    return QJsonObject{
        {"simulator", QString::fromStdString(simulatorId)},
        {"theta0", theta0},
        {"thetaP", toJson(l.thetaP)},
        {"thetaV", toJson(l.thetaV)},
        {"reward", toJson(l.reward)},
        {"best", thetaJson(l.best())},
        {"best_reward", l.reward(l.bestRow, l.bestCol)},
        {"goal_fraction", l.reachedGoal.mean()},
        {"simulator_calls", qint64(l.simulatorCalls)},
        {"seconds", seconds},
    };
}

// --- dispatch -------------------------------------------------------------------------------

const std::vector<Command>& subCommands()
{
    static const std::vector<Command> all = {
        {"simulate", "One episode of a linear controller (--theta THETA0,THETAP,THETAV).",
         runSimulate},
        {"tune", "Find a controller (--method " + tuneMethodIds().join("|") + ").", runTune},
        {"landscape", "Rewards over a (thetaP, thetaV) grid at fixed theta0.", runLandscape},
        {"compare",
         "A controller on the simulator and on a GP emulator of its dynamics, step by step.",
         runCompare},
        {"sweep", "Simulator calls against reward of --method emulator over N and designs.",
         runSweep},
        {"mf-compare",
         "High-fidelity-only against linear and nonlinear multi-fidelity emulators (BO on "
         "each, validated on --high).",
         runMfCompare},
    };
    return all;
}

QString help()
{
    QString text = "Usage: emuplay-cli mountain-car <sub-command> [options]\n"
                   "The mountain car of the talk: u = clip(theta0 + thetaP p + thetaV v, -1, 1);\n"
                   "reward = 100 [goal reached] - 0.1 sum u^2; at most 500 steps.\n"
                   "On the command line theta is written THETA0,THETAP,THETAV (bias first).\n\n"
                   "Sub-commands:\n";
    text += subCommandLines(subCommands());
    text += "\nSee `emuplay-cli mountain-car <sub-command> --help`.\n";
    return text;
}

} // namespace

QJsonObject runMountainCar(const QStringList& args)
{
    return runSubCommand(subCommands(), args, help());
}

} // namespace cli
