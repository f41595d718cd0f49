#include "ui/pages/car_bo_page.h"

#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "ui/jobs/job_runner.h"
#include "ui/live_controller_bo.h"
#include "ui/widgets/controller_bo_replay.h"
#include "ui/widgets/curve_chart.h"
#include "ui/widgets/live_bo_controls.h"
#include "ui/widgets/mountain_car_view.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QToolBar>
#include <QVBoxLayout>

namespace ui {

CarBoPage::CarBoPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_simulator(new QComboBox), m_seed(new QSpinBox),
      m_live(new LiveControllerBo(jobs, QStringLiteral("car-bo"),
                                  tr("Bayesian optimisation of the controller"), this)),
      m_controls(nullptr), m_replay(new ControllerBoReplay), m_car(new MountainCarView),
      m_status(new QLabel)
{
    auto* toolbar = new QToolBar;
    auto* run = new QPushButton(tr("New run"));
    run->setToolTip(
        tr("25 random controllers + 50 iterations of expected improvement, each an episode on the "
           "simulator, shown live (Ctrl+R)"));
    run->setShortcut(QKeySequence(tr("Ctrl+R")));
    toolbar->addWidget(run);
    for (const emu::SimulatorInfo& info : emu::simulatorRegistry())
        if (info.id != "low")
            m_simulator->addItem(QString::fromStdString(info.displayName),
                                 QString::fromStdString(info.id));
    m_simulator->setToolTip(tr("The simulator every episode runs on"));
    toolbar->addWidget(new QLabel(tr("  Simulator ")));
    toolbar->addWidget(m_simulator);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random controllers and the optimiser"));
    toolbar->addWidget(new QLabel(tr("  Seed ")));
    toolbar->addWidget(m_seed);
    m_controls = new LiveBoControls(m_live, m_replay);

    auto* carBox = new QGroupBox(tr("The best controller so far"));
    auto* carLayout = new QVBoxLayout(carBox);
    carLayout->addWidget(m_car, 1);
    m_status->setWordWrap(true);
    carLayout->addWidget(m_status);
    carBox->setMaximumHeight(320);
    m_replay->convergenceChart()->setMaximumHeight(320);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_replay->convergenceChart(), 1);
    bottom->addWidget(carBox, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_controls);
    layout->addWidget(m_replay, 5);
    layout->addLayout(bottom, 4);

    connect(run, &QPushButton::clicked, this, &CarBoPage::runExperiment);
    connect(m_simulator, &QComboBox::currentIndexChanged, this, &CarBoPage::runExperiment);
    connect(m_seed, &QSpinBox::valueChanged, this, &CarBoPage::runExperiment);
    connect(m_replay, &ControllerBoReplay::iterationShown, this, &CarBoPage::showBestSoFar);
    connect(m_controls, &LiveBoControls::message, this, &LessonPage::statusMessage);
    connect(m_live, &LiveControllerBo::stateChanged, this, &CarBoPage::onLoopState);
    runExperiment();
}

const std::optional<emu::DirectBoResult>& CarBoPage::result() const
{
    return m_replay->result();
}

void CarBoPage::showIteration(int iteration)
{
    m_replay->showIteration(iteration);
}

int CarBoPage::shownIteration() const
{
    return m_replay->shownIteration();
}

HeatMap* CarBoPage::rewardMap() const
{
    return m_replay->rewardMap();
}

void CarBoPage::runExperiment()
{
    startRun(false);
}

void CarBoPage::startRun(bool pauseAfterDesign)
{
    emu::DirectBoSettings settings;
    settings.simulatorId = m_simulator->currentData().toString().toStdString();
    settings.seed = quint64(m_seed->value());
    m_status->setText(tr("Running 75 episodes on the simulator..."));
    m_driven.reset();
    m_live->start(
        [settings] { return emu::DirectBoRun(emu::makeSimulator(settings.simulatorId), settings); },
        pauseAfterDesign);
}

void CarBoPage::togglePause()
{
    m_controls->togglePause();
}

void CarBoPage::step()
{
    m_controls->step();
}

void CarBoPage::chooseController(const emu::LinearController& controller)
{
    m_controls->choose(controller);
}

