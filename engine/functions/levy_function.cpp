#include "engine/functions/levy_function.h"

#include "engine/core/errors.h"

#include <numbers>

namespace emu {

namespace {

ParameterSpace levyBox(Index dimension)
{
    if (dimension < 1)
        throw InvalidInput("the Levy function needs at least 1 dimension, not " +
                           std::to_string(dimension));
    return ParameterSpace::box(Vector::Constant(dimension, -10.0),
                               Vector::Constant(dimension, 10.0));
}

} // namespace

LevyFunction::LevyFunction(Index dimension) : TestFunction(levyBox(dimension)) {}

Vector LevyFunction::compute(const Matrix& X) const
{
    constexpr double pi = std::numbers::pi;
    const Index d = X.cols();
    const Eigen::ArrayXXd w = 1.0 + (X.array() - 1.0) / 4.0;
    Eigen::ArrayXd f = (pi * w.col(0)).sin().square();
    for (Index j = 0; j + 1 < d; ++j)
        f += (w.col(j) - 1.0).square() * (1.0 + 10.0 * (pi * w.col(j) + 1.0).sin().square());
    const auto last = w.col(d - 1);
    f += (last - 1.0).square() * (1.0 + (2.0 * pi * last).sin().square());
    return f.matrix();
}

} // namespace emu
