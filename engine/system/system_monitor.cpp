#include "engine/system/system_monitor.h"

#include "engine/core/errors.h"
#include "engine/core/normal_quantile.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

/// The q-quantile of sorted values (linear interpolation between order statistics).
double sortedQuantile(const Vector& sorted, double q)
{
    const double at = q * double(sorted.size() - 1);
    const Index i = static_cast<Index>(std::floor(at));
    const Index j = std::min<Index>(i + 1, sorted.size() - 1);
    return sorted(i) + (at - double(i)) * (sorted(j) - sorted(i));
}

bool beyond(const Vector& limits, Index o, double y, bool above)
{
    if (limits.size() == 0 || std::isnan(limits(o)))
        return false;
    return above ? y > limits(o) : y < limits(o);
}

} // namespace

SystemMonitor::SystemMonitor(System system, RowVector interventions, SystemForecast forecast,
                             MonitorSettings settings)
    : m_system(std::move(system)), m_interventions(std::move(interventions)),
      m_forecast(std::move(forecast)), m_settings(std::move(settings)), m_rng(m_settings.seed)
{
    const Index k = m_system.outputCount();
    if (m_interventions.size() != m_system.interventionSpace().dimension())
        throw InvalidInput("monitoring needs one value per intervention");
    if (m_forecast.mean.size() != k || m_forecast.spread.size() != k ||
        (m_forecast.samples.size() > 0 && m_forecast.samples.cols() != k))
        throw InvalidInput("the forecast does not have one value per output of the system");
    if (m_settings.window < 1 || !(m_settings.level > 0.0) || !(m_settings.band > 0.0 && m_settings.band < 1.0))
        throw InvalidInput("monitoring needs a window of at least a day, an alarm level > 0 and a band in (0, 1)");
    setLimits(m_settings.lowerLimits, m_settings.upperLimits);
    const double tail = (1.0 - m_settings.band) / 2.0;
    m_lower.resize(k);
    m_upper.resize(k);
    if (m_forecast.samples.rows() >= 2) {
        Matrix sorted = m_forecast.samples;
        for (Index o = 0; o < k; ++o) {
            std::sort(sorted.col(o).data(), sorted.col(o).data() + sorted.rows());
            m_lower(o) = sortedQuantile(sorted.col(o), tail);
            m_upper(o) = sortedQuantile(sorted.col(o), 1.0 - tail);
        }
    } else {
        const double z = normalQuantile(1.0 - tail);
        m_lower = m_forecast.mean - z * m_forecast.spread;
        m_upper = m_forecast.mean + z * m_forecast.spread;
    }
    const std::vector<Index> conditions = m_system.inputsWithRole(SystemInput::Role::Condition);
    m_nominal.resize(static_cast<Index>(conditions.size()));
    for (std::size_t c = 0; c < conditions.size(); ++c)
        m_nominal(c) = m_system.description().inputs[conditions[c]].value;
    m_conditions = m_nominal;
    // The days' own scatter: what the spread has beyond the emulator's uncertainty (a floor
    // keeps T finite for an output that never varies).
    const RowVector floor = (1e-6 * (m_forecast.spread.array().abs() + 1e-9)).square();
    m_dayVariance = (m_forecast.spread.array().square() - m_forecast.meanSd.array().square()).max(floor.array());
}

void SystemMonitor::setConditions(const RowVector& conditions)
{
    if (conditions.size() != m_nominal.size() || !conditions.allFinite())
        throw InvalidInput("give one finite value per condition (" + std::to_string(m_nominal.size()) + ")");
    m_conditions = conditions;
}

void SystemMonitor::setLimits(Vector lower, Vector upper)
{
    const Index k = m_system.outputCount();
    if ((lower.size() != 0 && lower.size() != k) || (upper.size() != 0 && upper.size() != k))
        throw InvalidInput("give one fixed limit per output (NaN for none), or none");
    m_settings.lowerLimits = std::move(lower);
    m_settings.upperLimits = std::move(upper);
}

