#pragma once
// Benchmark functions with known global minima, for trying designs, emulators and Bayesian
// optimisation where the right answer is known. One virtual call evaluates a whole batch:
// X is n×d (rows are points) and the result has one value per row.
//
// Functions are defined on all of R^d; the ParameterSpace gives the conventional search box,
// and the known minimum is the global minimum over that box.

#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <string>
#include <utility>

namespace emu {

class TestFunction
{
public:
    virtual ~TestFunction() = default;

    /// Stable identifier used in files and on the command line, e.g. "branin".
    virtual std::string id() const = 0;
    /// Name for menus and titles, e.g. "Branin–Hoo".
    virtual std::string displayName() const = 0;

    /// Number of inputs d.
    Index dimension() const { return m_space.dimension(); }
    /// The search box (continuous parameters x1…xd).
    const ParameterSpace& space() const { return m_space; }

    /// f at every row of X (n×d); throws InvalidInput for a wrong column count or NaN/inf.
    Vector evaluate(const Matrix& X) const;
    /// The global minimum value over the search box.
    virtual double minimumValue() const = 0;
    /// Every global minimiser in the search box, one per row.
    virtual Matrix minimisers() const = 0;

protected:
    explicit TestFunction(ParameterSpace space) : m_space(std::move(space)) {}
    /// f at every row of X, which is already checked (d columns, all finite).
    virtual Vector compute(const Matrix& X) const = 0;

private:
    ParameterSpace m_space;
};

} // namespace emu
