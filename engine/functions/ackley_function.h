#pragma once
// The Ackley function in d dimensions on [−32.768, 32.768]^d:
//   f(x) = −a·exp(−b·√(1/d Σ x_j²)) − exp(1/d Σ cos(c·x_j)) + a + e,   a = 20, b = 0.2, c = 2π
// A nearly flat outer region riddled with local minima around one deep hole: global minimum 0
// at the origin.

#include "engine/functions/test_function.h"

namespace emu {

class AckleyFunction : public TestFunction
{
public:
    /// Throws InvalidInput unless dimension ≥ 1.
    explicit AckleyFunction(Index dimension = 2);

    std::string id() const override { return "ackley"; }
    std::string displayName() const override { return "Ackley"; }
    double minimumValue() const override { return 0.0; }
    Matrix minimisers() const override { return Matrix::Zero(1, dimension()); }

protected:
    Vector compute(const Matrix& X) const override;
};

} // namespace emu
