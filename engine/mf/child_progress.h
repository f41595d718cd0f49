#pragma once
// Internal to engine/mf: a Progress for one stage of a longer piece of work. Its reports land
// in [from, to] of the parent's range, and it picks up the parent's cancellation at its next
// report (the minimiser reports before every start, and checks for cancellation there).

#include "engine/core/progress.h"

#include <string>

namespace emu::mf {

class ChildProgress
{
public:
    ChildProgress(Progress& parent, double from, double to)
        : m_progress([this, &parent, from, to](double fraction, const std::string& stage) {
              parent.report(from + fraction * (to - from), 1.0, stage);
              if (parent.isCancelled())
                  m_progress.cancel();
          })
    {
        if (parent.isCancelled())
            m_progress.cancel();
    }
    ChildProgress(const ChildProgress&) = delete;
    ChildProgress& operator=(const ChildProgress&) = delete;

    /// The Progress to hand to the stage.
    Progress& get() { return m_progress; }

private:
    Progress m_progress;
};

} // namespace emu::mf
