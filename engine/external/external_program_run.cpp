// ExternalProgram::run(): fork/exec, pipes, timeouts and exit status, apart from what is run.

#include "engine/external/external_program.h"

#include "engine/external/flat_json.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace emu {

namespace {

using Clock = std::chrono::steady_clock;
using Kind = ExternalProgramError::Kind;

constexpr std::size_t maxStdout = 1 << 20; ///< a number or a small object: 1 MiB is plenty
constexpr std::size_t maxStderr = 1 << 16; ///< only the first lines end up in messages
constexpr int stderrLines = 5;             ///< lines of stderr quoted in a message

// --- processes -----------------------------------------------------------------------------

/// An owned file descriptor.
class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { close(); }
    int get() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    void reset(int fd)
    {
        close();
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

/// A pipe whose both ends close on exec (the child's ends are dup2'ed onto 0, 1, 2 first).
struct Pipe
{
    Fd read, write;
    bool open()
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return false;
        read.reset(fds[0]);
        write.reset(fds[1]);
        return true;
    }
};

/// Blocks SIGPIPE in this thread for its lifetime, so writing to a program that has exited
/// fails with EPIPE instead of killing us; a SIGPIPE raised meanwhile is consumed, not delivered.
class SigpipeBlocker
{
public:
    SigpipeBlocker()
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &set, &m_old);
    }
    ~SigpipeBlocker()
    {
        sigset_t pending;
        sigpending(&pending);
        if (!m_wasPending && sigismember(&pending, SIGPIPE) == 1) {
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, SIGPIPE);
            const timespec zero{0, 0};
            while (sigtimedwait(&set, nullptr, &zero) == -1 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigpipeBlocker(const SigpipeBlocker&) = delete;
    SigpipeBlocker& operator=(const SigpipeBlocker&) = delete;
    /// The mask to restore in a child before exec.
    const sigset_t& previousMask() const { return m_old; }

private:
    sigset_t m_old;
    bool m_wasPending = false;
};

/// Makes `from` the descriptor `to` in a forked child (async-signal-safe calls only).
bool moveFd(int from, int to)
{
    if (from == to)
        return ::fcntl(to, F_SETFD, 0) == 0; // keep it open across exec
    return ::dup2(from, to) == to;
}

/// Reads what is available from fd into out (up to cap, the rest discarded); false at EOF.
bool drain(int fd, std::string& out, std::size_t cap, bool& overflow)
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            const std::size_t keep =
                std::min<std::size_t>(std::size_t(n), cap - std::min(cap, out.size()));
            out.append(buffer, keep);
            overflow = overflow || keep < std::size_t(n);
            continue;
        }
        if (n == 0)
            return false;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void sleepMilliseconds(int ms)
{
    timespec t{ms / 1000, long(ms % 1000) * 1000000L};
    ::nanosleep(&t, nullptr);
}

/// Kills the whole process group and reaps the leader.
void killGroup(pid_t pid, bool reap)
{
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL); // in case the child had no time to make its own group
    if (reap)
        while (::waitpid(pid, nullptr, 0) == -1 && errno == EINTR) {
        }
}

/// The first lines of a program's stderr, indented, for a message ("" if it was silent).
std::string stderrExcerpt(const std::string& err)
{
    std::string out;
    std::size_t pos = 0;
    int lines = 0;
    while (pos < err.size()) {
        std::size_t end = err.find('\n', pos);
        if (end == std::string::npos)
            end = err.size();
        std::string line = err.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (lines == stderrLines) {
            out += "\n  ...";
            break;
        }
        if (line.size() > 200)
            line = line.substr(0, 200) + "...";
        out += "\n  " + line;
        ++lines;
    }
    return out.empty() ? " (its stderr was empty)" : "; its stderr says:" + out;
}

} // namespace

// --- ExternalProgram::run -----------------------------------------------------------------

