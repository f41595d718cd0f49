#pragma once
// An emulator of the mountain car's dynamics: two Gaussian processes that learn one step of any
// Simulator from a few hundred calls, so that episodes (and Bayesian optimisation of the
// controller) can run on the emulator instead of the simulator ("data-efficient emulation").
//
// Inputs x = (p, v, u) in the training box B of the simulator's state limits (state_limits.h),
//     B = [-1.2, 0.6] x [-0.07, 0.07] x [-1, 1]   for the classic car,
// mapped to the unit cube z = (x - lower) / (upper - lower) before they reach the GPs: v spans
// 0.14 against 1.8 for p, so one lengthscale box (and one set of random fit starts) suits all
// three inputs only after the scaling.
//
// Outputs: the increments, one GP each (Matérn 5/2 with ARD, constant mean, normalised outputs,
// fitted noise; hyperparameters by maximum likelihood with random restarts):
//     Δp = p' - p ~ GP_p(z),   Δv = v' - v ~ GP_v(z)
// so the emulated next state is x' = x + μ(z): the current state is the mean offset, and the
// GPs learn only the small, smooth effect of one step (gravity and engine) rather than the
// identity map, whose long-range linear trend a stationary kernel models poorly.
// Output scaling: Δp is of the order of v (up to 0.07) and Δv of 0.004. Each GP normalises its
// outputs to unit root-mean-square (gaussian_process.h), so variance and noise bounds and the
// random starts of both fits are on the same footing; errors are reported relative to each
// output's standard deviation.
//
// Limits. Each simulator declares its state box and what happens at its edges (a wall, a clip,
// nothing; Simulator::limits()): the classic car clips v' to [-0.07, 0.07], moves p by the
// clipped v', clips p' at 0.6 and stops at the wall at -1.2; the Box2D car has walls at -1.8 and
// 0.6 and no speed limit. A transition that ends on an edge with a rule shows the rule, not the
// dynamics: at a wall Δv = -v, up to 0.07, fifteen times the largest push of gravity and
// engine, and a smooth GP fitted through such jumps is wrong everywhere near them. The emulator
// therefore applies the simulator's rules itself, x' = limits(x + μ(z)) (StateLimits::apply),
// and leaves "limited" transitions (StateLimits::onLimit) out of the GPs' data: they still
// count as calls, and limitedCount() says how many there were (about 3% of a uniform design on
// the classic car, 1-2% on the Box2D car).
//
// Fitting cost. One likelihood evaluation (factor, K⁻¹ and gradient) costs O(n³), ≈ 8 ms at
// n = 500, and a fit with restarts needs a few hundred. The hyperparameters are therefore fitted
// (with restarts) on a seeded random subset of at most fitSubset transitions, and the GPs then
// condition on all of them with those hyperparameters: the subset's evaluations cost
// (150/500)³ ≈ 3% as much, and the few hyperparameters of these smooth functions are well
// determined by a couple of hundred points (tests/engine/sim: held-out errors).
//
// Designs (the N simulator calls of training, seeded):
//   random, lhs, sobol  all N points at once in the unit cube (designs.h), one stepBatch;
//   active              uncertainty sampling: an initial Latin hypercube of n0 points, then one
//                       call at a time at the candidate where the summed relative latent
//                       variance Σ_o Var_o(z) / σ_o² of the two GPs is largest (σ_o² the kernel
//                       variance, so both outputs count equally), skipping candidates whose
//                       predicted next state is on a limit (their transitions would be left out
//                       of the GPs, see below). The variance of a GP with fixed hyperparameters
//                       does not depend on the observed values, so it is updated in O(n M) per
//                       point over a fixed Sobol set of M candidates (one bordered row per
//                       point, as a pivoted Cholesky); hyperparameters are refitted whenever n
//                       has grown by half since the last fit.
//
// Fast prediction (what makes an emulated 500-step episode cost well under a millisecond):
// with w = s σ² α (s the output scale, σ² the kernel variance, α = K⁻¹ỹ) and the training inputs
// divided by the lengthscales, Z_i = z_i / ℓ,
//     μ(z)   = m + Σ_i w_i f(|z/ℓ - Z_i|²),   f(r²) = (1 + √5 r + 5r²/3) exp(-√5 r)
//     Var(z) = s² (σ² - |L⁻¹ k|²) (+ s² σn²),  k_i = σ² f(|z/ℓ - Z_i|²)
// The mean is one pass over the n training points per output; the variance needs a triangular
// solve, O(n²), and is only computed when sampling (batched over all samples of a step).

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/dynamics/step_model.h"
#include "engine/sim/mountain_car.h"
#include "engine/sim/state_limits.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class GaussianProcess;
class Simulator;

