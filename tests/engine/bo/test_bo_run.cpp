// The live run: its design, then the loop; the proposal kept until told; points chosen in its
// place; failures that leave the history as it was.

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bo_run.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"

#include <QtTest>

#include <stdexcept>

using namespace emu;

namespace {

constexpr Index kDesignSize = 5;
constexpr std::uint64_t kSeed = 11;

BayesianOptimizationLoop emptyLoop(const TestFunction& f)
{
    LoopSettings settings;
    settings.seed = kSeed;
    return BayesianOptimizationLoop(f.space(), makeBayesianOptimizationModel(f.space().dimension()),
                                    makeAcquisition("ei"), settings);
}

Matrix designFor(const TestFunction& f)
{
    return latinHypercubeDesign(f.space(), kDesignSize, kSeed);
}

ObjectiveFunction objectiveOf(const TestFunction& f)
{
    return [&f](const Matrix& X) { return f.evaluate(X); };
}

} // namespace

class TestBoRun : public QObject
{
    Q_OBJECT
private slots:
    void sameHistoryAsTheLoopGivenTheWholeDesign()
    {
        // One design point at a time, then iterations: the same history as a loop that observed
        // the design at once and stepped (the seeds follow the iteration, not the observations).
        const auto f = makeFunction("branin");
        BoRun run(emptyLoop(*f), designFor(*f));
        for (int k = 0; k < kDesignSize + 4; ++k)
            run.evaluate(run.propose(), objectiveOf(*f));

        BayesianOptimizationLoop reference = emptyLoop(*f);
        reference.observe(designFor(*f), f->evaluate(designFor(*f)));
        for (int k = 0; k < 4; ++k)
            reference.step(objectiveOf(*f));

        QCOMPARE(run.loop().state().X, reference.state().X);
        QCOMPARE(run.loop().state().y, reference.state().y);
        QCOMPARE(run.loop().state().iterations.size(), std::size_t(4));
        QVERIFY(run.loop().state().iterations.back().evaluationSeconds > 0.0);
    }

    void theProposalIsKeptUntilTold()
    {
        const auto f = makeFunction("branin");
        BoRun run(emptyLoop(*f), designFor(*f));
        QVERIFY(run.inDesign());
        const Matrix first = run.propose();
        QCOMPARE(first, Matrix(designFor(*f).row(0)));
        QCOMPARE(run.propose(), first);
        run.tell(first, f->evaluate(first));
        QCOMPARE(run.propose(), Matrix(designFor(*f).row(1)));
        // The rest of the design at once, as a page that evaluates it in one job.
        QCOMPARE(run.remainingDesign().rows(), kDesignSize - 1);
        run.tell(run.remainingDesign(), f->evaluate(run.remainingDesign()));
        QVERIFY(!run.inDesign());
        QCOMPARE(run.remainingDesign().rows(), Index(0));
        const Matrix suggestion = run.propose();
        QVERIFY(run.loop().hasPendingSuggestion());
        QCOMPARE(run.propose(), suggestion);
        QVERIFY(f->space().contains(suggestion));
    }

