#pragma once
// The mountain car problem shared by every simulator: state, bounds, goal, start states, the
// terrain a car is drawn on, and the pose of a car's parts for animation.
//
// State x = (p, v): position p and velocity v in "classic units" (p in [-1.2, 0.6], v is the
// change of p per control step, |v| <= 0.07 for the classic equations). The terrain is
//     h(p)  = 0.45 sin(3p) + 0.55        (the drawing used since Moore 1990 / OpenAI Gym)
//     h'(p) = 1.35 cos(3p)
// with the valley bottom at p = -pi/6 and the goal at p >= 0.45 on the right hill.

#include <cstdint>

namespace emu {

class Rng;

/// Position and velocity of the car in classic units.
struct CarState
{
    double p = 0.0; ///< position, classic units (x axis of the terrain)
    double v = 0.0; ///< velocity: change of p per control step
};

/// Position (classic units, y up) and angle (radians, counter-clockwise) of one rigid part.
struct BodyPose
{
    double x = 0.0;
    double y = 0.0;
    double angle = 0.0;
};

/// Where every part of a physical car is after a step, for animation (classic units).
struct CarPose
{
    BodyPose chassis;
    BodyPose rearWheel;  ///< the wheel with the smaller x when the car is level
    BodyPose frontWheel; ///< the wheel with the larger x when the car is level
};

/// Sizes of a physical car's parts (classic units), to draw the poses of CarPose.
struct CarGeometry
{
    double chassisHalfLength = 0.0;
    double chassisHalfHeight = 0.0;
    double wheelRadius = 0.0;
};

/// Constants and geometry of the mountain car problem.
struct MountainCar
{
    static constexpr double minPosition = -1.2;
    static constexpr double maxPosition = 0.6;
    static constexpr double maxSpeed = 0.07;
    static constexpr double goalPosition = 0.45; ///< an episode succeeds once p >= this
    static constexpr int maxSteps = 500;         ///< longest episode
    static constexpr double defaultStartPosition = -0.58912799; ///< Gym's start with seed 0
    static constexpr double randomStartLow = -0.6; ///< random starts: p uniform in [low, high)
    static constexpr double randomStartHigh = -0.4;

    /// Height of the terrain at p: 0.45 sin(3p) + 0.55.
    static double terrainHeight(double p);
    /// Slope dh/dp of the terrain at p: 1.35 cos(3p).
    static double terrainSlope(double p);
    /// The default start: p = -0.58912799, v = 0.
    static CarState defaultStart() { return {defaultStartPosition, 0.0}; }
    /// A start with p uniform in [-0.6, -0.4) and v = 0, drawn from `rng`.
    static CarState randomStart(Rng& rng);
    /// A start with p uniform in [-0.6, -0.4) and v = 0, reproducible from `seed`.
    static CarState randomStart(std::uint64_t seed);
};

} // namespace emu
