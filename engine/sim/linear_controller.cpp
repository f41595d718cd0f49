#include "engine/sim/linear_controller.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"

#include <algorithm>
#include <cmath>

namespace emu {

double LinearController::action(const CarState& s) const
{
    return std::clamp(theta0 + thetaP * s.p + thetaV * s.v, -1.0, 1.0);
}

void LinearController::requireFinite() const
{
    const double values[] = {thetaP, thetaV, theta0};
    const std::vector<std::string> names = ControllerDomain::names();
    for (int i = 0; i < 3; ++i)
        if (!std::isfinite(values[i]))
            throw InvalidInput("controller parameter " + names[i] + " is not finite (" +
                               std::to_string(values[i]) + ")");
}

Vector LinearController::toVector() const
{
    Vector theta(parameterCount);
    theta << thetaP, thetaV, theta0;
    return theta;
}

LinearController LinearController::fromVector(const Vector& theta)
{
    if (theta.size() != parameterCount)
        throw InvalidInput("controller parameters have " + std::to_string(theta.size()) +
                           " entries, expected 3 (thetaP, thetaV, theta0)");
    const LinearController c{theta(0), theta(1), theta(2)};
    c.requireFinite();
    return c;
}

LinearController LinearController::fromRow(const Matrix& thetas, Index row)
{
    if (thetas.cols() != parameterCount)
        throw InvalidInput("controller parameter matrix has " + std::to_string(thetas.cols()) +
                           " columns, expected 3 (thetaP, thetaV, theta0)");
    if (row < 0 || row >= thetas.rows())
        throw InvalidInput("controller parameter row " + std::to_string(row + 1) +
                           " does not exist (" + std::to_string(thetas.rows()) + " rows)");
    const LinearController c{thetas(row, 0), thetas(row, 1), thetas(row, 2)};
    if (!std::isfinite(c.thetaP) || !std::isfinite(c.thetaV) || !std::isfinite(c.theta0))
        throw InvalidInput("controller parameters in row " + std::to_string(row + 1) +
                           " are not finite");
    return c;
}

LinearController LinearController::random(Rng& rng)
{
    LinearController c;
    c.thetaP = rng.uniform(ControllerDomain::thetaPMin, ControllerDomain::thetaPMax);
    c.thetaV = rng.uniform(ControllerDomain::thetaVMin, ControllerDomain::thetaVMax);
    c.theta0 = rng.uniform(ControllerDomain::theta0Min, ControllerDomain::theta0Max);
    return c;
}

LinearController LinearController::random(std::uint64_t seed)
{
    Rng rng(seed);
    return random(rng);
}

Matrix ControllerDomain::bounds()
{
    Matrix b(3, 2);
    b << thetaPMin, thetaPMax, thetaVMin, thetaVMax, theta0Min, theta0Max;
    return b;
}

std::vector<std::string> ControllerDomain::names()
{
    return {"thetaP", "thetaV", "theta0"};
}

bool ControllerDomain::contains(const LinearController& c)
{
    return c.thetaP >= thetaPMin && c.thetaP <= thetaPMax && c.thetaV >= thetaVMin &&
           c.thetaV <= thetaVMax && c.theta0 >= theta0Min && c.theta0 <= theta0Max;
}

} // namespace emu
