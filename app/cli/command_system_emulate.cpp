#include "app/cli/command_system_emulate.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/system_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/system/system_emulation.h"
#include "engine/system/system_study.h"

#include <QCommandLineParser>
#include <QJsonArray>

#include <chrono>
#include <cmath>

namespace cli {

namespace {

using Role = emu::SystemInput::Role;

constexpr int maxRuns = 2000; // runs a GP is fitted on: O(n³)
constexpr double reachFraction = 0.1;
constexpr double targetError = 0.1;

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

QString outputName(const emu::System& system, emu::Index o)
{
    return QString::fromStdString(system.outputNames()[std::size_t(o)]);
}

/// {output: {"mean", "mean_sd", "spread"}} of a forecast.
QJsonObject forecastJson(const emu::System& system, const emu::SystemForecast& f)
{
    QJsonObject out;
    for (emu::Index o = 0; o < system.outputCount(); ++o)
        out[outputName(system, o)] = QJsonObject{{"mean", numberOrNull(f.mean(o))},
                                                 {"mean_sd", numberOrNull(f.meanSd(o))},
                                                 {"spread", numberOrNull(f.spread(o))}};
    return out;
}

const char* const forecastNote =
    "mean: the output's expected value; mean_sd: the emulator's uncertainty about that "
    "expectation; spread: the sd of one run's output around it (day-to-day variation and the "
    "emulator's uncertainty)";

/// [{"name", "ports": {port: {"mean", "sd"}}}] of a composed forecast, per component.
QJsonArray portsJson(const emu::System& system, const emu::SystemForecast& f)
{
    QJsonArray components;
    for (emu::Index c = 0; c < system.componentCount(); ++c) {
        const emu::SystemComponentSpec& spec = system.component(c);
        QJsonObject ports;
        for (std::size_t p = 0; p < spec.outputs.size(); ++p)
            ports[QString::fromStdString(spec.outputs[p].name)] =
                QJsonObject{{"mean", numberOrNull(f.portMean[std::size_t(c)](emu::Index(p)))},
                            {"sd", numberOrNull(f.portSd[std::size_t(c)](emu::Index(p)))}};
        components.append(
            QJsonObject{{"name", QString::fromStdString(spec.name)}, {"ports", ports}});
    }
    return components;
}

QJsonObject reachJson(const emu::System& system, const emu::Matrix& reach)
{
    QJsonArray rows;
    for (emu::Index c = 0; c < reach.rows(); ++c) {
        QJsonObject values;
        for (emu::Index o = 0; o < reach.cols(); ++o)
            values[outputName(system, o)] = numberOrNull(reach(c, o));
        rows.append(QJsonObject{{"component", QString::fromStdString(system.component(c).name)},
                                {"outputs", values}});
    }
    return QJsonObject{
        {"fraction", reachFraction},
        {"rows", rows},
        {"note", "how far an error of each component carries downstream: a row's value for an "
                 "output is the change of the output's expected value when every output of that "
                 "component reads 10% of its port's range too high, in units of the output's "
                 "spread (the same composition samples with and without the error)"},
    };
}

QJsonObject sobolJson(const emu::System& system, const std::vector<emu::SobolIndices>& indices)
{
    QJsonObject outputs;
    for (std::size_t o = 0; o < indices.size(); ++o) {
        const emu::SobolIndices& s = indices[o];
        QJsonObject inputs;
        for (emu::Index i = 0; i < s.main.size(); ++i)
            inputs[QString::fromStdString(s.names[std::size_t(i)])] =
                QJsonObject{{"main", s.main(i)},
                            {"main_se", s.mainStandardError(i)},
                            {"total", s.total(i)},
                            {"total_se", s.totalStandardError(i)}};
        outputs[outputName(system, emu::Index(o))] =
            QJsonObject{{"mean", s.mean}, {"variance", s.variance}, {"inputs", inputs}};
    }
    return QJsonObject{
        {"samples", indices.empty() ? 0 : qint64(indices.front().samples)},
        {"evaluations_per_output", indices.empty() ? 0 : qint64(indices.front().evaluations)},
        {"outputs", outputs},
        {"note", "Sobol indices of each output's expected value (the whole-system emulator's "
                 "mean, its error not included) on the interventions, each uniform over its "
                 "range; standard errors by the delta method"},
    };
}

/// A comma-separated list of whole numbers in [minimum, maximum], strictly increasing.
std::vector<emu::Index> budgetsOption(const QCommandLineParser& parser)
{
    std::vector<emu::Index> values;
    for (const QString& part : parser.value("budgets").split(',')) {
        bool ok = false;
        const int value = part.trimmed().toInt(&ok);
        if (!ok || value < 3 || value > maxRuns || (!values.empty() && value <= values.back()))
            throw UsageError(QStringLiteral("--budgets needs increasing comma-separated whole "
                                            "numbers from 3 to %1, got \"%2\"")
                                 .arg(maxRuns)
                                 .arg(parser.value("budgets"))
                                 .toStdString());
        values.push_back(value);
    }
    return values;
}

QJsonObject comparisonMethodJson(const emu::System& system, const emu::SystemComparison& c,
                                 const std::vector<std::vector<emu::RowVector>>& errors,
                                 const emu::Matrix& medians)
{
    QJsonArray perBudget;
    for (std::size_t b = 0; b < c.budgets.size(); ++b) {
        QJsonArray perSeed;
        for (const emu::RowVector& e : errors[b])
            perSeed.append(perOutputJson(system, e));
        perBudget.append(QJsonObject{{"runs", qint64(c.budgets[b])},
                                     {"cost", double(c.budgets[b]) * system.runCost()},
                                     {"median", perOutputJson(system, medians.row(emu::Index(b)))},
                                     {"per_seed", perSeed}});
    }
    QJsonObject reach;
    const std::vector<emu::Index> runs =
        emu::SystemComparison::runsToReach(medians, c.budgets, targetError);
    for (std::size_t o = 0; o < runs.size(); ++o)
        reach[outputName(system, emu::Index(o))] =
            runs[o] < 0 ? QJsonValue() : QJsonValue(qint64(runs[o]));
    return QJsonObject{{"per_budget", perBudget}, {"runs_to_reach_0.1", reach}};
}

QJsonObject compare(const emu::System& system, const emu::SystemComparisonSettings& settings)
{
    const auto started = std::chrono::steady_clock::now();
    emu::SystemComparison c;
    {
        TerminalProgress progress("system emulate --compare");
        c = emu::compareSystemEmulators(system, settings, progress.get());
    }
    QJsonArray budgets;
    for (emu::Index b : settings.budgets)
        budgets.append(qint64(b));
    return QJsonObject{
        {"budgets", budgets},
        {"seeds", settings.seeds},
        {"held_out", qint64(settings.heldOut)},
        {"replicates", qint64(settings.replicates)},
        {"samples", settings.samples},
        {"error", "normalised error per output = RMSE(predicted − true expected output) / sd of "
                  "the true expected output over the held-out interventions (a Latin "
                  "hypercube); truth: the mean of `replicates` runs. 0 is perfect, 1 no better "
                  "than the average"},
        {"budget_note", "a budget n is n whole-system runs for whole, n runs of every component "
                        "for composed: the same cost"},
        {"whole", comparisonMethodJson(system, c, c.whole, c.medianWhole())},
        {"composed", comparisonMethodJson(system, c, c.composed, c.medianComposed())},
        {"runs_to_reach_note", "the smallest budget whose median error is at most 0.1; null: not "
                               "reached within the budgets"},
        {"seconds", secondsSince(started)},
    };
}

} // namespace

QJsonObject runSystemEmulate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parser.addOptions({
        {"method",
         "whole (one GP per output on the interventions), composed (one GP per "
         "component output, composed by sampling through the graph) or both (default).",
         "id", "both"},
        {"runs",
         QString("Training runs: of the whole system, or of every component alone; 3 to "
                 "%1 (default 40).")
             .arg(maxRuns),
         "n", "40"},
        {"samples",
         "Composition samples of the composed forecast, 2 to 1000000 (default 1000; "
         "with --compare 200 per held-out point).",
         "s"},
        {"set",
         "NAME=VALUE of an intervention (or, with --method composed, a condition): the "
         "point predicted at; repeatable or comma-separated. Others keep the file's values.",
         "name=value"},
        {"compare", "Instead: both emulators over budgets and seeds, normalised errors at held-out "
                    "interventions against the mean of replicate runs."},
        {"budgets", "--compare: increasing runs per emulator (default 10,20,40,80,160).", "list"},
        {"seeds", "--compare: seeds per budget, 1 to 1000 (default 10).", "k"},
        {"held-out", "--compare: held-out interventions, 3 to 10000 (default 50).", "m"},
        {"replicates", "--compare: runs averaged for the truth at each, 1 to 100000 (default 200).",
         "r"},
        {"sobol",
         "Also: Sobol indices of every output on the interventions from the whole-system "
         "emulator, with N base samples (2 to 1000000).",
         "n"},
    });
    parseOrThrow(parser, QStringLiteral("system emulate"), args);

