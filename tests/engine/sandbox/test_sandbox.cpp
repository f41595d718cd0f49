// The sandbox engine: simulators with named inputs and outputs (the car, benchmarks, a user's
// program, which may hang or print garbage), the runs and their CSV files, the one-input
// emulator cards with their tangent, the suggestions of the multi-input emulator, and a system
// file opened as a simulator.

#include "engine/core/errors.h"
#include "engine/external/external_program.h"
#include "engine/functions/function_registry.h"
#include "engine/functions/test_function.h"
#include "engine/sandbox/input_output_emulator.h"
#include "engine/sandbox/sandbox_runs.h"
#include "engine/sandbox/sandbox_simulator.h"
#include "engine/sandbox/sandbox_suggestion.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system.h"

#include <QtTest>

#include <cmath>

using namespace emu;

namespace {

RowVector row(std::initializer_list<double> values)
{
    RowVector x(Index(values.size()));
    Index j = 0;
    for (double v : values)
        x(j++) = v;
    return x;
}

ProgramSimulatorSettings fakeProgram(const std::string& mode, double timeout = 10.0)
{
    ProgramSimulatorSettings s;
    s.command = FAKE_SIMULATOR_PATH;
    s.arguments = {mode};
    s.timeoutSeconds = timeout;
    s.inputs.addContinuous("a", -2, 2).addContinuous("b", -2, 2);
    s.outputs = {"y", "cost"};
    return s;
}

} // namespace

class TestSandbox : public QObject
{
    Q_OBJECT
private slots:
    void carRunsOneEpisodeWithFourOutputs()
    {
        auto car = makeSandboxSimulator("car:classic");
        QCOMPARE(car->inputs().names(),
                 (std::vector<std::string>{"thetaP", "thetaV", "theta0", "startPosition"}));
        QCOMPARE(car->outputs(), (std::vector<std::string>{"reward", "steps", "energy", "reached"}));
        // A controller that pushes along the velocity swings up the hill.
        const RowVector y = car->run(row({0.0, 14.0, 0.0, -0.5}));
        QCOMPARE(y(3), 1.0);
        QVERIFY(y(1) > 0 && y(1) < 500);
        QVERIFY(y(2) > 0);
        QVERIFY(std::abs(y(0) - (100.0 - 0.1 * y(2))) < 1e-9); // reward = bonus - 0.1 energy
        // Doing nothing never gets there: all the steps, no energy, no reward.
        const RowVector idle = car->run(row({0.0, 0.0, 0.0, -0.5}));
        QCOMPARE(idle(3), 0.0);
        QCOMPARE(idle(2), 0.0);
        QCOMPARE(idle(0), 0.0);
    }

    void box2dCarRunsThroughTheSameInterface()
    {
        auto car = makeSandboxSimulator("car:box2d");
        QCOMPARE(car->outputs().size(), std::size_t(4));
        const RowVector y = car->run(row({0.0, 14.0, 0.0, -0.5}));
        QVERIFY(y.allFinite());
        QVERIFY(y(3) == 0.0 || y(3) == 1.0);
        QVERIFY(std::abs(y(0) - (100.0 * y(3) - 0.1 * y(2))) < 1e-9);
        QCOMPARE(car->clone()->run(row({0.0, 14.0, 0.0, -0.5})), y); // deterministic
    }

