// Emulating a deployed system (engine/system) on the built-in supply chain:
//
//   system_comparison   compareSystemEmulators(): a whole-system emulator of n runs against a
//                       component-wise one of n runs of every component (the same cost), for
//                       n = 20 … 640, 10 seeds, 50 held-out settings whose truth is the mean of 200
//                       runs, 200 composition samples. One line per budget: the median and the
//                       10 %/90 % quantiles over seeds of each output's normalised error, per
//                       method, and the budget's wall time; then the runs each method needs to
//                       bring each output's median error to 0.1 (null: not within the budgets).
//                       Each budget is one compareSystemEmulators() call with the same seed, so
//                       held-out points, truth and emulator seeds are those of one call over all
//                       budgets; budgets run in T threads (largest first), each single-threaded.
//   system_monitoring   for each emulator of N = 80, 160, 320 runs (both methods, seed 1) at the
//                       chain's own interventions: measureDetection() over 20 seeds of a demand
//                       shift of +15 % and of a retrained forecaster biased by −20 %, from day 101
//                       of 300; MonitorSettings defaults (W = 7, c = 3.5) and fixed limits at the
//                       forecast's mean ± 3 spread, as the lesson sets them. Delays in days (1: on
//                       the change day), a miss counting as later than any (a quantile that falls
//                       on a miss is null); false alarms per 100 days before the change. And a
//                       no-change run (1000 days, change day 1000) for the false-alarm rates.
//                       Composition forecasts with 2000 samples, as the lesson's monitor.
//   system_change       compareAfterChange() for three changes made after the emulators were
//                       trained: the forecaster retrained on another year of sales (history_seed
//                       7 → 8), the penalty per unit short doubled (6 → 12), and the market's
//                       demand up 15 % (the demand_shift condition's nominal value 0 → 0.15). For
//                       n = 20, 40, 80, 160 and 10 seeds (held-out settings, truth and samples as
//                       the comparison): per output the median normalised error of the
//                       whole-system emulator trained before the change (stale), retrained on n new
//                       runs, and the component-wise one adapted with n runs of what changed; and
//                       what the new runs cost each (mean over seeds). One line per change and n.
//   system_page_opening what the lesson does before its first result: both emulators trained on
//                       80 runs, one composed forecast (1000 samples) and the reach matrix (500),
//                       median of 5 (after a warm-up).
//   system_runs         whole-system runs per second, single thread (100,000 via runBatch).
//
// Usage: bench_system [--budgets 20,40,…] [--seeds S] [--threads T] [--only PART]
// (PART: comparison, change, monitoring, page or runs). Deterministic: every seed is fixed.
// Run time on the 2-core development machine, T = 2: 12 min 22 s in all. The comparison takes
// 12 min 15 s, nearly all of it the 640-run budget (735 s, ~73 s a seed, on one core; the 20 … 320
// budgets take 0.5, 0.9, 2.1, 7.1 and 35 s on the other); monitoring, page opening and system
// runs take about 8 s together, the change part 45 s (measured alone). Each "system_comparison" line's median_ms is its budget's wall
// time; "system_bench_total" is the whole run's. --budgets 20,40,80,160,320 takes under a minute.

#include "bench_util.h"

#include "engine/core/rng.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system.h"
#include "engine/system/system_emulation.h"
#include "engine/system/system_monitor.h"
#include "engine/system/system_study.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace emu;
using bench::median;
using bench::number;
using bench::numberList;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The q-quantile (linear interpolation between order statistics); +∞ entries (misses) make a
/// quantile that touches them +∞, printed as null.
double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const std::size_t lo = std::size_t(pos), hi = std::min(lo + 1, v.size() - 1);
    const double t = pos - double(lo);
    return t == 0.0 ? v[lo] : v[lo] + t * (v[hi] - v[lo]);
}

std::string quoted(const std::string& s)
{
    return "\"" + s + "\"";
}

std::string stringList(const std::vector<std::string>& v)
{
    std::string text = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        text += (i ? ", " : "") + quoted(v[i]);
    return text + "]";
}

std::vector<double> toStd(const RowVector& v)
{
    return std::vector<double>(v.data(), v.data() + v.size());
}