    // Every option is checked before any work.
    const std::uint64_t seed = seedOption(parser);
    const SystemMethod method = methodOption(parser, true);
    const bool comparing = parser.isSet("compare");
    for (const char* option : {"budgets", "seeds", "held-out", "replicates"})
        if (parser.isSet(option) && !comparing)
            throw UsageError(std::string("--") + option + " is for --compare only");
    if (comparing)
        for (const char* option : {"method", "runs", "set", "sobol"})
            if (parser.isSet(option))
                throw UsageError(std::string("--") + option +
                                 " is not for --compare, which trains both emulators at every "
                                 "budget (--budgets) and predicts at held-out interventions");
    const int samples = parser.isSet("samples") ? intOption(parser, "samples", 2, 1000000)
                                                : (comparing ? 200 : 1000);
    if (parser.isSet("samples") && method == SystemMethod::Whole)
        throw UsageError("--samples is for --method composed or both (or --compare)");
    const int runs = intOption(parser, "runs", 3, maxRuns);
    const int sobol = parser.isSet("sobol") ? intOption(parser, "sobol", 2, 1000000) : 0;
    if (sobol > 0 && method == SystemMethod::Composed)
        throw UsageError("--sobol uses the whole-system emulator: --method whole or both");
    emu::SystemComparisonSettings comparison;
    if (comparing) {
        if (parser.isSet("budgets"))
            comparison.budgets = budgetsOption(parser);
        if (parser.isSet("seeds"))
            comparison.seeds = intOption(parser, "seeds", 1, 1000);
        if (parser.isSet("held-out"))
            comparison.heldOut = intOption(parser, "held-out", 3, 10000);
        if (parser.isSet("replicates"))
            comparison.replicates = intOption(parser, "replicates", 1, 100000);
        comparison.samples = samples;
        comparison.seed = seed;
    }
    const emu::System system = loadSystem(parser);
    const std::vector<InputSetting> set = inputSettings(
        parser, "set", system, Role::Intervention, method == SystemMethod::Composed,
        "the whole-system emulator is trained at the nominal conditions; use --method composed");

