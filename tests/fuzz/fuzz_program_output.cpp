// libFuzzer target: what an external simulator prints (engine/sim/flat_json). Any output must be
// read as numbers or rejected with a clear error (emu::Error), never crash or hang; what is
// read must have distinct, non-empty names when it is an object.

#include "engine/core/errors.h"
#include "engine/external/flat_json.h"
#include "tests/fuzz/fuzz_promise.h"

#include <cstdint>
#include <set>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto outputs = emu::parseProgramOutput(text);
        fuzz::require(!outputs.empty()); // "printed nothing" must be an error, not an empty result
        if (!outputs.front().first.empty()) {
            std::set<std::string> names;
            for (const auto& [name, value] : outputs)
                fuzz::require(!name.empty() && names.insert(name).second);
        }
    } catch (const emu::Error&) {
    }
    return 0;
}