void SystemMonitor::resetConditions()
{
    m_conditions = m_nominal;
}

const MonitorDay& SystemMonitor::step()
{
    MonitorDay day;
    day.day = static_cast<Index>(m_days.size()) + 1;
    day.lower = m_lower;
    day.upper = m_upper;
    RowVector inputs = m_system.drawInputs(m_interventions, m_rng);
    const std::vector<Index> conditions = m_system.inputsWithRole(SystemInput::Role::Condition);
    for (std::size_t c = 0; c < conditions.size(); ++c)
        inputs(conditions[c]) = m_conditions(c);
    day.changed = m_conditions != m_nominal;
    const SystemRun run = m_system.run(inputs);
    day.error = run.error;
    const Index k = m_system.outputCount();
    day.evidence = RowVector::Zero(k);
    if (run.ok()) {
        day.observed = run.outputs;
        day.outside.resize(k);
        for (Index o = 0; o < k; ++o) {
            const double y = run.outputs(o);
            day.outside[o] = y < m_lower(o) || y > m_upper(o);
            day.thresholdAlarm = day.thresholdAlarm || beyond(m_settings.lowerLimits, o, y, false) ||
                                 beyond(m_settings.upperLimits, o, y, true);
        }
        m_window.push_back(run.outputs - m_forecast.mean);
        if (static_cast<Index>(m_window.size()) > m_settings.window)
            m_window.erase(m_window.begin());
        const double w = double(m_window.size());
        RowVector mean = RowVector::Zero(k);
        for (const RowVector& residual : m_window)
            mean += residual / w;
        const RowVector sd = (m_forecast.meanSd.array().square() + m_dayVariance.array() / w).sqrt();
        day.evidence = mean.array() / sd.array();
        day.alarm = day.evidence.cwiseAbs().maxCoeff() > m_settings.level;
        if (day.alarm)
            m_window.clear(); // acknowledged: the evidence restarts
    }
    m_days.push_back(std::move(day));
    return m_days.back();
}

DetectionStudy measureDetection(const System& system, const RowVector& interventions,
                                const SystemForecast& forecast, const RowVector& changed,
                                Index changeDay, Index days, int seeds, const MonitorSettings& settings,
                                Progress& progress)
{
    if (changeDay < 1 || days < changeDay || seeds < 1)
        throw InvalidInput("the change must come on a day between 1 and the last day, with at least one seed");
    DetectionStudy study;
    study.changeDay = changeDay;
    Index alarmsBefore = 0, thresholdAlarmsBefore = 0;
    for (int s = 0; s < seeds; ++s) {
        progress.checkCancelled();
        progress.report(double(s), double(seeds), "monitoring");
        MonitorSettings seeded = settings;
        seeded.seed = settings.seed + std::uint64_t(s);
        SystemMonitor monitor(system, interventions, forecast, seeded);
        Index delay = -1, thresholdDelay = -1;
        for (Index d = 1; d <= days && (delay < 0 || thresholdDelay < 0); ++d) {
            if (d == changeDay)
                monitor.setConditions(changed);
            const MonitorDay& day = monitor.step();
            if (d < changeDay) {
                alarmsBefore += day.alarm;
                thresholdAlarmsBefore += day.thresholdAlarm;
            } else {
                if (day.alarm && delay < 0)
                    delay = d - changeDay + 1;
                if (day.thresholdAlarm && thresholdDelay < 0)
                    thresholdDelay = d - changeDay + 1;
            }
        }
        study.delays.push_back(delay);
        study.thresholdDelays.push_back(thresholdDelay);
    }
    const double watched = double(seeds) * double(changeDay - 1);
    if (watched > 0) {
        study.falseAlarmsPer100Days = 100.0 * double(alarmsBefore) / watched;
        study.thresholdFalseAlarmsPer100Days = 100.0 * double(thresholdAlarmsBefore) / watched;
    }
    return study;
}

} // namespace emu