std::string ExternalProgram::run(const std::string& input, const std::string& where)
{
    // Everything the child needs is allocated before fork(): after it, only async-signal-safe
    // calls are allowed (the parent may have other threads, e.g. in the GUI).
    std::vector<std::string> storage = m_launcher;
    storage.push_back(m_command);
    storage.insert(storage.end(), m_arguments.begin(), m_arguments.end());
    std::vector<char*> argv;
    for (std::string& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    Pipe in, out, err, status;
    if (!in.open() || !out.open() || !err.open() || !status.open())
        throw ExternalProgramError(Kind::StartFailed, who() + " could not be started: " +
                                                          std::strerror(errno) + " " + where);
    const SigpipeBlocker sigpipe;
    ++m_calls;
    const auto started = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw ExternalProgramError(Kind::StartFailed, who() + " could not be started: " +
                                                          std::strerror(errno) + " " + where);
    if (pid == 0) {
        ::setpgid(0, 0);
        ::signal(SIGPIPE, SIG_DFL);
        ::pthread_sigmask(SIG_SETMASK, &sigpipe.previousMask(), nullptr);
        if (moveFd(in.read.get(), 0) && moveFd(out.write.get(), 1) && moveFd(err.write.get(), 2))
            ::execv(m_path.c_str(), argv.data());
        const int error = errno;
        [[maybe_unused]] const ssize_t ignored = ::write(status.write.get(), &error, sizeof error);
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also from here, so the group exists whoever runs first
    in.read.close();
    out.write.close();
    err.write.close();
    status.write.close();

    // The status pipe closes on a successful exec; otherwise it carries the exec's errno.
    int execError = 0;
    ssize_t got;
    while ((got = ::read(status.read.get(), &execError, sizeof execError)) == -1 &&
           errno == EINTR) {
    }
    if (got == ssize_t(sizeof execError)) {
        killGroup(pid, true);
        const std::string reason = std::strerror(execError);
        if (execError == EACCES)
            throw ExternalProgramError(Kind::NotExecutable,
                                       who() + " is not executable: " + reason);
        if (execError == ENOENT)
            throw ExternalProgramError(Kind::NotFound,
                                       who() + " could not be started: " + reason +
                                           " (if it is a script, is the interpreter on its '#!' "
                                           "line installed?)");
        if (execError == ENOEXEC)
            throw ExternalProgramError(Kind::NotExecutable,
                                       who() + " is not a program the system can run (a script "
                                               "needs a '#!' line)");
        throw ExternalProgramError(Kind::StartFailed, who() + " could not be started: " + reason);
    }

    setNonBlocking(in.write.get());
    setNonBlocking(out.read.get());
    setNonBlocking(err.read.get());
    std::string stdoutText, stderrText;
    bool stdoutOverflow = false, stderrOverflow = false;
    std::size_t written = 0;
    const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(m_timeout));
    const auto timedOut = [&]() -> ExternalProgramError {
        killGroup(pid, true);
        return ExternalProgramError(Kind::Timeout, who() + " timed out after " +
                                                       formatJsonNumber(m_timeout) +
                                                       " s and was killed " + where);
    };

    int waitStatus = 0;
    bool exited = false;
    if (input.empty())
        in.write.close();
    while (out.read.isOpen() || err.read.isOpen()) {
        const auto now = Clock::now();
        if (now >= deadline)
            throw timedOut();
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        pollfd fds[3];
        nfds_t count = 0;
        for (const auto& [fd, events] :
             {std::pair{&in.write, short(POLLOUT)}, std::pair{&out.read, short(POLLIN)},
              std::pair{&err.read, short(POLLIN)}})
            if (fd->isOpen())
                fds[count++] = {fd->get(), events, 0};
        // Wake up now and then even without output: a program that exits while a child it
        // started still holds the pipes open is done, and the deadline must be noticed.
        const int ready = ::poll(fds, count, int(std::clamp<long long>(left + 1, 1, 100)));
        if (ready < 0 && errno != EINTR)
            break;
        if (in.write.isOpen()) {
            const ssize_t n =
                ::write(in.write.get(), input.data() + written, input.size() - written);
            if (n > 0)
                written += std::size_t(n);
            // EPIPE: the program exited without reading all its input, which is its business.
            if (written == input.size() || (n < 0 && errno != EAGAIN && errno != EINTR))
                in.write.close();
        }
        if (out.read.isOpen() && !drain(out.read.get(), stdoutText, maxStdout, stdoutOverflow))
            out.read.close();
        if (err.read.isOpen() && !drain(err.read.get(), stderrText, maxStderr, stderrOverflow))
            err.read.close();
        if (!exited && (out.read.isOpen() || err.read.isOpen()) &&
            ::waitpid(pid, &waitStatus, WNOHANG) == pid) {
            exited = true;
            drain(out.read.get(), stdoutText, maxStdout, stdoutOverflow);
            drain(err.read.get(), stderrText, maxStderr, stderrOverflow);
            break;
        }
    }
    in.write.close();
    for (int pause = 1; !exited;) {
        const pid_t r = ::waitpid(pid, &waitStatus, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) {
            exited = r == pid;
            break;
        }
        if (Clock::now() >= deadline)
            throw timedOut();
        sleepMilliseconds(pause);
        pause = std::min(pause * 2, 20);
    }
    killGroup(pid, false); // whatever it left running in its group

    if (exited && WIFSIGNALED(waitStatus)) {
        const int sig = WTERMSIG(waitStatus);
        const char* name = ::strsignal(sig);
        throw ExternalProgramError(
            Kind::Signal, who() + " was killed by signal " + std::to_string(sig) + " (" +
                              (name ? name : "unknown") + ") " + where + stderrExcerpt(stderrText));
    }
    if (exited && WIFEXITED(waitStatus) && WEXITSTATUS(waitStatus) != 0)
        throw ExternalProgramError(Kind::ExitCode, who() + " exited with code " +
                                                       std::to_string(WEXITSTATUS(waitStatus)) +
                                                       " " + where + stderrExcerpt(stderrText));
    if (stdoutOverflow)
        throw ExternalProgramError(Kind::BadOutput,
                                   who() + " printed more than " + std::to_string(maxStdout >> 20) +
                                       " MiB on stdout " + where +
                                       "; it must print one number or a small JSON object");
    return stdoutText;
}

} // namespace emu
