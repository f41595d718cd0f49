#pragma once
// What a mountain car simulator does at the edges of its state space, declared by each
// simulator (Simulator::limits()) so that the emulators of its dynamics apply the simulator's
// own rules rather than the classic car's.
//
// A state box p in [minPosition, maxPosition], |v| <= maxSpeed, with a rule at each edge:
//   None  nothing happens there: the edge only bounds the box emulators are trained in;
//   Clip  the coordinate is clipped to the edge (the classic car's speed limit, and its p at
//         the right end; a clipped speed also shortens that step's move in p, as the classic
//         car moves with the clipped velocity);
//   Wall  (position edges) p stops at the edge and a car moving into it stops (v = 0).
// The classic car: wall at p = -1.2, p clipped at 0.6, v clipped to ±0.07. The Box2D car:
// walls where its terrain ends (-1.8 and 0.6), no speed limit. The low-fidelity equations:
// no rule anywhere.
//
// A transition that ends on an edge with a rule shows the rule, not the dynamics (at a wall
// Δv = -v, up to 0.07, fifteen times the largest push of gravity and engine): emulators leave
// such transitions out of their GPs' data (onLimit()) and apply the rule themselves (apply()).

#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/sim/mountain_car.h"

#include <string>
#include <vector>

namespace emu {

/// What happens at one edge of a simulator's state box (file comment).
enum class EdgeRule
{
    None,
    Clip,
    Wall,
};

/// A simulator's state box and its edge rules (file comment).
struct StateLimits
{
    double minPosition = MountainCar::minPosition;
    double maxPosition = MountainCar::maxPosition;
    double maxSpeed = MountainCar::maxSpeed;
    EdgeRule left = EdgeRule::Wall;  ///< at p = minPosition
    EdgeRule right = EdgeRule::Clip; ///< at p = maxPosition
    EdgeRule speed = EdgeRule::Clip; ///< at |v| = maxSpeed (None or Clip)

    /// The classic car's limits (the defaults above).
    static StateLimits classic() { return {}; }

    /// The state after the increments (dp, dv) from s under these rules.
    CarState apply(const CarState& s, double dp, double dv) const;
    /// Whether a next state lies on an edge that has a rule (its transition shows the rule).
    bool onLimit(const CarState& next) const;
    /// Indices of the rows (p', v') of `nextStates` that are not on a limit, in order.
    std::vector<Index> rowsOffLimits(const Matrix& nextStates) const;
    /// The box emulators are trained in, as a parameter space with columns p, v, u (u in [-1, 1]).
    ParameterSpace trainingBox() const;
    /// Lower end and width of the training box along column j (0: p, 1: v, 2: u).
    double lower(Index j) const;
    double width(Index j) const;
    /// Rows (p, v, u) → rows of the training box's unit cube; InvalidInput unless 3 columns.
    Matrix toUnitCube(const Matrix& statesAndActions) const;
    /// Unit-cube rows → rows (p, v, u); InvalidInput unless 3 columns.
    Matrix fromUnitCube(const Matrix& units) const;
    /// One line for users, e.g. "wall at p = -1.2, p clipped at 0.6, v clipped to ±0.07".
    std::string describe() const;
};

} // namespace emu
