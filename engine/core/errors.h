#pragma once
// Error types of the engine. Every error carries a message a user can act on: what was wrong,
// where (row, line, parameter), and what would fix it.

#include <stdexcept>
#include <string>

namespace emu {

/// Base of every engine error.
class Error : public std::runtime_error
{
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// The caller passed something invalid: a NaN, a wrong shape, an out-of-range setting.
class InvalidInput : public Error
{
public:
    using Error::Error;
};

/// The computation failed numerically (e.g. a matrix not positive definite even with jitter).
class NumericalError : public Error
{
public:
    using Error::Error;
};

/// A file or text could not be parsed; the message names the line.
class ParseError : public Error
{
public:
    ParseError(const std::string& source, int line, const std::string& what);
    int line() const { return m_line; }

private:
    int m_line;
};

/// The work was cancelled through its Progress object. Not a failure: callers drop the result.
class Cancelled : public Error
{
public:
    Cancelled() : Error("cancelled") {}
};

/// A number as messages show it: up to 10 significant digits, no trailing zeros ("0.1", "1e+308").
std::string formatNumber(double x);

} // namespace emu
