#include "app/cli/system_options.h"

#include "app/cli/cli.h"
#include "engine/core/errors.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system_description.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QStringList>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace cli {

namespace {

using Role = emu::SystemInput::Role;

/// "[0, 3] sd": an input's range and unit, as messages show it.
std::string rangeText(const emu::SystemInput& input)
{
    return "[" + emu::formatNumber(input.lower) + ", " + emu::formatNumber(input.upper) + "]" +
           (input.unit.empty() ? "" : " " + input.unit);
}

QString namesWithRole(const emu::System& system, Role role)
{
    QStringList names;
    for (emu::Index i : system.inputsWithRole(role))
        names << QString::fromStdString(system.description().inputs[i].name);
    return names.isEmpty() ? QStringLiteral("none") : names.join(", ");
}

/// What a message says an input of this role is.
std::string roleText(Role role)
{
    switch (role) {
    case Role::Intervention:
        return "an intervention";
    case Role::Condition:
        return "a condition";
    case Role::Random:
        return "a random input, drawn afresh every run, so it cannot be set";
    }
    return {};
}

} // namespace

QList<QCommandLineOption> systemFileOptions()
{
    return {
        {"file",
         "A system file (JSON, \"format\": \"emuplay-system\"; `emuplay-cli system write` prints "
         "the built-in one to start from). Default: the built-in supply chain.",
         "path"},
        {"seed", "Seed of everything random (default 1).", "s", "1"},
    };
}

emu::System loadSystem(const QCommandLineParser& parser)
{
    if (!parser.isSet("file"))
        return emu::System(emu::supplyChainDescription());
    const QString path = parser.value("file");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw emu::Error("cannot open " + path.toStdString() + ": " +
                         file.errorString().toStdString());
    const QByteArray text = file.readAll();
    return emu::System(emu::readSystemDescription(
        std::string_view(text.constData(), std::size_t(text.size())), path.toStdString()));
}

QJsonObject systemJson(const emu::System& system, const QCommandLineParser& parser)
{
    return QJsonObject{
        {"name", QString::fromStdString(system.description().name)},
        {"file", parser.isSet("file") ? QJsonValue(parser.value("file")) : QJsonValue()},
        {"cost_unit", QString::fromStdString(system.description().costUnit)},
        {"run_cost", system.runCost()},
    };
}

std::vector<InputSetting> inputSettings(const QCommandLineParser& parser, const QString& option,
                                        const emu::System& system, Role role, bool alsoConditions,
                                        const std::string& hint)
{
    const auto& inputs = system.description().inputs;
    const auto allowed = [&](Role r) {
        return r == role || (alsoConditions && r == Role::Condition);
    };
    std::string valid = (role == Role::Intervention ? "interventions: " : "conditions: ") +
                        namesWithRole(system, role).toStdString();
    if (alsoConditions && role != Role::Condition)
        valid += "; conditions: " + namesWithRole(system, Role::Condition).toStdString();
    const std::string name = "--" + option.toStdString();

    std::vector<InputSetting> settings;
    for (const QString& value : parser.values(option))
        for (const QString& raw : value.split(',')) {
            const QString item = raw.trimmed();
            const qsizetype eq = item.indexOf('=');
            if (eq <= 0)
                throw UsageError(name + " needs NAME=VALUE items (" + valid + "), got \"" +
                                 item.toStdString() + "\"");
            const std::string key = item.left(eq).trimmed().toStdString();
            const std::string where = name + " " + item.toStdString();
            emu::Index index = -1;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                if (inputs[i].name == key)
                    index = emu::Index(i);
            if (index < 0)
                throw UsageError(name + ": the system has no input \"" + key + "\"; " + valid);
            const emu::SystemInput& input = inputs[std::size_t(index)];
            if (!allowed(input.role))
                throw UsageError(
                    name + ": \"" + key + "\" is " + roleText(input.role) +
                    (input.role == Role::Random ? "" : ", which " + name + " does not set") +
                    (hint.empty() || input.role == Role::Random ? "" : " (" + hint + ")") + "; " +
                    valid);
            bool ok = false;
            const double x = item.mid(eq + 1).trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(x))
                throw UsageError(where + ": the value must be a number");
            if (x < input.lower || x > input.upper)
                throw UsageError(where + ": " + key + " must lie in its range " + rangeText(input));
            for (const InputSetting& s : settings)
                if (s.input == index)
                    throw UsageError(name + " sets \"" + key + "\" twice");
            settings.push_back({index, x});
        }
    return settings;
}

emu::RowVector interventionsWith(const emu::System& system,
                                 const std::vector<InputSetting>& settings)
{
    emu::RowVector values = system.interventionValues();
    const std::vector<emu::Index> interventions = system.inputsWithRole(Role::Intervention);
    for (std::size_t k = 0; k < interventions.size(); ++k)
        for (const InputSetting& s : settings)
            if (s.input == interventions[k])
                values(emu::Index(k)) = s.value;
    return values;
}