    void theDesignIsToldInOrder()
    {
        const auto f = makeFunction("branin");
        const Matrix design = designFor(*f);
        BoRun run(emptyLoop(*f), design);
        const Matrix second = design.row(1);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.tell(second, f->evaluate(second)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.evaluate(second, objectiveOf(*f)));
        Matrix tooMany(kDesignSize + 1, 2);
        tooMany << design, design.row(0);
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.tell(tooMany, f->evaluate(tooMany)));
        QCOMPARE(run.evaluationCount(), Index(0));
        QVERIFY(run.inDesign());
        run.tell(design.topRows(2), f->evaluate(design.topRows(2)));
        QCOMPARE(run.evaluationCount(), Index(2));
    }

    void aPointChosenInPlaceCompletesTheIteration()
    {
        const auto f = makeFunction("branin");
        BoRun run(emptyLoop(*f), designFor(*f));
        run.tell(designFor(*f), f->evaluate(designFor(*f)));
        const Matrix suggestion = run.propose();
        Matrix chosen(1, 2);
        chosen << 1.0, 2.0;
        run.evaluate(chosen, objectiveOf(*f));
        const BoState& state = run.loop().state();
        QCOMPARE(state.iterations.size(), std::size_t(1));
        QCOMPARE(state.iterations[0].suggested, suggestion);
        QCOMPARE(Matrix(state.X.bottomRows(1)), chosen);
        QVERIFY(!run.proposal());
        QVERIFY(!run.loop().hasPendingSuggestion());
    }

    void aFailingObjectiveLeavesTheHistory()
    {
        const auto f = makeFunction("branin");
        BoRun run(emptyLoop(*f), designFor(*f));
        const ObjectiveFunction failing = [](const Matrix&) -> Vector {
            throw std::runtime_error("the simulator crashed");
        };
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, run.evaluate(run.propose(), failing));
        QCOMPARE(run.evaluationCount(), Index(0));
        QCOMPARE(run.propose(), Matrix(designFor(*f).row(0)));

        run.tell(designFor(*f), f->evaluate(designFor(*f)));
        const Matrix suggestion = run.propose();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, run.evaluate(suggestion, failing));
        QCOMPARE(run.evaluationCount(), kDesignSize);
        QVERIFY(run.loop().state().iterations.empty());
        // Proposed again from the same history and seeds: the same point.
        QCOMPARE(run.propose(), suggestion);
        const ObjectiveFunction wrongCount = [](const Matrix&) { return Vector(Vector::Zero(3)); };
        QVERIFY_THROWS_EXCEPTION(InvalidInput, run.evaluate(run.propose(), wrongCount));
        QCOMPARE(run.evaluationCount(), kDesignSize);
    }

    void endingTheDesignLetsPointsOfOneOwnIn()
    {
        const auto f = makeFunction("branin");
        BoRun run(emptyLoop(*f), designFor(*f));
        run.evaluate(run.propose(), objectiveOf(*f));
        run.endDesign();
        QVERIFY(!run.inDesign());
        QCOMPARE(run.designSize(), Index(1));
        Matrix own(1, 2);
        own << 0.0, 5.0;
        run.tell(own, f->evaluate(own));
        QCOMPARE(run.evaluationCount(), Index(2));
        QVERIFY(f->space().contains(run.propose()));
    }

    void savedIterationsAreRestored()
    {
        // A run's history written out (points and iteration records) and told to a fresh loop:
        // the same iterations, with their values and best values, and the next proposal equal to
        // the original run's.
        const auto f = makeFunction("forrester");
        BoRun run(emptyLoop(*f), designFor(*f));
        for (int k = 0; k < kDesignSize + 3; ++k)
            run.evaluate(run.propose(), objectiveOf(*f));
        const BoState& saved = run.loop().state();
        std::vector<BoIteration> records = saved.iterations;
        for (BoIteration& r : records) {
            r.values.setZero(); // a session file keeps only how many rows each observed
            r.bestValue = 0.0;
        }

        BoRun restored(emptyLoop(*f), Matrix(0, 1));
        restored.tell(saved.X, saved.y);
        restored.loop().restoreIterations(records);
        const BoState& state = restored.loop().state();
        QCOMPARE(state.iterations.size(), std::size_t(3));
        for (std::size_t k = 0; k < 3; ++k) {
            QCOMPARE(state.iterations[k].dataCount, saved.iterations[k].dataCount);
            QCOMPARE(state.iterations[k].values, saved.iterations[k].values);
            QCOMPARE(state.iterations[k].bestValue, saved.iterations[k].bestValue);
        }
        QVERIFY(restored.propose().isApprox(run.propose(), 1e-6));
    }

    void iterationsThatDoNotTileTheHistoryAreRefused()
    {
        const auto f = makeFunction("forrester");
        BoRun run(emptyLoop(*f), designFor(*f));
        for (int k = 0; k < kDesignSize + 2; ++k)
            run.evaluate(run.propose(), objectiveOf(*f));
        const BoState saved = run.loop().state();
        const auto refused = [&](std::vector<BoIteration> records) {
            BoRun restored(emptyLoop(*f), Matrix(0, 1));
            restored.tell(saved.X, saved.y);
            try {
                restored.loop().restoreIterations(std::move(records));
            } catch (const InvalidInput&) {
                return restored.loop().state().iterations.empty();
            }
            return false;
        };
        std::vector<BoIteration> gap = saved.iterations;
        gap[1].dataCount += 1;
        QVERIFY(refused(gap));
        QVERIFY(refused({saved.iterations[0]})); // ends before the last observation
        std::vector<BoIteration> first = saved.iterations;
        first[0].dataCount = 0;
        first[1].dataCount = 1;
        QVERIFY(refused(first));
    }

    void aBadDesignIsRejected()
    {
        const auto f = makeFunction("branin");
        QVERIFY_THROWS_EXCEPTION(InvalidInput, BoRun(emptyLoop(*f), Matrix::Zero(3, 3)));
        Matrix outside(1, 2);
        outside << 100.0, 0.0;
        QVERIFY_THROWS_EXCEPTION(InvalidInput, BoRun(emptyLoop(*f), outside));
        // No design and no data: nothing to propose from, said clearly.
        BoRun empty(emptyLoop(*f), Matrix(0, 2));
        QVERIFY(!empty.inDesign());
        QVERIFY_THROWS_EXCEPTION(InvalidInput, empty.propose());
    }
};

QTEST_APPLESS_MAIN(TestBoRun)
#include "test_bo_run.moc"