    QJsonObject result{{"system", systemJson(system, parser)}, {"seed", seedJson(seed)}};
    if (comparing) {
        result["comparison"] = compare(system, comparison);
        return result;
    }

    const emu::RowVector x = interventionsWith(system, set);
    const emu::RowVector conditions = conditionsWith(system, set);
    result["method"] = methodId(method);
    result["runs"] = runs;
    result["at"] = QJsonObject{{"interventions", interventionsJson(system, x)},
                               {"conditions", conditionsJson(system, conditions)}};
    result["note"] = forecastNote;
    emu::SystemEmulatorSettings settings;
    settings.runs = runs;
    settings.seed = seed;
    TerminalProgress progress("system emulate");
    const bool both = method == SystemMethod::Both;
    if (method != SystemMethod::Composed) {
        emu::ChildProgress part(progress.get(), 0.0, both ? 0.4 : 1.0, "whole system");
        const TrainedSystemEmulator whole(system, SystemMethod::Whole, settings, part.get());
        QJsonObject json{{"training", whole.trainingJson(system)},
                         {"outputs", forecastJson(system, whole.forecast(x, {}, samples, seed))}};
        if (sobol > 0) {
            const std::vector<emu::SobolIndices> indices = emu::interventionSobolIndices(
                system, *whole.whole(), emu::SobolSettings{sobol, seed});
            json["sobol"] = sobolJson(system, indices);
        }
        result["whole"] = json;
    }
    if (method != SystemMethod::Whole) {
        emu::ChildProgress part(progress.get(), both ? 0.4 : 0.0, 1.0, "components");
        const TrainedSystemEmulator composed(system, SystemMethod::Composed, settings, part.get());
        const auto started = std::chrono::steady_clock::now();
        const emu::SystemForecast f = composed.forecast(x, conditions, samples, seed);
        const emu::Matrix reach =
            composed.composed()->reach(x, conditions, samples, seed, reachFraction);
        result["composed"] = QJsonObject{{"training", composed.trainingJson(system)},
                                         {"samples", samples},
                                         {"outputs", forecastJson(system, f)},
                                         {"components", portsJson(system, f)},
                                         {"reach", reachJson(system, reach)},
                                         {"composition_seconds", secondsSince(started)}};
    }
    return result;
}

