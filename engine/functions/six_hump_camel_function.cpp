#include "engine/functions/six_hump_camel_function.h"

namespace emu {

SixHumpCamelFunction::SixHumpCamelFunction()
    : TestFunction(ParameterSpace().addContinuous("x1", -3.0, 3.0).addContinuous("x2", -2.0, 2.0))
{
}

double SixHumpCamelFunction::minimumValue() const
{
    return -1.0316284534898774;
}

Matrix SixHumpCamelFunction::minimisers() const
{
    // f(−x) = f(x), so the two global minimisers are mirror images.
    Matrix x(2, 2);
    x << 0.0898420131, -0.7126564025, -0.0898420131, 0.7126564025;
    return x;
}

Vector SixHumpCamelFunction::compute(const Matrix& X) const
{
    const Eigen::ArrayXd x1 = X.col(0).array();
    const Eigen::ArrayXd x2 = X.col(1).array();
    const Eigen::ArrayXd x1sq = x1.square();
    const Eigen::ArrayXd x2sq = x2.square();
    return ((4.0 - 2.1 * x1sq + x1sq.square() / 3.0) * x1sq + x1 * x2 + (-4.0 + 4.0 * x2sq) * x2sq)
        .matrix();
}

} // namespace emu
