// libFuzzer target: the CSV reader (engine/data/csv_reader) and the sandbox's runs files on top
// of it. Any input must give a table or a clear error (emu::Error), never a crash, a hang or a
// table that breaks the reader's promises (one column per header name, finite values, runs
// inside the declared bounds). scripts/fuzz.sh runs it; test_fuzz_corpus replays the corpus.

#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"
#include "engine/design/parameter_space.h"
#include "engine/sandbox/sandbox_runs.h"
#include "tests/fuzz/fuzz_promise.h"

#include <cstdint>
#include <string>

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const emu::CsvTable table = emu::parseCsv(text, "fuzz.csv");
        require(table.values.cols() == emu::Index(table.columns.size()));
        require(table.values.allFinite());
        const emu::RegressionData regression = emu::toRegressionData(table, "fuzz.csv");
        require(regression.X.rows() == regression.y.size());
    } catch (const emu::Error&) {
    }
    try {
        emu::ParameterSpace inputs;
        inputs.addContinuous("a", -2.0, 2.0).addContinuous("b", 0.0, 1.0);
        const emu::SandboxRuns runs = emu::parseSandboxRunsCsv(text, "fuzz.csv", inputs, {"y", "cost"});
        require(runs.size() > 0 && runs.X.cols() == 2 && runs.Y.cols() == 2);
        for (emu::Index i = 0; i < runs.size(); ++i)
            require(inputs.contains(emu::Matrix(runs.X.row(i))));
    } catch (const emu::Error&) {
    }
    return 0;
}
