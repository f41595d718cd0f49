#pragma once
// Progress reporting and cancellation for long engine work, without any threading of its own.
// The UI's job runner gives the engine a Progress whose callback forwards to a progress bar and
// whose cancel flag is set by the Cancel button; the engine polls isCancelled() between units
// of work and throws Cancelled through checkCancelled().

#include <atomic>
#include <functional>
#include <string>

namespace emu {

class Progress
{
public:
    /// Receives the fraction done in [0, 1] and a short description of the current stage.
    using Callback = std::function<void(double fraction, const std::string& stage)>;

    Progress() = default;
    explicit Progress(Callback callback) : m_callback(std::move(callback)) {}
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// Reports `done` units out of `total` (clamped to [0, 1]).
    void report(double done, double total, const std::string& stage = {});
    /// Asks the work to stop; safe to call from any thread.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    /// Throws Cancelled if cancel() was called.
    void checkCancelled() const;

    /// A Progress that reports nothing and is never cancelled, for callers that do not care.
    static Progress& none();

private:
    Callback m_callback;
    std::atomic<bool> m_cancelled{false};
};

/// Reports a sub-range [from, to] of a parent's progress, for work made of stages.
class ProgressSlice
{
public:
    ProgressSlice(Progress& parent, double from, double to) : m_parent(parent), m_from(from), m_to(to) {}
    void report(double done, double total, const std::string& stage = {});
    void checkCancelled() const { m_parent.checkCancelled(); }

private:
    Progress& m_parent;
    double m_from;
    double m_to;
};

/// A Progress for one stage of a longer piece of work, to hand to a function that takes a
/// Progress&: its reports land in [from, to] of the parent's range, and it picks up the parent's
/// cancellation when created and at every report. A non-empty `prefix` names the stage in the
/// parent's reports ("prefix: the child's stage").
class ChildProgress
{
public:
    ChildProgress(Progress& parent, double from, double to, std::string prefix = {});
    ChildProgress(const ChildProgress&) = delete;
    ChildProgress& operator=(const ChildProgress&) = delete;

    /// The Progress to hand to the stage.
    Progress& get() { return m_progress; }

private:
    Progress m_progress;
};

} // namespace emu
