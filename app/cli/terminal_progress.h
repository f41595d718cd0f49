#pragma once
// What a long command is doing, on stderr, when stderr is a terminal: one line rewritten in
// place with the stage, the share done, the time spent and the time left, cleared when the work
// ends. Never on stdout, whose JSON stays clean; nothing at all when stderr is a file or a
// pipe, so that logs and scripts see only the messages they saw before.

#include "engine/core/progress.h"

#include <QElapsedTimer>

#include <cstdio>
#include <mutex>
#include <string>

namespace cli {

class TerminalProgress
{
public:
    /// Reports on stderr if it is a terminal; `what` names the work ("mountain-car sweep").
    explicit TerminalProgress(std::string what);
    /// Reports on `out` if `enabled` (tests write to a file).
    TerminalProgress(std::string what, std::FILE* out, bool enabled);
    /// Clears the line.
    ~TerminalProgress();
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    /// The Progress to hand to the engine.
    emu::Progress& get() { return m_progress; }

    /// The line shown for `fraction` done of stage `stage` after `elapsedMs` (for tests).
    std::string line(double fraction, const std::string& stage, qint64 elapsedMs) const;

private:
    void show(double fraction, const std::string& stage);

    std::string m_what;
    std::FILE* m_out;
    bool m_enabled;
    emu::Progress m_progress;
    QElapsedTimer m_clock;
    std::mutex m_mutex;           ///< the engine may report from several workers
    qint64 m_lastShownMs = -1000; ///< at most ~5 lines a second
    std::size_t m_shownWidth = 0;
};

} // namespace cli
