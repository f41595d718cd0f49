#include "app/cli/command_system_monitor.h"

#include "app/cli/cli.h"
#include "app/cli/cli_options.h"
#include "app/cli/system_options.h"
#include "app/cli/terminal_progress.h"
#include "engine/system/system_monitor.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace cli {

namespace {

using Role = emu::SystemInput::Role;

constexpr int maxRuns = 2000;

QString outputName(const emu::System& system, emu::Index o)
{
    return QString::fromStdString(system.outputNames()[std::size_t(o)]);
}

QString outputList(const emu::System& system)
{
    QStringList names;
    for (emu::Index o = 0; o < system.outputCount(); ++o)
        names << outputName(system, o);
    return names.join(", ");
}

/// The --limit items ("accounts.cost>600", "accounts.service_level<0.9") into the settings'
/// lower and upper limits (NaN: none); JSON of them into `json`.
void readLimits(const QCommandLineParser& parser, const emu::System& system,
                emu::MonitorSettings& settings, QJsonArray& json)
{
    const QStringList items = parser.values("limit");
    if (items.isEmpty())
        return;
    const emu::Index k = system.outputCount();
    const double none = std::numeric_limits<double>::quiet_NaN();
    settings.lowerLimits = emu::Vector::Constant(k, none);
    settings.upperLimits = emu::Vector::Constant(k, none);
    static const QRegularExpression pattern(R"(^\s*([^<>\s]+)\s*([<>])\s*(\S+)\s*$)");
    for (const QString& value : items)
        for (const QString& item : value.split(',')) {
            const QRegularExpressionMatch m = pattern.match(item);
            if (!m.hasMatch())
                throw UsageError("--limit needs OUTPUT<VALUE (an alarm below) or OUTPUT>VALUE (an "
                                 "alarm above), quoted for the shell; outputs: " +
                                 outputList(system).toStdString() + "; got \"" +
                                 item.toStdString() + "\"");
            const std::string name = m.captured(1).toStdString();
            const auto& names = system.outputNames();
            const auto it = std::find(names.begin(), names.end(), name);
            if (it == names.end())
                throw UsageError("--limit \"" + item.trimmed().toStdString() + "\": no output \"" +
                                 name + "\"; outputs: " + outputList(system).toStdString());
            const double x = finiteNumber(m.captured(3), "--limit " + item.trimmed());
            const bool below = m.captured(2) == "<";
            emu::Vector& limits = below ? settings.lowerLimits : settings.upperLimits;
            const emu::Index o = emu::Index(it - names.begin());
            if (!std::isnan(limits(o)))
                throw UsageError("--limit gives " + name + " two " + (below ? "lower" : "upper") +
                                 " limits");
            limits(o) = x;
            json.append(QJsonObject{{"output", QString::fromStdString(name)},
                                    {"alarm_when", below ? "below" : "above"},
                                    {"value", x}});
        }
}

/// Per output: observed, band, evidence and whether outside (null where the run failed).
QJsonObject dayOutputsJson(const emu::System& system, const emu::MonitorDay& day)
{
    QJsonObject out;
    const bool ok = day.observed.size() > 0;
    for (emu::Index o = 0; o < system.outputCount(); ++o)
        out[outputName(system, o)] = QJsonObject{
            {"observed", ok ? QJsonValue(day.observed(o)) : QJsonValue()},
            {"lower", day.lower(o)},
            {"upper", day.upper(o)},
            {"evidence", ok ? QJsonValue(day.evidence(o)) : QJsonValue()},
            {"outside", ok ? QJsonValue(bool(day.outside[std::size_t(o)])) : QJsonValue()},
        };
    return out;
}

/// A delay in days, or null for a change not noticed.
QJsonValue delayJson(emu::Index delay)
{
    return delay < 0 ? QJsonValue() : QJsonValue(qint64(delay));
}

/// The median delay, a missed change counting as later than any; null if half or more missed.
QJsonValue medianDelay(std::vector<emu::Index> delays)
{
    for (emu::Index& d : delays)
        if (d < 0)
            d = std::numeric_limits<emu::Index>::max();
    std::sort(delays.begin(), delays.end());
    const std::size_t n = delays.size();
    const emu::Index a = delays[(n - 1) / 2], b = delays[n / 2];
    if (b == std::numeric_limits<emu::Index>::max())
        return QJsonValue();
    return 0.5 * double(a + b);
}

QJsonArray delaysJson(const std::vector<emu::Index>& delays)
{
    QJsonArray out;
    for (emu::Index d : delays)
        out.append(delayJson(d));
    return out;
}

qint64 missed(const std::vector<emu::Index>& delays)
{
    return std::count(delays.begin(), delays.end(), emu::Index(-1));
}

/// Monitors one seed and lists every day, with a summary.
void watchDays(const emu::System& system, const emu::RowVector& x,
               const emu::SystemForecast& forecast, const emu::RowVector& changed, bool changing,
               int changeDay, int days, const emu::MonitorSettings& settings, QJsonObject& result)
{
    emu::SystemMonitor monitor(system, x, forecast, settings);
    QJsonArray list;
    const emu::Index k = system.outputCount();
    std::vector<qint64> outsideBefore(std::size_t(k), 0), outsideAfter(std::size_t(k), 0);
    qint64 failed = 0, alarms = 0, falseAlarms = 0, thresholdFalseAlarms = 0;
    QJsonValue firstAlarm, delay, thresholdFirst, thresholdDelay;
    for (int d = 1; d <= days; ++d) {
        if (changing && d == changeDay)
            monitor.setConditions(changed);
        const emu::MonitorDay& day = monitor.step();
        const bool before = !changing || d < changeDay;
        QJsonObject item{{"day", d},
                         {"changed", day.changed},
                         {"alarm", day.alarm},
                         {"threshold_alarm", day.thresholdAlarm},
                         {"outputs", dayOutputsJson(system, day)}};
        if (!day.error.empty()) {
            item["error"] = QString::fromStdString(day.error);
            ++failed;
        }
        for (std::size_t o = 0; o < day.outside.size(); ++o)
            (before ? outsideBefore : outsideAfter)[o] += day.outside[o];
        alarms += day.alarm;
        if (day.alarm && firstAlarm.isNull())
            firstAlarm = d;
        if (day.thresholdAlarm && thresholdFirst.isNull())
            thresholdFirst = d;
        if (before) {
            falseAlarms += day.alarm;
            thresholdFalseAlarms += day.thresholdAlarm;
        } else {
            if (day.alarm && delay.isNull())
                delay = d - changeDay + 1;
            if (day.thresholdAlarm && thresholdDelay.isNull())
                thresholdDelay = d - changeDay + 1;
        }
        list.append(item);
    }
    const double watched = changing ? double(changeDay - 1) : double(days);
    const auto per100 = [&](qint64 n) {
        return watched > 0 ? QJsonValue(100.0 * double(n) / watched) : QJsonValue();
    };
    QJsonObject outsideJson;
    for (emu::Index o = 0; o < k; ++o)
        outsideJson[outputName(system, o)] =
            QJsonObject{{"before_change", outsideBefore[std::size_t(o)]},
                        {"from_change", outsideAfter[std::size_t(o)]}};
    result["per_day"] = list;
    result["summary"] = QJsonObject{
        {"alarms", alarms},
        {"first_alarm", firstAlarm},
        {"false_alarms", falseAlarms},
        {"false_alarms_per_100_days", per100(falseAlarms)},
        {"delay", delay},
        {"threshold", QJsonObject{{"first_alarm", thresholdFirst},
                                  {"false_alarms", thresholdFalseAlarms},
                                  {"false_alarms_per_100_days", per100(thresholdFalseAlarms)},
                                  {"delay", thresholdDelay}}},
        {"days_outside_band", outsideJson},
        {"failed_days", failed},
        {"note", "false alarms: alarms before the change day (every alarm without --change); "
                 "delay: days from the change to the first alarm on or after it, 1 if on the "
                 "change day itself, null if none; days_outside_band: days an output fell outside "
                 "the band, which a calibrated forecast keeps to 1 - band of the days before the "
                 "change"},
    };
}

} // namespace

