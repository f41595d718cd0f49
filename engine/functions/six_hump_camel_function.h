#pragma once
// The six-hump camel function on x1 ∈ [−3, 3], x2 ∈ [−2, 2]:
//   f(x) = (4 − 2.1·x1² + x1⁴/3)·x1² + x1·x2 + (−4 + 4·x2²)·x2²
// Six local minima; the two global ones, f ≈ −1.0316285, are at ±(0.0898420, −0.7126564).

#include "engine/functions/test_function.h"

namespace emu {

class SixHumpCamelFunction : public TestFunction
{
public:
    SixHumpCamelFunction();

    std::string id() const override { return "six-hump-camel"; }
    std::string displayName() const override { return "Six-hump camel"; }
    double minimumValue() const override;
    Matrix minimisers() const override;

protected:
    Vector compute(const Matrix& X) const override;
};

} // namespace emu
