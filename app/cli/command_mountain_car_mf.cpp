#include "app/cli/command_mountain_car_mf.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/mf_emulator_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cli {

namespace {

constexpr int maxCalls = 2000; // MultiFidelityDynamicsEmulator's limit

/// --low-calls, --high-calls, --test-points, --low and --linear-fit into `s`; UsageError if
/// invalid.
void readCommonOptions(const QCommandLineParser& parser, emu::MfEmulatorBoSettings& s)
{
    s.emulator.lowCalls = intOption(parser, "low-calls", 2, maxCalls);
    s.emulator.highCalls = intOption(parser, "high-calls", 2, maxCalls);
    if (s.emulator.lowCalls < s.emulator.highCalls)
        throw UsageError("--low-calls must be at least --high-calls (nested designs)");
    s.testPoints = intOption(parser, "test-points", 0, 100000);
    s.lowSimulatorId = simulatorOption(parser, "low");
    s.emulator.linearFit = parser.value("linear-fit").toStdString();
    const std::vector<std::string> fits = emu::mfLinearFitIds();
    if (std::find(fits.begin(), fits.end(), s.emulator.linearFit) == fits.end())
        throw UsageError("unknown --linear-fit \"" + s.emulator.linearFit + "\"; fits: " + fits[0] +
                         ", " + fits[1]);
}

QList<QCommandLineOption> commonOptions(const QString& tag)
{
    return {
        {"low-calls", tag + "Low-fidelity training calls, ≥ --high-calls, ≤ 2000 (default 250).",
         "n", "250"},
        {"high-calls", tag + "High-fidelity training calls, 2 to 2000 (default 250).", "n", "250"},
        {"low", tag + "Low-fidelity simulator: low (default) or classic (under box2d).", "id",
         "low"},
        {"linear-fit",
         tag + "How the linear model is fitted: recursive (level by level, default) or joint "
               "(all parameters at once, slower).",
         "method", "recursive"},
        {"test-points",
         tag + "Held-out high-fidelity calls measuring one-step errors, not counted as the "
               "method's calls; 0 to skip (default 1000).",
         "n", "1000"},
    };
}

double finiteOrNull(double x)
{
    return std::isfinite(x) ? x : 0.0;
}

QJsonValue rhoJson(double rho)
{
    return std::isfinite(rho) ? QJsonValue(rho) : QJsonValue();
}

} // namespace

// --- tune --method multifidelity ------------------------------------------------------------

QString multiFidelityTuneSummary()
{
    return "Bayesian optimisation on a multi-fidelity emulator of the car's dynamics (--model "
           "linear|nonlinear) trained on --low-calls low- and --high-calls high-fidelity calls, "
           "validated on the high-fidelity simulator (--high).";
}

QList<QCommandLineOption> multiFidelityTuneOptions()
{
    QList<QCommandLineOption> options = {
        {"model", "[multifidelity] One-step model: linear (AR1, default) or nonlinear (NARGP).",
         "id", "linear"},
        {"high",
         "[multifidelity] High-fidelity simulator: classic or box2d (default: --simulator).", "id"},
    };
    options << commonOptions("[multifidelity] ");
    return options;
}

