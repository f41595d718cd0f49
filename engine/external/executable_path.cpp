#include "engine/external/executable_path.h"

#include "engine/external/external_program.h"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace emu {

namespace {

/// Whether path is a regular file we may execute; `exists` says whether it is a regular file.
bool isExecutableFile(const std::string& path, bool& exists)
{
    struct stat info;
    exists = ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
    return exists && ::access(path.c_str(), X_OK) == 0;
}

} // namespace

std::string resolveExecutable(const std::string& name, const std::string& who)
{
    bool exists = false;
    if (name.find('/') != std::string::npos) {
        struct stat info;
        if (::stat(name.c_str(), &info) != 0)
            throw ExternalProgramError(ExternalProgramError::Kind::NotFound, who + " not found");
        if (S_ISDIR(info.st_mode))
            throw ExternalProgramError(ExternalProgramError::Kind::NotExecutable, who + " is a directory");
        if (!isExecutableFile(name, exists))
            throw ExternalProgramError(ExternalProgramError::Kind::NotExecutable,
                                       who + " is not executable (chmod +x " + name + ")");
        return name;
    }
    const char* env = std::getenv("PATH");
    const std::string path = env && *env ? env : "/usr/local/bin:/usr/bin:/bin";
    bool sawFile = false;
    for (std::size_t pos = 0; pos <= path.size();) {
        std::size_t end = path.find(':', pos);
        if (end == std::string::npos)
            end = path.size();
        const std::string dir = end > pos ? path.substr(pos, end - pos) : ".";
        const std::string candidate = dir + "/" + name;
        if (isExecutableFile(candidate, exists))
            return candidate;
        sawFile = sawFile || exists;
        pos = end + 1;
    }
    if (sawFile)
        throw ExternalProgramError(ExternalProgramError::Kind::NotExecutable,
                                   who + " was found on PATH but is not executable");
    throw ExternalProgramError(ExternalProgramError::Kind::NotFound,
                               who + " not found on PATH (give a path such as ./" + name +
                                   " for a program in the current directory)");
}

} // namespace emu
