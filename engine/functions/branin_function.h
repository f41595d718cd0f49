#pragma once
// The Branin (Branin–Hoo) function on x1 ∈ [−5, 10], x2 ∈ [0, 15]:
//   f(x) = a(x2 − b·x1² + c·x1 − r)² + s(1 − t)·cos(x1) + s
// with a = 1, b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π).
// Global minimum s·t = 10/(8π) ≈ 0.397887 at three points, where the square vanishes and
// cos(x1) = −1: (−π, 12.275), (π, 2.275) and (3π, 2.475).

#include "engine/functions/test_function.h"

namespace emu {

class BraninFunction : public TestFunction
{
public:
    BraninFunction();

    std::string id() const override { return "branin"; }
    std::string displayName() const override { return "Branin"; }
    double minimumValue() const override;
    Matrix minimisers() const override;

protected:
    Vector compute(const Matrix& X) const override;
};

} // namespace emu
