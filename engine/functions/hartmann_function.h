#pragma once
// The Hartmann functions on [0, 1]^d, d = 3 or 6:
//   f(x) = −Σ_{i=1..4} α_i · exp(−Σ_{j=1..d} A_ij (x_j − P_ij)²)
// with α = (1, 1.2, 3, 3.2) and the standard A and P tables (Dixon & Szegő 1978), each term a
// Gaussian-like well; the deepest well is the global minimum:
//   d = 3:  min −3.86278 at (0.114589, 0.555649, 0.852547)
//   d = 6:  min −3.32237 at (0.201690, 0.150011, 0.476874, 0.275332, 0.311652, 0.657301)

#include "engine/functions/test_function.h"

#include <array>

namespace emu {

/// The 3-D Hartmann formula with its four wells weighted by `alpha` in place of (1, 1.2, 3, 3.2),
/// at the rows of X (n×3): the levels of the multi-fidelity Hartmann problem.
Vector hartmann3WithWeights(const Matrix& X, const std::array<double, 4>& alpha);

class HartmannFunction : public TestFunction
{
public:
    /// The 3-D or 6-D Hartmann function; throws InvalidInput for any other dimension.
    explicit HartmannFunction(Index dimension = 3);

    std::string id() const override;
    std::string displayName() const override;
    double minimumValue() const override;
    Matrix minimisers() const override;
    /// The tables A (widths) and P (centres), one row per well.
    const Matrix& wellWidths() const { return m_A; }
    const Matrix& wellCentres() const { return m_P; }

protected:
    Vector compute(const Matrix& X) const override;

private:
    Matrix m_A; ///< 4×d well widths
    Matrix m_P; ///< 4×d well centres
};

} // namespace emu
