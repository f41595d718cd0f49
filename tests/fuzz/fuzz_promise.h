#pragma once
// What every fuzz target checks its reader's promises with.

#include <cstdlib>

namespace fuzz {

/// Aborts when a promise is broken: the fuzzer then reports it with the input that broke it.
inline void require(bool promise)
{
    if (!promise)
        std::abort();
}

} // namespace fuzz