QJsonObject runSystemMonitor(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOptions(systemFileOptions());
    parser.addOptions({
        {"days", "Days monitored, one run each, 1 to 100000 (default 200).", "d", "200"},
        {"change-day", "The first day with the changed conditions, 1 to --days (default 100).",
         "c"},
        {"change",
         "NAME=VALUE of a condition from the change day on, e.g. demand_shift=0.15 "
         "(the forecast is not told); repeatable or comma-separated. Without it nothing "
         "changes and every alarm is false.",
         "name=value"},
        {"set", "NAME=VALUE of an intervention: the setting monitored (default: the file's).",
         "name=value"},
        {"method", "The emulator forecasting each day: whole or composed (default).", "id",
         "composed"},
        {"runs", QString("Training runs of the emulator, 3 to %1 (default 160).").arg(maxRuns), "n",
         "160"},
        {"samples",
         "Composition samples of the forecast (--method composed), 2 to 1000000 "
         "(default 2000).",
         "s", "2000"},
        {"window", "W: days whose mean residual is tested, 1 to 10000 (default 7).", "w", "7"},
        {"level", "c: an alarm when |T| > c for an output (default 3.5).", "c", "3.5"},
        {"band",
         "Central probability of the daily band a day is flagged outside of (default "
         "0.95).",
         "p", "0.95"},
        {"limit",
         "A fixed-threshold alarm, as an operator without an emulator would set: "
         "\"OUTPUT<VALUE\" or \"OUTPUT>VALUE\" (full output name, e.g. "
         "\"accounts.cost>600\"); repeatable.",
         "rule"},
        {"seeds",
         "1 (default): print every day; K > 1: monitor K seeds (--seed, +1, ...) and "
         "print the delays and false-alarm rates. 1 to 1000.",
         "k", "1"},
    });
    parseOrThrow(parser, QStringLiteral("system monitor"), args);

    // Every option is checked before any work.
    const std::uint64_t seed = seedOption(parser);
    const int days = intOption(parser, "days", 1, 100000);
    const bool changing = parser.isSet("change");
    if (parser.isSet("change-day") && !changing)
        throw UsageError("--change-day needs --change NAME=VALUE (what changes on that day)");
    const int changeDay =
        changing ? (parser.isSet("change-day") ? intOption(parser, "change-day", 1, days)
                                               : std::min(100, days))
                 : days;
    const SystemMethod method = methodOption(parser, false);
    const int runs = intOption(parser, "runs", 3, maxRuns);
    const int samples = intOption(parser, "samples", 2, 1000000);
    if (parser.isSet("samples") && method != SystemMethod::Composed)
        throw UsageError("--samples is for --method composed");
    emu::MonitorSettings settings;
    settings.seed = seed;
    settings.window = intOption(parser, "window", 1, 10000);
    settings.level = positiveOption(parser, "level");
    settings.band = finiteNumber(parser.value("band"), "--band");
    if (!(settings.band > 0.0 && settings.band < 1.0))
        throw UsageError("--band needs a probability strictly between 0 and 1, got \"" +
                         parser.value("band").toStdString() + "\"");
    const int seeds = intOption(parser, "seeds", 1, 1000);
    if (seeds > 1 && !changing)
        throw UsageError("--seeds K > 1 measures how fast a change is noticed: give --change "
                         "NAME=VALUE");
    const emu::System system = loadSystem(parser);
    const std::vector<InputSetting> set = inputSettings(parser, "set", system, Role::Intervention,
                                                        false, "a condition changes with --change");
    const std::vector<InputSetting> change =
        inputSettings(parser, "change", system, Role::Condition, false, "set it with --set");
    if (changing && change.empty())
        throw UsageError("--change needs NAME=VALUE items");
    QJsonArray limits;
    readLimits(parser, system, settings, limits);

    const emu::RowVector x = interventionsWith(system, set);
    const emu::RowVector changed = conditionsWith(system, change);
    emu::SystemEmulatorSettings training;
    training.runs = runs;
    training.seed = seed;
    TerminalProgress progress("system monitor");
    emu::ChildProgress part(progress.get(), 0.0, seeds > 1 ? 0.5 : 0.9, "training");
    const TrainedSystemEmulator emulator(system, method, training, part.get());
    const emu::SystemForecast forecast = emulator.forecast(x, {}, samples, seed);

    QJsonObject changeJson;
    for (const InputSetting& c : change)
        changeJson[QString::fromStdString(system.description().inputs[std::size_t(c.input)].name)] =
            c.value;
    QJsonObject forecastJson;
    for (emu::Index o = 0; o < system.outputCount(); ++o)
        forecastJson[outputName(system, o)] = QJsonObject{{"mean", forecast.mean(o)},
                                                          {"mean_sd", forecast.meanSd(o)},
                                                          {"spread", forecast.spread(o)}};
    QJsonObject result{
        {"system", systemJson(system, parser)},
        {"seed", seedJson(seed)},
        {"days", days},
        {"change_day", changing ? QJsonValue(changeDay) : QJsonValue()},
        {"change", changing ? QJsonValue(changeJson) : QJsonValue()},
        {"interventions", interventionsJson(system, x)},
        {"method", methodId(method)},
        {"training", emulator.trainingJson(system)},
        {"forecast", forecastJson},
        {"settings", QJsonObject{{"window", qint64(settings.window)},
                                 {"level", settings.level},
                                 {"band", settings.band},
                                 {"limits", limits}}},
        {"seeds", seeds},
        {"note", "each day the system runs once at the interventions; evidence T = mean residual "
                 "of the last `window` days / its sd while nothing has changed; an alarm when |T| "
                 "> level for any output (the window then restarts); threshold_alarm: a --limit "
                 "crossed that day"},
    };
    if (method == SystemMethod::Composed)
        result["samples"] = samples;
    const auto started = std::chrono::steady_clock::now();
    if (seeds == 1) {
        watchDays(system, x, forecast, changed, changing, changeDay, days, settings, result);
    } else {
        const emu::DetectionStudy study =
            emu::measureDetection(system, x, forecast, changed, changeDay, days, seeds, settings);
        result["detection"] = QJsonObject{
            {"delays", delaysJson(study.delays)},
            {"threshold_delays", delaysJson(study.thresholdDelays)},
            {"median_delay", medianDelay(study.delays)},
            {"median_threshold_delay", medianDelay(study.thresholdDelays)},
            {"missed", missed(study.delays)},
            {"threshold_missed", missed(study.thresholdDelays)},
            {"false_alarms_per_100_days", study.falseAlarmsPer100Days},
            {"threshold_false_alarms_per_100_days", study.thresholdFalseAlarmsPer100Days},
            {"note", "per seed (--seed, +1, ...): days from the change to the first alarm on or "
                     "after it (1: on the change day), null if none by the last day; a median "
                     "counts a miss as later than any delay and is null if half or more missed; "
                     "false alarms: alarms before the change day"},
        };
    }
    result["monitor_seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace cli
