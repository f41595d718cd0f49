// The `bo` command: runs the optimisation (or random search) and reports it as JSON; its
// options are checked in command_bo_options.cpp.

#include "app/cli/command_bo.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/detail/command_bo_request.h"
#include "app/cli/json_output.h"
#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/external/external_program.h"
#include "engine/gp/gaussian_process.h"

#include <QCommandLineParser>

#include <algorithm>
#include <chrono>
#include <optional>

namespace cli {

namespace {

using detail::BoRequest;
using detail::parseRequest;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// What is minimised, over which box.
struct Objective
{
    emu::ParameterSpace space;
    emu::ObjectiveFunction evaluate;
    std::optional<double> minimum; ///< the known global minimum (benchmarks only)
    std::shared_ptr<emu::ExternalProgram> program;
    int parallel = 0; ///< BoRequest::parallel
};

/// The evaluated points, the iteration each came from (0: initial design) and the timings.
struct History
{
    emu::Matrix X;
    emu::Vector y;
    std::vector<int> iteration;
    std::vector<emu::BoIteration> iterations;
    std::vector<double> iterationEvaluationSeconds;
    double evaluationSeconds = 0.0;
    double totalSeconds = 0.0;
    QJsonObject acquisition;
    QJsonObject hyperparameters;
    std::string error; ///< why the run stopped early; empty if it completed
    QJsonArray failures; ///< points that failed in parallel mode: {x, error}; the loop went on
};

Objective makeObjective(const BoRequest& r)
{
    Objective objective;
    if (r.external) {
        objective.program = makeProgram(r.command, r.timeout, r.launcher, r.output);
        objective.parallel = r.parallel;
        objective.space = r.bounds;
        objective.evaluate = emu::ExternalObjective(objective.program, r.bounds);
    } else {
        const emu::TestFunction* function = r.function.get();
        objective.space = function->space();
        objective.evaluate = [function](const emu::Matrix& X) { return function->evaluate(X); };
        objective.minimum = function->minimumValue();
    }
    return objective;
}

/// Evaluates X and observes the values. One by one, if the external program fails part-way the
/// rows done before are still observed, the message goes to history.error and the result is
/// false. In parallel mode every point runs, the ones that worked are observed, each failure is
/// recorded in history.failures, and the result is true: the loop goes on.
bool evaluateInto(const Objective& objective, const emu::Matrix& X, History& history,
                  const std::function<void(const emu::Matrix&, const emu::Vector&)>& observe)
{
    const auto start = Clock::now();
    if (objective.parallel > 0) {
        const std::vector<emu::PointOutcome> outcomes =
            objective.program->evaluateBatch(X, objective.space.names(), objective.parallel);
        history.evaluationSeconds += secondsSince(start);
        std::vector<emu::Index> good;
        for (emu::Index i = 0; i < X.rows(); ++i) {
            const emu::PointOutcome& outcome = outcomes[std::size_t(i)];
            if (outcome.ok)
                good.push_back(i);
            else
                history.failures.append(QJsonObject{{"x", toJson(emu::Vector(X.row(i).transpose()))},
                                                    {"error", QString::fromStdString(outcome.error)}});
        }
        emu::Vector y(emu::Index(good.size()));
        for (std::size_t k = 0; k < good.size(); ++k)
            y(emu::Index(k)) = outcomes[std::size_t(good[k])].value;
        if (!good.empty())
            observe(X(good, Eigen::all), y);
        return true;
    }
    try {
        const emu::Vector y = objective.evaluate(X);
        history.evaluationSeconds += secondsSince(start);
        observe(X, y);
        return true;
    } catch (const emu::ExternalProgramError& e) {
        history.evaluationSeconds += secondsSince(start);
        const emu::Index done = e.completedValues().size();
        if (done > 0)
            observe(X.topRows(done), e.completedValues());
        history.error = e.what();
        return false;
    }
}

/// The same steps as emu::runBayesianOptimization (so a benchmark gives the same numbers), but
/// stepped here, so that a failure keeps every point evaluated before it.
History runOptimisation(const Objective& objective, const BoRequest& r)
{
    const auto started = Clock::now();
    History history;
    std::unique_ptr<emu::Acquisition> acquisition =
        emu::makeAcquisition(r.acquisitionId.toStdString());
    for (const auto& [name, value] : r.acquisitionParameters)
        acquisition->setParameter(name, value);
    QJsonObject parameters;
    for (const emu::AcquisitionParameter& p : acquisition->parameterInfo())
        parameters[QString::fromStdString(p.name)] = acquisition->parameter(p.name);
    history.acquisition = QJsonObject{{"id", QString::fromStdString(acquisition->id())},
                                      {"name", QString::fromStdString(acquisition->displayName())},
                                      {"parameters", parameters}};

    emu::LoopSettings settings;
    settings.batchSize = r.batch;
    settings.seed = r.seed;
    emu::BayesianOptimizationLoop loop(
        objective.space,
        emu::makeBayesianOptimizationModel(objective.space.dimension(), r.kernel.toStdString()),
        std::move(acquisition), settings);
    const auto observe = [&](const emu::Matrix& X, const emu::Vector& y) { loop.observe(X, y); };
    try {
        const emu::Matrix X0 =
            emu::makeDesign(r.design.toStdString(), objective.space, r.initial, r.seed);
        bool ok = evaluateInto(objective, X0, history, observe);
        for (int i = 0; ok && i < r.iterations; ++i) {
            const emu::Matrix X = loop.suggest();
            const double before = history.evaluationSeconds;
            ok = evaluateInto(objective, X, history, observe);
            // A failed batch whose first points were observed still completed its iteration.
            if (loop.state().iterations.size() > history.iterationEvaluationSeconds.size())
                history.iterationEvaluationSeconds.push_back(history.evaluationSeconds - before);
        }
    } catch (const emu::Cancelled&) {
        throw;
    } catch (const emu::Error& e) {
        history.error = e.what(); // a fit or the model failed: the history so far stands
    }

    const emu::BoState& state = loop.state();
    history.X = state.X;
    history.y = state.y;
    history.iterations = state.iterations;
    history.iteration.assign(std::size_t(state.size()), 0);
    for (const emu::BoIteration& it : state.iterations)
        for (emu::Index k = 0; k < it.values.size(); ++k)
            history.iteration[std::size_t(it.dataCount + k)] = it.index + 1;
    if (const auto* gp = dynamic_cast<const emu::GaussianProcess*>(&loop.model()))
        history.hyperparameters = hyperparametersJson(*gp);
    history.totalSeconds = secondsSince(started);
    return history;
}

/// Uniform random points, as many as the optimisation would evaluate (emu::runRandomSearch's).
History runRandom(const Objective& objective, const BoRequest& r)
{
    const auto started = Clock::now();
    History history;
    const emu::Matrix X =
        emu::randomDesign(objective.space, r.initial + emu::Index(r.iterations) * r.batch, r.seed);
    history.X.resize(0, X.cols());
    evaluateInto(objective, X, history, [&](const emu::Matrix& done, const emu::Vector& y) {
        history.X = done;
        history.y = y;
    });
    history.iteration.assign(std::size_t(history.y.size()), 0);
    history.totalSeconds = secondsSince(started);
    return history;
}

QJsonObject resultJson(const Objective& objective, const BoRequest& r, const History& h)
{
    QJsonObject function;
    if (r.external) {
        QJsonArray arguments;
        for (const QString& a : r.command.mid(1))
            arguments.append(a);
        function =
            QJsonObject{{"id", "cmd"},
                        {"program", r.command.first()},
                        {"arguments", arguments},
                        {"timeout_seconds", r.timeout},
                        {"output", r.output.isEmpty() ? QString("y or the first") : r.output},
                        {"launcher", r.launcher.join(' ')},
                        {"parallel", r.parallel},
                        {"calls", qint64(objective.program->calls())}};
    } else {
        function = functionJson(*r.function);
    }
    const emu::Index n = h.y.size();
    emu::Vector best(n);
    for (emu::Index i = 0; i < n; ++i)
        best(i) = i == 0 ? h.y(0) : std::min(best(i - 1), h.y(i));
    QJsonObject evaluations{{"count", qint64(n)},
                            {"x", toJson(h.X)},
                            {"value", toJson(h.y)},
                            {"best_so_far", toJson(best)}};
    QJsonObject result{{"function", function},
                       {"parameters", parametersJson(objective.space)},
                       {"method", r.randomSearch ? "random-search" : "bayesian-optimization"},
                       {"seed", seedJson(r.seed)},
                       {"initial_points", r.initial},
                       {"iterations", r.iterations},
                       {"batch", r.batch},
                       {"complete", h.error.empty()}};
    if (objective.minimum) {
        evaluations["regret"] = toJson(emu::Vector(best.array() - *objective.minimum));
        if (n > 0)
            result["regret"] = best(n - 1) - *objective.minimum;
    }
    if (n > 0) {
        emu::Index i = 0;
        h.y.minCoeff(&i);
        result["best"] = QJsonObject{{"x", toJson(emu::Vector(h.X.row(i).transpose()))},
                                     {"value", h.y(i)},
                                     {"index", qint64(i)}};
    }
    QJsonObject timings{{"total_seconds", h.totalSeconds},
                        {"evaluation_seconds", h.evaluationSeconds}};
    if (!r.randomSearch) {
        QJsonArray iteration;
        for (int k : h.iteration)
            iteration.append(k);
        evaluations["iteration"] = iteration;
        QJsonArray bestPerIteration, regret, acquisitionValues, refitted, fitSeconds,
            acquisitionSeconds, evaluationSeconds;
        double fitTotal = 0.0, acquisitionTotal = 0.0;
        for (std::size_t k = 0; k < h.iterations.size(); ++k) {
            const emu::BoIteration& it = h.iterations[k];
            bestPerIteration.append(it.bestValue);
            if (objective.minimum)
                regret.append(it.bestValue - *objective.minimum);
            acquisitionValues.append(toJson(it.acquisitionValues));
            refitted.append(it.refitted);
            fitSeconds.append(it.fitSeconds);
            acquisitionSeconds.append(it.acquisitionSeconds);
            evaluationSeconds.append(h.iterationEvaluationSeconds.at(k));
            fitTotal += it.fitSeconds;
            acquisitionTotal += it.acquisitionSeconds;
        }
        QJsonObject perIteration{{"count", qint64(h.iterations.size())},
                                 {"best", bestPerIteration},
                                 {"acquisition_values", acquisitionValues},
                                 {"refitted", refitted},
                                 {"fit_seconds", fitSeconds},
                                 {"acquisition_seconds", acquisitionSeconds},
                                 {"evaluation_seconds", evaluationSeconds}};
        if (objective.minimum)
            perIteration["regret"] = regret;
        result["per_iteration"] = perIteration;
        result["acquisition"] = h.acquisition;
        result["kernel"] = r.kernel;
        result["design"] = r.design;
        result["hyperparameters"] = h.hyperparameters;
        timings["fit_seconds"] = fitTotal;
        timings["acquisition_seconds"] = acquisitionTotal;
    }
    result["evaluations"] = evaluations;
    result["timings"] = timings;
    if (!h.error.empty())
        result["error"] = QString::fromStdString(h.error);
    if (!h.failures.isEmpty())
        result["failures"] = h.failures;
    return result;
}

} // namespace

QJsonObject runBo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"function",
         "What to minimise: a benchmark (" + functionIds().join(", ") +
             "; default branin) or cmd:PROGRAM [ARGS] for your own simulator, which reads "
             "{\"x1\": 0.3, …} on stdin and prints a number or {\"y\": …} on stdout. If it "
             "fails, the points evaluated so far are printed with an \"error\" (exit code 1).",
         "id", "branin"},
        {"dimension", "Inputs of a variable-dimension benchmark (ackley, levy).", "d"},
        {"bounds", "Inputs of a cmd: program, NAME=LOW:HIGH,… e.g. \"x1=0:1,x2=-5:5\" (required).",
         "list"},
        {"timeout", "Seconds a cmd: program may take per point (default 60).", "s", "60"},
        {"output",
         "Output of a cmd: program's JSON object to minimise (default y, else the first).", "name"},
        {"launcher",
         "Command in front of every run of a cmd: program, e.g. \"srun -N1 -n1 --time=10\", "
         "\"ssh host\" or \"docker run -i image\": the run happens where it puts it.",
         "command"},
        {"parallel",
         "Runs of a cmd: program at once (each with its own timeout). A failing point is listed "
         "under \"failures\" and the loop goes on; use with --batch q to launch q points at once.",
         "k"},
        {"acquisition", "Acquisition: " + acquisitionIds().join(", ") + " (default ei).", "id",
         "ei"},
        {"jitter", "ξ of ei and pi: the improvement that counts (default 0.01).", "xi"},
        {"beta", "β of lcb: standard deviations of optimism (default 2).", "beta"},
        {"acquisition-parameter", "Any acquisition parameter, NAME=VALUE (repeatable).",
         "name=value"},
        {"initial", "Points of the initial design (default 10).", "n", "10"},
        {"iterations", "Iterations after the initial design (default 40).", "n", "40"},
        {"batch", "Points per iteration, by local penalisation (default 1).", "q", "1"},
        {"design", "Initial design: " + designIds().join(", ") + " (default lhs).", "id", "lhs"},
        {"kernel", "GP kernel, one lengthscale per input (default matern52).", "id", "matern52"},
        {"random-search", "Evaluate as many uniform random points instead (the baseline)."},
        {"seed", "Seed of the design, fits and acquisition (default 0).", "s", "0"},
    });
    parseOrThrow(parser, QStringLiteral("bo"), args);
    const BoRequest request = parseRequest(parser);

    // Usage is settled; from here on failures are the objective's or the engine's (exit 1).
    const Objective objective = makeObjective(request);
    const History history =
        request.randomSearch ? runRandom(objective, request) : runOptimisation(objective, request);
    QJsonObject result = resultJson(objective, request, history);
    if (!history.error.empty()) {
        const emu::Index n = history.y.size();
        const std::string kept = n == 0   ? "(no point was evaluated before the failure)"
                                 : n == 1 ? "(the point evaluated before the failure is printed "
                                            "on stdout)"
                                          : "(the " + std::to_string(n) +
                                                " points evaluated before the failure are printed "
                                                "on stdout)";
        throw PartialFailure(history.error + "\n" + kept, result);
    }
    return result;
}

} // namespace cli