QString CarBoPage::loopStatus() const
{
    return m_controls->statusText();
}

void CarBoPage::onLoopState()
{
    if (!m_live->isFinished())
        return;
    const emu::DirectBoResult& result = m_live->latest()->result;
    emit statusMessage(tr("Bayesian optimisation took %1 s: %2 simulator calls")
                           .arg(result.seconds, 0, 'f', 2)
                           .arg(result.simulatorCalls),
                       5000);
}

void CarBoPage::showBestSoFar(const emu::DirectBoEvaluation& best, int evaluations)
{
    const emu::DirectBoResult& result = *m_replay->result();
    m_status->setText(
        tr("<b>%1 episodes</b> (%2 random, then Bayesian optimisation), <b>%3 simulator calls</b> "
           "of a budget of %4.<br>Best reward <b>%5</b> with θ = (θp %6, θv %7, θ0 %8): %9.")
            .arg(evaluations)
            .arg(result.settings.initialPoints)
            .arg(result.evaluations[size_t(evaluations - 1)].callsSoFar)
            .arg(result.callBudget)
            .arg(best.reward, 0, 'f', 2)
            .arg(best.controller.thetaP, 0, 'f', 3)
            .arg(best.controller.thetaV, 0, 'f', 2)
            .arg(best.controller.theta0, 0, 'f', 3)
            .arg(best.reachedGoal ? tr("reaches the goal in %1 steps").arg(best.steps)
                                  : tr("does not reach the goal")));
    // Drive the car with it (Box2D episodes cost tens of milliseconds: job runner), unless it
    // already drives: a live run shows the same best controller for many iterations.
    if (m_driven && m_driven->thetaP == best.controller.thetaP &&
        m_driven->thetaV == best.controller.thetaV && m_driven->theta0 == best.controller.theta0)
        return;
    m_driven = best.controller;
    const std::string simulatorId = result.settings.simulatorId;
    const emu::LinearController controller = best.controller;
    jobs()->run(
        QStringLiteral("car-bo-episode"), tr("Driving the best controller"),
        [simulatorId, controller](emu::Progress&) {
            auto simulator = emu::makeSimulator(simulatorId);
            return emu::runEpisode(*simulator, controller);
        },
        [this](emu::EpisodeTrace trace) {
            m_car->setTrace(trace);
            m_car->play();
        });
}

QString CarBoPage::dataCsv() const
{
    QString csv = QStringLiteral(
        "episode,iteration,theta_p,theta_v,theta_0,reward,reached_goal,steps,best_reward,calls\n");
    if (!result())
        return csv;
    int episode = 1;
    for (const emu::DirectBoEvaluation& e : result()->evaluations)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10\n")
                   .arg(episode++)
                   .arg(e.iteration)
                   .arg(e.controller.thetaP, 0, 'g', 17)
                   .arg(e.controller.thetaV, 0, 'g', 17)
                   .arg(e.controller.theta0, 0, 'g', 17)
                   .arg(e.reward, 0, 'g', 17)
                   .arg(e.reachedGoal ? 1 : 0)
                   .arg(e.steps)
                   .arg(e.bestReward, 0, 'g', 17)
                   .arg(e.callsSoFar);
    return csv;
}

QJsonObject CarBoPage::saveState() const
{
    return QJsonObject{{"simulator", m_simulator->currentData().toString()},
                       {"seed", m_seed->value()},
                       {"iteration", shownIteration()}};
}

QString CarBoPage::restoreState(const QJsonObject& state)
{
    const int simulator = m_simulator->findData(state.value("simulator").toString());
    if (simulator < 0)
        return tr("unknown simulator \"%1\"").arg(state.value("simulator").toString());
    const int seed = state.value("seed").toInt(-1);
    if (seed < 0)
        return tr("the seed must be a whole number ≥ 0");
    const QSignalBlocker blockSimulator(m_simulator);
    const QSignalBlocker blockSeed(m_seed);
    m_simulator->setCurrentIndex(simulator);
    m_seed->setValue(seed);
    runExperiment();
    return {};
}

} // namespace ui
