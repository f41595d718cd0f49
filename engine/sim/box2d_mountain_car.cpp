#include "engine/sim/box2d_mountain_car.h"

#include <box2d/box2d.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace emu {

namespace {

// Car dimensions in metres (a small buggy, 1.54 m long, in a valley 15 m wide).
constexpr double chassisHalfLength = 0.7;
constexpr double chassisHalfHeight = 0.15;
constexpr double chassisDensity = 12.0; // kg/m^2 -> 5.04 kg
constexpr double wheelRadius = 0.22;
constexpr double wheelDensity = 4.0; // -> 0.61 kg per wheel
// Wheel centres at (±0.55, -0.05) m in the chassis frame: a low centre of mass (0.27 m above
// the ground) on a long wheelbase, so the car only tips over on slopes steeper than 64°.
constexpr double wheelHalfBase = 0.55;
constexpr double wheelDrop = 0.05;
constexpr double tyreFriction = 1.0; // rubber on dry ground: on the steepest slopes (normal
                                     // force 0.6 M g) grip, not the motor, limits the drive
constexpr double groundFriction = 1.0;
// Suspension: the chassis bounces on each spring at 4 Hz, well damped. Springs are placed
// pre-loaded with the chassis's weight so a placed car does not start with a bounce.
constexpr double suspensionHertz = 4.0;
constexpr double suspensionDampingRatio = 0.7;
constexpr double suspensionTravel = 0.1;
constexpr double pi = 3.14159265358979323846;
constexpr double chassisMass = chassisDensity * 4.0 * chassisHalfLength * chassisHalfHeight;
constexpr double wheelMass = wheelDensity * pi * wheelRadius * wheelRadius;
constexpr double carMass = chassisMass + 2.0 * wheelMass;
/// Distance of the car's centre of mass below the chassis centre, in the chassis frame.
constexpr double comDrop = wheelDrop * 2.0 * wheelMass / carMass;
constexpr double springLoad = 0.5 * chassisMass; // kg carried by each spring
constexpr double springOmega = 2.0 * pi * suspensionHertz;
constexpr double springStiffness = springLoad * springOmega * springOmega; // N/m
constexpr double springDamping = 2.0 * suspensionDampingRatio * springLoad * springOmega;
constexpr double maxWheelSpeed = 120.0; // rad/s motor target: 26 m/s, never reached
// Walls stand this far beyond the ends of the terrain's range, so that a car placed at an end,
// tilted by the slope, does not touch them (the car reaches 0.77 m from its centre when level).
constexpr double wallClearance = 0.9;
constexpr double terrainSpacing = 0.1; // metres between terrain vertices
constexpr double wallHeight = 3.0;     // walls rise this far above the terrain at the ends
// Contact skin of chain shapes (b2_polygonRadius) plus a hair, so placed wheels just touch.
constexpr double contactGap = 0.0105;
// Step in metres of the central differences that give the placed car's velocities.
constexpr double kPlacementStep = 1e-4;

constexpr double S = Box2dMountainCar::metresPerUnit;

/// Terrain height in metres at x metres.
double groundHeight(double x)
{
    return S * Box2dMountainCar::terrainHeight(x / S);
}

/// Terrain slope dy/dx at x metres (dimensionless, the same as dh/dp).
double groundSlope(double x)
{
    return Box2dMountainCar::terrainSlope(x / S);
}

/// d^2y/dx^2 at x metres: -4.05 sin(3x/S) / S on the hill, 0 on the ramp.
double groundSecondDerivative(double x)
{
    return x / S < Box2dMountainCar::rampStart ? 0.0 : -4.05 * std::sin(3.0 * x / S) / S;
}

/// Height of a wheel centre at horizontal position x resting on the smooth terrain: the
/// largest H(x') + sqrt(r^2 - (x' - x)^2) over |x' - x| <= r. The function is concave (the
/// circle curves far more than the terrain), so a golden-section search finds its maximum;
/// 40 iterations narrow the 0.44 m interval to below a micrometre.
double restingWheelHeight(double x)
{
    const double r = wheelRadius;
    auto height = [&](double xp) {
        const double d = xp - x;
        return groundHeight(xp) + std::sqrt(std::max(0.0, r * r - d * d));
    };
    constexpr double shrink = 0.6180339887498949; // 1 / golden ratio
    double lo = x - r, hi = x + r;
    double a = hi - shrink * (hi - lo), b = lo + shrink * (hi - lo);
    double ha = height(a), hb = height(b);
    for (int i = 0; i < 40; ++i) {
        if (ha < hb) {
            lo = a;
            a = b;
            ha = hb;
            b = lo + shrink * (hi - lo);
            hb = height(b);
        } else {
            hi = b;
            b = a;
            hb = ha;
            a = hi - shrink * (hi - lo);
            ha = height(a);
        }
    }
    return std::max(ha, hb) + contactGap;
}

b2Vec2 vec(double x, double y)
{
    return b2Vec2(static_cast<float>(x), static_cast<float>(y));
}

/// Where the chassis sits when the car's centre of mass is at horizontal position x with both
/// wheels on the ground: chassis centre and angle.
struct Placement
{
    double x = 0.0;
    double y = 0.0;
    double angle = 0.0;
};

Placement placeCar(double x)
{
    // Fixed point: the angle sets where the wheels are, the wheels' heights set the angle.
    double angle = std::atan(groundSlope(x));
    double chassisX = x, rearY = 0.0, frontY = 0.0;
    for (int i = 0; i < 8; ++i) { // contracts ~1000× per iteration: exact after five
        const double c = std::cos(angle), s = std::sin(angle);
        chassisX = x - comDrop * s; // centre of mass = chassis centre + R(angle) (0, -comDrop)
        // wheel centre = chassis centre + R(angle) (±halfBase, -drop)
        const double rearX = chassisX - wheelHalfBase * c + wheelDrop * s;
        const double frontX = chassisX + wheelHalfBase * c + wheelDrop * s;
        rearY = restingWheelHeight(rearX);
        frontY = restingWheelHeight(frontX);
        angle = std::atan2(frontY - rearY, frontX - rearX);
    }
    // chassis centre = midpoint of the wheel centres + R(angle) (0, drop)
    const double midY = 0.5 * (rearY + frontY);
    return {chassisX, midY + wheelDrop * std::cos(angle), angle};
}

} // namespace

