#include "app/cli/terminal_progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace cli {

namespace {

constexpr qint64 kIntervalMs = 200;
constexpr std::size_t kMaxWidth = 100; ///< a line longer than the terminal would not rewrite in place

/// "42 s", "3 min 5 s".
std::string duration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    return s < 60 ? std::to_string(s) + " s" : std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

} // namespace

TerminalProgress::TerminalProgress(std::string what)
    : TerminalProgress(std::move(what), stderr, isatty(STDERR_FILENO) == 1)
{
}

TerminalProgress::TerminalProgress(std::string what, std::FILE* out, bool enabled)
    : m_what(std::move(what)), m_out(out), m_enabled(enabled),
      m_progress([this](double fraction, const std::string& stage) { show(fraction, stage); })
{
    m_clock.start();
}

TerminalProgress::~TerminalProgress()
{
    if (m_enabled && m_shownWidth > 0) {
        std::fprintf(m_out, "\r%*s\r", int(m_shownWidth), "");
        std::fflush(m_out);
    }
}

std::string TerminalProgress::line(double fraction, const std::string& stage, qint64 elapsedMs) const
{
    const double elapsed = double(elapsedMs) / 1000.0;
    std::string text = m_what + ": " + std::to_string(int(std::floor(100.0 * fraction))) + " %, " +
                       duration(elapsed);
    // The time left once there is enough done to extrapolate from.
    if (fraction >= 0.02 && fraction < 1.0)
        text += ", about " + duration(elapsed * (1.0 - fraction) / fraction) + " left";
    if (!stage.empty())
        text += " · " + stage;
    if (text.size() > kMaxWidth)
        text = text.substr(0, kMaxWidth - 3) + "...";
    return text;
}

void TerminalProgress::show(double fraction, const std::string& stage)
{
    if (!m_enabled)
        return;
    const std::lock_guard lock(m_mutex);
    const qint64 now = m_clock.elapsed();
    if (now - m_lastShownMs < kIntervalMs)
        return;
    m_lastShownMs = now;
    const std::string text = line(fraction, stage, now);
    // Spaces wipe what a longer previous line left.
    std::fprintf(m_out, "\r%s%*s", text.c_str(), int(m_shownWidth > text.size() ? m_shownWidth - text.size() : 0), "");
    std::fflush(m_out);
    m_shownWidth = std::max(m_shownWidth, text.size());
}

} // namespace cli
