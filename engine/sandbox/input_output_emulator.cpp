#include "engine/sandbox/input_output_emulator.h"

#include "engine/core/errors.h"
#include "engine/gp/stationary_kernel.h"

#include <cmath>

namespace emu {

InputOutputEmulator::InputOutputEmulator(Index input, Index output, double lower, double upper)
    : m_input(input), m_output(output), m_lower(lower), m_upper(upper),
      m_gp(std::make_unique<RbfKernel>(1))
{
    if (input < 0 || output < 0 || !(lower < upper) || !std::isfinite(upper - lower))
        throw InvalidInput("an emulator card needs an input, an output and a range lower < upper");
    setHyperparameters({1.0, (upper - lower) / 5.0, 0.1});
}

InputOutputEmulator::Hyperparameters InputOutputEmulator::hyperparameters() const
{
    const Vector p = m_gp.logParams().array().exp();
    return {p(0), p(1), p(2)};
}

void InputOutputEmulator::setHyperparameters(const Hyperparameters& h)
{
    for (const auto& [value, name] : {std::pair{h.variance, "variance"},
                                      std::pair{h.lengthscale, "lengthscale"},
                                      std::pair{h.noise, "noise"}})
        if (!(value > 0.0) || !std::isfinite(value))
            throw InvalidInput(std::string("the ") + name + " must be positive and finite");
    Vector logParams(3);
    logParams << std::log(h.variance), std::log(h.lengthscale), std::log(h.noise);
    m_gp.setLogParams(logParams);
}

void InputOutputEmulator::fit(std::uint64_t seed)
{
    if (m_gp.size() < 2)
        throw InvalidInput("fitting needs at least two runs");
    FitOptions options;
    options.restarts = 3;
    options.seed = seed;
    GaussianProcess fitted = m_gp;
    fitted.fit(options);
    m_gp = std::move(fitted);
}

void InputOutputEmulator::setData(const Matrix& X, const Matrix& Y)
{
    if (X.rows() != Y.rows() || m_input >= X.cols() || m_output >= Y.cols())
        throw InvalidInput("the runs do not have this card's input or output");
    m_x = X.col(m_input);
    m_gp.setData(Matrix(m_x), Y.col(m_output));
}

InputOutputEmulator::Curve InputOutputEmulator::curve(int points) const
{
    Curve c;
    c.x = Vector::LinSpaced(std::max(points, 2), m_lower, m_upper);
    const Prediction p = m_gp.predict(Matrix(c.x));
    c.mean = p.mean;
    c.sd = p.variance.array().max(0.0).sqrt();
    return c;
}

InputOutputEmulator::Tangent InputOutputEmulator::tangent(double x0) const
{
    const Matrix at = Matrix::Constant(1, 1, x0);
    return {x0, m_gp.predictMean(at)(0), m_gp.predictGradient(at).meanGradient(0, 0)};
}

} // namespace emu
