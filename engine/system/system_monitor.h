#pragma once
// Watching a deployed system day by day against an emulator's forecast, to notice when the
// world (or a component) has changed behind the model's back.
//
// Each day the system runs once at fixed interventions: random inputs drawn, conditions at
// their current values (an injected change moves them; the forecast is not told). For each
// output the day's observation y is compared with the forecast there, whose mean m is uncertain
// by s_m (the emulator's own uncertainty) and whose days scatter by s_d around it:
//   flagged    y outside the central band of one day's forecast (95 % by default);
//   evidence   the mean residual of the last W days (fewer in the first days, and after an
//              alarm), r̄ = mean(y − m), against what it may be while nothing has changed:
//                  T = r̄ / √(s_m² + s_d²/W).
//              The emulator's error is the same every day, so it does not average away: a
//              monitor that treated days as independent would take a slightly wrong emulator
//              for a change within weeks. An alarm when |T| > c for any output; then the
//              window restarts.
// A better emulator (smaller s_m) notices smaller changes; a changed condition the size of the
// day-to-day scatter is noticed within days.
// Beside it, the fixed-threshold alarm an operator would set without an emulator: an alarm on
// every day an output is beyond its limit. It does not follow the interventions: a limit that
// suits one setting is too tight or too loose for another.

#include "engine/core/progress.h"
#include "engine/core/rng.h"
#include "engine/core/types.h"
#include "engine/system/system.h"
#include "engine/system/system_emulation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

struct MonitorSettings
{
    Index window = 7;      ///< W: the days whose mean residual is tested
    double level = 3.5;    ///< c: the alarm level of |T|
    double band = 0.95;    ///< central probability of the band a day is flagged outside of
    Vector lowerLimits;    ///< fixed alarm when an output falls below (NaN or empty: none)
    Vector upperLimits;    ///< fixed alarm when an output rises above (NaN or empty: none)
    std::uint64_t seed = 1; ///< the days' random inputs and the residuals' draws
};

/// One day of monitoring.
struct MonitorDay
{
    Index day = 0;          ///< 1 for the first day
    RowVector observed;     ///< the system's outputs (empty if the run failed)
    RowVector lower;        ///< the band, per output
    RowVector upper;
    RowVector evidence;     ///< T per output (0 if the run failed)
    std::vector<bool> outside;
    bool alarm = false;          ///< the emulator-based monitor sounded today
    bool thresholdAlarm = false; ///< a fixed limit was crossed today
    bool changed = false;        ///< the conditions differed from nominal today
    std::string error;           ///< why the run failed (the day is skipped)
};

class SystemMonitor
{
public:
    /// Watches `system` run at `interventions` against `forecast` (one day's outputs there, from
    /// either emulator). Throws InvalidInput for a wrong count of interventions or limits, a
    /// forecast of another number of outputs, or settings out of range (W < 1, c ≤ 0, band
    /// outside (0, 1)).
    SystemMonitor(System system, RowVector interventions, SystemForecast forecast,
                  MonitorSettings settings);

    /// The conditions from the next day on (one value per condition input, description order);
    /// the forecast is not told. Throws InvalidInput for a wrong count.
    void setConditions(const RowVector& conditions);
    /// Back to the nominal conditions.
    void resetConditions();
    /// The fixed limits from the next day on (as in MonitorSettings).
    void setLimits(Vector lower, Vector upper);
    const MonitorSettings& settings() const { return m_settings; }
    /// Runs one day and compares it with the forecast.
    const MonitorDay& step();

    const std::vector<MonitorDay>& days() const { return m_days; }
    const SystemForecast& forecast() const { return m_forecast; }
    const System& system() const { return m_system; }

private:
    System m_system;
    RowVector m_interventions;
    SystemForecast m_forecast;
    MonitorSettings m_settings;
    RowVector m_lower;
    RowVector m_upper;
    RowVector m_dayVariance; ///< s_d² per output
    RowVector m_conditions;
    RowVector m_nominal;
    std::vector<RowVector> m_window; ///< residuals y − m of the days in the window
    Rng m_rng;
    std::vector<MonitorDay> m_days;
};

/// How fast the monitors notice a change, over several seeds.
struct DetectionStudy
{
    Index changeDay = 0;                 ///< the first day run with the changed conditions
    std::vector<Index> delays;           ///< per seed: days until the emulator alarm (−1: missed)
    std::vector<Index> thresholdDelays;  ///< the same for the fixed limits
    double falseAlarmsPer100Days = 0.0;  ///< emulator alarms before the change, per 100 days
    double thresholdFalseAlarmsPer100Days = 0.0;
};

/// Monitors `seeds` runs of `days` days each (seeds settings.seed, +1, …); the conditions
/// change to `changed` from day `changeDay` on. A delay counts the days from the change to the
/// first alarm on or after it, that day included (1: noticed on the first changed day).
DetectionStudy measureDetection(const System& system, const RowVector& interventions,
                                const SystemForecast& forecast, const RowVector& changed,
                                Index changeDay, Index days, int seeds,
                                const MonitorSettings& settings, Progress& progress = Progress::none());

} // namespace emu
