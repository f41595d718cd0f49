#pragma once
// The space a design, an optimiser or a benchmark function lives in: an ordered list of named
// parameters, each either continuous on a closed interval [lower, upper] or discrete with a
// finite list of allowed values. Column j of every point matrix is parameter j.
//
// Projection onto the space (used after any continuous computation, e.g. a design or an
// acquisition optimiser that ignores discreteness):
//   continuous:  x ↦ min(max(x, lower), upper)
//   discrete:    x ↦ argmin over allowed v of |x − v|   (ties go to the smaller value)
//
// Mapping from the unit cube (used by designs):
//   continuous:  u ↦ lower + u·(upper − lower)
//   discrete:    u ↦ v_k with k = ⌊u·K⌋ for K allowed values v_0 < … < v_{K−1}, so every
//                allowed value receives an equal share of the cube. Scaling u to [v_0, v_{K−1}]
//                and snapping would give the two end values only half a share each and would
//                favour values next to wide gaps.

#include "engine/core/types.h"

#include <string>
#include <vector>

namespace emu {

/// One named parameter: continuous on [lower, upper] or discrete with sorted allowed values.
struct Parameter
{
    enum class Kind
    {
        Continuous,
        Discrete
    };

    std::string name; ///< shown in tables and axis titles; unique within a space
    std::string unit; ///< for display only, e.g. "m/s"; may be empty
    Kind kind = Kind::Continuous;
    double lower = 0.0;         ///< lower bound (for discrete: the smallest allowed value)
    double upper = 1.0;         ///< upper bound (for discrete: the largest allowed value)
    std::vector<double> values; ///< allowed values, strictly increasing; empty if continuous

    /// A continuous parameter on [lower, upper]; validated when added to a ParameterSpace.
    static Parameter continuous(std::string name, double lower, double upper,
                                std::string unit = {});
    /// A discrete parameter; `values` are sorted here, validated when added to a ParameterSpace.
    static Parameter discrete(std::string name, std::vector<double> values, std::string unit = {});

    bool isDiscrete() const { return kind == Kind::Discrete; }
    /// Whether x is inside the bounds (continuous) or exactly one of the allowed values (discrete).
    bool contains(double x) const;
    /// The closest point of this parameter's domain to x (clamp, or snap to the nearest value).
    double project(double x) const;
    /// Maps u in [0, 1] into the domain (linear, or equal shares per allowed value).
    double fromUnit(double u) const;
    /// Throws InvalidInput unless the parameter is well formed (see ParameterSpace::add).
    void validate() const;
};

/// An ordered list of parameters; the columns of every point matrix in that space.
class ParameterSpace
{
public:
    ParameterSpace() = default;
    /// Validates every parameter; throws InvalidInput on the first problem.
    explicit ParameterSpace(std::vector<Parameter> parameters);
    /// A continuous box [lower_j, upper_j] with names x1, x2, … (lower and upper of equal length).
    static ParameterSpace box(const Vector& lower, const Vector& upper);

    /// Appends a parameter; throws InvalidInput if it is malformed (empty or duplicate name,
    /// non-finite or lower >= upper bounds, empty or non-finite or repeated allowed values).
    ParameterSpace& add(Parameter parameter);
    /// Appends a continuous parameter on [lower, upper].
    ParameterSpace& addContinuous(std::string name, double lower, double upper,
                                  std::string unit = {});
    /// Appends a discrete parameter with these allowed values (any order).
    ParameterSpace& addDiscrete(std::string name, std::vector<double> values,
                                std::string unit = {});

    /// Number of parameters d (columns of a point matrix).
    Index dimension() const { return static_cast<Index>(m_parameters.size()); }
    bool isEmpty() const { return m_parameters.empty(); }
    const std::vector<Parameter>& parameters() const { return m_parameters; }
    /// Parameter j (0-based); throws InvalidInput if j is out of range.
    const Parameter& parameter(Index j) const;
    /// Index of the parameter with this name, or -1.
    Index indexOf(const std::string& name) const;
    std::vector<std::string> names() const;
    std::vector<std::string> units() const;
    /// Lower bounds (smallest allowed value for discrete parameters), length d.
    Vector lowerBounds() const;
    /// Upper bounds (largest allowed value for discrete parameters), length d.
    Vector upperBounds() const;
    /// Whether any parameter is discrete.
    bool hasDiscrete() const;

    /// Whether every row of X (n×d) lies in the space; false for a wrong column count or NaN.
    bool contains(const Matrix& X) const;
    /// Per row of X: whether that point lies in the space (X must have d columns).
    std::vector<bool> containsRows(const Matrix& X) const;
    /// Throws InvalidInput naming `what`, the row and the parameter of the first point outside.
    void requireInside(const Matrix& X, const std::string& what = "points") const;
    /// Closest points of the space: continuous coordinates clamped, discrete ones snapped to the
    /// nearest allowed value. Throws InvalidInput for a wrong column count or non-finite entries.
    Matrix project(const Matrix& X) const;
    /// Maps points of the unit cube [0, 1]^d into the space (see the file comment).
    Matrix fromUnitCube(const Matrix& U) const;
    /// Points mapped linearly into the unit cube, (x − lower)/(upper − lower) per column, for
    /// models that work on a scale-free box (points outside the space map outside the cube).
    Matrix toUnitCube(const Matrix& X) const;

private:
    void requireShape(const Matrix& X, const std::string& what) const;

    std::vector<Parameter> m_parameters;
};

} // namespace emu
