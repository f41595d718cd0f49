#pragma once
// The linear state-feedback controller of the mountain car lessons, and the box its parameters
// live in for Bayesian optimisation:
//     u = clip(theta0 + thetaP p + thetaV v, -1, 1)
// with thetaP in [-1.2, 1], thetaV in [-1/0.07, 1/0.07], theta0 in [-1, 1]. thetaV's range is
// 1/maxSpeed so that thetaV v alone can saturate the action.
//
// Parameter vectors and matrices always use the order (thetaP, thetaV, theta0): the two gains
// first, so a 2-D landscape or a 2-D optimisation simply fixes the last column.

#include "engine/core/types.h"
#include "engine/sim/mountain_car.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

class Rng;

/// u = clip(theta0 + thetaP p + thetaV v, -1, 1).
struct LinearController
{
    static constexpr Index parameterCount = 3; ///< (thetaP, thetaV, theta0)

    double thetaP = 0.0; ///< gain on position
    double thetaV = 0.0; ///< gain on velocity
    double theta0 = 0.0; ///< bias

    /// The action in [-1, 1] for state `s`.
    double action(const CarState& s) const;
    /// Throws InvalidInput naming the parameter if any is NaN or infinite.
    void requireFinite() const;
    /// (thetaP, thetaV, theta0) as a column vector.
    Vector toVector() const;
    /// From (thetaP, thetaV, theta0); throws InvalidInput on a wrong size or a non-finite entry.
    static LinearController fromVector(const Vector& theta);
    /// From row `row` of an n×3 matrix of parameter rows (thetaP, thetaV, theta0).
    static LinearController fromRow(const Matrix& thetas, Index row);
    /// Uniform in ControllerDomain, drawn from `rng`.
    static LinearController random(Rng& rng);
    /// Uniform in ControllerDomain, reproducible from `seed`.
    static LinearController random(std::uint64_t seed);
};

/// The search box of the controller parameters.
struct ControllerDomain
{
    static constexpr double thetaPMin = -1.2;
    static constexpr double thetaPMax = 1.0;
    static constexpr double thetaVMin = -1.0 / MountainCar::maxSpeed;
    static constexpr double thetaVMax = 1.0 / MountainCar::maxSpeed;
    static constexpr double theta0Min = -1.0;
    static constexpr double theta0Max = 1.0;

    /// 3×2 matrix: row i = (lower, upper) of parameter i in the order (thetaP, thetaV, theta0).
    static Matrix bounds();
    /// Names in the same order: "thetaP", "thetaV", "theta0".
    static std::vector<std::string> names();
    /// Whether every parameter lies inside its bounds.
    static bool contains(const LinearController& c);
};

} // namespace emu
