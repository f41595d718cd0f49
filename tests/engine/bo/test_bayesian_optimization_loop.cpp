#include "engine/bo/acquisition_registry.h"
#include "engine/bo/bayesian_optimization_loop.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/gp/kernel_registry.h"

#include "bo_test_support.h"
#include "common/fuzzy.h"

#include <QtTest>

#include <algorithm>
#include <stdexcept>

using namespace emu;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

ParameterSpace namedSpace(const QString& name)
{
    if (name == "mixed")
        return ParameterSpace()
            .addContinuous("x", -5.0, 10.0)
            .addDiscrete("gear", {0.0, 3.0, 7.5, 15.0});
    return makeFunction(name.toStdString())->space();
}

/// A loop on `function` (the space of the function, or the mixed space with Branin's formula)
/// with `n0` initial LHS points observed.
BayesianOptimizationLoop makeLoop(const TestFunction& f, const ParameterSpace& space,
                                  const std::string& acquisition, Index n0, std::uint64_t seed,
                                  int batch = 1)
{
    LoopSettings settings;
    settings.seed = seed;
    settings.batchSize = batch;
    BayesianOptimizationLoop loop(space, makeBayesianOptimizationModel(space.dimension()),
                                  makeAcquisition(acquisition), settings);
    const Matrix X0 = latinHypercubeDesign(space, n0, seed);
    loop.observe(X0, f.evaluate(X0));
    return loop;
}

ObjectiveFunction objectiveOf(const TestFunction& f)
{
    return [&f](const Matrix& X) { return f.evaluate(X); };
}

} // namespace

