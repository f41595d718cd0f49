#pragma once
// Internal to LinearMultiFidelityModel: the pieces of the joint covariance shared by its
// posterior (linear_multi_fidelity_model.cpp) and its likelihood gradient and fit
// (linear_multi_fidelity_fit.cpp). Not part of the engine's public API.

#include "engine/mf/linear_multi_fidelity_model.h"

#include <vector>

namespace emu {

/// K = Σ_j D_j K_j D_j + noise and H, for the current parameters (see the model's header).
struct LinearMultiFidelityModel::Terms
{
    Matrix C;               ///< c_{t,j} (L×L, lower triangular)
    std::vector<Vector> d;  ///< d_j: c_{t_i,j} over the stacked rows from level j on
    std::vector<Matrix> Kj; ///< k_j on those rows (only when asked for)
    Matrix K;               ///< the full covariance of all observations, with noise
    Matrix H;               ///< mean regressors (n×L; no columns with a zero mean)
};

namespace mf {

/// c_{t,j} = Π_{i=j}^{t−1} ρ_i for j ≤ t (1 on the diagonal, 0 above), L = ρ.size() + 1.
inline Matrix autoregressiveCoefficients(const Vector& rho)
{
    const Index L = rho.size() + 1;
    Matrix C = Matrix::Zero(L, L);
    for (Index j = 0; j < L; ++j) {
        C(j, j) = 1.0;
        for (Index t = j + 1; t < L; ++t)
            C(t, j) = C(t - 1, j) * rho(t - 1);
    }
    return C;
}

/// ∂c_{t,j}/∂ρ_m = Π_{i=j, i≠m}^{t−1} ρ_i if j ≤ m < t, else 0 (no division: ρ may be 0).
inline Matrix autoregressiveCoefficientDerivative(const Vector& rho, Index m)
{
    const Index L = rho.size() + 1;
    Matrix D = Matrix::Zero(L, L);
    for (Index j = 0; j <= m; ++j) {
        for (Index t = m + 1; t < L; ++t) {
            double product = 1.0;
            for (Index i = j; i < t; ++i)
                if (i != m)
                    product *= rho(i);
            D(t, j) = product;
        }
    }
    return D;
}

} // namespace mf

} // namespace emu
