#include "engine/core/errors.h"

#include <cstdio>

namespace emu {

ParseError::ParseError(const std::string& source, int line, const std::string& what)
    : Error(source + ":" + std::to_string(line) + ": " + what), m_line(line)
{
}

std::string formatNumber(double x)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", x);
    return buffer;
}

} // namespace emu