// ---- 1. comparison ----

/// Per output, the q-quantile over seeds of one budget's errors.
std::vector<double> quantiles(const std::vector<RowVector>& errors, double q)
{
    std::vector<double> out;
    for (Index o = 0; o < errors.front().size(); ++o) {
        std::vector<double> column;
        for (const RowVector& e : errors)
            column.push_back(e(o));
        out.push_back(quantile(column, q));
    }
    return out;
}

std::string runsList(const std::vector<Index>& runs)
{
    std::vector<double> v;
    for (Index r : runs)
        v.push_back(r < 0 ? std::numeric_limits<double>::quiet_NaN() : double(r));
    return numberList(v);
}

void runComparison(const std::vector<Index>& budgets, int seeds, unsigned threads)
{
    SystemComparisonSettings base; // heldOut 50, replicates 200, samples 200, seed 1
    base.seeds = seeds;
    const auto started = Clock::now();
    std::vector<SystemComparison> parts(budgets.size());
    std::vector<double> wallMs(budgets.size());
    // Largest budget first: it takes most of the time, the others fill the other threads.
    std::vector<std::size_t> order(budgets.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return budgets[a] > budgets[b]; });
    std::atomic<std::size_t> next = 0;
    std::mutex print;
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < std::min<std::size_t>(threads, budgets.size()); ++t)
        workers.emplace_back([&] {
            const System system(supplyChainDescription());
            for (std::size_t j = next++; j < order.size(); j = next++) {
                const std::size_t b = order[j];
                SystemComparisonSettings settings = base;
                settings.budgets = {budgets[b]};
                const auto start = Clock::now();
                parts[b] = compareSystemEmulators(system, settings);
                wallMs[b] = millisecondsSince(start);
                const std::lock_guard<std::mutex> lock(print);
                std::fprintf(stderr, "comparison: %lld runs done in %.1f s\n", static_cast<long long>(budgets[b]),
                             wallMs[b] / 1000.0);
            }
        });
    for (std::thread& w : workers)
        w.join();
    SystemComparison all;
    all.budgets = budgets;
    all.outputs = parts.front().outputs;
    for (const SystemComparison& p : parts) {
        all.whole.push_back(p.whole.front());
        all.composed.push_back(p.composed.front());
    }
    for (std::size_t b = 0; b < budgets.size(); ++b) {
        const std::vector<RowVector>&whole = all.whole[b], &composed = all.composed[b];
        std::ostringstream extra;
        extra << "\"budget\": " << budgets[b] << ", \"seeds\": " << seeds << ", \"held_out\": " << base.heldOut
              << ", \"replicates\": " << base.replicates << ", \"samples\": " << base.samples
              << ", \"threads\": " << threads << ", \"outputs\": " << stringList(all.outputs)
              << ", \"whole_median\": " << numberList(quantiles(whole, 0.5))
              << ", \"whole_q10\": " << numberList(quantiles(whole, 0.1))
              << ", \"whole_q90\": " << numberList(quantiles(whole, 0.9))
              << ", \"composed_median\": " << numberList(quantiles(composed, 0.5))
              << ", \"composed_q10\": " << numberList(quantiles(composed, 0.1))
              << ", \"composed_q90\": " << numberList(quantiles(composed, 0.9));
        bench::report("system_comparison", {wallMs[b]}, extra.str());
    }
    const double target = 0.1;
    std::ostringstream extra;
    extra << "\"budgets\": " << runsList(budgets) << ", \"seeds\": " << seeds << ", \"threads\": " << threads
          << ", \"outputs\": " << stringList(all.outputs) << ", \"target_error\": " << number(target)
          << ", \"whole_runs_to_target\": "
          << runsList(SystemComparison::runsToReach(all.medianWhole(), budgets, target))
          << ", \"composed_runs_to_target\": "
          << runsList(SystemComparison::runsToReach(all.medianComposed(), budgets, target))
          << ", \"note\": \"runs of the whole system, or of every component (the same cost); null: "
             "no budget's median error reached the target; median_ms: wall time of the whole comparison\"";
    bench::report("system_comparison_summary", {millisecondsSince(started)}, extra.str());
}

