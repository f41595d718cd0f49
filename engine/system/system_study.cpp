#include "engine/system/system_study.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/design/designs.h"

#include <algorithm>
#include <cmath>

namespace emu {

namespace {

/// The median of each column over the rows of `values` (rows: seeds).
RowVector columnMedians(const std::vector<RowVector>& values)
{
    const Index k = values.front().size();
    RowVector out(k);
    for (Index o = 0; o < k; ++o) {
        std::vector<double> column;
        for (const RowVector& v : values)
            column.push_back(v(o));
        std::sort(column.begin(), column.end());
        const std::size_t n = column.size();
        out(o) = n % 2 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
    }
    return out;
}

Matrix medians(const std::vector<std::vector<RowVector>>& errors)
{
    Matrix out(static_cast<Index>(errors.size()), errors.front().front().size());
    for (std::size_t b = 0; b < errors.size(); ++b)
        out.row(b) = columnMedians(errors[b]);
    return out;
}

} // namespace

MeasuredChange measureChange(const System& system, const RowVector& before, const RowVector& after, Index runs,
                             std::uint64_t seed, Progress& progress)
{
    Rng rng(seed);
    const Index nIn = static_cast<Index>(system.description().inputs.size());
    Matrix inputs(2 * runs, nIn);
    const std::vector<Index> interventions = system.inputsWithRole(SystemInput::Role::Intervention);
    for (Index r = 0; r < runs; ++r) {
        inputs.row(2 * r) = system.drawInputs(before, rng);
        inputs.row(2 * r + 1) = inputs.row(2 * r); // the same day, with the other decisions
        for (std::size_t k = 0; k < interventions.size(); ++k)
            inputs(2 * r + 1, interventions[k]) = after(static_cast<Index>(k));
    }
    const std::vector<SystemRun> results = system.runBatch(inputs, 1, progress);
    std::vector<RowVector> differences;
    for (Index r = 0; r < runs; ++r)
        if (results[2 * r].ok() && results[2 * r + 1].ok())
            differences.push_back(results[2 * r + 1].outputs - results[2 * r].outputs);
    if (differences.size() < 2)
        throw InvalidInput("only " + std::to_string(differences.size()) +
                           " pairs of runs succeeded; measuring a change needs at least 2");
    const double n = double(differences.size());
    RowVector mean = RowVector::Zero(system.outputCount()), square = mean;
    for (const RowVector& d : differences)
        mean += d / n;
    for (const RowVector& d : differences)
        square += (d - mean).array().square().matrix() / (n - 1.0);
    MeasuredChange measured;
    measured.change = mean;
    measured.se = (square / n).array().sqrt();
    measured.runs = static_cast<Index>(differences.size());
    return measured;
}

bool changeAgrees(const PredictedChange& predicted, const MeasuredChange& measured, Index o, double k)
{
    return std::abs(measured.change(o) - predicted.change(o)) <= k * std::hypot(predicted.changeSd(o), measured.se(o));
}

std::vector<SobolIndices> interventionSobolIndices(const System& system, const WholeSystemEmulator& emulator,
                                                   const SobolSettings& settings, Progress& progress)
{
    std::vector<SobolIndices> out;
    const Index k = system.outputCount();
    for (Index o = 0; o < k; ++o) {
        ChildProgress child(progress, double(o) / k, double(o + 1) / k, system.outputNames()[o]);
        out.push_back(estimateSobolIndices(
            [&](const Matrix& X) { return Vector(emulator.predictMean(X).col(o)); }, system.interventionSpace(),
            settings, child.get()));
    }
    return out;
}

Matrix SystemComparison::medianWhole() const
{
    return medians(whole);
}

Matrix SystemComparison::medianComposed() const
{
    return medians(composed);
}

Matrix SystemComparison::medianStale() const
{
    return medians(stale);
}

std::vector<Index> SystemComparison::runsToReach(const Matrix& medians, const std::vector<Index>& budgets,
                                                 double target)
{
    std::vector<Index> out(medians.cols(), -1);
    for (Index o = 0; o < medians.cols(); ++o)
        for (Index b = 0; b < medians.rows() && out[o] < 0; ++b)
            if (medians(b, o) <= target)
                out[o] = budgets[b];
    return out;
}

std::uint64_t comparisonSeed(const SystemComparisonSettings& settings, int seedIndex)
{
    return settings.seed + 1000 * std::uint64_t(seedIndex);
}

namespace {

/// The expected outputs at each held-out setting: the mean of `replicates` runs.
Matrix heldOutTruth(const System& system, const Matrix& heldOut, const SystemComparisonSettings& settings,
                    Progress& progress)
{
    Matrix truth = Matrix::Zero(heldOut.rows(), system.outputCount());
    Rng rng(settings.seed + 8888);
    Matrix inputs(heldOut.rows() * settings.replicates, system.description().inputs.size());
    for (Index i = 0; i < heldOut.rows(); ++i)
        for (Index r = 0; r < settings.replicates; ++r)
            inputs.row(i * settings.replicates + r) = system.drawInputs(heldOut.row(i), rng);
    const std::vector<SystemRun> runs = system.runBatch(inputs, 1, progress);
    for (Index i = 0; i < heldOut.rows(); ++i) {
        Index ok = 0;
        for (Index r = 0; r < settings.replicates; ++r)
            if (const SystemRun& run = runs[i * settings.replicates + r]; run.ok()) {
                truth.row(i) += run.outputs;
                ++ok;
            }
        if (ok == 0)
            throw InvalidInput("every run at a held-out point failed: " + runs[i * settings.replicates].error);
        truth.row(i) /= double(ok);
    }
    return truth;
}

/// compareSystemEmulators() when `changed` is false (before and after are the same system),
/// compareAfterChange() when it is true.
SystemComparison compare(const System& before, const System& after, bool changed,
                         const SystemComparisonSettings& settings, Progress& progress)
{
    if (settings.budgets.empty() || settings.seeds < 1 || settings.heldOut < 3 || settings.replicates < 1)
        throw InvalidInput("a comparison needs budgets, a seed, 3 held-out points and a replicate");
    if (before.interventionSpace().names() != after.interventionSpace().names())
        throw InvalidInput("the changed system must keep the same interventions");
    SystemComparison result;
    result.budgets = settings.budgets;
    result.outputs = after.outputNames();
    const Matrix heldOut = latinHypercubeDesign(after.interventionSpace(), settings.heldOut, settings.seed + 7777);
    ChildProgress truthProgress(progress, 0.0, 0.1, "the truth at the held-out points");
    const Matrix truth = heldOutTruth(after, heldOut, settings, truthProgress.get());
    const RowVector spread =
        ((truth.rowwise() - truth.colwise().mean()).array().square().colwise().mean()).sqrt().max(1e-12);
    const auto error = [&](const Matrix& predicted) {
        return RowVector(((predicted - truth).array().square().colwise().mean()).sqrt() / spread.array());
    };
    const double steps = double(settings.budgets.size()) * settings.seeds;
    double done = 0;
    for (Index budget : settings.budgets) {
        result.whole.emplace_back();
        result.composed.emplace_back();
        if (changed)
            result.stale.emplace_back();
        result.wholeCost.push_back(0.0);
        result.composedCost.push_back(0.0);
        for (int s = 0; s < settings.seeds; ++s) {
            const double from = 0.1 + 0.9 * done / steps, to = 0.1 + 0.9 * (done + 1) / steps;
            const std::string stage = std::to_string(budget) + " runs, seed " + std::to_string(s + 1);
            SystemEmulatorSettings emulator;
            emulator.runs = budget;
            emulator.seed = comparisonSeed(settings, s);
            ChildProgress first(progress, from, 0.5 * (from + to), stage + ", whole system");
            const WholeSystemEmulator whole(after, emulator, first.get());
            ChildProgress second(progress, 0.5 * (from + to), to, stage + ", component-wise");
            ComponentwiseEmulator composed(before, emulator, second.get());
            if (changed) {
                composed = composed.adaptedTo(after, emulator);
                result.stale.back().push_back(error(WholeSystemEmulator(before, emulator).predictMean(heldOut)));
            }
            result.whole.back().push_back(error(whole.predictMean(heldOut)));
            result.composed.back().push_back(error(composed.predictMean(heldOut, settings.samples, emulator.seed)));
            result.wholeCost.back() += double(budget) * after.runCost() / settings.seeds;
            result.composedCost.back() += composed.trainingCost() / settings.seeds;
            ++done;
        }
    }
    return result;
}

} // namespace

SystemComparison compareSystemEmulators(const System& system, const SystemComparisonSettings& settings,
                                        Progress& progress)
{
    return compare(system, system, false, settings, progress);
}

SystemComparison compareAfterChange(const System& before, const System& after, const SystemComparisonSettings& settings,
                                    Progress& progress)
{
    return compare(before, after, true, settings, progress);
}

} // namespace emu
