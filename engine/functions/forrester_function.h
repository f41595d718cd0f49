#pragma once
// Forrester et al. (2008), "Engineering design via surrogate modelling", the 1-D benchmark of
// multi-fidelity emulation, on x ∈ [0, 1]:
//   high fidelity  f(x) = (6x − 2)² · sin(12x − 4)             min −6.02074 at x ≈ 0.75725
//   low fidelity   g(x) = 0.5·f(x) + 10(x − 0.5) − 5            min −9.33490 at x ≈ 0.09239
// The low-fidelity version is a cheap, biased, scaled stand-in whose minimum is in the wrong
// place: exactly what a multi-fidelity model must learn to correct.

#include "engine/functions/test_function.h"

namespace emu {

class ForresterFunction : public TestFunction
{
public:
    enum class Fidelity
    {
        High,
        Low
    };

    explicit ForresterFunction(Fidelity fidelity = Fidelity::High);

    Fidelity fidelity() const { return m_fidelity; }
    std::string id() const override;
    std::string displayName() const override;
    double minimumValue() const override;
    Matrix minimisers() const override;

protected:
    Vector compute(const Matrix& X) const override;

private:
    Fidelity m_fidelity;
};

} // namespace emu