// ---- 2. after a change ----

/// A copy of the chain's description with one component parameter set.
SystemDescription withParameter(SystemDescription d, const std::string& component, const std::string& name,
                                double value)
{
    for (SystemComponentSpec& spec : d.components)
        if (spec.name == component) {
            std::erase_if(spec.parameters, [&](const auto& p) { return p.first == name; });
            spec.parameters.emplace_back(name, value); // parameters not given take the type's default
        }
    return d;
}

/// A copy of the chain's description with a condition's nominal value moved.
SystemDescription withCondition(SystemDescription d, const std::string& name, double value)
{
    for (SystemInput& input : d.inputs)
        if (input.name == name)
            input.value = value;
    return d;
}

void runChange(int seeds)
{
    const System before(supplyChainDescription());
    const std::vector<std::pair<std::string, SystemDescription>> changes = {
        {"forecaster retrained (history_seed 7 -> 8)", withParameter(before.description(), "forecaster", "history_seed", 8)},
        {"penalty doubled (6 -> 12)", withParameter(before.description(), "accounts", "penalty", 12)},
        {"demand up 15 % (demand_shift 0 -> 0.15)", withCondition(before.description(), "demand_shift", 0.15)}};
    SystemComparisonSettings settings;
    settings.budgets = {20, 40, 80, 160};
    settings.seeds = seeds;
    for (const auto& [name, description] : changes) {
        const auto start = Clock::now();
        const SystemComparison c = compareAfterChange(before, System(description), settings);
        const double ms = millisecondsSince(start);
        for (std::size_t b = 0; b < c.budgets.size(); ++b) {
            std::ostringstream extra;
            extra << "\"change\": " << quoted(name) << ", \"budget\": " << c.budgets[b] << ", \"seeds\": " << seeds
                  << ", \"outputs\": " << stringList(c.outputs)
                  << ", \"stale_median\": " << numberList(quantiles(c.stale[b], 0.5))
                  << ", \"whole_median\": " << numberList(quantiles(c.whole[b], 0.5))
                  << ", \"composed_median\": " << numberList(quantiles(c.composed[b], 0.5))
                  << ", \"whole_cost\": " << number(c.wholeCost[b])
                  << ", \"composed_cost\": " << number(c.composedCost[b])
                  << ", \"note\": \"median_ms: the wall time of this change's comparison over all budgets\"";
            bench::report("system_change", {ms}, extra.str());
        }
    }
}

// ---- 3. monitoring ----

/// The conditions with `name` set to `value` and the others nominal.
RowVector conditionsWith(const System& system, const std::string& name, double value)
{
    const std::vector<Index> conditions = system.inputsWithRole(SystemInput::Role::Condition);
    RowVector out(Index(conditions.size()));
    for (std::size_t c = 0; c < conditions.size(); ++c) {
        const SystemInput& input = system.description().inputs[std::size_t(conditions[c])];
        out(Index(c)) = input.name == name ? value : input.value;
    }
    return out;
}

std::vector<double> delaysOf(const std::vector<Index>& delays)
{
    std::vector<double> out;
    for (Index d : delays)
        out.push_back(d < 0 ? std::numeric_limits<double>::infinity() : double(d));
    return out;
}

std::string detectionJson(const std::string& prefix, const std::vector<Index>& delays)
{
    const std::vector<double> d = delaysOf(delays);
    const long missed = long(std::count(delays.begin(), delays.end(), Index(-1)));
    return "\"" + prefix + "delay_median\": " + number(quantile(d, 0.5)) + ", \"" + prefix +
           "delay_q25\": " + number(quantile(d, 0.25)) + ", \"" + prefix + "delay_q75\": " +
           number(quantile(d, 0.75)) + ", \"" + prefix + "missed\": " + std::to_string(missed) + ", \"" + prefix +
           "delays\": " + numberList(d);
}

struct Scenario
{
    std::string name;      ///< what changes
    std::string condition; ///< the condition moved ("" for none)
    double value = 0.0;
    Index changeDay = 101;
    Index days = 300;
};

