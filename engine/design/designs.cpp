#include "engine/design/designs.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/design/sobol_sequence.h"

#include <algorithm>
#include <numeric>

namespace emu {

namespace {

void requireSize(Index n, Index d)
{
    if (n < 0)
        throw InvalidInput("a design needs a non-negative number of points, not " +
                           std::to_string(n));
    if (d < 1)
        throw InvalidInput("a design needs at least one parameter");
}

std::vector<DesignInfo> buildRegistry()
{
    return {
        {"random", "Random (uniform)",
         "Independent uniform points: simple, but they clump and leave gaps.", randomDesign},
        {"lhs", "Latin hypercube",
         "Every parameter's range is cut into n slices and each slice gets exactly one point.",
         latinHypercubeDesign},
        {"sobol", "Sobol (scrambled)",
         "A low-discrepancy sequence that fills the space evenly; best with 2^k points.",
         sobolDesign},
    };
}

} // namespace

Matrix randomUnitDesign(Index n, Index d, Rng& rng)
{
    requireSize(n, d);
    return rng.uniformMatrix(n, d);
}

Matrix latinHypercubeUnitDesign(Index n, Index d, Rng& rng)
{
    requireSize(n, d);
    Matrix U(n, d);
    std::vector<Index> stratum(static_cast<std::size_t>(n));
    for (Index j = 0; j < d; ++j) {
        std::iota(stratum.begin(), stratum.end(), Index{0});
        // Fisher–Yates with our own Rng::index: std::shuffle's output is not specified by the
        // standard, which would break reproducibility across compilers.
        for (std::size_t i = stratum.size(); i > 1; --i)
            std::swap(stratum[i - 1], stratum[rng.index(i)]);
        for (Index i = 0; i < n; ++i)
            U(i, j) = (static_cast<double>(stratum[static_cast<std::size_t>(i)]) + rng.uniform()) /
                      static_cast<double>(n);
    }
    return U;
}

Matrix sobolUnitDesign(Index n, Index d, std::uint64_t seed)
{
    requireSize(n, d);
    SobolSequence sequence(d, seed);
    return sequence.next(n);
}

Matrix randomDesign(const ParameterSpace& space, Index n, std::uint64_t seed)
{
    Rng rng(seed);
    return space.fromUnitCube(randomUnitDesign(n, space.dimension(), rng));
}

Matrix latinHypercubeDesign(const ParameterSpace& space, Index n, std::uint64_t seed)
{
    Rng rng(seed);
    return space.fromUnitCube(latinHypercubeUnitDesign(n, space.dimension(), rng));
}

Matrix sobolDesign(const ParameterSpace& space, Index n, std::uint64_t seed)
{
    return space.fromUnitCube(sobolUnitDesign(n, space.dimension(), seed));
}

const Registry<DesignInfo>& designRegistry()
{
    static const Registry<DesignInfo> registry("design", "designs", buildRegistry());
    return registry;
}

Matrix makeDesign(const std::string& id, const ParameterSpace& space, Index n, std::uint64_t seed)
{
    return designRegistry().at(id).generate(space, n, seed);
}

} // namespace emu