QJsonObject runSystemIntervene(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parser.addOptions({
        {"set",
         "NAME=VALUE of an intervention: the new setting (required; repeatable or "
         "comma-separated). The old one is the file's values.",
         "name=value"},
        {"method", "The emulator predicting the change: whole or composed (default).", "id",
         "composed"},
        {"runs", QString("Training runs of the emulator, 3 to %1 (default 40).").arg(maxRuns), "n",
         "40"},
        {"samples", "Composition samples (--method composed), 2 to 1000000 (default 1000).", "s",
         "1000"},
        {"measure",
         "Pairs of system runs measuring the change (common random numbers: a pair "
         "shares its random inputs), 0 to 100000; 0: predict only (default 100).",
         "r", "100"},
    });
    parseOrThrow(parser, QStringLiteral("system intervene"), args);
    const std::uint64_t seed = seedOption(parser);
    const SystemMethod method = methodOption(parser, false);
    const int runs = intOption(parser, "runs", 3, maxRuns);
    const int samples = intOption(parser, "samples", 2, 1000000);
    if (parser.isSet("samples") && method != SystemMethod::Composed)
        throw UsageError("--samples is for --method composed");
    const int measure = intOption(parser, "measure", 0, 100000);
    if (measure == 1)
        throw UsageError("--measure needs 0 (predict only) or at least 2 pairs of runs");
    if (!parser.isSet("set"))
        throw UsageError("--set NAME=VALUE (the new setting of an intervention) is required");
    const emu::System system = loadSystem(parser);
    const std::vector<InputSetting> set =
        inputSettings(parser, "set", system, Role::Intervention, false,
                      "an intervention's effect is predicted and measured at the nominal "
                      "conditions; `system monitor --change` changes a condition");

    const emu::RowVector before = system.interventionValues();
    const emu::RowVector after = interventionsWith(system, set);
    emu::SystemEmulatorSettings settings;
    settings.runs = runs;
    settings.seed = seed;
    TerminalProgress progress("system intervene");
    emu::PredictedChange predicted;
    emu::MeasuredChange measured;
    QJsonObject training;
    {
        emu::ChildProgress part(progress.get(), 0.0, measure > 0 ? 0.7 : 1.0, "training");
        const TrainedSystemEmulator emulator(system, method, settings, part.get());
        training = emulator.trainingJson(system);
        predicted = emulator.change(before, after, samples, seed);
    }
    if (measure > 0) {
        emu::ChildProgress part(progress.get(), 0.7, 1.0, "measuring");
        measured = emu::measureChange(system, before, after, measure, seed, part.get());
    }

    QJsonObject outputs;
    int within = 0;
    for (emu::Index o = 0; o < system.outputCount(); ++o) {
        QJsonObject item{{"before", predicted.before.mean(o)},
                         {"after", predicted.after.mean(o)},
                         {"predicted_change", predicted.change(o)},
                         {"predicted_sd", predicted.changeSd(o)}};
        if (measure > 0) {
            const bool inside = emu::changeAgrees(predicted, measured, o);
            within += inside;
            item["measured_change"] = measured.change(o);
            item["measured_se"] = measured.se(o);
            item["within_2sd"] = inside;
        }
        outputs[outputName(system, o)] = item;
    }
    QJsonObject setJson;
    for (const InputSetting& s : set)
        setJson[QString::fromStdString(system.description().inputs[std::size_t(s.input)].name)] =
            s.value;
    QJsonObject result{
        {"system", systemJson(system, parser)},
        {"seed", seedJson(seed)},
        {"method", methodId(method)},
        {"set", setJson},
        {"before", interventionsJson(system, before)},
        {"after", interventionsJson(system, after)},
        {"training", training},
        {"outputs", outputs},
        {"note", "before/after: the emulator's expected outputs at the two settings; "
                 "predicted_sd: the emulator's uncertainty about the change, its errors at the two "
                 "settings being shared (whole: the GP's posterior covariance; composed: the same "
                 "days through both); measured_change ± "
                 "measured_se: the mean difference over pairs of runs sharing their random "
                 "inputs; within_2sd: |measured − predicted| ≤ 2 √(predicted_sd² + "
                 "measured_se²)"},
    };
    if (method == SystemMethod::Composed)
        result["samples"] = samples;
    if (measure > 0)
        result["measurement"] = QJsonObject{{"pairs", measure},
                                            {"pairs_used", qint64(measured.runs)},
                                            {"cost", 2.0 * measure * system.runCost()},
                                            {"outputs_within_2sd", within}};
    else
        result["measurement"] = QJsonValue();
    return result;
}

} // namespace cli
