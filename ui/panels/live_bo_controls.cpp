#include "ui/panels/live_bo_controls.h"

#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <algorithm>

namespace ui {

namespace {

int defaultSpeed = LiveBoControls::kFastest;

/// The shortest time of an evaluation at `perSecond` evaluations a second.
int paceMs(int perSecond)
{
    return perSecond >= LiveBoControls::kFastest ? 0 : 1000 / std::max(1, perSecond);
}

/// The last evaluation, if the user chose it (in place of the proposal).
const emu::DirectBoEvaluation* yourLastChoice(const LiveControllerBo& live)
{
    if (!live.latest() || live.latest()->result.evaluations.empty())
        return nullptr;
    const emu::DirectBoEvaluation& last = live.latest()->result.evaluations.back();
    return last.chosen ? &last : nullptr;
}

/// What the user's controller scored, against the best so far.
QString scoreText(const emu::DirectBoEvaluation& e)
{
    const QString outcome = e.reachedGoal ? QObject::tr("goal in %1 steps").arg(e.steps)
                                          : QObject::tr("no goal in %1 steps").arg(e.steps);
    return QObject::tr("Your controller (θp %1, θv %2, θ0 %3) scored <b>%4</b> (%5; best so far %6).")
        .arg(e.controller.thetaP, 0, 'f', 2)
        .arg(e.controller.thetaV, 0, 'f', 2)
        .arg(e.controller.theta0, 0, 'f', 2)
        .arg(e.reward, 0, 'f', 2)
        .arg(outcome)
        .arg(e.bestReward, 0, 'f', 2);
}

} // namespace

LiveBoControls::LiveBoControls(LiveControllerBo* live, ControllerBoReplay* replay, QWidget* parent)
    : QWidget(parent), m_live(live), m_pause(new QPushButton(tr("Pause"))),
      m_step(new QPushButton(tr("Step"))), m_speed(new QSlider(Qt::Horizontal)), m_status(new QLabel)
{
    m_pause->setObjectName(QStringLiteral("livePause"));
    m_step->setObjectName(QStringLiteral("liveStep"));
    m_pause->setToolTip(
        tr("Pause the loop after this iteration, with the next proposal on the map; or resume it "
           "(Space)"));
    m_pause->setShortcut(QKeySequence(Qt::Key_Space));
    m_step->setToolTip(
        tr("Evaluate the proposed controller (the red star), then show the next proposal (S)"));
    m_step->setShortcut(QKeySequence(Qt::Key_S));
    m_status->setToolTip(
        tr("While paused, click a map to evaluate your own controller instead of the proposal"));
    m_speed->setObjectName(QStringLiteral("liveSpeed"));
    m_speed->setRange(1, kFastest);
    m_speed->setMaximumWidth(100);
    m_speed->setToolTip(tr("Evaluations a second, slow enough to follow and pause; at the right end, "
                           "as fast as the computer goes"));
    connect(m_speed, &QSlider::valueChanged, this, [this](int perSecond) { m_live->setPace(paceMs(perSecond)); });
    m_speed->setValue(defaultSpeed);
    m_live->setPace(paceMs(defaultSpeed)); // also when the value is the slider's own start
    m_status->setWordWrap(true); // beside the buttons in a narrow column, or in large presenter fonts
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pause);
    connect(m_pause, &QPushButton::clicked, this, &LiveBoControls::togglePause);
    layout->addWidget(m_step);
    connect(m_step, &QPushButton::clicked, this, &LiveBoControls::step);
    layout->addWidget(new QLabel(tr("Speed")));
    layout->addWidget(m_speed);
    layout->addWidget(m_status, 1);

    // The run's snapshots go to the replay; the replay's clicks and slices go to the run.
    connect(replay, &ControllerBoReplay::controllerClicked, this, &LiveBoControls::choose);
    connect(replay, &ControllerBoReplay::liveSliceWanted, live, &LiveControllerBo::setSliceTheta0);
    connect(live, &LiveControllerBo::updated, replay,
            [live, replay] { replay->showLive(*live->latest()); });
    connect(live, &LiveControllerBo::stateChanged, this, &LiveBoControls::updateState);
    connect(live, &LiveControllerBo::message, this, &LiveBoControls::tell);
    updateState();
}

void LiveBoControls::togglePause()
{
    if (m_live->isPaused())
        m_live->resume();
    else
        m_live->pause();
    updateState();
}

void LiveBoControls::step()
{
    tell(m_live->step());
}

void LiveBoControls::choose(const emu::LinearController& controller)
{
    tell(m_live->choose(controller));
}

void LiveBoControls::setDefaultSpeed(int evaluationsPerSecond)
{
    defaultSpeed = std::clamp(evaluationsPerSecond, 1, kFastest);
}

void LiveBoControls::setSpeed(int evaluationsPerSecond)
{
    m_speed->setValue(evaluationsPerSecond);
}

QString LiveBoControls::statusText() const
{
    return m_status->text();
}

void LiveBoControls::tell(const QString& text)
{
    updateState();
    if (text.isEmpty())
        return;
    m_status->setText(text);
    emit message(text, 5000);
}

void LiveBoControls::updateState()
{
    const bool finished = m_live->isFinished();
    m_pause->setText(m_live->isPaused() ? tr("Resume") : tr("Pause"));
    m_pause->setEnabled(m_live->hasRun() && !finished);
    m_step->setEnabled(m_live->isPaused() && !m_live->isBusy() && !finished);
    if (!m_live->hasRun())
        m_status->setText({});
    else if (finished)
        m_status->setText(tr("Finished: replay it with the slider."));
    else if (m_live->isPaused() && m_live->isBusy())
        m_status->setText(tr("Evaluating..."));
    else if (m_live->isPaused() && yourLastChoice(*m_live))
        m_status->setText(tr("%1 Step, or click a map to try another.").arg(scoreText(*yourLastChoice(*m_live))));
    else if (m_live->isPaused())
        m_status->setText(tr("Paused: Step, or click a map to try your own controller."));
    else
        m_status->setText(tr("Running..."));
}

} // namespace ui