/// One Box2D world holding the terrain and the car. Built afresh for every placement so that
/// results never depend on earlier calls.
class Box2dMountainCar::World
{
public:
    explicit World(const CarState& s);
    CarState advance(double u);
    CarState state() const;
    CarPose pose() const;

private:
    void buildTerrain();
    void buildCar(const CarState& s);

    std::unique_ptr<b2World> m_world; // b2World is large (its stack allocator): keep it on the heap
    b2Body* m_chassis = nullptr;
    b2Body* m_rearWheel = nullptr;
    b2Body* m_frontWheel = nullptr;
    b2WheelJoint* m_rearJoint = nullptr;
    b2WheelJoint* m_frontJoint = nullptr;
    float m_maxTorque = 0.0f; // per wheel, at |u| = 1
};

Box2dMountainCar::World::World(const CarState& s)
    : m_world(std::make_unique<b2World>(vec(0.0, -gravity)))
{
    m_world->SetAllowSleeping(false); // a car at rest must react to the next action at once
    buildTerrain();
    buildCar(s);
}

void Box2dMountainCar::World::buildTerrain()
{
    // One chain from the top of the right wall, down it, along the hill to the left and up the
    // left wall. Chains collide on the right of their direction, so running right-to-left makes
    // the terrain solid from above and the walls solid from inside.
    const double leftX = S * Box2dMountainCar::minPosition - wallClearance;
    const double rightX = S * Box2dMountainCar::maxPosition + wallClearance;
    const int segments = static_cast<int>(std::ceil((rightX - leftX) / terrainSpacing));
    std::vector<b2Vec2> vertices;
    vertices.reserve(static_cast<std::size_t>(segments) + 3);
    vertices.push_back(vec(rightX, groundHeight(rightX) + wallHeight));
    for (int i = 0; i <= segments; ++i) {
        const double x = rightX - (rightX - leftX) * i / segments;
        vertices.push_back(vec(x, groundHeight(x)));
    }
    vertices.push_back(vec(leftX, groundHeight(leftX) + wallHeight));
    b2ChainShape chain;
    chain.CreateChain(vertices.data(), static_cast<int32>(vertices.size()),
                      vertices.front() + b2Vec2(0.0f, 1.0f), vertices.back() + b2Vec2(0.0f, 1.0f));
    b2BodyDef groundDef;
    b2Body* ground = m_world->CreateBody(&groundDef);
    b2FixtureDef fixture;
    fixture.shape = &chain;
    fixture.friction = static_cast<float>(groundFriction);
    ground->CreateFixture(&fixture);
}

