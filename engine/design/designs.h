#pragma once
// Space-filling experimental designs: n points (rows) inside a ParameterSpace (columns).
//
// Every design is built in the unit cube [0, 1)^d and mapped into the space with
// ParameterSpace::fromUnitCube, which also places discrete coordinates on allowed values (each
// allowed value owning an equal slice of [0, 1)), so every returned point is in the space.
//
//  - random:  u_ij ~ U[0, 1) independently.
//  - lhs:     Latin hypercube (McKay, Beckman & Conover 1979): u_ij = (π_j(i) + r_ij)/n with an
//             independent random permutation π_j of {0, …, n−1} per column and r_ij ~ U[0, 1),
//             so each of the n equal strata of every coordinate holds exactly one point.
//  - sobol:   the first n points of a scrambled Sobol' sequence (see sobol_sequence.h); its
//             star discrepancy falls like (log n)^d / n instead of the n^(−1/2) of random
//             points. Powers of two (8, 16, 32, …) keep its balance properties best.
//
// The same (space, n, seed) always gives the same design. n = 0 gives a 0×d matrix.

#include "engine/core/registry.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emu {

class Rng;

/// n points uniformly at random in [0, 1)^d.
Matrix randomUnitDesign(Index n, Index d, Rng& rng);
/// An n-point Latin hypercube in [0, 1)^d: one point per stratum [k/n, (k+1)/n) per column.
Matrix latinHypercubeUnitDesign(Index n, Index d, Rng& rng);
/// The first n points of the Sobol' sequence in [0, 1)^d, scrambled with `seed`.
Matrix sobolUnitDesign(Index n, Index d, std::uint64_t seed);

/// n uniform random points in the space.
Matrix randomDesign(const ParameterSpace& space, Index n, std::uint64_t seed);
/// An n-point Latin hypercube in the space.
Matrix latinHypercubeDesign(const ParameterSpace& space, Index n, std::uint64_t seed);
/// n points of a scrambled Sobol' sequence in the space (at most SobolSequence::maxDimension).
Matrix sobolDesign(const ParameterSpace& space, Index n, std::uint64_t seed);

/// One selectable design method.
struct DesignInfo
{
    std::string id;          ///< stable identifier used in files and on the command line
    std::string displayName; ///< for menus, e.g. "Latin hypercube"
    std::string description; ///< one sentence for tooltips
    /// Builds an n-point design in the space from a seed.
    std::function<Matrix(const ParameterSpace& space, Index n, std::uint64_t seed)> generate;
};

/// Every registered design method, in menu order: "random", "lhs", "sobol".
const Registry<DesignInfo>& designRegistry();
/// An n-point design by method id; throws InvalidInput listing the valid ids if `id` is
/// unknown, and for n < 0 or an empty space.
Matrix makeDesign(const std::string& id, const ParameterSpace& space, Index n, std::uint64_t seed);

} // namespace emu
