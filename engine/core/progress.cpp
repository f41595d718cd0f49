#include "engine/core/progress.h"

#include "engine/core/errors.h"

#include <algorithm>

namespace emu {

void Progress::report(double done, double total, const std::string& stage)
{
    if (!m_callback)
        return;
    const double fraction = total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
    m_callback(fraction, stage);
}

void Progress::checkCancelled() const
{
    if (isCancelled())
        throw Cancelled();
}

Progress& Progress::none()
{
    // Never cancelled and without callback, so sharing one instance between threads is safe.
    static Progress silent;
    return silent;
}

void ProgressSlice::report(double done, double total, const std::string& stage)
{
    const double fraction = total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
    m_parent.report(m_from + fraction * (m_to - m_from), 1.0, stage);
}

ChildProgress::ChildProgress(Progress& parent, double from, double to, std::string prefix)
    : m_progress([this, &parent, from, to, prefix = std::move(prefix)](double fraction,
                                                                      const std::string& stage) {
          parent.report(from + fraction * (to - from), 1.0,
                        stage.empty() || prefix.empty() ? prefix + stage : prefix + ": " + stage);
          if (parent.isCancelled())
              m_progress.cancel();
      })
{
    if (parent.isCancelled())
        m_progress.cancel();
}

} // namespace emu