void Box2dMountainCar::World::buildCar(const CarState& s)
{
    const double x = S * std::clamp(s.p, minPosition, maxPosition);
    const Placement place = placeCar(x); // x is where the centre of mass goes
    const double c = std::cos(place.angle), sn = std::sin(place.angle);

    // The car moves along its resting placements with its centre of mass advancing at vx: every
    // part's velocity is the derivative of placeCar() times vx (central differences). Taking the
    // terrain's slope under the centre of mass instead is wrong by the car's height: the centre
    // of mass travels on a curve parallel to the terrain, whose slope is the terrain's a little
    // further along, and the placed car then starts slower than the car it stands for.
    const double vx = s.v * S / controlPeriod;
    const double slope = groundSlope(x);
    const Placement ahead = placeCar(x + kPlacementStep), behind = placeCar(x - kPlacementStep);
    const double rate = vx / (2.0 * kPlacementStep);
    const b2Vec2 chassisVelocity = vec((ahead.x - behind.x) * rate, (ahead.y - behind.y) * rate);
    const double spin = (ahead.angle - behind.angle) * rate;

    b2BodyDef bodyDef;
    bodyDef.type = b2_dynamicBody;
    bodyDef.position = vec(place.x, place.y);
    bodyDef.angle = static_cast<float>(place.angle);
    bodyDef.linearVelocity = chassisVelocity;
    bodyDef.angularVelocity = static_cast<float>(spin);
    m_chassis = m_world->CreateBody(&bodyDef);
    b2PolygonShape box;
    box.SetAsBox(static_cast<float>(chassisHalfLength), static_cast<float>(chassisHalfHeight));
    b2FixtureDef chassisFixture;
    chassisFixture.shape = &box;
    chassisFixture.density = static_cast<float>(chassisDensity);
    chassisFixture.friction = 0.3f;
    chassisFixture.filter.groupIndex = -1; // the car's parts never collide with each other
    m_chassis->CreateFixture(&chassisFixture);

    b2CircleShape circle;
    circle.m_radius = static_cast<float>(wheelRadius);
    b2FixtureDef wheelFixture;
    wheelFixture.shape = &circle;
    wheelFixture.density = static_cast<float>(wheelDensity);
    wheelFixture.friction = static_cast<float>(tyreFriction);
    wheelFixture.filter.groupIndex = -1;

    auto makeWheel = [&](double side) {
        const double ox = side * wheelHalfBase, oy = -wheelDrop; // chassis frame
        const double wx = place.x + ox * c - oy * sn;
        const double wy = place.y + ox * sn + oy * c;
        // velocity of a point of the chassis: v + spin × offset
        const double rx = wx - place.x, ry = wy - place.y;
        const double wvx = chassisVelocity.x - spin * ry;
        const double wvy = chassisVelocity.y + spin * rx;
        // Roll without slipping: the wheel centre moves parallel to the terrain at its contact
        // point, so its whole speed is the speed along the contact's tangent.
        const double along = std::copysign(std::hypot(wvx, wvy), wvx);
        b2BodyDef wheelDef;
        wheelDef.type = b2_dynamicBody;
        wheelDef.position = vec(wx, wy);
        wheelDef.angle = static_cast<float>(place.angle);
        wheelDef.linearVelocity = vec(wvx, wvy);
        wheelDef.angularVelocity = static_cast<float>(-along / wheelRadius);
        b2Body* wheel = m_world->CreateBody(&wheelDef);
        wheel->CreateFixture(&wheelFixture);
        return wheel;
    };
    m_rearWheel = makeWheel(-1.0);
    m_frontWheel = makeWheel(+1.0);

    const float mass = m_chassis->GetMass() + m_rearWheel->GetMass() + m_frontWheel->GetMass();
    m_maxTorque = static_cast<float>(motorForceRatio * gravity * wheelRadius / 2.0) * mass;

    // The spring's rest position is the sag below where the wheel is placed, so the placed car
    // already carries its load: the normal part of its weight plus, moving along a curved
    // terrain, the centripetal force (speed^2 x curvature; it lifts the car over crests).
    const double speedSquared = chassisVelocity.LengthSquared();
    const double curvature = groundSecondDerivative(x) / std::pow(1.0 + slope * slope, 1.5);
    const double normalAcceleration = gravity * std::cos(place.angle) + speedSquared * curvature;
    const double sag =
        std::clamp(springLoad * normalAcceleration / springStiffness, 0.0, suspensionTravel);
    auto makeJoint = [&](b2Body* wheel, double side) {
        b2WheelJointDef def;
        def.bodyA = m_chassis;
        def.bodyB = wheel;
        def.localAnchorA = vec(side * wheelHalfBase, -wheelDrop - sag);
        def.localAnchorB.SetZero();
        def.localAxisA = vec(0.0, 1.0); // suspension travels along the chassis's up axis
        def.enableMotor = true;
        def.maxMotorTorque = 0.0f;
        def.motorSpeed = 0.0f;
        def.enableLimit = true;
        def.lowerTranslation = static_cast<float>(-suspensionTravel);
        def.upperTranslation = static_cast<float>(suspensionTravel);
        def.stiffness = static_cast<float>(springStiffness);
        def.damping = static_cast<float>(springDamping);
        return static_cast<b2WheelJoint*>(m_world->CreateJoint(&def));
    };
    m_rearJoint = makeJoint(m_rearWheel, -1.0);
    m_frontJoint = makeJoint(m_frontWheel, +1.0);
}

