#include "engine/functions/ishigami_function.h"

#include "engine/core/errors.h"

#include <cmath>
#include <numbers>

namespace emu {

namespace {

constexpr double pi = std::numbers::pi;

} // namespace

IshigamiFunction::IshigamiFunction(double a, double b)
    : TestFunction(ParameterSpace()
                       .addContinuous("x1", -pi, pi)
                       .addContinuous("x2", -pi, pi)
                       .addContinuous("x3", -pi, pi)),
      m_a(a), m_b(b)
{
    if (!std::isfinite(a) || !std::isfinite(b) || b <= 0.0)
        throw InvalidInput("the Ishigami function needs a finite a and a finite b > 0 (got a = " +
                           std::to_string(a) + ", b = " + std::to_string(b) + ")");
}

double IshigamiFunction::minimumValue() const
{
    return -(1.0 + m_b * std::pow(pi, 4));
}

Matrix IshigamiFunction::minimisers() const
{
    Matrix x(6, 3);
    Index row = 0;
    for (double x2 : {-pi, 0.0, pi})
        for (double x3 : {-pi, pi}) {
            x(row, 0) = -pi / 2.0;
            x(row, 1) = x2;
            x(row, 2) = x3;
            ++row;
        }
    return x;
}

AnalyticSobolIndices IshigamiFunction::analyticIndices() const
{
    const double pi4 = std::pow(pi, 4);
    const double pi8 = pi4 * pi4;
    const double a2 = m_a * m_a;
    const double b2 = m_b * m_b;
    const double v1 = 0.5 * std::pow(1.0 + m_b * pi4 / 5.0, 2);
    const double v2 = a2 / 8.0;
    const double v13 = 8.0 * b2 * pi8 / 225.0;

    AnalyticSobolIndices out;
    out.mean = m_a / 2.0;
    out.variance = a2 / 8.0 + m_b * pi4 / 5.0 + b2 * pi8 / 18.0 + 0.5;
    out.main = Vector{{v1, v2, 0.0}} / out.variance;
    out.total = Vector{{v1 + v13, v2, v13}} / out.variance;
    return out;
}

Vector IshigamiFunction::compute(const Matrix& X) const
{
    const auto sin1 = X.col(0).array().sin();
    return (sin1 + m_a * X.col(1).array().sin().square() +
            m_b * X.col(2).array().square().square() * sin1)
        .matrix();
}

} // namespace emu
