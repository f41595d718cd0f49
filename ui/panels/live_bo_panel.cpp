#include "ui/panels/live_bo_panel.h"

#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "engine/studies/direct_bo_run.h"
#include "ui/base/job_runner.h"
#include "ui/charts/curve_chart.h"
#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/live_bo_controls.h"
#include "ui/panels/mountain_car_view.h"

#include <QChart>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

namespace {

bool sameController(const emu::LinearController& a, const emu::LinearController& b)
{
    return a.thetaP == b.thetaP && a.thetaV == b.thetaV && a.theta0 == b.theta0;
}

QString controllerText(const emu::LinearController& c)
{
    return QObject::tr("θ = (θp %1, θv %2, θ0 %3)")
        .arg(c.thetaP, 0, 'f', 3)
        .arg(c.thetaV, 0, 'f', 2)
        .arg(c.theta0, 0, 'f', 3);
}

QString goalText(bool reachedGoal, int steps)
{
    return reachedGoal ? QObject::tr("goal in %1 steps").arg(steps)
                       : QObject::tr("does not reach the goal");
}

} // namespace

LiveBoPanel::LiveBoPanel(JobRunner* jobs, const QString& jobKey, const QString& label,
                         QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_jobKey(jobKey),
      m_live(new LiveControllerBo(jobs, jobKey, label, this)), m_controls(nullptr),
      m_controlsRow(new QHBoxLayout), m_replay(new ControllerBoReplay),
      m_carBox(new QGroupBox(tr("The best controller so far"))), m_car(new MountainCarView),
      m_status(new QLabel)
{
    m_controls = new LiveBoControls(m_live, m_replay);
    m_replay->setObjectName(QStringLiteral("liveMaps"));
    m_car->setObjectName(QStringLiteral("bestCar"));
    m_controlsRow->addWidget(m_controls, 1);

    // Below the maps on pages that also hold a table (the multi-fidelity car), the car may be
    // smaller than its usual minimum so that the page still fits an 800-pixel-high window; the
    // status spans the width under both charts, where its sentences take a line each.
    m_car->setMinimumSize(240, 130);
    auto* carLayout = new QVBoxLayout(m_carBox);
    carLayout->addWidget(m_car, 1);
    m_status->setWordWrap(true);
    m_carBox->setMaximumHeight(300);
    m_replay->convergenceChart()->setMaximumHeight(300);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_replay->convergenceChart(), 1);
    bottom->addWidget(m_carBox, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_controlsRow);
    layout->addWidget(m_replay, 5);
    layout->addLayout(bottom, 4);
    layout->addWidget(m_status);

    connect(m_replay, &ControllerBoReplay::iterationShown, this, &LiveBoPanel::showBestSoFar);
    connect(m_controls, &LiveBoControls::message, this, &LiveBoPanel::message);
    connect(m_live, &LiveControllerBo::stateChanged, this, &LiveBoPanel::validateWhenFinished);
}

LiveBoPanel::~LiveBoPanel()
{
    m_jobs->cancel(carJob());
    m_jobs->cancel(validationJob());
}

void LiveBoPanel::startOnEmulator(std::shared_ptr<const emu::StepModel> model,
                                  const emu::DirectBoSettings& settings, bool pauseAfterDesign)
{
    const std::string simulatorId = model->simulatorId();
    start([model] { return std::make_unique<emu::EmulatedMountainCar>(model); }, settings,
          [simulatorId] { return emu::makeSimulator(simulatorId); }, pauseAfterDesign);
}

void LiveBoPanel::addControl(QWidget* widget)
{
    m_controlsRow->insertWidget(m_controlsRow->count() - 1, widget);
}

QString LiveBoPanel::statusText() const
{
    return m_status->text();
}

void LiveBoPanel::start(SimulatorFactory optimiseOn, const emu::DirectBoSettings& settings,
                        SimulatorFactory validateOn, bool pauseAfterDesign)
{
    ++m_runNumber;
    m_jobs->cancel(validationJob());
    m_validating = false;
    m_validation.reset();
    m_driven.reset();
    m_optimiseOn = std::move(optimiseOn);
    m_validateOn = std::move(validateOn);
    const int episodes = settings.initialPoints + settings.iterations;
    m_status->setText(isEmulated() ? tr("Running %1 episodes on the emulator...").arg(episodes)
                                   : tr("Running %1 episodes on the simulator...").arg(episodes));
    m_carBox->setTitle(isEmulated() ? tr("The best controller so far, on the emulator")
                                    : tr("The best controller so far"));
    m_replay->convergenceChart()->chart()->setTitle(isEmulated() ? tr("Best emulated reward so far")
                                                                 : tr("Best reward so far"));
    m_car->setLabel({});
    m_live->start([makeSimulator = m_optimiseOn,
                   settings] { return emu::DirectBoRun(makeSimulator(), settings); },
                  pauseAfterDesign);
}

