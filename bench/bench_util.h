#pragma once
// A tiny timing harness for the benchmarks: median wall-clock time of repeated runs, printed
// as one JSON line per measurement so scripts can collect and compare results. No dependency
// beyond the standard library: the benchmarks build everywhere the engine builds.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace emu::bench {

/// Wall-clock milliseconds of each of `runs` calls of f (after one warm-up call).
template <class F> std::vector<double> timeRuns(F&& f, int runs)
{
    f();
    std::vector<double> ms;
    ms.reserve(size_t(runs));
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        const auto stop = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    return ms;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]));
}

/// x as a JSON number (6 significant digits), null if it is not finite (JSON has no NaN).
inline std::string number(double x)
{
    if (!std::isfinite(x))
        return "null";
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", x);
    return text;
}

/// v as a JSON array of number()s.
inline std::string numberList(const std::vector<double>& v)
{
    std::string text = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        text += (i ? ", " : "") + number(v[i]);
    return text + "]";
}

/// Prints {"benchmark": name, "median_ms": …, "min_ms": …, "runs": …, extra…} on one line.
/// `extra` is a JSON fragment without braces, e.g. "\"n\": 100, \"target_ms\": 40".
inline void report(const std::string& name, const std::vector<double>& ms,
                   const std::string& extra = {})
{
    const double best = ms.empty() ? 0.0 : *std::min_element(ms.begin(), ms.end());
    std::printf(
        "{\"benchmark\": \"%s\", \"median_ms\": %.4f, \"min_ms\": %.4f, \"runs\": %zu%s%s}\n",
        name.c_str(), median(ms), best, ms.size(), extra.empty() ? "" : ", ", extra.c_str());
    std::fflush(stdout);
}

} // namespace emu::bench
