#pragma once
// Two ways to emulate a system of components (system.h), to predict what a change of the
// interventions does downstream before running the system.
//
// Whole-system: one GP per system output on the interventions, trained on runs of the whole
// system at a Latin hypercube of the interventions (random inputs drawn, conditions nominal).
// Its fitted noise learns the day-to-day spread. At x:
//     mean   = m(x)                 expected output
//     meanSd = √v(x)                uncertainty of that expectation (the emulator's)
//     spread = √(v(x) + σn²)        where one run's output may land
//
// Component-wise: one GP per output of every component on that component's inputs, trained on
// runs of the component alone at a Latin hypercube of its input ports' ranges (each team
// emulates its own part). Composed by sampling: S samples go through the graph in run order,
// random inputs drawn, conditions at the values given, each component's outputs drawn from its
// GPs' predictive marginals at the sample's inputs (errors of different samples independent)
// and kept inside the output port's declared range, as the component's own outputs are (no
// negative stock-outs, no service level above 1: the bounds carry real point masses).
//     mean   = mean over the samples
//     spread = sd over the samples
//     meanSd = rms over the samples of (output − the same sample through the GP means only):
//              how far the component emulators' own uncertainty moves the output.
// Composition needs no new runs when the wiring changes or a condition moves, and only the
// changed component's runs when one component is retrained (adaptedTo); it pays for emulating
// every component over its whole input box, most of which the system never visits.
//
// Both emulate on inputs mapped to the unit cube (Matérn 5/2 ARD, constant mean, fitted noise),
// so a port's scale does not matter; no lengthscale is shorter than half the typical spacing of
// the design, n^(−1/d)/2, below which the fit would take the days' noise for signal. A GP is often overconfident where its function has a kink
// (a min(), a capacity): each one's predictive variance is scaled by c² = max(1, mean z_i²), z_i
// its closed-form leave-one-out standardised residuals, so that its bands hold on the runs it
// has. Training costs runs × the components' costs.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/gp/gaussian_process.h"
#include "engine/system/system.h"

#include <cstdint>
#include <vector>

namespace emu {

/// A fitted GP and the factor its predictive variance is scaled by (the file comment).
struct CalibratedGp
{
    GaussianProcess gp;
    double varianceScale = 1.0;
    /// Mean and calibrated variance (with noise if asked) at the rows of unit-cube inputs.
    Prediction predict(const Matrix& unitInputs, bool includeNoise) const;
};

/// The GP both emulators fit: Matérn 5/2 ARD on the unit cube, fitted on (X, y) with restarts,
/// calibrated by its leave-one-out residuals.
CalibratedGp fitSystemGp(const Matrix& unitInputs, const Vector& y, int restarts,
                         std::uint64_t seed);

/// What an emulator predicts for the system's outputs at one setting of the interventions.
struct SystemForecast
{
    RowVector mean;   ///< expected value of each system output
    RowVector meanSd; ///< the emulator's uncertainty about that expectation
    RowVector spread; ///< sd of one run's output around it (day-to-day variation + emulator)
    Matrix samples;   ///< component-wise: one sampled run's outputs per row (empty otherwise)
    std::vector<RowVector> portMean; ///< component-wise: per component, mean of each output port
    std::vector<RowVector> portSd;   ///< component-wise: per component, sd of each output port
};

/// A change of the interventions as an emulator predicts it: both forecasts, and the change of
/// each output's expected value with its uncertainty. The two predictions share most of the
/// emulator's error when the settings are close (the GP's posterior covariance between them),
/// so the change is known far better than either value: the same setting twice changes nothing,
/// with no uncertainty.
struct PredictedChange
{
    SystemForecast before;
    SystemForecast after;
    RowVector change;
    RowVector changeSd;
};

/// How an emulator is trained.
struct SystemEmulatorSettings
{
    Index runs = 40;        ///< whole-system runs, or runs of every component
    std::uint64_t seed = 1; ///< designs, random inputs and fit restarts
    int restarts = 2;       ///< random restarts of each GP fit
};

class WholeSystemEmulator
{
public:
    /// Runs the system at a design and fits one GP per output; failed runs are left out.
    /// Throws InvalidInput if the system has no interventions or fewer than 3 runs succeed,
    /// NumericalError if a fit fails, Cancelled.
    WholeSystemEmulator(const System& system, const SystemEmulatorSettings& settings,
                        Progress& progress = Progress::none());
    /// Fits on runs already made: interventions (n × d) and the system's outputs (n × outputs).
    WholeSystemEmulator(const System& system, const Matrix& interventions, const Matrix& outputs,
                        const SystemEmulatorSettings& settings);

