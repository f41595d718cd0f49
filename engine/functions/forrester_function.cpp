#include "engine/functions/forrester_function.h"

#include <cmath>

namespace emu {

ForresterFunction::ForresterFunction(Fidelity fidelity)
    : TestFunction(ParameterSpace().addContinuous("x", 0.0, 1.0)), m_fidelity(fidelity)
{
}

std::string ForresterFunction::id() const
{
    return m_fidelity == Fidelity::High ? "forrester" : "forrester-low";
}

std::string ForresterFunction::displayName() const
{
    return m_fidelity == Fidelity::High ? "Forrester" : "Forrester (low fidelity)";
}

double ForresterFunction::minimumValue() const
{
    // Located by golden-section search on a 10^5-point grid bracket; both are interior minima.
    return m_fidelity == Fidelity::High ? -6.020740055767083 : -9.334904876953638;
}

Matrix ForresterFunction::minimisers() const
{
    Matrix x(1, 1);
    x(0, 0) = m_fidelity == Fidelity::High ? 0.7572487589987684 : 0.09239287754259143;
    return x;
}

Vector ForresterFunction::compute(const Matrix& X) const
{
    const auto x = X.col(0).array();
    const Eigen::ArrayXd high = (6.0 * x - 2.0).square() * (12.0 * x - 4.0).sin();
    if (m_fidelity == Fidelity::High)
        return high.matrix();
    return (0.5 * high + 10.0 * (x - 0.5) - 5.0).matrix();
}

} // namespace emu
