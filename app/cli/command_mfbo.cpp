#include "app/cli/command_mfbo.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/json_output.h"
#include "engine/external/external_program.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "engine/mfbo/mf_bo_loop.h"
#include "engine/studies/external_fidelities.h"
#include "engine/studies/mountain_car_fidelities.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <optional>

namespace cli {

namespace {

QStringList mfAcquisitionIds()
{
    QStringList ids;
    for (const std::string& id : emu::mfAcquisitionIds())
        ids << QString::fromStdString(id);
    return ids;
}

/// One --fidelity: "cmd:PROGRAM [ARGS],cost=C" or ",cost=time[:ESTIMATE]".
struct FidelitySpec
{
    QStringList command;
    emu::ExternalFidelity level;
};

FidelitySpec parseFidelity(const QString& text)
{
    const auto bad = [&](const QString& why) {
        return UsageError(("--fidelity " + why + "; expected \"cmd:PROGRAM [ARGS],cost=C\" or "
                           "\"cmd:PROGRAM [ARGS],cost=time\", got \"" + text + "\"")
                              .toStdString());
    };
    if (!text.startsWith("cmd:"))
        throw bad("must start with cmd:");
    const qsizetype comma = text.lastIndexOf(",cost=");
    if (comma < 0)
        throw bad("needs a cost");
    FidelitySpec spec;
    spec.command = splitWords(text.mid(4, comma - 4));
    if (spec.command.isEmpty())
        throw bad("needs a program after cmd:");
    const QString cost = text.mid(comma + 6).trimmed();
    if (cost == "time" || cost.startsWith("time:")) {
        spec.level.measured = true;
        spec.level.cost = cost == "time" ? 1.0 : finiteNumber(cost.mid(5), "--fidelity cost=time:");
    } else {
        spec.level.cost = finiteNumber(cost, "--fidelity cost=");
    }
    if (spec.level.cost <= 0.0)
        throw bad("needs a positive cost");
    return spec;
}

/// "1,10" or "6,3": one number per level.
std::vector<double> numberList(const QString& text, const QString& option, emu::Index levels)
{
    std::vector<double> values;
    for (const QString& item : text.split(','))
        values.push_back(finiteNumber(item.trimmed(), "--" + option));
    if (emu::Index(values.size()) != levels)
        throw UsageError(("--" + option + " needs one number per fidelity level (" +
                          QString::number(levels) + "), lowest first, got \"" + text + "\"")
                             .toStdString());
    return values;
}

QJsonArray rowJson(const emu::RowVector& x)
{
    return toJson(emu::Vector(x.transpose()));
}

/// The --problem that is not a test function: the car's controller on its three simulators.
const QString kCarProblem = QStringLiteral("mountain-car");

/// What the loop optimises: the objective, its description for the output, and the test
/// problem it comes from (null for the car and for programs).
struct MfTarget
{
    emu::MfObjective objective;
    QJsonObject description;
    const emu::MultiFidelityProblem* problem = nullptr;
    std::vector<std::string> levelNames; ///< empty: the levels are numbered
    bool car = false;                     ///< values are the car's log reward gaps
};

void refuseProgramOptions(const QCommandLineParser& parser)
{
    for (const char* option : {"bounds", "fidelity-input", "output", "launcher"})
        if (parser.isSet(option))
            throw UsageError("--" + std::string(option) + " is for --fidelity programs only");
}

/// The cost of a run at each level: --costs (one positive number per level), else `defaults`.
std::vector<double> costsOption(const QCommandLineParser& parser, const std::vector<double>& defaults)
{
    if (!parser.isSet("costs"))
        return defaults;
    const emu::Index levels = emu::Index(defaults.size());
    std::vector<double> costs = numberList(parser.value("costs"), "costs", levels);
    try {
        emu::requireLevelCosts(costs, levels);
    } catch (const emu::InvalidInput& e) {
        throw UsageError(std::string("--costs: ") + e.what());
    }
    return costs;
}

/// A registered test problem, at its costs or those of --costs.
MfTarget problemTarget(const QCommandLineParser& parser, const QString& id)
{
    refuseProgramOptions(parser);
    MfTarget target;
    target.problem = emu::multiFidelityProblems().find(id.toStdString());
    if (!target.problem)
        throw UsageError("unknown problem \"" + id.toStdString() + "\"; problems: " +
                         multiFidelityProblemIds().join(", ").toStdString() + ", " + kCarProblem.toStdString());
    const emu::MultiFidelityProblem& problem = *target.problem;
    target.objective =
        emu::problemObjective(problem, costsOption(parser, problem.costs()), seedOption(parser));
    target.description = QJsonObject{{"problem", QString::fromStdString(problem.id())},
                                     {"name", QString::fromStdString(problem.displayName())}};
    for (emu::Index level = 0; level < problem.levelCount(); ++level)
        target.levelNames.push_back(problem.levelName(level));
    return target;
}

/// The car's controller on its simulators: a run costs its episode's steps in Box2D steps, or
/// its level's fixed cost from --costs.
MfTarget carTarget(const QCommandLineParser& parser)
{
    refuseProgramOptions(parser);
    MfTarget target;
    target.objective = emu::mountainCarFidelities();
    if (parser.isSet("costs")) {
        target.objective.costs = costsOption(parser, target.objective.costs);
        target.objective.runWithCost = nullptr;
    }
    target.car = true;
    target.levelNames = emu::defaultCarFidelities();
    target.description = QJsonObject{{"problem", kCarProblem},
                                     {"name", QString::fromStdString(target.objective.name)},
                                     {"value", "log(101 - reward); the goal is reached where reward >= 50"},
                                     {"cost", parser.isSet("costs") ? "fixed, from --costs" : "the episode's steps in Box2D steps"}};
    return target;
}

/// The user's programs, one per level.
MfTarget programsTarget(const QCommandLineParser& parser, const QStringList& fidelities)
{
    if (parser.isSet("costs"))
        throw UsageError("--costs is for a --problem; give each --fidelity its cost=");
    if (fidelities.size() < 2)
        throw UsageError("give at least two --fidelity programs, lowest fidelity first");
    if (!parser.isSet("bounds"))
        throw UsageError("--fidelity programs need --bounds NAME=LOW:HIGH,… to name and bound their inputs");
    const emu::ParameterSpace space = parseBounds(parser.value("bounds"));
    const double timeout = positiveOption(parser, "timeout");
    const QStringList launcher = splitWords(parser.value("launcher"));
    if (parser.isSet("launcher") && launcher.isEmpty())
        throw UsageError("--launcher needs a command, e.g. --launcher \"srun -N1 -n1\"");
    std::vector<emu::ExternalFidelity> levels;
    QJsonArray programs;
    for (const QString& text : fidelities) {
        FidelitySpec spec = parseFidelity(text);
        spec.level.program = makeProgram(spec.command, timeout, launcher, parser.value("output"));
        levels.push_back(spec.level);
        programs.append(spec.command.join(' '));
    }
    MfTarget target;
    try {
        target.objective =
            emu::externalMfObjective(space, std::move(levels), parser.value("fidelity-input").toStdString());
    } catch (const emu::InvalidInput& e) {
        throw UsageError(e.what());
    }
    target.description = QJsonObject{{"programs", programs}, {"timeout_seconds", timeout}, {"launcher", launcher.join(' ')}};
    return target;
}

} // namespace

QJsonObject runMfbo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"problem",
         "Multi-fidelity test problem: " + multiFidelityProblemIds().join(", ") + " (default forrester), or " +
             kCarProblem + ": the car's linear controller on the crude equations, the classic ones and "
             "Box2D, minimising log(101 − reward); a run costs its steps in Box2D steps.",
         "id"},
        {"fidelity",
         "Your own program as a fidelity level, repeated once per level, lowest first: "
         "\"cmd:PROGRAM [ARGS],cost=C\", or cost=time (or time:ESTIMATE) for the run's wall time in "
         "seconds. Each run reads {\"x1\": 0.3, …} on stdin and prints a number or {\"y\": …}.",
         "spec"},
        {"bounds", "Inputs of the programs, NAME=LOW:HIGH,… e.g. \"x1=0:1,x2=-5:5\" (required with --fidelity).",
         "list"},
        {"fidelity-input",
         "Also give every program its level (0 = lowest) as this input, e.g. fidelity: one program "
         "can then serve every level.",
         "name"},
        {"timeout", "Seconds a program may take per run (default 60); a run that takes longer fails.", "s", "60"},
        {"output", "Output of a program's JSON object to minimise (default y, else the first).", "name"},
        {"launcher", "Command in front of every program run, e.g. \"srun -N1 -n1\".", "command"},
        {"costs", "Cost of a run at each level of a --problem, lowest first, e.g. \"1,10\" "
                  "(default: the problem's, 1:10 or 1:5:25; the car's: what each episode took).", "list"},
        {"acquisition",
         "mf-mes (multi-fidelity max-value entropy search), aei (augmented expected improvement) "
         "or ei (expected improvement paying only for the highest level: the reference). Default mf-mes.",
         "id", "mf-mes"},
        {"budget", "Total cost of all runs, the initial design's included (default 100).", "B", "100"},
        {"initial", "Runs of the initial design per level, lowest first, non-increasing "
                    "(default d + 2 at the top, at least 3, doubling at each level below).", "list"},
        {"max-runs", "Stop after this many runs, whatever the budget left (default 300; 0: no limit): "
                     "a level thousands of times cheaper than the top would otherwise be run thousands "
                     "of times.", "n", "300"},
        {"restarts", "Random starts of every model fit besides the current values (default 2).", "n", "2"},
        {"seed", "Seed of the design, fits and acquisitions (default 0).", "s", "0"},
    });
    parseOrThrow(parser, QStringLiteral("mfbo"), args);

    // Every option is checked before any run.
    const QStringList fidelities = parser.values("fidelity");
    if (!fidelities.isEmpty() && parser.isSet("problem"))
        throw UsageError("give either --problem or --fidelity, not both");
    const QString id = parser.isSet("problem") ? parser.value("problem") : "forrester";
    const MfTarget target = fidelities.isEmpty() ? (id == kCarProblem ? carTarget(parser) : problemTarget(parser, id))
                                                 : programsTarget(parser, fidelities);
    const emu::MultiFidelityProblem* problem = target.problem;
    const emu::MfObjective& objective = target.objective;
    const QJsonObject& what = target.description;
    const emu::Index levels = emu::Index(objective.costs.size());
    emu::MfBoSettings settings;
    settings.acquisitionId = parser.value("acquisition").toStdString();
    if (!mfAcquisitionIds().contains(parser.value("acquisition")))
        throw UsageError("unknown acquisition \"" + settings.acquisitionId + "\"; acquisitions: " +
                         mfAcquisitionIds().join(", ").toStdString());
    settings.budget = positiveOption(parser, "budget");
    if (parser.isSet("initial"))
        for (double n : numberList(parser.value("initial"), "initial", levels)) {
            if (n < 1 || n > 10000 || n != std::floor(n))
                throw UsageError("--initial needs whole numbers from 1 to 10000");
            settings.initialPoints.push_back(emu::Index(n));
        }
    settings.fitRestarts = intOption(parser, "restarts", 0, 100);
    settings.maxRuns = intOption(parser, "max-runs", 0, 100000);
    settings.seed = seedOption(parser);

    std::optional<emu::MultiFidelityBoLoop> loop;
    try {
        loop.emplace(objective, settings);
    } catch (const emu::InvalidInput& e) {
        throw UsageError(e.what());
    }
    QElapsedTimer timer;
    timer.start();
    QString error;
    try {
        loop->run();
    } catch (const emu::Error& e) {
        error = e.what(); // five failures in a row: what ran so far is still printed
    }
    const double seconds = double(timer.nsecsElapsed()) * 1e-9;

    const auto levelName = [&](emu::Index level) {
        return target.levelNames.empty() ? QString::number(level)
                                         : QString::fromStdString(target.levelNames[std::size_t(level)]);
    };
    QJsonArray levelsJson;
    for (emu::Index l = 0; l < levels; ++l)
        levelsJson.append(QJsonObject{
            {"name", levelName(l)},
            {"cost", objective.costs[std::size_t(l)]},
            {"measured", bool(objective.runWithCost) ||
                             (!objective.measuredCosts.empty() && objective.measuredCosts[std::size_t(l)])}});
    QJsonArray history;
    int iterations = 0;
    for (const emu::MfBoRun& r : loop->runs()) {
        QJsonObject run{{"x", rowJson(r.x)},
                        {"level", qint64(r.level)},
                        {"fidelity", levelName(r.level)},
                        {"cost", r.cost},
                        {"value", r.value},
                        {"spent", r.spent},
                        {"iteration", r.iteration},
                        {"value_per_cost", r.acquisition}};
        if (target.car) {
            run["reward"] = 101.0 - std::exp(r.value);
            run["reached_goal"] = emu::reachedGoal(r.value);
        }
        history.append(run);
        iterations += r.iteration >= 0 ? 1 : 0;
    }
    QJsonArray failures;
    for (const emu::MfBoFailure& f : loop->failures())
        failures.append(QJsonObject{{"x", rowJson(f.x)},
                                    {"level", qint64(f.level)},
                                    {"fidelity", levelName(f.level)},
                                    {"cost", f.cost},
                                    {"error", QString::fromStdString(f.message)}});
    QJsonObject spentPerLevel, runsPerLevel;
    const std::vector<double> spent = loop->spentPerLevel();
    for (emu::Index l = 0; l < levels; ++l) {
        spentPerLevel[levelName(l)] = spent[std::size_t(l)];
        runsPerLevel[levelName(l)] = qint64(std::count_if(loop->runs().begin(), loop->runs().end(),
                                                          [l](const emu::MfBoRun& r) { return r.level == l; }));
    }
    QJsonArray initialPoints;
    for (emu::Index n : loop->settings().initialPoints)
        initialPoints.append(qint64(n));
    QJsonObject result{
        {"objective", what},
        {"parameters_box", parametersJson(objective.space)},
        {"levels", levelsJson},
        {"acquisition", QString::fromStdString(settings.acquisitionId)},
        {"budget", settings.budget},
        {"max_runs", settings.maxRuns},
        {"seed", seedJson(settings.seed)},
        {"initial_points", initialPoints},
        {"history", history},
        {"failures", failures},
        {"spent", loop->spent()},
        {"spent_per_level", spentPerLevel},
        {"runs_per_level", runsPerLevel},
        {"timings", QJsonObject{{"total_seconds", seconds},
                                {"seconds_per_iteration", iterations ? seconds / iterations : 0.0}}},
    };
    if (!error.isEmpty())
        result["error"] = error;
    if (loop->model()) {
        const emu::MfBoRecommendation best = loop->recommend();
        QJsonObject recommendation{{"x", rowJson(best.x)},
                                   {"predicted_mean", best.mean},
                                   {"predicted_sd", best.sd}};
        if (problem) {
            const double value = problem->evaluate(problem->highestLevel(), emu::Matrix(best.x))(0);
            const emu::MfMinimum minimum = emu::highestLevelMinimum(*problem);
            recommendation["true_value"] = value;
            recommendation["regret"] = value - minimum.value;
            result["minimum"] = QJsonObject{{"x", rowJson(minimum.x)}, {"value", minimum.value}};
        }
        result["recommendation"] = recommendation;
    }
    return result;
}

} // namespace cli