    void badInputsAreRejectedByName()
    {
        auto car = makeSandboxSimulator("car:classic");
        QVERIFY_THROWS_EXCEPTION(InvalidInput, car->run(row({0.0, 0.0, 0.0})));
        try {
            car->run(row({0.0, 0.0, 0.0, 0.3}));
            QFAIL("an out-of-range start ran");
        } catch (const InvalidInput& e) {
            QVERIFY(std::string(e.what()).find("startPosition") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput, car->run(row({NAN, 0.0, 0.0, -0.5})));
        QVERIFY_THROWS_EXCEPTION(InvalidInput, makeSandboxSimulator("car:nonsense"));
    }

    void benchmarkGivesItsFunctionValue()
    {
        auto branin = makeSandboxSimulator("function:branin");
        const auto function = functionRegistry().find("branin")->factory(2);
        const RowVector x = row({1.0, 2.0});
        QCOMPARE(branin->run(x)(0), function->evaluate(Matrix(x))(0));
        QCOMPARE(branin->outputs(), std::vector<std::string>{"y"});
        auto copy = branin->clone();
        QCOMPARE(copy->run(x)(0), branin->run(x)(0));
    }

    void programGivesEveryDeclaredOutput()
    {
        auto program = makeProgramSimulator(fakeProgram("object"));
        const RowVector y = program->run(row({1.0, 0.5}));
        QCOMPARE(y(0), 1.25); // y = sum of squares
        QVERIFY(std::isfinite(y(1)));
        ProgramSimulatorSettings missing = fakeProgram("object");
        missing.outputs = {"y", "energy"};
        try {
            makeProgramSimulator(missing)->run(row({1.0, 0.5}));
            QFAIL("a missing output was accepted");
        } catch (const ExternalProgramError& e) {
            QVERIFY(std::string(e.what()).find("\"energy\"") != std::string::npos);
        }
        ProgramSimulatorSettings single = fakeProgram("sumsq");
        single.outputs = {"value"}; // a bare number serves one declared output
        QCOMPARE(makeProgramSimulator(single)->run(row({1.0, 1.0}))(0), 2.0);
        QVERIFY_THROWS_EXCEPTION(ExternalProgramError,
                                 makeProgramSimulator(fakeProgram("sumsq"))->run(row({1.0, 1.0})));
    }

    void hangingOrGarbageProgramIsAnError()
    {
        try { // the hint says what to print for the outputs declared, not "one number"
            makeProgramSimulator(fakeProgram("text"))->run(row({0.0, 0.0}));
            QFAIL("garbage was accepted");
        } catch (const ExternalProgramError& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("its 2 outputs, such as {\"y\": 1.5, \"cost\": 1.5}") != std::string::npos &&
                         message.find("one number") == std::string::npos,
                     e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ExternalProgramError,
                                 makeProgramSimulator(fakeProgram("nan"))->run(row({0.0, 0.0})));
        QElapsedTimer clock;
        clock.start();
        try {
            makeProgramSimulator(fakeProgram("sleep", 0.3))->run(row({0.0, 0.0}));
            QFAIL("a hanging program returned");
        } catch (const ExternalProgramError& e) {
            QCOMPARE(e.kind(), ExternalProgramError::Kind::Timeout);
        }
        QVERIFY(clock.elapsed() < 5000);
    }

    void aSystemFileRunsWithItsInterventionsAsInputs()
    {
        const std::string text = writeSystemDescription(supplyChainDescription());
        auto chain = makeSystemSimulator(text, "chain.json");
        const System system(supplyChainDescription());
        QCOMPARE(chain->inputs().names(), system.interventionSpace().names());
        QCOMPARE(chain->outputs(), system.outputNames());
        QVERIFY(chain->parallelRuns() >= 1);
        const RowVector x = system.interventionValues();
        const RowVector y = chain->run(x);
        QCOMPARE(y.size(), system.outputCount());
        // The random inputs come from the point: the same point repeats on any copy, another
        // point gets other days of demand.
        QCOMPARE(chain->clone()->run(x), y);
        RowVector nearby = x;
        nearby(1) += 1e-6; // the safety stock: a change too small to move the cost by itself much
        QVERIFY(std::abs(chain->run(nearby)(0) - y(0)) > 1e-3 * std::abs(y(0)));
        // The lowest settings give a run of their own.
        const RowVector shifted = chain->run(system.interventionSpace().lowerBounds().transpose());
        QVERIFY(shifted.allFinite() && shifted != y);
    }

    void aSystemFileThatCannotRunIsRefusedWithWhy()
    {
        SystemDescription d = supplyChainDescription();
        std::string text = writeSystemDescription(d);
        text.insert(text.find("\"components\""), "\"unknown\": 1,\n");
        try {
            makeSystemSimulator(text, "chain.json");
            QFAIL("an unknown field was accepted");
        } catch (const ParseError& e) {
            QVERIFY2(std::string(e.what()).starts_with("chain.json:"), e.what());
        }
        for (SystemInput& input : d.inputs)
            if (input.role == SystemInput::Role::Intervention) {
                input.role = SystemInput::Role::Condition;
                input.value = input.lower;
            }
        try {
            makeSystemSimulator(writeSystemDescription(d), "fixed.json");
            QFAIL("a system without interventions was accepted");
        } catch (const InvalidInput& e) {
            QVERIFY2(std::string(e.what()).find("no intervention") != std::string::npos, e.what());
        }
    }

    void aSystemRunWhoseComponentFailsIsAnErrorNamingIt()
    {
        SystemDescription d;
        d.name = "one program";
        SystemInput x;
        x.name = "x";
        x.role = SystemInput::Role::Intervention;
        x.lower = 0;
        x.upper = 1;
        d.inputs.push_back(x);
        SystemComponentSpec program;
        program.name = "model";
        program.type = "program";
        program.command = FAKE_SIMULATOR_PATH;
        program.arguments = {"fail-above", "0.5"};
        program.inputs = {{"x", 0, 1, "", ""}};
        program.outputs = {{"y", 0, 10, "", ""}};
        d.components.push_back(program);
        d.wires.push_back({"x", "model.x"});
        d.outputs.push_back("model.y");
        auto simulator = makeSystemSimulator(writeSystemDescription(d), "one.json");
        QCOMPARE(simulator->parallelRuns(), 1);
        QCOMPARE(simulator->run(row({0.25}))(0), 0.25 * 0.25);
        try {
            simulator->run(row({0.75}));
            QFAIL("a failed component gave outputs");
        } catch (const NumericalError& e) {
            QVERIFY2(std::string(e.what()).find("component \"model\"") != std::string::npos, e.what());
        }
    }

    void runsRoundTripThroughCsv()
    {
        auto car = makeSandboxSimulator("car:classic");
        SandboxRuns runs = SandboxRuns::empty(car->inputs().names(), car->outputs());
        for (double thetaV : {4.0, 9.0, 14.0}) {
            const RowVector x = row({0.1, thetaV, 0.2, -0.55});
            runs.append(x, car->run(x));
        }
        const std::string csv = sandboxRunsCsv(runs);
        QVERIFY(csv.starts_with("thetaP,thetaV,theta0,startPosition,reward,steps,energy,reached\n"));
        const SandboxRuns back = parseSandboxRunsCsv(csv, "runs.csv", car->inputs(), car->outputs());
        QCOMPARE(back.X, runs.X);
        QCOMPARE(back.Y, runs.Y);
    }

    void badRunFilesAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "" << "runs.csv";
        QTest::newRow("header only") << "a,b,y\n" << "no runs";
        QTest::newRow("missing output") << "a,b\n1,1\n" << "no column \"y\"";
        QTest::newRow("outside bounds") << "a,b,y\n1,1,2\n3,0,9\n" << "run 2: a = 3 is outside [-2, 2]";
        QTest::newRow("not a number") << "a,b,y\n1,x,2\n" << "runs.csv:2";
        QTest::newRow("nan") << "a,b,y\n1,nan,2\n" << "runs.csv:2: non-finite";
    }

