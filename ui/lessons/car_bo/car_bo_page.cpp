#include "ui/lessons/car_bo/car_bo_page.h"

#include "engine/sim/simulator_registry.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/live_bo_controls.h"
#include "ui/panels/live_bo_panel.h"
#include "ui/panels/settings_binding.h"
#include "ui/panels/simulator_choice.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QToolBar>
#include <QVBoxLayout>

namespace ui {

QStringList CarBoPage::tutorialEvents()
{
    return {tutorial_events::kEvaluation};
}

CarBoPage::CarBoPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_simulator(new QComboBox), m_seed(new QSpinBox),
      m_panel(new LiveBoPanel(jobs, QStringLiteral("car-bo"),
                              tr("Bayesian optimisation of the controller")))
{
    auto* toolbar = new QToolBar;
    auto* run = new QPushButton(tr("New run"));
    run->setToolTip(
        tr("25 random controllers + 50 iterations of expected improvement, each an episode on the "
           "simulator, shown live (Ctrl+R)"));
    run->setShortcut(QKeySequence(tr("Ctrl+R")));
    toolbar->addWidget(run);
    addSimulators(m_simulator, emu::kDrivable);
    m_simulator->setToolTip(tr("The simulator every episode runs on"));
    toolbar->addWidget(new QLabel(tr("  Simulator ")));
    toolbar->addWidget(m_simulator);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random controllers and the optimiser"));
    toolbar->addWidget(new QLabel(tr("  Seed ")));
    toolbar->addWidget(m_seed);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_panel, 1);

    connect(run, &QPushButton::clicked, this, &CarBoPage::runExperiment);
    bindChoice(lessonSettings(), QStringLiteral("simulator"), m_simulator);
    bindInt(lessonSettings(), QStringLiteral("seed"), m_seed);
    connect(&lessonSettings(), &LessonSettings::changed, this, &CarBoPage::runExperiment);
    connect(m_panel, &LiveBoPanel::message, this, &LessonPage::statusMessage);
    connect(m_panel->live(), &LiveControllerBo::evaluated, this, [this] { reportEvent(tutorial_events::kEvaluation); });
    connect(liveLoop(), &LiveControllerBo::stateChanged, this, &CarBoPage::onLoopState);
    runExperiment();
}

bool CarBoPage::startAnimation()
{
    LiveControllerBo* loop = liveLoop();
    if (loop->isFinished() && result()) {
        m_panel->replay()->replay();
        return true;
    }
    if (loop->isPaused()) {
        loop->resume();
        return true;
    }
    return loop->isBusy();
}

LiveControllerBo* CarBoPage::liveLoop() const
{
    return m_panel->live();
}

const std::optional<emu::DirectBoResult>& CarBoPage::result() const
{
    return m_panel->replay()->result();
}

void CarBoPage::showIteration(int iteration)
{
    m_panel->replay()->showIteration(iteration);
}

int CarBoPage::shownIteration() const
{
    return m_panel->replay()->shownIteration();
}

HeatMap* CarBoPage::rewardMap() const
{
    return m_panel->replay()->rewardMap();
}

void CarBoPage::runExperiment()
{
    startRun(false);
}

void CarBoPage::startRun(bool pauseAfterDesign)
{
    emu::DirectBoSettings settings;
    settings.simulatorId = lessonSettings().choice(QStringLiteral("simulator")).toStdString();
    settings.seed = quint64(lessonSettings().intValue(QStringLiteral("seed")));
    m_panel->start([id = settings.simulatorId] { return emu::makeSimulator(id); }, settings, {},
                   pauseAfterDesign);
}

void CarBoPage::togglePause()
{
    m_panel->controls()->togglePause();
}

void CarBoPage::step()
{
    m_panel->controls()->step();
}

void CarBoPage::chooseController(const emu::LinearController& controller)
{
    m_panel->controls()->choose(controller);
}

QString CarBoPage::loopStatus() const
{
    return m_panel->controls()->statusText();
}

void CarBoPage::onLoopState()
{
    if (!liveLoop()->isFinished())
        return;
    const emu::DirectBoResult& result = liveLoop()->latest()->result;
    emit statusMessage(tr("Bayesian optimisation took %1 s: %2 simulator calls")
                           .arg(result.seconds, 0, 'f', 2)
                           .arg(result.simulatorCalls),
                       5000);
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
    QJsonObject state = lessonSettings().saveState();
    state.insert(QStringLiteral("iteration"), shownIteration()); // for the reader: a new run replays from its start
    return state;
}

bool CarBoPage::presenterStep(int direction)
{
    return m_panel->stepReplay(direction);
}

} // namespace ui