QJsonObject tuneMultiFidelity(const TuneOptions& options, const QCommandLineParser& parser)
{
    emu::MfEmulatorBoSettings s;
    s.seed = options.seed;
    s.highSimulatorId =
        parser.isSet("high") ? simulatorOption(parser, "high") : options.simulatorId;
    readEmulatorOptimization(options, "multifidelity", s.optimization);
    s.emulator.model = parser.value("model").toStdString();
    if (s.emulator.model != "linear" && s.emulator.model != "nonlinear")
        throw UsageError("unknown --model \"" + s.emulator.model + "\"; models: linear, nonlinear");
    readCommonOptions(parser, s);

    TerminalProgress progress("mountain-car multi-fidelity");
    const emu::MfEmulatorBoResult r = emu::runMfEmulatorBayesianOptimization(s, progress.get());
    const emu::MultiFidelityDynamicsEmulator& e = *r.emulator;
    QJsonObject emulator{
        {"model", QString::fromStdString(s.emulator.model)},
        {"linear_fit", QString::fromStdString(s.emulator.linearFit)},
        {"inputs", QJsonArray{"p", "v", "u"}},
        {"low_points", qint64(e.lowSize())},
        {"high_points", qint64(e.highSize())},
        {"design_seconds", e.designSeconds()},
        {"fit_seconds", e.fitSeconds()},
    };
    if (s.emulator.model == "linear")
        emulator["rho"] = QJsonObject{{"dp", rhoJson(e.rho(0))}, {"dv", rhoJson(e.rho(1))}};
    if (r.testError.points > 0)
        emulator["held_out"] = testErrorJson(r.testError);
    QJsonObject result{
        {"method", "multifidelity"},
        {"model", QString::fromStdString(s.emulator.model)},
        {"high", QString::fromStdString(s.highSimulatorId)},
        {"low", QString::fromStdString(s.lowSimulatorId)},
        {"seed", seedJson(s.seed)},
        {"initial_points", s.optimization.initialPoints},
        {"iterations", s.optimization.iterations},
        {"calls", QJsonObject{{"low", qint64(r.lowCalls)},
                              {"high_training", qint64(r.highTrainingCalls)},
                              {"high_validation", qint64(r.validationCalls)},
                              {"high", qint64(r.highCalls)}}},
        {"emulator", emulator},
    };
    addEmulatedRunJson(result, r, options.history);
    return result;
}

// --- mf-compare -----------------------------------------------------------------------------

QJsonObject runMfCompare(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {"seed", "Seed of everything random (default 0).", "s", "0"},
        {"high", "High-fidelity simulator: classic (default) or box2d.", "id", "classic"},
        {"initial", "Initial controllers of every BO run (default 25).", "n", "25"},
        {"iterations", "BO iterations after them (default 50).", "n", "50"},
    });
    parser.addOptions(commonOptions(""));
    parseOrThrow(parser, QStringLiteral("mountain-car mf-compare"), args);
    emu::MfEmulatorBoSettings s;
    s.seed = seedOption(parser);
    s.highSimulatorId = simulatorOption(parser, "high");
    s.optimization.initialPoints = intOption(parser, "initial", 1, 100000);
    s.optimization.iterations = intOption(parser, "iterations", 0, 100000);
    readCommonOptions(parser, s);

    TerminalProgress progress("mountain-car multi-fidelity comparison");
    const emu::MfComparisonResult c = emu::runMfEmulatorComparison(s, progress.get());
    QJsonArray rows;
    for (const emu::MfComparisonRow& row : c.rows)
        rows.append(QJsonObject{
            {"emulator", QString::fromStdString(row.emulator)},
            {"low_calls", qint64(row.lowCalls)},
            {"high_calls", qint64(row.highCalls)},
            {"validation_calls", qint64(row.validationCalls)},
            {"held_out", testErrorJson(row.testError)},
            {"dp_nrmse", finiteOrNull(row.testError.position.normalizedRmse)},
            {"dv_nrmse", finiteOrNull(row.testError.velocity.normalizedRmse)},
            {"rho",
             QJsonObject{{"dp", rhoJson(row.rhoPosition)}, {"dv", rhoJson(row.rhoVelocity)}}},
            {"best", thetaJson(row.best)},
            {"emulated_reward", row.emulatedReward},
            {"reward", row.reward},
            {"reached_goal", row.reachedGoal},
            {"steps", row.steps},
            {"seconds", row.seconds},
            {"training_seconds", row.trainingSeconds},
        });
    return QJsonObject{
        {"high", QString::fromStdString(s.highSimulatorId)},
        {"low", QString::fromStdString(s.lowSimulatorId)},
        {"seed", seedJson(s.seed)},
        {"linear_fit", QString::fromStdString(s.emulator.linearFit)},
        {"test_points", s.testPoints},
        {"rows", rows},
        {"seconds", c.seconds},
    };
}

} // namespace cli