    void badRunFilesAreRejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        ParameterSpace inputs;
        inputs.addContinuous("a", -2, 2).addContinuous("b", -2, 2);
        try {
            parseSandboxRunsCsv(text.toStdString(), "runs.csv", inputs, {"y"});
            QFAIL("a bad file was read");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void cardEmulatorFollowsItsDataAndItsTangentIsTheSlope()
    {
        // y = sin(3x) + (second input, ignored by the card) on [0, 2].
        Matrix X(15, 2);
        Matrix Y(15, 1);
        for (Index i = 0; i < 15; ++i) {
            X(i, 0) = 2.0 * double(i) / 14.0;
            X(i, 1) = 0.0;
            Y(i, 0) = std::sin(3.0 * X(i, 0));
        }
        InputOutputEmulator card(0, 0, 0.0, 2.0);
        card.setData(X, Y);
        card.fit(1);
        const InputOutputEmulator::Tangent t = card.tangent(0.7);
        QVERIFY2(std::abs(t.value - std::sin(2.1)) < 0.02, qPrintable(QString::number(t.value)));
        QVERIFY2(std::abs(t.slope - 3.0 * std::cos(2.1)) < 0.1, qPrintable(QString::number(t.slope)));
        // The tangent is the mean's finite-difference slope.
        const InputOutputEmulator::Tangent right = card.tangent(0.7 + 1e-5);
        QVERIFY(std::abs((right.value - t.value) / 1e-5 - t.slope) < 1e-3);
        const InputOutputEmulator::Curve c = card.curve(50);
        QCOMPARE(c.x.size(), 50);
        QVERIFY((c.sd.array() >= 0.0).all() && c.sd.maxCoeff() < 0.1); // 15 points on [0, 2]
        QVERIFY_THROWS_EXCEPTION(InvalidInput, card.setHyperparameters({1.0, -1.0, 0.01}));
        card.setHyperparameters({2.0, 0.3, 0.05});
        QCOMPARE(card.hyperparameters().lengthscale, 0.3);
    }

    void suggestionsMinimiseOrMaximiseTheChosenOutput()
    {
        auto forrester = makeSandboxSimulator("function:forrester");
        SandboxRuns runs = SandboxRuns::empty(forrester->inputs().names(), forrester->outputs());
        for (double x : {0.05, 0.3, 0.5, 0.7, 0.95}) {
            const RowVector point = row({x});
            runs.append(point, forrester->run(point));
        }
        QVERIFY_THROWS_EXCEPTION(InvalidInput,
                                 suggestSandboxRun(forrester->inputs(), SandboxRuns::empty({"x"}, {"y"}), 0, false, 0));
        // Following the minimising suggestions finds Forrester's minimum (-6.02 at x = 0.757).
        for (int i = 0; i < 8; ++i) {
            const SandboxSuggestion s = suggestSandboxRun(forrester->inputs(), runs, 0, false, std::uint64_t(i));
            QVERIFY(s.x(0) >= 0.0 && s.x(0) <= 1.0);
            runs.append(s.x, forrester->run(s.x));
        }
        QVERIFY2(runs.Y.minCoeff() < -5.9, qPrintable(QString::number(runs.Y.minCoeff())));
        // Maximising looks elsewhere: near x = 1, where Forrester is largest.
        const SandboxSuggestion up = suggestSandboxRun(forrester->inputs(), runs, 0, true, 0);
        QCOMPARE(up.bestSoFar, runs.Y.maxCoeff());
        QVERIFY2(up.x(0) > 0.85, qPrintable(QString::number(up.x(0))));
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "test_sandbox.moc"
