#include "app/cli/mountain_car_options.h"

#include "app/cli/cli.h"
#include "engine/dynamics/step_model.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/emulator_study.h"

#include <QCommandLineParser>

#include <cmath>

namespace cli {

const char* const thetaHelp =
    "Controller u = clip(theta0 + thetaP p + thetaV v, -1, 1) as THETA0,THETAP,THETAV: bias "
    "first, then the gains on position and velocity (the talk's order; JSON output names each). "
    "Domain: theta0 in [-1, 1], thetaP in [-1.2, 1], thetaV in [-14.2857, 14.2857].";

QStringList simulatorIds()
{
    QStringList ids;
    for (const emu::SimulatorInfo& info : emu::simulatorRegistry())
        ids << QString::fromStdString(info.id);
    return ids;
}

std::string simulatorOption(const QCommandLineParser& parser, const QString& option)
{
    const std::string id = parser.value(option).toStdString();
    if (!emu::simulatorRegistry().find(id))
        throw UsageError("unknown --" + option.toStdString() + " \"" + id +
                         "\"; simulators: " + simulatorIds().join(", ").toStdString());
    return id;
}

/// "θ0,θp,θv" → the engine's controller (θp, θv, θ0), checked against ControllerDomain.
emu::LinearController thetaOption(const QString& text)
{
    const QStringList parts = text.split(',');
    if (parts.size() != 3)
        throw UsageError("--theta needs three comma-separated numbers THETA0,THETAP,THETAV, got " +
                         std::to_string(parts.size()) + " in \"" + text.toStdString() + "\"");
    const char* names[3] = {"theta0", "thetaP", "thetaV"};
    const double lower[3] = {emu::ControllerDomain::theta0Min, emu::ControllerDomain::thetaPMin,
                             emu::ControllerDomain::thetaVMin};
    const double upper[3] = {emu::ControllerDomain::theta0Max, emu::ControllerDomain::thetaPMax,
                             emu::ControllerDomain::thetaVMax};
    double value[3];
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        value[i] = parts[i].trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value[i]))
            throw UsageError(std::string("--theta: ") + names[i] + " is not a finite number (\"" +
                             parts[i].toStdString() + "\")");
        if (value[i] < lower[i] || value[i] > upper[i])
            throw UsageError(std::string("--theta: ") + names[i] + " = " +
                             std::to_string(value[i]) + " is outside the controller domain [" +
                             std::to_string(lower[i]) + ", " + std::to_string(upper[i]) + "]");
    }
    return emu::LinearController{value[1], value[2], value[0]};
}

QJsonObject thetaJson(const emu::LinearController& c)
{
    return QJsonObject{{"theta0", c.theta0}, {"thetaP", c.thetaP}, {"thetaV", c.thetaV}};
}

QJsonArray arrayJson(const std::vector<double>& values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

QJsonObject outputErrorJson(const emu::EmulatorOutputError& e)
{
    return QJsonObject{{"rmse", e.rmse},
                       {"nrmse", e.normalizedRmse},
                       {"max_abs_error", e.maxAbsError},
                       {"output_sd", e.outputSd},
                       {"coverage_2sd", e.coverage2sd}};
}

QJsonObject testErrorJson(const emu::EmulatorTestError& e)
{
    return QJsonObject{{"points", e.points},
                       {"limited_points", e.limitedPoints},
                       {"simulator_calls", qint64(e.simulatorCalls)},
                       {"dp", outputErrorJson(e.position)},
                       {"dv", outputErrorJson(e.velocity)}};
}

void readEmulatorOptimization(const TuneOptions& options, const char* method,
                              emu::DirectBoSettings& bo)
{
    if (options.initialPoints >= 0)
        bo.initialPoints = options.initialPoints;
    if (options.iterations >= 0)
        bo.iterations = options.iterations;
    if (bo.initialPoints < 1)
        throw UsageError(std::string("--initial must be at least 1 for --method ") + method);
}

void addEmulatedRunJson(QJsonObject& json, const emu::EmulatedRunResult& r, bool history)
{
    const emu::EmulatedOptimization& run = r.run;
    json["best"] = thetaJson(run.best);
    json["emulated_reward"] = run.emulatedReward;
    json["emulated_reached_goal"] = run.emulatedReachedGoal;
    json["emulated_steps"] = run.emulatedSteps;
    json["reward"] = r.reward;
    json["reached_goal"] = r.reachedGoal;
    json["steps"] = run.validation.steps;
    json["steps_to_goal"] = r.reachedGoal ? QJsonValue(r.stepsToGoal) : QJsonValue();
    json["seconds"] = r.seconds;
    json["training_seconds"] = r.trainingSeconds;
    json["optimization_seconds"] = run.optimizationSeconds;
    json["validation_seconds"] = run.validationSeconds;
    json["test_seconds"] = r.testSeconds;
    if (!history)
        return;
    QJsonArray episodes;
    for (const emu::DirectBoEvaluation& e : run.optimization.evaluations)
        episodes.append(QJsonObject{{"theta", thetaJson(e.controller)},
                                    {"emulated_reward", e.reward},
                                    {"emulated_reached_goal", e.reachedGoal},
                                    {"emulated_steps", e.steps},
                                    {"best_emulated_reward", e.bestReward},
                                    {"iteration", e.iteration}});
    json["history"] = episodes;
}

} // namespace cli
