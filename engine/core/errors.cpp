#include "engine/core/errors.h"

namespace emu {

ParseError::ParseError(const std::string& source, int line, const std::string& what)
    : Error(source + ":" + std::to_string(line) + ": " + what), m_line(line)
{
}

} // namespace emu