    SystemForecast forecast(const RowVector& interventions) const;
    /// From `before` to `after`: sd² = v(a) + v(b) − 2 Cov(f(a), f(b)).
    PredictedChange change(const RowVector& before, const RowVector& after) const;
    /// Expected outputs at every row (points × outputs).
    Matrix predictMean(const Matrix& interventions) const;
    Index runs() const { return m_inputs.rows(); }
    Index failedRuns() const { return m_failed; }
    double cost() const { return m_cost; }
    const CalibratedGp& emulator(Index output) const { return m_gps[output]; }
    const Matrix& trainingInputs() const { return m_inputs; }
    const Matrix& trainingOutputs() const { return m_outputs; }

private:
    void fit(const SystemEmulatorSettings& settings);

    ParameterSpace m_space;
    Matrix m_inputs;
    Matrix m_outputs;
    std::vector<CalibratedGp> m_gps;
    Index m_failed = 0;
    double m_cost = 0.0;
};

class ComponentwiseEmulator
{
public:
    /// Runs every component alone at a design over its inputs' ranges and fits one GP per
    /// output. A component's failed runs are left out. Throws InvalidInput if fewer than 3 runs
    /// of a component succeed, NumericalError if a fit fails, Cancelled.
    ComponentwiseEmulator(const System& system, const SystemEmulatorSettings& settings,
                          Progress& progress = Progress::none());

    /// An emulator of `system` that keeps this one's emulators of every component it has too,
    /// unchanged (same type, parameters, ports and program); the others are trained anew.
    /// trainingCost() is then the cost of the new runs only.
    ComponentwiseEmulator adaptedTo(const System& system, const SystemEmulatorSettings& settings,
                                    Progress& progress = Progress::none()) const;

    /// The forecast at these interventions, with the conditions at `conditions` (one value per
    /// condition input, description order; empty: their nominal values).
    SystemForecast forecast(const RowVector& interventions, const RowVector& conditions,
                            int samples, std::uint64_t seed) const;
    /// From `before` to `after` on the same days, each GP's draws at the two settings made
    /// jointly; changeSd is the rms over the days of what the emulators' errors do to the change.
    PredictedChange change(const RowVector& before, const RowVector& after, const RowVector& conditions,
                           int samples, std::uint64_t seed) const;
    /// Expected outputs at every row (points × outputs), conditions nominal.
    Matrix predictMean(const Matrix& interventions, int samples, std::uint64_t seed) const;
    /// How far an error of each component carries downstream: row c, column o is the change of
    /// output o's expected value when every output of component c reads `fraction` of its range
    /// too high, in units of output o's spread. The same samples (seed) are used with and
    /// without the error, so the differences are the error's, not sampling noise.
    Matrix reach(const RowVector& interventions, const RowVector& conditions, int samples,
                 std::uint64_t seed, double fraction = 0.1) const;

    /// The cost of the runs made to train this emulator (reused components cost nothing).
    double trainingCost() const { return m_cost; }
    /// How many components were trained (not reused) when this emulator was made.
    Index componentsTrained() const { return m_trained; }
    const System& system() const { return m_system; }
    const CalibratedGp& emulator(Index component, Index output) const;
    /// The box component c's emulators were trained on (its input ports' ranges).
    const ParameterSpace& inputSpace(Index component) const { return m_parts[component].space; }
    const Matrix& trainingInputs(Index component) const { return m_parts[component].inputs; }
    const Matrix& trainingOutputs(Index component) const { return m_parts[component].outputs; }

private:
    struct Part
    {
        ParameterSpace space;
        Matrix inputs;
        Matrix outputs;
        std::vector<CalibratedGp> gps;
    };
    explicit ComponentwiseEmulator(System system) : m_system(std::move(system)) {}
    /// One setting's samples through the graph, and the same days through the GP means only.
    struct Path
    {
        SystemForecast forecast;
        Matrix meanOnly;
    };
    /// The samples of each setting (one or two) on the same days, with component `shifted`'s
    /// outputs moved by `fraction` of their ranges (−1: none).
    std::vector<Path> propagate(const std::vector<RowVector>& settings, const RowVector& conditions, int samples,
                                std::uint64_t seed, Index shifted, double fraction) const;
    Part trainPart(Index c, const SystemEmulatorSettings& settings, Progress& progress);

    System m_system;
    std::vector<Part> m_parts;
    double m_cost = 0.0;
    Index m_trained = 0;
};

} // namespace emu
