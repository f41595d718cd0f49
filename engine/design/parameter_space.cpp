#include "engine/design/parameter_space.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace emu {

namespace {

std::string quoted(const std::string& name)
{
    return "parameter \"" + name + "\"";
}

} // namespace

Parameter Parameter::continuous(std::string name, double lower, double upper, std::string unit)
{
    Parameter p;
    p.name = std::move(name);
    p.unit = std::move(unit);
    p.kind = Kind::Continuous;
    p.lower = lower;
    p.upper = upper;
    return p;
}

Parameter Parameter::discrete(std::string name, std::vector<double> values, std::string unit)
{
    Parameter p;
    p.name = std::move(name);
    p.unit = std::move(unit);
    p.kind = Kind::Discrete;
    // NaN would break the ordering; leave it in place for validate() to report.
    if (std::none_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }))
        std::sort(values.begin(), values.end());
    p.values = std::move(values);
    if (!p.values.empty()) {
        p.lower = p.values.front();
        p.upper = p.values.back();
    }
    return p;
}

bool Parameter::contains(double x) const
{
    if (!isDiscrete())
        return x >= lower && x <= upper; // false for NaN
    if (std::isnan(x))
        return false; // NaN compares equivalent to everything in a binary search
    return std::binary_search(values.begin(), values.end(), x);
}

double Parameter::project(double x) const
{
    if (!isDiscrete())
        return std::clamp(x, lower, upper);
    const auto above = std::lower_bound(values.begin(), values.end(), x);
    if (above == values.begin())
        return values.front();
    if (above == values.end())
        return values.back();
    const double high = *above;
    const double low = *(above - 1);
    return (x - low <= high - x) ? low : high;
}

double Parameter::fromUnit(double u) const
{
    if (!isDiscrete())
        return std::clamp(lower + u * (upper - lower), lower, upper);
    const auto count = static_cast<double>(values.size());
    const auto k = static_cast<std::size_t>(std::clamp(std::floor(u * count), 0.0, count - 1.0));
    return values[k];
}

void Parameter::validate() const
{
    if (name.empty())
        throw InvalidInput("a parameter needs a name");
    if (!isDiscrete()) {
        if (!std::isfinite(lower) || !std::isfinite(upper))
            throw InvalidInput(quoted(name) + " needs finite bounds, got [" + formatNumber(lower) +
                               ", " + formatNumber(upper) + "]");
        if (!(lower < upper))
            throw InvalidInput(quoted(name) + ": lower bound " + formatNumber(lower) +
                               " must be below upper bound " + formatNumber(upper));
        if (!values.empty())
            throw InvalidInput(quoted(name) + " is continuous but lists allowed values");
        return;
    }
    if (values.empty())
        throw InvalidInput(quoted(name) + " is discrete but has no allowed values");
    for (double v : values)
        if (!std::isfinite(v))
            throw InvalidInput(quoted(name) + " has a non-finite allowed value (" +
                               formatNumber(v) + ")");
    for (std::size_t i = 1; i < values.size(); ++i) {
        if (values[i] == values[i - 1])
            throw InvalidInput(quoted(name) + " lists the value " + formatNumber(values[i]) +
                               " twice");
        if (values[i] < values[i - 1])
            throw InvalidInput(quoted(name) + ": allowed values must be sorted (use "
                                              "Parameter::discrete)");
    }
    if (lower != values.front() || upper != values.back())
        throw InvalidInput(quoted(name) + ": bounds must be the smallest and largest allowed "
                                          "values (use Parameter::discrete)");
}

ParameterSpace::ParameterSpace(std::vector<Parameter> parameters)
{
    for (Parameter& p : parameters)
        add(std::move(p));
}

ParameterSpace ParameterSpace::box(const Vector& lower, const Vector& upper)
{
    if (lower.size() != upper.size())
        throw InvalidInput("box bounds have different lengths (" + std::to_string(lower.size()) +
                           " lower, " + std::to_string(upper.size()) + " upper)");
    ParameterSpace space;
    for (Index j = 0; j < lower.size(); ++j) {
        // Appending instead of "x" + std::to_string(...) avoids GCC 12's false -Wrestrict.
        std::string name = "x";
        name += std::to_string(j + 1);
        space.addContinuous(std::move(name), lower(j), upper(j));
    }
    return space;
}

ParameterSpace& ParameterSpace::add(Parameter parameter)
{
    parameter.validate();
    if (indexOf(parameter.name) >= 0)
        throw InvalidInput("two parameters are called \"" + parameter.name + "\"");
    m_parameters.push_back(std::move(parameter));
    return *this;
}