emu::RowVector conditionsWith(const emu::System& system, const std::vector<InputSetting>& settings)
{
    const std::vector<emu::Index> conditions = system.inputsWithRole(Role::Condition);
    emu::RowVector values(emu::Index(conditions.size()));
    for (std::size_t k = 0; k < conditions.size(); ++k) {
        values(emu::Index(k)) = system.description().inputs[std::size_t(conditions[k])].value;
        for (const InputSetting& s : settings)
            if (s.input == conditions[k])
                values(emu::Index(k)) = s.value;
    }
    return values;
}

namespace {

QJsonObject inputsJson(const emu::System& system, Role role, const emu::RowVector& values)
{
    const std::vector<emu::Index> indices = system.inputsWithRole(role);
    QJsonObject out;
    for (std::size_t k = 0; k < indices.size() && emu::Index(k) < values.size(); ++k)
        out[QString::fromStdString(system.description().inputs[std::size_t(indices[k])].name)] =
            values(emu::Index(k));
    return out;
}

} // namespace

QJsonObject interventionsJson(const emu::System& system, const emu::RowVector& values)
{
    return inputsJson(system, Role::Intervention, values);
}

QJsonObject conditionsJson(const emu::System& system, const emu::RowVector& values)
{
    return inputsJson(system, Role::Condition, values);
}

QJsonObject perOutputJson(const emu::System& system, const emu::RowVector& values)
{
    QJsonObject out;
    for (emu::Index o = 0; o < system.outputCount() && o < values.size(); ++o)
        out[QString::fromStdString(system.outputNames()[std::size_t(o)])] = numberOrNull(values(o));
    return out;
}

QJsonValue numberOrNull(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue();
}

SystemMethod methodOption(const QCommandLineParser& parser, bool allowBoth)
{
    const QString id = parser.value("method");
    if (id == "whole")
        return SystemMethod::Whole;
    if (id == "composed")
        return SystemMethod::Composed;
    if (id == "both" && allowBoth)
        return SystemMethod::Both;
    throw UsageError("unknown --method \"" + id.toStdString() + "\"; methods: whole, composed" +
                     (allowBoth ? ", both" : ""));
}

const char* methodId(SystemMethod method)
{
    switch (method) {
    case SystemMethod::Whole:
        return "whole";
    case SystemMethod::Composed:
        return "composed";
    case SystemMethod::Both:
        return "both";
    }
    return "";
}

TrainedSystemEmulator::TrainedSystemEmulator(const emu::System& system, SystemMethod method,
                                             const emu::SystemEmulatorSettings& settings,
                                             emu::Progress& progress)
    : m_method(method), m_runs(settings.runs)
{
    const auto started = std::chrono::steady_clock::now();
    if (method == SystemMethod::Whole)
        m_whole = std::make_unique<emu::WholeSystemEmulator>(system, settings, progress);
    else if (method == SystemMethod::Composed)
        m_composed = std::make_unique<emu::ComponentwiseEmulator>(system, settings, progress);
    else
        throw std::logic_error("TrainedSystemEmulator: one method at a time");
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

emu::SystemForecast TrainedSystemEmulator::forecast(const emu::RowVector& interventions,
                                                    const emu::RowVector& conditions, int samples,
                                                    std::uint64_t seed) const
{
    if (m_whole)
        return m_whole->forecast(interventions);
    return m_composed->forecast(interventions, conditions, samples, seed);
}

emu::PredictedChange TrainedSystemEmulator::change(const emu::RowVector& before,
                                                   const emu::RowVector& after, int samples,
                                                   std::uint64_t seed) const
{
    if (m_whole)
        return m_whole->change(before, after);
    return m_composed->change(before, after, emu::RowVector(), samples, seed);
}

QJsonObject TrainedSystemEmulator::trainingJson(const emu::System& system) const
{
    QJsonObject out{{"method", methodId(m_method)}, {"seconds", m_seconds}};
    if (m_whole) {
        out["runs"] = qint64(m_runs);
        out["runs_of"] = "the whole system, at a Latin hypercube of the interventions";
        out["runs_used"] = qint64(m_whole->runs());
        out["failed_runs"] = qint64(m_whole->failedRuns());
        out["cost"] = m_whole->cost();
        return out;
    }
    out["runs"] = qint64(m_runs);
    out["runs_of"] = "every component alone, at a Latin hypercube of its input ports' ranges";
    QJsonArray components;
    qint64 used = 0;
    for (emu::Index c = 0; c < system.componentCount(); ++c) {
        const qint64 n = qint64(m_composed->trainingInputs(c).rows());
        used += n;
        components.append(QJsonObject{{"name", QString::fromStdString(system.component(c).name)},
                                      {"runs_used", n},
                                      {"failed_runs", qint64(m_runs) - n},
                                      {"cost", double(m_runs) * system.component(c).cost}});
    }
    out["runs_used"] = used;
    out["failed_runs"] = qint64(m_runs) * qint64(system.componentCount()) - used;
    out["cost"] = m_composed->trainingCost();
    out["components"] = components;
    return out;
}

} // namespace cli
