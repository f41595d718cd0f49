#include "app/cli/command_system.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/command_system_emulate.h"
#include "app/cli/command_system_monitor.h"
#include "app/cli/system_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/core/rng.h"
#include "engine/system/system_components.h"
#include "engine/system/system_description.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

namespace cli {

namespace {

constexpr int maxListedRuns = 1000;

using Role = emu::SystemInput::Role;

// --- write ----------------------------------------------------------------------------------

QJsonObject runWrite(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parseOrThrow(parser,
                 QStringLiteral("system write: prints {\"system\": <the system file's JSON>}. "
                                "Save it to edit with\n  emuplay-cli system write | jq .system "
                                "> supply.json"),
                 args);
    seedOption(parser); // accepted by every sub-command; nothing here is random
    const emu::System system = loadSystem(parser);
    const std::string text = emu::writeSystemDescription(system.description());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (!document.isObject()) // the engine wrote something Qt cannot read: a bug, said plainly
        throw emu::Error("the system's file text is not a JSON object: " +
                         error.errorString().toStdString());
    return QJsonObject{{"system", document.object()}};
}

// --- describe -------------------------------------------------------------------------------

QJsonObject portJson(const emu::SystemPort& port)
{
    return QJsonObject{{"name", QString::fromStdString(port.name)},
                       {"min", port.lower},
                       {"max", port.upper},
                       {"unit", QString::fromStdString(port.unit)},
                       {"description", QString::fromStdString(port.description)}};
}

QJsonObject inputJson(const emu::SystemInput& input)
{
    QJsonObject out{{"name", QString::fromStdString(input.name)},
                    {"role", emu::roleName(input.role)},
                    {"min", input.lower},
                    {"max", input.upper},
                    {"unit", QString::fromStdString(input.unit)},
                    {"description", QString::fromStdString(input.description)}};
    if (input.role != Role::Random)
        out["value"] = input.value;
    else if (input.distribution == emu::SystemInput::Distribution::Normal)
        out["distribution"] = QJsonObject{{"type", "normal"},
                                          {"mean", input.mean},
                                          {"sd", input.sd},
                                          {"truncated_to", QJsonArray{input.lower, input.upper}}};
    else
        out["distribution"] = QJsonObject{{"type", "uniform"}};
    return out;
}

/// Where component c's input p comes from: "component.output" or a system input's name.
QString sourceName(const emu::System& system, emu::Index c, emu::Index p)
{
    const emu::SystemSource from = system.sources(c)[std::size_t(p)];
    if (from.component < 0)
        return QString::fromStdString(system.description().inputs[std::size_t(from.port)].name);
    const emu::SystemComponentSpec& spec = system.component(from.component);
    return QString::fromStdString(spec.name + "." + spec.outputs[std::size_t(from.port)].name);
}

QJsonObject componentJson(const emu::System& system, emu::Index c)
{
    const emu::SystemComponentSpec& spec = system.component(c);
    const emu::SystemComponentType& type = emu::systemComponentTypes().at(spec.type);
    QJsonArray inputs, outputs, parameters;
    for (std::size_t p = 0; p < spec.inputs.size(); ++p) {
        QJsonObject port = portJson(spec.inputs[p]);
        port["from"] = sourceName(system, c, emu::Index(p));
        inputs.append(port);
    }
    for (const emu::SystemPort& port : spec.outputs)
        outputs.append(portJson(port));
    if (type.parameters.empty()) // linear or program: what the file gives
        for (const auto& [name, value] : spec.parameters)
            parameters.append(
                QJsonObject{{"name", QString::fromStdString(name)}, {"value", value}});
    for (const emu::ComponentParameterInfo& info : type.parameters)
        parameters.append(QJsonObject{{"name", QString::fromStdString(info.name)},
                                      {"value", spec.parameter(info.name, info.defaultValue)},
                                      {"default", info.defaultValue},
                                      {"min", info.lower},
                                      {"max", info.upper},
                                      {"description", QString::fromStdString(info.description)}});
    QJsonObject out{
        {"name", QString::fromStdString(spec.name)},
        {"type", QString::fromStdString(spec.type)},
        {"type_name", QString::fromStdString(type.displayName)},
        {"description",
         QString::fromStdString(spec.description.empty() ? type.description : spec.description)},
        {"cost", spec.cost},
        {"inputs", inputs},
        {"outputs", outputs},
        {"parameters", parameters}};
    if (spec.type == "program") {
        QJsonArray arguments, launcher;
        for (const std::string& a : spec.arguments)
            arguments.append(QString::fromStdString(a));
        for (const std::string& word : spec.launcher)
            launcher.append(QString::fromStdString(word));
        out["program"] = QJsonObject{{"command", QString::fromStdString(spec.command)},
                                     {"arguments", arguments},
                                     {"launcher", launcher},
                                     {"timeout_seconds", spec.timeoutSeconds}};
    }
    return out;
}

QJsonObject runDescribe(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parseOrThrow(parser, QStringLiteral("system describe"), args);
    seedOption(parser);
    const emu::System system = loadSystem(parser);
    const emu::SystemDescription& d = system.description();

    QJsonArray inputs, components, wires, outputs, order;
    for (const emu::SystemInput& input : d.inputs)
        inputs.append(inputJson(input));
    for (emu::Index c = 0; c < system.componentCount(); ++c)
        components.append(componentJson(system, c));
    for (const emu::SystemWire& wire : d.wires)
        wires.append(QJsonObject{{"from", QString::fromStdString(wire.from)},
                                 {"to", QString::fromStdString(wire.to)}});
    for (emu::Index o = 0; o < system.outputCount(); ++o) {
        const emu::SystemSource from = system.outputSource(o);
        QJsonObject output =
            portJson(system.component(from.component).outputs[std::size_t(from.port)]);
        output["name"] = QString::fromStdString(system.outputNames()[std::size_t(o)]);
        outputs.append(output);
    }
    for (emu::Index c : system.order())
        order.append(QString::fromStdString(system.component(c).name));
    return QJsonObject{
        {"file", parser.isSet("file") ? QJsonValue(parser.value("file")) : QJsonValue()},
        {"name", QString::fromStdString(d.name)},
        {"description", QString::fromStdString(d.description)},
        {"cost_unit", QString::fromStdString(d.costUnit)},
        {"run_cost", system.runCost()},
        {"roles", "intervention: a decision a person can change (what the emulators take); "
                  "random: drawn afresh every run; condition: a fact of the world held at its "
                  "value, which `system monitor --change` moves"},
        {"inputs", inputs},
        {"components", components},
        {"wires", wires},
        {"outputs", outputs},
        {"run_order", order},
    };
}

// --- run ------------------------------------------------------------------------------------

/// Mean, sd, min and max of each output over the successful runs (null where undefined).
QJsonObject outputSummary(const emu::System& system, const std::vector<emu::SystemRun>& runs)
{
    QJsonObject out;
    for (emu::Index o = 0; o < system.outputCount(); ++o) {
        std::vector<double> values;
        for (const emu::SystemRun& run : runs)
            if (run.ok())
                values.push_back(run.outputs(o));
        const double n = double(values.size());
        QJsonObject s{{"mean", QJsonValue()},
                      {"sd", QJsonValue()},
                      {"min", QJsonValue()},
                      {"max", QJsonValue()}};
        if (!values.empty()) {
            double mean = 0.0, square = 0.0;
            for (double v : values)
                mean += v / n;
            for (double v : values)
                square += (v - mean) * (v - mean);
            s["mean"] = mean;
            s["sd"] = values.size() > 1 ? QJsonValue(std::sqrt(square / (n - 1.0))) : QJsonValue();
            s["min"] = *std::min_element(values.begin(), values.end());
            s["max"] = *std::max_element(values.begin(), values.end());
        }
        out[QString::fromStdString(system.outputNames()[std::size_t(o)])] = s;
    }
    return out;
}

QJsonObject runRun(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parser.addOptions({
        {"runs", "Runs of the system, 1 to 100000 (default 1); each listed when at most 1000.", "n",
         "1"},
        {"set",
         "NAME=VALUE of an intervention or a condition, inside its range; repeat the option or "
         "give a comma-separated list. The others keep the file's values.",
         "name=value"},
        {"parallel", "Runs at once, 1 to 64 (default 1); the numbers do not depend on it.", "p",
         "1"},
    });
    parseOrThrow(parser, QStringLiteral("system run"), args);
    const int runs = intOption(parser, "runs", 1, 100000);
    const int parallel = intOption(parser, "parallel", 1, 64);
    const std::uint64_t seed = seedOption(parser);
    const emu::System system = loadSystem(parser);
    const std::vector<InputSetting> set =
        inputSettings(parser, "set", system, Role::Intervention, true);

    const emu::RowVector interventions = interventionsWith(system, set);
    const emu::RowVector conditions = conditionsWith(system, set);
    const std::vector<emu::Index> conditionInputs = system.inputsWithRole(Role::Condition);
    const std::vector<emu::Index> randomInputs = system.inputsWithRole(Role::Random);
    emu::Rng rng(seed);
    emu::Matrix inputs(runs, emu::Index(system.description().inputs.size()));
    for (int r = 0; r < runs; ++r) {
        inputs.row(r) = system.drawInputs(interventions, rng);
        for (std::size_t k = 0; k < conditionInputs.size(); ++k)
            inputs(r, conditionInputs[k]) = conditions(emu::Index(k));
    }
    const auto started = std::chrono::steady_clock::now();
    std::vector<emu::SystemRun> results;
    {
        TerminalProgress progress("system run");
        results = system.runBatch(inputs, parallel, progress.get());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    QJsonObject setJson;
    for (const InputSetting& s : set)
        setJson[QString::fromStdString(system.description().inputs[std::size_t(s.input)].name)] =
            s.value;
    qint64 failed = 0;
    QString firstError;
    QJsonArray perRun;
    for (int r = 0; r < runs; ++r) {
        const emu::SystemRun& run = results[std::size_t(r)];
        if (!run.ok()) {
            ++failed;
            if (firstError.isEmpty())
                firstError = QString::fromStdString(run.error);
        }
        if (runs > maxListedRuns)
            continue;
        QJsonObject drawn;
        for (emu::Index i : randomInputs)
            drawn[QString::fromStdString(system.description().inputs[std::size_t(i)].name)] =
                run.inputs(i);
        QJsonObject item{{"run", r + 1}, {"drawn", drawn}};
        if (run.ok())
            item["outputs"] = perOutputJson(system, run.outputs);
        else
            item["error"] = QString::fromStdString(run.error);
        perRun.append(item);
    }
    QJsonObject summary{{"successful_runs", qint64(runs) - failed},
                        {"failed_runs", failed},
                        {"cost", double(runs) * system.runCost()},
                        {"outputs", outputSummary(system, results)},
                        {"note", "per output over the successful runs; sd with n - 1, null "
                                 "for fewer than 2 runs"}};
    if (failed > 0)
        summary["first_error"] = firstError;
    QJsonObject result{
        {"system", systemJson(system, parser)},
        {"seed", seedJson(seed)},
        {"runs", runs},
        {"parallel", parallel},
        {"set", setJson},
        {"interventions", interventionsJson(system, interventions)},
        {"conditions", conditionsJson(system, conditions)},
        {"summary", summary},
        {"seconds", seconds},
    };
    if (runs <= maxListedRuns)
        result["per_run"] = perRun;
    else
        result["per_run_note"] = QString("runs are listed for --runs up to %1").arg(maxListedRuns);
    return result;
}

// --- dispatch -------------------------------------------------------------------------------

const std::vector<Command>& subCommands()
{
    static const std::vector<Command> all = {
        {"write", "The system's file as JSON under \"system\" (save it with jq, see below).",
         runWrite},
        {"describe", "Inputs and roles, components, ports, wires, outputs and run order.",
         runDescribe},
        {"run", "Runs of the system at a setting (--runs, --set), with a summary per output.",
         runRun},
        {"emulate",
         "Whole-system and composed component emulators at a setting (--method, --runs); "
         "--compare over budgets, --sobol indices.",
         runSystemEmulate},
        {"intervene",
         "A change of the interventions (--set) predicted by an emulator, then measured.",
         runSystemIntervene},
        {"monitor",
         "Day-by-day runs against a forecast, a condition changed on --change-day; alarms and "
         "delays.",
         runSystemMonitor},
    };
    return all;
}

QString help()
{
    QString text =
        "Usage: emuplay-cli system <sub-command> [options]\n"
        "A system of components: a deployed machine-learning system drawn as a graph, each\n"
        "component's outputs wired to others' inputs. The built-in one is a day of a fresh\n"
        "product's supply chain (forecaster, market, policy, warehouse, delivery, accounts);\n"
        "--file runs yours. Inputs are interventions (decisions: what the emulators take),\n"
        "random (drawn every run) or conditions (facts of the world a monitor may see change).\n\n"
        "Sub-commands:\n";
    text += subCommandLines(subCommands());
    text += "\nEvery sub-command takes --file F (default: the built-in supply chain) and --seed S\n"
            "(default 1) and prints JSON. Start a system file of your own from the built-in one:\n"
            "  emuplay-cli system write | jq .system > supply.json\n"
            "  emuplay-cli system describe --file supply.json\n"
            "See `emuplay-cli system <sub-command> --help`.\n";
    return text;
}

} // namespace

QJsonObject runSystem(const QStringList& args)
{
    return runSubCommand(subCommands(), args, help());
}

} // namespace cli
