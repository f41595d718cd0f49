#pragma once
// Samples from a deep GP prior: a cascade of GP draws, each layer's output the next one's input,
//
//   h_1 = f_1(x),  h_l = f_l(h_{l−1}),  f_l ~ GP(0, k_l),
//
// drawn jointly over a grid of inputs (so every layer's draw is a function of the one below).
// Composing even smooth RBF layers gives functions with sudden jumps and flat regions that a
// single stationary GP does not produce: the picture that motivates deep GPs. Any kernel of the
// registry can be used per layer; its "variance" and "lengthscale" are set, other
// hyperparameters keep their defaults.

#include "engine/core/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace emu {

/// One layer of the prior cascade.
struct DeepGpPriorLayer
{
    std::string kernel = "rbf"; ///< kernel registry id
    double variance = 1.0;      ///< kernel variance σ² (if the kernel has one)
    double lengthscale = 1.0;   ///< lengthscale ℓ (if the kernel has one)
};

/// Settings of sampleDeepGpPrior().
struct DeepGpPriorSettings
{
    std::vector<DeepGpPriorLayer> layers{DeepGpPriorLayer{}, DeepGpPriorLayer{}}; ///< bottom first
    int samples = 1;        ///< independent cascades
    std::uint64_t seed = 0; ///< same seed, same draws
    /// Turns every layer's standard normals along a great circle towards a second independent
    /// set (greatCircleNormals): 0 gives the seed's draw, every phase gives a valid draw, and a
    /// phase moving slowly from 0 to 2π morphs the cascade smoothly back to it (animations).
    double phase = 0.0;
};

/// Each layer's values at the rows of `grid` (n×1): result[l] is n×samples, column s being
/// cascade s after layer l + 1. Throws InvalidInput for an unknown kernel or bad settings.
std::vector<Matrix> sampleDeepGpPrior(const Matrix& grid, const DeepGpPriorSettings& settings);

} // namespace emu