/// How a DynamicsEmulator is trained.
struct EmulatorSettings
{
    int trainingCalls = 500;         ///< N: simulator calls spent on training data (≥ 2)
    std::string designId = "random"; ///< "random", "lhs", "sobol" or "active"
    int fitRestarts = 3;             ///< random restarts of the final hyperparameter fit
    int fitMaxIterations = 100;      ///< optimiser iterations per start
    int fitSubset = 150;             ///< fit hyperparameters on ≤ this many points; 0: on all
    int activeInitialPoints = 0;     ///< active: initial Latin hypercube n0; 0: max(7, N/10)
    int activeCandidates = 0;        ///< active: Sobol candidates M; 0: max(1024, 2N)
    std::uint64_t seed = 0;          ///< seeds the design and the fits
};

/// The design methods of emulator training, in menu order: "random", "lhs", "sobol", "active".
std::vector<std::string> emulatorDesignIds();

/// Two GPs of the increments (Δp, Δv) of one step; see the file comment.
class DynamicsEmulator : public StepModel
{
public:
    /// Scratch memory of the fast predictors: a rollout allocates once, not once per step.
    class Workspace : public StepModel::Workspace
    {
    public:
        Workspace() = default;

    private:
        friend class DynamicsEmulator;
        Eigen::ArrayXd m_r2;      ///< squared scaled distances to the training points (n)
        Matrix m_units;           ///< unit-cube query points (m×3)
        Matrix m_kernel[2];       ///< k(X, z) per output (n×m), then L⁻¹k
    };

    /// The limits of the simulator it emulates (the classic car's for fromTransitions() unless
    /// given): its training box and the rules it applies to every step.
    const StateLimits& limits() const override { return m_limits; }
    /// The training box B as a parameter space with columns p, v, u.
    ParameterSpace domain() const { return m_limits.trainingBox(); }
    /// Rows (p, v, u) → rows of B's unit cube (file comment); InvalidInput unless 3 columns.
    Matrix toUnitCube(const Matrix& statesAndActions) const { return m_limits.toUnitCube(statesAndActions); }
    /// Unit-cube rows → rows (p, v, u).
    Matrix fromUnitCube(const Matrix& units) const { return m_limits.fromUnitCube(units); }

    /// Trains on settings.trainingCalls calls of `simulator` chosen by settings.designId; the
    /// simulator's counter advances by exactly that many. Reports progress, throws Cancelled
    /// when cancelled, InvalidInput for invalid settings (before any call).
    static DynamicsEmulator train(Simulator& simulator, const EmulatorSettings& settings = {},
                                  Progress& progress = Progress::none());
    /// Fits to given transitions: rows (p, v, u) and rows (p', v') (e.g. recorded elsewhere) of
    /// a simulator with the given limits. Only the fit settings are used; simulatorCalls() is 0.
    /// InvalidInput on shape or NaN.
    static DynamicsEmulator fromTransitions(const Matrix& statesAndActions, const Matrix& nextStates,
                                            const EmulatorSettings& settings = {},
                                            const std::string& simulatorId = "data",
                                            const StateLimits& limits = StateLimits::classic(),
                                            Progress& progress = Progress::none());

    DynamicsEmulator(const DynamicsEmulator& other);
    DynamicsEmulator& operator=(const DynamicsEmulator& other);
    DynamicsEmulator(DynamicsEmulator&&) noexcept;
    DynamicsEmulator& operator=(DynamicsEmulator&&) noexcept;
    ~DynamicsEmulator() override;

