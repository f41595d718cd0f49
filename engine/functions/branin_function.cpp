#include "engine/functions/branin_function.h"

#include <numbers>

namespace emu {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double a = 1.0;
constexpr double b = 5.1 / (4.0 * pi * pi);
constexpr double c = 5.0 / pi;
constexpr double r = 6.0;
constexpr double s = 10.0;
constexpr double t = 1.0 / (8.0 * pi);

} // namespace

BraninFunction::BraninFunction()
    : TestFunction(ParameterSpace().addContinuous("x1", -5.0, 10.0).addContinuous("x2", 0.0, 15.0))
{
}

double BraninFunction::minimumValue() const
{
    return s * t;
}

Matrix BraninFunction::minimisers() const
{
    // x2 = b·x1² − c·x1 + r makes the square vanish; at x1 = ±π, 3π that is 12.275, 2.275, 2.475.
    Matrix x(3, 2);
    for (Index i = 0; i < 3; ++i) {
        const double x1 = (i == 0 ? -1.0 : i == 1 ? 1.0 : 3.0) * pi;
        x(i, 0) = x1;
        x(i, 1) = b * x1 * x1 - c * x1 + r;
    }
    return x;
}

Vector BraninFunction::compute(const Matrix& X) const
{
    const auto x1 = X.col(0).array();
    const auto x2 = X.col(1).array();
    return (a * (x2 - b * x1.square() + c * x1 - r).square() + s * (1.0 - t) * x1.cos() + s)
        .matrix();
}

} // namespace emu