void runMonitoring()
{
    const System system(supplyChainDescription());
    const RowVector x = system.interventionValues();
    const int seeds = 20, samples = 2000;
    const std::vector<Scenario> scenarios = {{"demand_shift=0.15", "demand_shift", 0.15, 101, 300},
                                             {"forecast_bias=-0.2", "forecast_bias", -0.2, 101, 300},
                                             {"none", "", 0.0, 1000, 1000}};
    for (const Index runs : {Index(80), Index(160), Index(320)})
        for (const bool composed : {false, true}) {
            SystemEmulatorSettings training;
            training.runs = runs;
            training.seed = 1;
            const auto trainStart = Clock::now();
            SystemForecast forecast;
            if (composed)
                forecast = ComponentwiseEmulator(system, training).forecast(x, RowVector(), samples, training.seed);
            else
                forecast = WholeSystemEmulator(system, training).forecast(x);
            const double trainMs = millisecondsSince(trainStart);
            MonitorSettings settings; // window 7, level 3.5, band 0.95, seed 1
            settings.lowerLimits = (forecast.mean - 3.0 * forecast.spread).transpose();
            settings.upperLimits = (forecast.mean + 3.0 * forecast.spread).transpose();
            for (const Scenario& s : scenarios) {
                const RowVector changed = s.condition.empty() ? conditionsWith(system, "", 0.0)
                                                              : conditionsWith(system, s.condition, s.value);
                const auto start = Clock::now();
                const DetectionStudy study =
                    measureDetection(system, x, forecast, changed, s.changeDay, s.days, seeds, settings);
                const double ms = millisecondsSince(start);
                std::ostringstream extra;
                extra << "\"runs_trained\": " << runs << ", \"method\": " << quoted(composed ? "composed" : "whole")
                      << ", \"change\": " << quoted(s.name) << ", \"change_day\": " << s.changeDay
                      << ", \"days\": " << s.days << ", \"seeds\": " << seeds
                      << ", \"window\": " << settings.window << ", \"level\": " << number(settings.level)
                      << ", \"interventions\": " << numberList(toStd(x))
                      << ", \"outputs\": " << stringList(system.outputNames())
                      << ", \"forecast_mean\": " << numberList(toStd(forecast.mean))
                      << ", \"forecast_mean_sd\": " << numberList(toStd(forecast.meanSd))
                      << ", \"forecast_spread\": " << numberList(toStd(forecast.spread));
                if (!s.condition.empty())
                    extra << ", " << detectionJson("", study.delays) << ", "
                          << detectionJson("threshold_", study.thresholdDelays);
                extra << ", \"false_alarms_per_100_days\": " << number(study.falseAlarmsPer100Days)
                      << ", \"threshold_false_alarms_per_100_days\": "
                      << number(study.thresholdFalseAlarmsPer100Days) << ", \"train_and_forecast_ms\": "
                      << number(trainMs)
                      << ", \"note\": \"delay: days from the change to the first alarm on or after it (1: the "
                         "change day); a miss counts as later than any, a quantile on a miss is null; false "
                         "alarms: alarms before the change day; threshold: fixed limits at forecast mean +- 3 "
                         "spread; median_ms: the detection study's wall time\"";
                bench::report("system_monitoring", {ms}, extra.str());
            }
        }
}

// ---- 4. page opening ----

/// One page opening's times: train whole, train composed, forecast, reach, in ms.
struct OpeningParts
{
    std::vector<double> whole, composed, forecast, reach;
};

/// timeRuns() of a page opening; the warm-up call's parts are dropped.
std::vector<double> timePageOpening(OpeningParts& parts)
{
    const System system(supplyChainDescription());
    const RowVector x = system.interventionValues();
    SystemEmulatorSettings settings; // as the lesson's defaults: 80 runs, seed 1
    settings.runs = 80;
    settings.seed = 1;
    const std::vector<double> totalMs = bench::timeRuns(
        [&] {
            auto start = Clock::now();
            const WholeSystemEmulator whole(system, settings);
            parts.whole.push_back(millisecondsSince(start));
            start = Clock::now();
            const ComponentwiseEmulator composed(system, settings);
            parts.composed.push_back(millisecondsSince(start));
            start = Clock::now();
            const SystemForecast forecast = composed.forecast(x, RowVector(), 1000, settings.seed);
            parts.forecast.push_back(millisecondsSince(start));
            start = Clock::now();
            const Matrix reach = composed.reach(x, RowVector(), 500, settings.seed);
            parts.reach.push_back(millisecondsSince(start));
            if (whole.runs() == 0 || forecast.mean.size() == 0 || reach.size() == 0)
                std::abort(); // keeps the work observable
        },
        5);
    for (std::vector<double>* v : {&parts.whole, &parts.composed, &parts.forecast, &parts.reach})
        v->erase(v->begin());
    return totalMs;
}

