#pragma once
// Which inputs does the mountain car's reward depend on? Sobol indices (sensitivity/
// sobol_indices.h) of the episode reward R(θp, θv, θ0, p0) of a linear controller started at
// rest at position p0, with the inputs uniform over
//   θp, θv, θ0: the controller box that direct Bayesian optimisation searches (ControllerDomain)
//   p0:         [−0.6, −0.4], the classic car's random start range (MountainCar::randomStart*)
// computed in one of two ways:
//  - on the simulator: every one of the N(d+2) = 6N evaluations is one episode;
//  - on an emulator: M episodes at a seeded design (e.g. M = 150) train a GP of R on the unit
//    cube of the four inputs (makeBayesianOptimizationModel: Matérn 5/2 ARD, constant mean,
//    fitted noise), and the indices are those of the GP's mean. The simulator runs M episodes
//    instead of 6N; the indices inherit the emulator's error, which the Monte Carlo standard
//    errors do not include.
// Both ways draw the same N Sobol samples for the same seed (the emulator's are the same points
// in unit-cube coordinates, and indices do not change under a rescaling of an input), so they
// can be compared point for point.
//
// The reward is what is analysed, not the log reward gap direct BO models: the indices answer
// "what decides the reward", and the mean of a GP of log(101 − R) mapped back would be biased.
// Deterministic: the same settings give the same indices.

#include "engine/core/progress.h"
#include "engine/core/types.h"
#include "engine/design/parameter_space.h"
#include "engine/sensitivity/sobol_indices.h"
#include "engine/sim/episode_trace.h"

#include <cstdint>
#include <memory>
#include <string>

namespace emu {

class GaussianProcess;
class Simulator;

/// Where the reward is evaluated.
enum class CarSensitivityMode
{
    Simulator, ///< every evaluation is an episode
    Emulator,  ///< the mean of a GP trained on trainingEpisodes episodes
};

/// "simulator" or "emulator" (files, the CLI).
std::string carSensitivityModeId(CarSensitivityMode mode);

/// What runCarSensitivity() does.
struct CarSensitivitySettings
{
    std::string simulatorId = "classic"; ///< simulatorRegistry() id
    CarSensitivityMode mode = CarSensitivityMode::Simulator;
    Index samples = 1000;              ///< N of the Sobol scheme (≥ 2)
    int trainingEpisodes = 150;        ///< emulator only: episodes the GP is trained on (≥ 2)
    std::string designId = "lhs";      ///< emulator only: designRegistry() id of those episodes
    std::string kernelId = "matern52"; ///< emulator only: kernelRegistry() id (with ARD)
    int restarts = 3;                  ///< emulator only: random restarts of the GP fit (≥ 0)
    std::uint64_t seed = 0;            ///< seeds the Sobol samples, the design and the fit
    /// Steps and goal of every episode; start.v is the start velocity, start.p is replaced by
    /// the input p0.
    EpisodeSettings episode;
};

/// Outcome of runCarSensitivity().
struct CarSensitivityResult
{
    CarSensitivitySettings settings;  ///< as given (validated)
    ParameterSpace space;             ///< the inputs (θp, θv, θ0, p0) and their ranges
    SobolIndices indices;             ///< of R, on the simulator or on the emulator's mean
    Index episodes = 0;               ///< simulator episodes run: 6N, or trainingEpisodes
    std::uint64_t simulatorCalls = 0; ///< simulator steps of those episodes (Simulator::calls)
    /// The trained GP (unit-cube inputs in the order of `space`); null on the simulator.
    std::shared_ptr<const GaussianProcess> emulator;
    double seconds = 0.0;           ///< wall-clock time of the whole run
    double simulationSeconds = 0.0; ///< of which running episodes
    double fitSeconds = 0.0;        ///< of which fitting the GP (emulator only)
};

/// The four inputs (thetaP, thetaV, theta0, startPosition) and their ranges (file comment).
ParameterSpace carSensitivitySpace();

/// Rewards of the episodes in the rows (θp, θv, θ0, p0) of `inputs`, each started at
/// (p0, episode.start.v); one episode per row. Throws InvalidInput unless there are 4 columns
/// of finite values.
Vector carRewardsFromStarts(Simulator& simulator, const Matrix& inputs,
                            const EpisodeSettings& episode);

/// Throws InvalidInput for invalid settings (unknown ids, bad counts, bad episode settings).
void validateCarSensitivitySettings(const CarSensitivitySettings& settings);

/// The indices of R on a fresh simulator settings.simulatorId, by settings.mode. Reports
/// progress and throws Cancelled when cancelled; throws InvalidInput for invalid settings
/// before any simulation.
CarSensitivityResult runCarSensitivity(const CarSensitivitySettings& settings = {},
                                       Progress& progress = Progress::none());

} // namespace emu