CarState Box2dMountainCar::World::advance(double u)
{
    // Positive u drives the car to +x: wheels turning clockwise, i.e. negative motor speed.
    const float torque = static_cast<float>(std::abs(u)) * m_maxTorque;
    const float speed = u > 0.0 ? -static_cast<float>(maxWheelSpeed)
                                : (u < 0.0 ? static_cast<float>(maxWheelSpeed) : 0.0f);
    for (b2WheelJoint* joint : {m_rearJoint, m_frontJoint}) {
        joint->SetMaxMotorTorque(torque);
        joint->SetMotorSpeed(speed);
    }
    const float dt = static_cast<float>(controlPeriod / substeps);
    for (int i = 0; i < substeps; ++i)
        m_world->Step(dt, velocityIterations, positionIterations);
    return state();
}

CarState Box2dMountainCar::World::state() const
{
    // The car's centre of mass: springs and pitching move the chassis back and forth, but
    // internal forces cannot move the centre of mass, so its velocity is the smooth one.
    double mass = 0.0, x = 0.0, vx = 0.0;
    for (const b2Body* body : {m_chassis, m_rearWheel, m_frontWheel}) {
        const double m = body->GetMass();
        mass += m;
        x += m * body->GetWorldCenter().x;
        vx += m * body->GetLinearVelocity().x;
    }
    return {x / mass / S, vx / mass * controlPeriod / S};
}

CarPose Box2dMountainCar::World::pose() const
{
    auto poseOf = [](const b2Body* body) {
        const b2Vec2 position = body->GetPosition();
        return BodyPose{position.x / S, position.y / S, body->GetAngle()};
    };
    return {poseOf(m_chassis), poseOf(m_rearWheel), poseOf(m_frontWheel)};
}

Box2dMountainCar::Box2dMountainCar() = default;
Box2dMountainCar::~Box2dMountainCar() = default;

double Box2dMountainCar::terrainHeight(double p)
{
    if (p >= rampStart)
        return MountainCar::terrainHeight(p);
    return MountainCar::terrainHeight(rampStart) +
           MountainCar::terrainSlope(rampStart) * (p - rampStart);
}

double Box2dMountainCar::terrainSlope(double p)
{
    return MountainCar::terrainSlope(std::max(p, rampStart));
}

StateLimits Box2dMountainCar::limits() const
{
    StateLimits l;
    l.minPosition = minPosition;
    l.maxPosition = maxPosition;
    l.left = l.right = EdgeRule::Wall;
    l.speed = EdgeRule::None;
    return l;
}

CarGeometry Box2dMountainCar::geometry()
{
    return {chassisHalfLength / S, chassisHalfHeight / S, wheelRadius / S};
}

CarPose Box2dMountainCar::pose() const
{
    if (!m_world)
        return World(state()).pose();
    return m_world->pose();
}

Simulator::State Box2dMountainCar::computeStep(const State& s, double u)
{
    World world(s);
    return world.advance(u);
}

void Box2dMountainCar::resetEpisode(const State& s)
{
    m_world = std::make_unique<World>(s);
}

Simulator::State Box2dMountainCar::advanceEpisode(const State& current, double u)
{
    if (!m_world)
        m_world = std::make_unique<World>(current);
    return m_world->advance(u);
}

} // namespace emu
