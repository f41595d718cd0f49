#pragma once
// Finding the file to execute for an external program or its launcher, the way a shell does:
// a name with a '/' is a path as it is, any other name is looked up on PATH.

#include <string>

namespace emu {

/// The file to execute for `name`: a path (with a '/') as it is, else the first executable
/// match on PATH. Throws ExternalProgramError (NotFound, NotExecutable) naming `who`.
std::string resolveExecutable(const std::string& name, const std::string& who);

} // namespace emu
