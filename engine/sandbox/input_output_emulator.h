#pragma once
// The sandbox's emulator cards: a GP of one output as a function of one input, trained on every
// run (the other inputs vary from run to run, so what they do shows up as noise: a card is a
// one-dimensional view, as in Emukit Playground's sandbox). Squared exponential kernel, constant
// mean, normalised outputs; the variance and noise are in units of the output's variance, the
// lengthscale in the input's units. The user sets them with sliders or fits them.
//
// The local sensitivity at the current input value x0 is the tangent of the posterior mean,
//     μ(x0) + μ'(x0) (x − x0),
// with μ' from the GP's mean gradient: how fast the output changes with this input there.

#include "engine/core/types.h"
#include "engine/gp/gaussian_process.h"

#include <cstdint>

namespace emu {

class InputOutputEmulator
{
public:
    struct Hyperparameters
    {
        double variance = 1.0;    ///< kernel variance σ² (normalised units)
        double lengthscale = 1.0; ///< in the input's units
        double noise = 0.1;       ///< noise variance σn² (normalised units)
    };

    /// The output column `output` against the input column `input`, whose range is
    /// [lower, upper] (lower < upper); the lengthscale starts at a fifth of the range and the
    /// noise at a tenth of the output's variance (the other inputs make a card's data noisy).
    InputOutputEmulator(Index input, Index output, double lower, double upper);

    Index input() const { return m_input; }
    Index output() const { return m_output; }
    double lower() const { return m_lower; }
    double upper() const { return m_upper; }

    Hyperparameters hyperparameters() const;
    /// Sets them (each positive and finite: throws InvalidInput naming the bad one).
    void setHyperparameters(const Hyperparameters& h);
    /// Maximises the likelihood (seeded restarts); throws NumericalError if it fails, with the
    /// emulator unchanged.
    void fit(std::uint64_t seed);

    /// Trains on columns input() of X and output() of Y (all runs); replaces the old data.
    void setData(const Matrix& X, const Matrix& Y);
    Index size() const { return m_gp.size(); }
    const Vector& inputs() const { return m_x; }
    const Vector& outputs() const { return m_gp.outputs(); }

    /// Mean and standard deviation of f (without noise) at `points` evenly spaced inputs over
    /// the range.
    struct Curve
    {
        Vector x, mean, sd;
    };
    Curve curve(int points) const;

    /// The tangent of the posterior mean at x0 (the local sensitivity).
    struct Tangent
    {
        double x = 0.0;
        double value = 0.0; ///< μ(x0)
        double slope = 0.0; ///< μ'(x0), output units per input unit
    };
    Tangent tangent(double x0) const;

private:
    Index m_input;
    Index m_output;
    double m_lower;
    double m_upper;
    Vector m_x;
    GaussianProcess m_gp;
};

} // namespace emu
