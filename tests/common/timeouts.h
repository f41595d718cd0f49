#pragma once
// How long a test waits for work that normally finishes well within the given time. The
// sanitizer build runs several times slower: scripts/sanitize.sh sets EMUPLAY_TEST_TIMEOUT_SCALE
// so that its waits grow by the same factor, instead of every test carrying the worst case.

#include <QtGlobal>

namespace emu::test {

/// EMUPLAY_TEST_TIMEOUT_SCALE, or 1.
inline int timeoutScale()
{
    bool ok = false;
    const int scale = qEnvironmentVariableIntValue("EMUPLAY_TEST_TIMEOUT_SCALE", &ok);
    return ok && scale > 1 ? scale : 1;
}

inline int scaledTimeout(int milliseconds)
{
    return milliseconds * timeoutScale();
}

} // namespace emu::test