    /// "emulator".
    std::string carId() const override { return "emulator"; }
    /// "GP emulator of the classic car (N = 482)".
    std::string description() const override;
    /// Id of the simulator the data came from ("classic", …).
    std::string simulatorId() const override { return m_simulatorId; }
    /// Measured order of magnitude: ≈ 3 ns per training point per step (≈ 1.5 µs at N = 500)
    /// against ≈ 20 ns for a classic step.
    double relativeCost() const override { return 0.15 * double(size()); }
    /// The settings it was trained with.
    const EmulatorSettings& settings() const { return m_settings; }
    /// Number of transitions in the GPs' data (N minus the limited ones).
    Index size() const { return m_trainUnits.rows(); }
    /// Transitions that ended on a limit of B and are left out of the GPs (file comment).
    Index limitedCount() const { return m_inputs.rows() - m_trainUnits.rows(); }
    /// Simulator calls made for training (N; 0 for fromTransitions()).
    std::uint64_t simulatorCalls() const { return m_simulatorCalls; }
    /// Every simulated transition's (p, v, u), in the order acquired, limited ones too (N×3).
    const Matrix& statesAndActions() const { return m_inputs; }
    /// Every simulated transition's (Δp, Δv), in the same order (N×2).
    const Matrix& increments() const { return m_increments; }
    /// Whether transition i ended on a limit (and is left out of the GPs).
    bool isLimited(Index i) const { return m_limited[std::size_t(i)] != 0; }
    /// The GP of Δp on unit-cube inputs.
    const GaussianProcess& positionModel() const { return *m_models[0]; }
    /// The GP of Δv on unit-cube inputs.
    const GaussianProcess& velocityModel() const { return *m_models[1]; }
    /// Wall-clock seconds of the design and its simulator calls.
    double designSeconds() const { return m_designSeconds; }
    /// Wall-clock seconds of fitting the hyperparameters (all fits, active refits included).
    double fitSeconds() const { return m_fitSeconds; }

    /// Predictive means (m×2: Δp, Δv) and, if `variance` is given, variances of the increments
    /// at rows (p, v, u), through the GPs' batch predict(). InvalidInput on shape or NaN.
    Matrix predictIncrements(const Matrix& statesAndActions, Matrix* variance = nullptr,
                             bool includeNoise = false) const override;
    std::unique_ptr<StepModel::Workspace> newWorkspace() const override;
    /// The mean increments (Δp, Δv) at one (p, v, u): the fast path (no checks, no allocation
    /// once `work` is sized). u is used as given.
    std::array<double, 2> meanIncrement(const CarState& s, double u, Workspace& work) const;
    /// The mean next state: limits().apply(s, meanIncrement(s, u)). `work` is a Workspace.
    CarState meanStep(const CarState& s, double u, StepModel::Workspace& work) const override;
    /// Means and variances (m×2 each) of the increments at the rows (p, v, u): one kernel matrix
    /// and one triangular solve per output for all rows. No checks. `work` is a Workspace.
    void incrementMarginals(const Matrix& statesAndActions, bool includeNoise, Matrix& mean,
                            Matrix& variance, StepModel::Workspace& work) const override;

private:
    /// Per-output data of the fast predictors.
    struct FastOutput
    {
        Matrix scaledInputs;       ///< Z = z / ℓ (n×3, column-major)
        Eigen::ArrayXd weights;    ///< w = s σ² α
        Eigen::Array3d inverseLengthscales;
        double offset = 0.0;       ///< m
        double scale = 1.0;        ///< s
        double kernelVariance = 1.0;
        double noiseVariance = 0.0; ///< σn² (normalised units)
    };

    DynamicsEmulator();
    /// Log hyperparameters (kernel, then noise) of the first fit's start.
    static Vector smoothStart();
    /// Copies the fitted GPs' hyperparameters and weights into m_fast.
    void prepareFastPath();
    /// Fits both GPs' hyperparameters on a subset (file comment) from the current values plus
    /// `restarts` random starts, and once more from smoothStart() if they were fitted before;
    /// then conditions them on all unlimited transitions.
    void fitModels(int restarts, int maxIterations, std::uint64_t seed, Progress& progress,
                   double progressFrom, double progressTo);
    /// The active design: fills m_inputs/m_increments with N points chosen sequentially.
    void acquireActive(Simulator& simulator, Progress& progress);
    /// Appends transitions (car units); those not on a limit also to the GPs' data.
    void appendData(const Matrix& statesAndActions, const Matrix& nextStates);

    std::string m_simulatorId;
    StateLimits m_limits;
    EmulatorSettings m_settings;
    Matrix m_inputs;              ///< N×3, car units, every transition
    Matrix m_increments;          ///< N×2, every transition
    std::vector<char> m_limited;  ///< N flags: transition ended on a limit
    Matrix m_trainUnits;          ///< n×3 unit-cube inputs of the GPs (unlimited transitions)
    Matrix m_trainIncrements;     ///< n×2 outputs of the GPs
    std::unique_ptr<GaussianProcess> m_models[2];
    FastOutput m_fast[2];
    bool m_fitted = false; ///< whether the GPs' hyperparameters were fitted before
    std::uint64_t m_simulatorCalls = 0;
    double m_designSeconds = 0.0;
    double m_fitSeconds = 0.0;
};

} // namespace emu
