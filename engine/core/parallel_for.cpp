#include "engine/core/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace emu {

void parallelFor(Index n, int threads, const std::function<void(Index)>& body)
{
    std::atomic<Index> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    const auto work = [&] {
        for (Index i = next++; i < n; i = next++) {
            try {
                body(i);
            } catch (...) {
                const std::lock_guard lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                next = n; // the others stop after their current piece
            }
        }
    };
    std::vector<std::thread> helpers;
    for (Index k = 1; k < std::min<Index>(threads, n); ++k)
        helpers.emplace_back(work);
    work();
    for (std::thread& helper : helpers)
        helper.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace emu