ParameterSpace& ParameterSpace::addContinuous(std::string name, double lower, double upper,
                                              std::string unit)
{
    return add(Parameter::continuous(std::move(name), lower, upper, std::move(unit)));
}

ParameterSpace& ParameterSpace::addDiscrete(std::string name, std::vector<double> values,
                                            std::string unit)
{
    return add(Parameter::discrete(std::move(name), std::move(values), std::move(unit)));
}

const Parameter& ParameterSpace::parameter(Index j) const
{
    if (j < 0 || j >= dimension())
        throw InvalidInput("parameter index " + std::to_string(j) + " is out of range for a " +
                           std::to_string(dimension()) + "-dimensional space");
    return m_parameters[static_cast<std::size_t>(j)];
}

Index ParameterSpace::indexOf(const std::string& name) const
{
    for (std::size_t j = 0; j < m_parameters.size(); ++j)
        if (m_parameters[j].name == name)
            return static_cast<Index>(j);
    return -1;
}

std::vector<std::string> ParameterSpace::names() const
{
    std::vector<std::string> result;
    for (const Parameter& p : m_parameters)
        result.push_back(p.name);
    return result;
}

std::vector<std::string> ParameterSpace::units() const
{
    std::vector<std::string> result;
    for (const Parameter& p : m_parameters)
        result.push_back(p.unit);
    return result;
}

Vector ParameterSpace::lowerBounds() const
{
    Vector result(dimension());
    for (Index j = 0; j < dimension(); ++j)
        result(j) = m_parameters[static_cast<std::size_t>(j)].lower;
    return result;
}

Vector ParameterSpace::upperBounds() const
{
    Vector result(dimension());
    for (Index j = 0; j < dimension(); ++j)
        result(j) = m_parameters[static_cast<std::size_t>(j)].upper;
    return result;
}

bool ParameterSpace::hasDiscrete() const
{
    return std::any_of(m_parameters.begin(), m_parameters.end(),
                       [](const Parameter& p) { return p.isDiscrete(); });
}

bool ParameterSpace::contains(const Matrix& X) const
{
    if (X.cols() != dimension())
        return false;
    const std::vector<bool> inside = containsRows(X);
    return std::all_of(inside.begin(), inside.end(), [](bool b) { return b; });
}

std::vector<bool> ParameterSpace::containsRows(const Matrix& X) const
{
    requireColumns(X, dimension(), "points");
    std::vector<bool> inside(static_cast<std::size_t>(X.rows()), true);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < X.cols(); ++j)
            if (!m_parameters[static_cast<std::size_t>(j)].contains(X(i, j))) {
                inside[static_cast<std::size_t>(i)] = false;
                break;
            }
    return inside;
}

void ParameterSpace::requireInside(const Matrix& X, const std::string& what) const
{
    requireShape(X, what);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < X.cols(); ++j) {
            const Parameter& p = m_parameters[static_cast<std::size_t>(j)];
            if (p.contains(X(i, j)))
                continue;
            const std::string where = what + " row " + std::to_string(i + 1) + ": " +
                                      quoted(p.name) + " = " + formatNumber(X(i, j));
            if (p.isDiscrete())
                throw InvalidInput(where + " is not one of its allowed values");
            throw InvalidInput(where + " is outside [" + formatNumber(p.lower) + ", " +
                               formatNumber(p.upper) + "]");
        }
}

Matrix ParameterSpace::project(const Matrix& X) const
{
    requireShape(X, "points to project");
    Matrix result(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const Parameter& p = m_parameters[static_cast<std::size_t>(j)];
        for (Index i = 0; i < X.rows(); ++i)
            result(i, j) = p.project(X(i, j));
    }
    return result;
}

Matrix ParameterSpace::fromUnitCube(const Matrix& U) const
{
    requireShape(U, "unit-cube points");
    Matrix result(U.rows(), U.cols());
    for (Index j = 0; j < U.cols(); ++j) {
        const Parameter& p = m_parameters[static_cast<std::size_t>(j)];
        for (Index i = 0; i < U.rows(); ++i)
            result(i, j) = p.fromUnit(U(i, j));
    }
    return result;
}

Matrix ParameterSpace::toUnitCube(const Matrix& X) const
{
    requireShape(X, "points");
    const Vector lower = lowerBounds(), upper = upperBounds();
    return (X.rowwise() - lower.transpose()).array().rowwise() / (upper - lower).transpose().array();
}

void ParameterSpace::requireShape(const Matrix& X, const std::string& what) const
{
    if (isEmpty())
        throw InvalidInput("the parameter space has no parameters");
    requireColumns(X, dimension(), what);
    requireFinite(X, what);
}

} // namespace emu
