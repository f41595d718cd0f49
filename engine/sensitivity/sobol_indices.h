#pragma once
// Variance-based (Sobol') sensitivity indices by Saltelli's Monte Carlo scheme: which inputs of
// a function, varied uniformly over their box, account for how much of its output's variance.
//
// For f(X) with independent inputs X = (X1 … Xd) and V = Var f(X):
//   main effect   S_i  = Var(E[f | X_i]) / V      the share of V that X_i explains on its own
//   total effect  ST_i = E[Var(f | X_~i)] / V     the share of V that involves X_i at all
// so 0 ≤ S_i ≤ ST_i ≤ 1, Σ S_i = 1 for an additive f, and ST_i − S_i is X_i's share in
// interactions. ST_i = 0 means X_i can be fixed anywhere without changing f.
//
// Scheme (Saltelli 2002; Saltelli et al. 2010). Draw two independent N×d samples A and B of the
// inputs (rows are points) and, for every input i, A_B^(i): A with column i taken from B. From
// the N(d+2) outputs f(A), f(B), f(A_B^(i)), with μ the mean of the 2N values f(A), f(B):
//   V    = mean over the 2N values of (f − μ)²
//   S_i  = mean_k (f(B)_k − μ)(f(A_B^(i))_k − f(A)_k) / V       (Saltelli et al. 2010)
//   ST_i = mean_k (f(A)_k − f(A_B^(i))_k)² / (2V)               (Jansen 1999)
// Centring f(B) by μ does not change the expectation of S_i's numerator (the term it removes,
// μ·mean(f(A_B^(i)) − f(A)), has expectation 0) but removes noise proportional to μ, so the
// estimates do not depend on an offset added to f.
//
// The points are uniform in the ParameterSpace (its fromUnitCube map: discrete parameters take
// each allowed value equally often; the estimators only need independent inputs).
//
// Standard errors (see sobol_indices.cpp for the derivation): the delta method on the N
// independent rows, SE = sd_k(ψ_k)/√N with the influence values
//   ψ_k = (a_k − mean a − Ŝ (v_k − V)) / V,   v_k = ((f(A)_k − μ)² + (f(B)_k − μ)²)/2
// where a_k is row k's term of the index's numerator and Ŝ the estimate.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emu {

class Model;

/// A function to analyse: one output per row of X (n×d, rows are points in the input box).
using BatchEvaluator = std::function<Vector(const Matrix& X)>;

/// How estimateSobolIndices() samples.
struct SobolSettings
{
    Index samples = 1000;   ///< N, rows of each of A and B (≥ 2); the cost is N(d+2) evaluations
    std::uint64_t seed = 0; ///< seeds A and B: the same seed gives the same indices
};

/// Main and total Sobol indices with their Monte Carlo standard errors.
struct SobolIndices
{
    std::vector<std::string> names; ///< input names (the space's), one per entry below
    Vector main;                    ///< S_i, first-order (main-effect) indices
    Vector total;                   ///< ST_i, total-effect indices
    Vector mainStandardError;       ///< standard error of each S_i
    Vector totalStandardError;      ///< standard error of each ST_i
    Index samples = 0;              ///< N
    Index evaluations = 0;          ///< function evaluations made: N(d+2)
    double mean = 0.0;              ///< μ: mean of f over A and B
    double variance = 0.0;          ///< V: variance of f over A and B
    double seconds = 0.0;           ///< wall-clock time, evaluations included
};

/// The indices of `f` over `space` (see the file comment). f is called d + 2 times with N rows
/// each; progress is reported and cancellation checked between calls. Throws InvalidInput for
/// N < 2 or an empty space, if f returns a wrong number of values or a non-finite value (the
/// message names the point), or if f is constant over the samples (zero variance).
SobolIndices estimateSobolIndices(const BatchEvaluator& f, const ParameterSpace& space,
                                  const SobolSettings& settings,
                                  Progress& progress = Progress::none());

/// The indices of a model's predictive mean over `space` (inputs in the model's own units).
/// Throws InvalidInput unless the model takes space.dimension() inputs, and as above.
SobolIndices estimateSobolIndices(const Model& model, const ParameterSpace& space,
                                  const SobolSettings& settings,
                                  Progress& progress = Progress::none());

} // namespace emu
