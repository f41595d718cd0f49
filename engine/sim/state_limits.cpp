#include "engine/sim/state_limits.h"

#include "engine/core/matrix_checks.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace emu {

CarState StateLimits::apply(const CarState& s, double dp, double dv) const
{
    const double free = s.v + dv;
    double v = speed == EdgeRule::Clip ? std::clamp(free, -maxSpeed, maxSpeed) : free;
    // A car whose speed is clipped moves with the clipped speed: what the clip removes from v'
    // it also removes from the step in p.
    double p = s.p + dp - (free - v);
    if (left != EdgeRule::None && p <= minPosition) {
        p = minPosition;
        if (left == EdgeRule::Wall && v < 0.0)
            v = 0.0;
    }
    if (right != EdgeRule::None && p >= maxPosition) {
        p = maxPosition;
        if (right == EdgeRule::Wall && v > 0.0)
            v = 0.0;
    }
    return {p, v};
}

bool StateLimits::onLimit(const CarState& next) const
{
    return (left != EdgeRule::None && next.p <= minPosition) ||
           (right != EdgeRule::None && next.p >= maxPosition) ||
           (speed != EdgeRule::None && std::abs(next.v) >= maxSpeed);
}

std::vector<Index> StateLimits::rowsOffLimits(const Matrix& nextStates) const
{
    std::vector<Index> rows;
    for (Index i = 0; i < nextStates.rows(); ++i)
        if (!onLimit({nextStates(i, 0), nextStates(i, 1)}))
            rows.push_back(i);
    return rows;
}

ParameterSpace StateLimits::trainingBox() const
{
    ParameterSpace space;
    space.addContinuous("p", minPosition, maxPosition);
    space.addContinuous("v", -maxSpeed, maxSpeed);
    space.addContinuous("u", -1.0, 1.0);
    return space;
}

double StateLimits::lower(Index j) const
{
    return j == 0 ? minPosition : (j == 1 ? -maxSpeed : -1.0);
}

double StateLimits::width(Index j) const
{
    return j == 0 ? maxPosition - minPosition : (j == 1 ? 2.0 * maxSpeed : 2.0);
}

Matrix StateLimits::toUnitCube(const Matrix& statesAndActions) const
{
    requireColumns(statesAndActions, 3, "states and actions (p, v, u)");
    Matrix units(statesAndActions.rows(), 3);
    for (Index j = 0; j < 3; ++j)
        units.col(j) = (statesAndActions.col(j).array() - lower(j)) / width(j);
    return units;
}

Matrix StateLimits::fromUnitCube(const Matrix& units) const
{
    requireColumns(units, 3, "unit-cube rows (p, v, u)");
    Matrix x(units.rows(), 3);
    for (Index j = 0; j < 3; ++j)
        x.col(j) = (lower(j) + units.col(j).array() * width(j)).matrix();
    return x;
}

namespace {

std::string positionEdge(EdgeRule rule, double at)
{
    std::ostringstream out;
    out << (rule == EdgeRule::Wall ? "wall at p = " : "p clipped at ") << at;
    return out.str();
}

} // namespace

std::string StateLimits::describe() const
{
    std::string text;
    auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
    if (left != EdgeRule::None)
        add(positionEdge(left, minPosition));
    if (right != EdgeRule::None)
        add(positionEdge(right, maxPosition));
    if (speed != EdgeRule::None) {
        std::ostringstream out;
        out << "v clipped to ±" << maxSpeed;
        add(out.str());
    }
    return text.empty() ? "no walls, no speed limit" : text;
}

} // namespace emu
