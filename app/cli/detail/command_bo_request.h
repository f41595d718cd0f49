#pragma once
// Internal to the `bo` command: its checked options, parsed in command_bo_options.cpp.

#include "engine/design/parameter_space.h"
#include "engine/functions/test_function.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class QCommandLineParser;

namespace cli::detail {

/// What the options ask for, all checked before anything runs.
struct BoRequest
{
    bool external = false;
    std::unique_ptr<emu::TestFunction> function; ///< the benchmark (not external)
    QStringList command;                         ///< program and arguments (external)
    emu::ParameterSpace bounds;                  ///< the box (external)
    double timeout = 60.0;
    QString output;
    QStringList launcher; ///< words in front of every run of the program (external)
    int parallel = 0;     ///< runs at once, failures per point (external); 0: one by one, stop at a failure
    QString acquisitionId;
    std::vector<std::pair<std::string, double>> acquisitionParameters;
    int initial = 10;
    int iterations = 40;
    int batch = 1;
    QString design;
    QString kernel;
    bool randomSearch = false;
    std::uint64_t seed = 0;
};

/// Checks every option of `bo` (parsed into parser); throws UsageError naming the first
/// problem, so nothing runs on bad usage.
BoRequest parseRequest(const QCommandLineParser& parser);

} // namespace cli::detail
