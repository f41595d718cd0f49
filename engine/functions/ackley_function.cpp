#include "engine/functions/ackley_function.h"

#include "engine/core/errors.h"

#include <cmath>
#include <numbers>

namespace emu {

namespace {

ParameterSpace ackleyBox(Index dimension)
{
    if (dimension < 1)
        throw InvalidInput("the Ackley function needs at least 1 dimension, not " +
                           std::to_string(dimension));
    return ParameterSpace::box(Vector::Constant(dimension, -32.768),
                               Vector::Constant(dimension, 32.768));
}

} // namespace

AckleyFunction::AckleyFunction(Index dimension) : TestFunction(ackleyBox(dimension)) {}

Vector AckleyFunction::compute(const Matrix& X) const
{
    constexpr double a = 20.0, b = 0.2, c = 2.0 * std::numbers::pi;
    const auto d = static_cast<double>(X.cols());
    const Eigen::ArrayXd meanSquare = X.array().square().rowwise().sum() / d;
    const Eigen::ArrayXd meanCos = (c * X.array()).cos().rowwise().sum() / d;
    // Grouped as a(1 − e^{…}) + (e^1 − e^{…}) so that both terms cancel exactly at the origin
    // and the minimum value is 0, not a rounding error of either sign.
    return (a * (1.0 - (-b * meanSquare.sqrt()).exp()) + (std::exp(1.0) - meanCos.exp())).matrix();
}

} // namespace emu
