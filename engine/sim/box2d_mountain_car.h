#pragma once
// A physically richer mountain car: a rigid chassis on two sprung wheels (Box2D wheel joints)
// whose motors are driven by u, rolling on a terrain chain that follows the classic hill.
// Box2D itself stays inside box2d_mountain_car.cpp; this header only speaks classic units.
//
// Scale and time (chosen so that small oscillations in the valley match the classic equations):
//   1 classic unit = S = 8.5 m, so the hill y = S h(x / S) spans 15.3 m and rises 7.65 m;
//   one control step = T = 0.04 s = 4 Box2D steps of 0.01 s (8 velocity, 3 position iterations);
//   gravity g = 9.81 m/s^2. Then g T^2 / S = 0.001847 ≈ 0.0025 / 1.35 (the classic gravity term
//   over the slope amplitude), so a swing at the bottom of the valley takes ≈ 72 control steps
//   in both simulators.
//
// Projection to the classic state (the Simulator interface), using the car's centre of mass
// (chassis and wheels; the springs and pitching shake the chassis, not the centre of mass):
//   p = x_com / S                     (not clamped: p may leave [-1.2, 0.6], see below)
//   v = vx_com T / S                  (horizontal velocity as change of p per control step)
// and back, when a step starts from an arbitrary (p, v): the car is placed with its centre of
// mass at x = S p (p clamped to [-1.8, 0.6]), both wheels resting on the terrain, the chassis
// parallel to the line through the wheel centres, the springs pre-loaded with the weight and
// centripetal load they would carry; every part moves along the terrain tangent at horizontal
// speed v S / T, the chassis turns with the terrain's curvature, the wheels roll without
// slipping. Along a rollout, step(x_t, u_t) reproduces the episode's x_{t+1} to ≈ 1e-4 in v on
// average and 1e-3 at worst (the per-step change of v is up to ≈ 4e-3): the state the
// projection drops (pitch rate, spring motion, wheel slip) matters most at speed in the valley.
//
// Drive: u in [-1, 1] sets both wheel motors to a torque limit |u| tau_max towards a wheel speed
// far above anything reachable, so the drive force is ≈ u F_max with F_max = 0.7 M g (M the
// car's mass). The steepest part of the hill (slope 1.35) pulls back with 0.80 M g, so u = +1
// from rest at the bottom of the valley stalls near p = -0.03 (from the default start, near
// p = 0.12) and the car must swing, as in the classic problem; a swinging controller
// (u = clip(v / 0.07)) reaches the goal in 362 steps. The force ratio was calibrated so that the
// successful region of the (thetaP, thetaV) landscape is a smaller copy of the classic one.
// On the steepest slopes the tyres' grip (friction 1, normal force 0.6 M g), not the motor,
// limits the drive, and at speed over convex parts it drops further. u = 0 leaves the wheels
// free.
//
// No wall at p = -1.2: the classic equations need one to stay in bounds, but a car hitting a
// wall on a 50° slope somersaults. Instead the terrain leaves the hill at p = -1.2 along its
// tangent there, a straight ramp rising at 50.7° to p = -1.8 (height 1.48, well above the
// goal), so a car swung hard to the left rolls back like a pendulum; p may go below -1.2.
// Walls just beyond the two ends of the terrain (p = -1.8 and p = 0.6) keep the car in the
// world; a car that does flip stays on its roof. terrainHeight() gives this terrain for drawing.
//
// v is a horizontal velocity, so unlike the classic v it also changes without any force along
// the track: running through the curved valley at speed, the terrain turns the car's velocity
// and its horizontal part grows on the way down and shrinks on the way up.
//
// Deterministic: the same inputs give bit-identical outputs, because every placement builds a
// fresh Box2D world the same way (no contact caches carried over from earlier calls).

#include "engine/sim/simulator.h"

#include <memory>

namespace emu {

class Box2dMountainCar : public Simulator
{
public:
    static constexpr double metresPerUnit = 8.5;  ///< S: metres per classic position unit
    static constexpr double controlPeriod = 0.04; ///< T: seconds per control step
    static constexpr int substeps = 4;            ///< Box2D steps per control step
    static constexpr int velocityIterations = 8;
    static constexpr int positionIterations = 3;
    static constexpr double gravity = 9.81;                         ///< m/s^2
    static constexpr double motorForceRatio = 0.7;                  ///< F_max / (M g)
    static constexpr double rampStart = MountainCar::minPosition;   ///< hill below, ramp above
    static constexpr double minPosition = -1.8;                     ///< left end of the terrain
    static constexpr double maxPosition = MountainCar::maxPosition; ///< right end of the terrain

    Box2dMountainCar();
    ~Box2dMountainCar() override;

    /// Height of this simulator's terrain at p (classic units): the hill, and the ramp p < -1.2.
    static double terrainHeight(double p);
    /// Slope dh/dp of this simulator's terrain.
    static double terrainSlope(double p);
    /// Sizes of the chassis and wheels in classic units, for drawing poses.
    static CarGeometry geometry();

    std::string id() const override { return "box2d"; }
    std::string displayName() const override { return "Box2D physics car"; }
    int fidelity() const override { return 2; }
    /// Measured order of magnitude: an episode step takes ≈ 40 µs against ≈ 20 ns classic.
    double relativeCost() const override { return 2000.0; }
    /// Walls at both ends of the terrain (p = -1.8 and 0.6), no speed limit; the classic
    /// speed bound 0.07 bounds where emulators learn it (a swing from the top of the ramp
    /// reaches about 0.07 in the valley).
    StateLimits limits() const override;
    bool hasPose() const override { return true; }
    /// Chassis and wheel poses of the current episode (after reset(): the placed car).
    CarPose pose() const override;

protected:
    State computeStep(const State& s, double u) override;
    void resetEpisode(const State& s) override;
    State advanceEpisode(const State& current, double u) override;

private:
    class World;
    std::unique_ptr<World> m_world; ///< the episode's world; step() uses a world of its own
};

} // namespace emu