/// Timed on a worker thread, as the lesson's job runner does it, and on the main thread (glibc's
/// allocator gives the main heap back to the system and faults it in again between large
/// temporaries, which a thread's arena does less).
void runPageOpening()
{
    OpeningParts parts, mainParts;
    std::vector<double> totalMs;
    std::thread worker([&] { totalMs = timePageOpening(parts); });
    worker.join();
    const std::vector<double> mainMs = timePageOpening(mainParts);
    std::ostringstream extra;
    extra << "\"thread\": \"worker\", \"runs_trained\": 80, \"forecast_samples\": 1000, \"reach_samples\": 500"
          << ", \"train_whole_median_ms\": " << number(median(parts.whole))
          << ", \"train_composed_median_ms\": " << number(median(parts.composed))
          << ", \"forecast_median_ms\": " << number(median(parts.forecast))
          << ", \"reach_median_ms\": " << number(median(parts.reach))
          << ", \"main_thread_median_ms\": " << number(median(mainMs))
          << ", \"main_thread_parts_median_ms\": "
          << numberList({median(mainParts.whole), median(mainParts.composed), median(mainParts.forecast),
                         median(mainParts.reach)});
    bench::report("system_page_opening", totalMs, extra.str());
}

// ---- 5. system runs ----

void runSystemRuns()
{
    const System system(supplyChainDescription());
    const Index n = 100000;
    Rng rng(1);
    Matrix inputs(n, Index(system.description().inputs.size()));
    for (Index i = 0; i < n; ++i)
        inputs.row(i) = system.drawInputs(system.interventionValues(), rng);
    std::size_t failed = 0;
    const std::vector<double> ms = bench::timeRuns(
        [&] {
            const std::vector<SystemRun> runs = system.runBatch(inputs, 1);
            failed = std::size_t(std::count_if(runs.begin(), runs.end(), [](const SystemRun& r) { return !r.ok(); }));
        },
        3);
    std::ostringstream extra;
    extra << "\"system_runs\": " << n << ", \"parallel\": 1, \"failed\": " << failed
          << ", \"runs_per_second\": " << number(double(n) / (median(ms) / 1000.0));
    bench::report("system_runs", ms, extra.str());
}

std::vector<Index> parseBudgets(const std::string& text)
{
    std::vector<Index> budgets;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (const long b = std::atol(item.c_str()); b >= 3)
            budgets.push_back(Index(b));
    std::sort(budgets.begin(), budgets.end());
    budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
    return budgets;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<Index> budgets = {20, 40, 80, 160, 320, 640};
    int seeds = 10;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::string only;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--budgets")
            budgets = parseBudgets(argv[i + 1]);
        else if (option == "--seeds")
            seeds = std::max(1, std::atoi(argv[i + 1]));
        else if (option == "--threads")
            threads = unsigned(std::max(1, std::atoi(argv[i + 1])));
        else if (option == "--only")
            only = argv[i + 1];
    }
    if (budgets.empty()) {
        std::fprintf(stderr, "bench_system: --budgets needs a comma-separated list of runs >= 3\n");
        return 2;
    }
    const auto started = Clock::now();
    if (only.empty() || only == "comparison")
        runComparison(budgets, seeds, threads);
    if (only.empty() || only == "change")
        runChange(seeds);
    if (only.empty() || only == "monitoring")
        runMonitoring();
    if (only.empty() || only == "page")
        runPageOpening();
    if (only.empty() || only == "runs")
        runSystemRuns();
    bench::report("system_bench_total", {millisecondsSince(started)});
    return 0;
}