QString LiveBoPanel::bestSoFarText(const emu::DirectBoEvaluation& best, int evaluations) const
{
    const emu::DirectBoResult& result = *m_replay->result();
    const QString run =
        isEmulated()
            ? tr("<b>%1 episodes on the emulator</b> (%2 random, then Bayesian optimisation), no "
                 "simulator call.")
                  .arg(evaluations)
                  .arg(result.settings.initialPoints)
            : tr("<b>%1 episodes</b> (%2 random, then Bayesian optimisation), <b>%3 simulator "
                 "calls</b> of a budget of %4.")
                  .arg(evaluations)
                  .arg(result.settings.initialPoints)
                  .arg(result.evaluations[size_t(evaluations - 1)].callsSoFar)
                  .arg(result.callBudget);
    const QString reward = isEmulated() ? tr("Best emulated reward") : tr("Best reward");
    return tr("%1<br>%2 <b>%3</b> with %4: %5.")
        .arg(run, reward)
        .arg(best.reward, 0, 'f', 2)
        .arg(controllerText(best.controller), goalText(best.reachedGoal, best.steps));
}

void LiveBoPanel::showBestSoFar(const emu::DirectBoEvaluation& best, int evaluations)
{
    m_status->setText(bestSoFarText(best, evaluations));
    // The run's last iteration, validated: the real episode instead of the emulated one.
    if (m_validation && evaluations == int(m_validation->optimization.evaluations.size()))
        showValidation();
    else
        driveCar(best.controller);
}

void LiveBoPanel::driveCar(const emu::LinearController& controller)
{
    // A live run shows the same best controller for many iterations: drive it once. Episodes
    // cost up to tens of milliseconds (Box2D, emulators): job runner.
    if (m_driven && sameController(*m_driven, controller))
        return;
    m_driven = controller;
    m_car->setLabel(isEmulated() ? tr("The emulated car") : QString());
    m_jobs->run(
        carJob(), tr("Driving the best controller"),
        [makeSimulator = m_optimiseOn, controller](emu::Progress&) {
            const std::unique_ptr<emu::Simulator> simulator = makeSimulator();
            return emu::runEpisode(*simulator, controller);
        },
        [this, controller](emu::EpisodeTrace trace) {
            if (!m_driven || !sameController(*m_driven, controller))
                return; // the car shows something else now (the validation)
            m_car->setTrace(trace);
            m_car->play();
        });
}

void LiveBoPanel::showValidation()
{
    const emu::EmulatedOptimization& v = *m_validation;
    m_driven.reset(); // a drive still in flight must not replace the real episode
    m_car->setTrace(v.validation);
    m_car->setLabel(tr("The real car"));
    m_car->play();
    m_carBox->setTitle(tr("The best controller on the emulator, run on the simulator"));
    m_status->setText(m_status->text() +
                      tr("<br><b>On the real simulator:</b> reward <b>%1</b>, %2 (%3 simulator "
                         "calls).")
                          .arg(v.validation.reward, 0, 'f', 2)
                          .arg(goalText(v.validation.reachedGoal, v.validation.steps))
                          .arg(v.validation.simulatorCalls));
}

void LiveBoPanel::validateWhenFinished()
{
    if (!isEmulated() || !m_live->isFinished() || m_validating || m_validation)
        return;
    m_validating = true;
    const quint64 run = m_runNumber;
    const emu::DirectBoResult result = m_live->latest()->result;
    m_jobs->run(
        validationJob(), tr("Validating the best controller"),
        [makeSimulator = m_validateOn, result](emu::Progress& progress) {
            const std::unique_ptr<emu::Simulator> simulator = makeSimulator();
            return emu::validateOnSimulator(result, *simulator, progress);
        },
        [this, run](emu::EmulatedOptimization validation) {
            if (run != m_runNumber)
                return;
            m_validating = false;
            m_validation = std::move(validation);
            if (m_replay->shownIteration() ==
                int(m_validation->optimization.state.iterations.size()))
                showValidation();
            emit validated();
        },
        [this, run](const QString& error) {
            if (run != m_runNumber)
                return;
            m_validating = false;
            if (!error.isEmpty())
                emit message(tr("Validation on the simulator failed: %1").arg(error), 5000);
        });
}

bool LiveBoPanel::stepReplay(int direction)
{
    const int before = m_replay->shownIteration();
    m_replay->showIteration(before + direction);
    return m_replay->shownIteration() != before;
}

} // namespace ui