class TestBayesianOptimizationLoop : public QObject
{
    Q_OBJECT
private slots:
    void suggestionsStayInTheSpace_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("space");
        QTest::addColumn<int>("batch");
        for (const AcquisitionInfo& info : acquisitionRegistry())
            for (const char* space : {"forrester", "branin", "mixed"})
                for (int batch : {1, 3})
                    QTest::addRow("%s %s q=%d", info.id.c_str(), space, batch)
                        << QString::fromStdString(info.id) << space << batch;
    }
    void suggestionsStayInTheSpace()
    {
        QFETCH(QString, id);
        QFETCH(QString, space);
        QFETCH(int, batch);
        const ParameterSpace s = namedSpace(space);
        const auto f = makeFunction(s.dimension() == 1 ? "forrester" : "branin");
        BayesianOptimizationLoop loop = makeLoop(*f, s, id.toStdString(), 5, 1, batch);
        StoppingCondition stop;
        stop.maxIterations = 4;
        QCOMPARE(loop.run(objectiveOf(*f), stop), StopReason::MaxIterations);
        const BoState& state = loop.state();
        QCOMPARE(state.size(), Index(5 + 4 * batch));
        QVERIFY(s.contains(state.X));
        QCOMPARE(int(state.iterations.size()), 4);
        for (const BoIteration& it : state.iterations) {
            QCOMPARE(it.dataCount, Index(5 + it.index * batch));
            QCOMPARE(it.suggested.rows(), Index(batch));
            QVERIFY(it.acquisitionValues.allFinite());
            EMU_COMPARE_MATRIX(it.suggested, state.X.middleRows(it.dataCount, batch), 0.0, 0.0);
            QCOMPARE(it.bestValue, state.bestSoFar(it.dataCount + batch - 1));
            QVERIFY(it.hyperparameters.size() > 0);
        }
        QCOMPARE(QString::fromStdString(state.acquisitionId), id);
    }

    void beatsRandomSearch_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<double>("absoluteBound");
        QTest::newRow("branin") << "branin" << 0.01;
        QTest::newRow("six-hump-camel") << "six-hump-camel" << 0.01;
    }
    void beatsRandomSearch()
    {
        QFETCH(QString, function);
        QFETCH(double, absoluteBound);
        const auto f = makeFunction(function.toStdString());
        std::vector<double> bo, random;
        for (std::uint64_t seed = 0; seed < 10; ++seed) {
            BoRunOptions options;
            options.initialPoints = 10;
            options.iterations = 40;
            options.seed = seed;
            const BoRunResult r = runBayesianOptimization(*f, options);
            QCOMPARE(r.values.size(), Index(50));
            QVERIFY(r.regret >= 0.0);
            bo.push_back(r.regret);
            random.push_back(runRandomSearch(*f, 50, seed).regret);
        }
        const double boMedian = median(bo), randomMedian = median(random);
        qInfo("%s: median regret BO %.3g, random search %.3g", qPrintable(function), boMedian,
              randomMedian);
        QVERIFY2(boMedian < 0.1 * randomMedian, "BO should be ten times closer than random search");
        QVERIFY2(boMedian < absoluteBound, "BO should nearly find the minimum in 50 evaluations");
    }

    void failingObjectiveLeavesTheHistoryIntact_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::newRow("throws") << "throws";
        QTest::newRow("nan") << "nan";
        QTest::newRow("wrong size") << "wrong size";
    }
    void failingObjectiveLeavesTheHistoryIntact()
    {
        QFETCH(QString, failure);
        const auto f = makeFunction("branin");
        BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 6, 2);
        loop.step(objectiveOf(*f));
        loop.step(objectiveOf(*f));
        const BoState before = loop.state();
        const ObjectiveFunction bad = [&](const Matrix& X) -> Vector {
            if (failure == "throws")
                throw std::runtime_error("simulator crashed");
            if (failure == "nan")
                return Vector::Constant(X.rows(), std::nan(""));
            return Vector::Zero(X.rows() + 1);
        };
        bool threw = false;
        try {
            loop.step(bad);
        } catch (const std::exception&) {
            threw = true;
        }
        QVERIFY(threw);
        QVERIFY(!loop.hasPendingSuggestion());
        const BoState& after = loop.state();
        QCOMPARE(after.X, before.X);
        QCOMPARE(after.y, before.y);
        QCOMPARE(after.bestSoFar, before.bestSoFar);
        QCOMPARE(after.iterations.size(), before.iterations.size());
        QCOMPARE(loop.model().inputs(), before.X);
        // Run stops with the same exception, also leaving the history alone.
        StoppingCondition stop;
        stop.maxIterations = 3;
        QVERIFY_THROWS_EXCEPTION(std::exception, loop.run(bad, stop));
        QCOMPARE(loop.state().y, before.y);
        // The loop carries on.
        const BoIteration& next = loop.step(objectiveOf(*f));
        QCOMPARE(next.index, 2);
        QCOMPARE(loop.state().size(), before.size() + 1);
    }

    void sameSeedSameHistory_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("batch");
        QTest::newRow("ei") << "ei" << 1;
        QTest::newRow("mes") << "mes" << 1;
        QTest::newRow("lcb q=2") << "lcb" << 2;
    }
    void sameSeedSameHistory()
    {
        QFETCH(QString, id);
        QFETCH(int, batch);
        const auto f = makeFunction("six-hump-camel");
        StoppingCondition stop;
        stop.maxIterations = 5;
        BayesianOptimizationLoop a = makeLoop(*f, f->space(), id.toStdString(), 5, 4, batch);
        BayesianOptimizationLoop b = makeLoop(*f, f->space(), id.toStdString(), 5, 4, batch);
        BayesianOptimizationLoop c = makeLoop(*f, f->space(), id.toStdString(), 5, 5, batch);
        a.run(objectiveOf(*f), stop);
        b.run(objectiveOf(*f), stop);
        c.run(objectiveOf(*f), stop);
        QCOMPARE(a.state().X, b.state().X);
        QCOMPARE(a.state().y, b.state().y);
        QVERIFY(a.state().X != c.state().X);
    }

    void stoppingConditions()
    {
        const auto f = makeFunction("forrester");
        {
            BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 4, 1, 3);
            StoppingCondition stop;
            stop.maxEvaluations = 12; // 4 + 3 + 3 + 2: the last batch is cut to the budget
            QCOMPARE(loop.run(objectiveOf(*f), stop), StopReason::EvaluationBudget);
            QCOMPARE(loop.state().size(), Index(12));
            QCOMPARE(loop.state().iterations.back().suggested.rows(), Index(2));
        }
        {
            BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 4, 1);
            StoppingCondition stop;
            stop.noImprovementIterations = 3;
            stop.maxIterations = 50;
            const ObjectiveFunction flat = [](const Matrix& X) {
                return Vector::Constant(X.rows(), 100.0);
            };
            QCOMPARE(loop.run(flat, stop), StopReason::NoImprovement);
            QCOMPARE(int(loop.state().iterations.size()), 3);
        }
        {
            BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 4, 1);
            StoppingCondition stop;
            stop.targetValue = f->minimumValue() + 0.05;
            stop.maxIterations = 40;
            QCOMPARE(loop.run(objectiveOf(*f), stop), StopReason::TargetReached);
            QVERIFY(loop.state().bestValue() <= stop.targetValue);
            QVERIFY(loop.state().iterations.size() < 40);
        }
        {
            BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 4, 1);
            QVERIFY_THROWS_EXCEPTION(InvalidInput, loop.run(objectiveOf(*f), StoppingCondition()));
        }
    }

    void cancellationStopsBetweenIterations()
    {
        const auto f = makeFunction("forrester");
        BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 4, 1);
        int reports = 0;
        Progress* self = nullptr;
        Progress progress([&](double fraction, const std::string&) {
            QVERIFY(fraction > 0.0 && fraction <= 1.0);
            if (++reports == 2)
                self->cancel();
        });
        self = &progress;
        StoppingCondition stop;
        stop.maxIterations = 20;
        QCOMPARE(loop.run(objectiveOf(*f), stop, progress), StopReason::Cancelled);
        QCOMPARE(int(loop.state().iterations.size()), 2);
        QCOMPARE(loop.state().size(), Index(6));
    }

    void replayRebuildsTheModelOfAnIteration()
    {
        const auto f = makeFunction("branin");
        BayesianOptimizationLoop loop = makeLoop(*f, f->space(), "ei", 6, 3);
        StoppingCondition stop;
        stop.maxIterations = 4;
        loop.run(objectiveOf(*f), stop);
        const BoState& state = loop.state();
        const auto prototype = makeBayesianOptimizationModel(2);
        for (std::size_t i = 0; i < state.iterations.size(); ++i) {
            const BoIteration& it = state.iterations[i];
            const auto model = replayModel(*prototype, state, i);
            QCOMPARE(model->inputs().rows(), it.dataCount);
            QCOMPARE(dynamic_cast<const GaussianProcess&>(*model).logParams(), it.hyperparameters);
            // The recorded acquisition value is what the replayed model gives.
            const auto ei = makeAcquisition("ei");
            const double value = ei->evaluate(*model, it.suggested)(0);
            QVERIFY(std::abs(value - it.acquisitionValues(0)) <= 1e-9 * std::abs(value) + 1e-300);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, replayModel(*prototype, state, 99));
    }

    void varianceDesignReducesUncertaintyFasterThanRandom()
    {
        // Experimental design: with fixed hyperparameters, 12 points chosen by model variance
        // leave a lower worst-case posterior variance than 12 random points. Without output
        // normalisation the variance does not depend on the values observed.
        const auto f = makeFunction("branin");
        GpSettings s;
        s.mean = MeanFunction::Zero;
        s.normalizeOutputs = false;
        s.noiseVariance = 1e-4;
        auto gp = std::make_unique<GaussianProcess>(makeKernel("matern52", 2, true), s);
        Vector p = gp->logParams();
        QCOMPARE(gp->paramInfo()[1].scale, ParamScale::Length);
        p(1) = p(2) = std::log(6.0); // lengthscales 6 on a 15×15 box
        gp->setLogParams(p);
        const auto reference = gp->clone();
        LoopSettings settings;
        settings.refitEvery = 0; // keep the hyperparameters
        BayesianOptimizationLoop loop(f->space(), std::move(gp), makeAcquisition("variance"),
                                      settings);
        const Matrix X0 = f->space().fromUnitCube(Matrix::Constant(1, 2, 0.5));
        loop.observe(X0, f->evaluate(X0));
        StoppingCondition stop;
        stop.maxEvaluations = 12;
        loop.run(objectiveOf(*f), stop);
        const Matrix grid = sobolDesign(f->space(), 1024, 1);
        const double designed = loop.model().predict(grid).variance.maxCoeff();
        auto randomModel = reference->clone();
        const Matrix R = randomDesign(f->space(), 12, 1);
        randomModel->setData(R, f->evaluate(R));
        const double random = randomModel->predict(grid).variance.maxCoeff();
        qInfo("max posterior variance: designed %.3g, random %.3g", designed, random);
        QVERIFY2(designed < 0.7 * random,
                 qPrintable(QString("max variance %1 vs random %2").arg(designed).arg(random)));
    }

    void observeValidatesAndAdoptsData()
    {
        const auto f = makeFunction("forrester");
        auto gp = makeBayesianOptimizationModel(1);
        const Matrix X = latinHypercubeDesign(f->space(), 4, 1);
        gp->setData(X, f->evaluate(X));
        BayesianOptimizationLoop loop(f->space(), std::move(gp), makeAcquisition("ei"));
        QCOMPARE(loop.state().size(), Index(4)); // the model's data start the history
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 loop.observe(Matrix::Constant(1, 1, 2.0), Vector::Zero(1)));
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 loop.observe(Matrix::Constant(2, 1, 0.5), Vector::Zero(1)));
        QCOMPARE(loop.state().size(), Index(4));
        BayesianOptimizationLoop empty(f->space(), makeBayesianOptimizationModel(1),
                                       makeAcquisition("ei"));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, empty.suggest());
    }
};

QTEST_APPLESS_MAIN(TestBayesianOptimizationLoop)
#include "test_bayesian_optimization_loop.moc"
