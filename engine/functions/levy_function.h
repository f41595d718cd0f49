#pragma once
// The Levy function in d dimensions on [−10, 10]^d, with w_j = 1 + (x_j − 1)/4:
//   f(x) = sin²(πw_1) + Σ_{j=1..d−1} (w_j − 1)²·[1 + 10 sin²(πw_j + 1)]
//          + (w_d − 1)²·[1 + sin²(2πw_d)]
// Many regularly spaced local minima; global minimum 0 at (1, …, 1).

#include "engine/functions/test_function.h"

namespace emu {

class LevyFunction : public TestFunction
{
public:
    /// Throws InvalidInput unless dimension ≥ 1.
    explicit LevyFunction(Index dimension = 2);

    std::string id() const override { return "levy"; }
    std::string displayName() const override { return "Levy"; }
    double minimumValue() const override { return 0.0; }
    Matrix minimisers() const override { return Matrix::Ones(1, dimension()); }

protected:
    Vector compute(const Matrix& X) const override;
};

} // namespace emu
