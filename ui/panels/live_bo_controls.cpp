#include "ui/panels/live_bo_controls.h"

#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace ui {

LiveBoControls::LiveBoControls(LiveControllerBo* live, ControllerBoReplay* replay, QWidget* parent)
    : QWidget(parent), m_live(live), m_pause(new QPushButton(tr("Pause"))),
      m_step(new QPushButton(tr("Step"))), m_status(new QLabel)
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
    m_status->setWordWrap(true); // beside the buttons in a narrow column, or in large presenter fonts
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pause);
    connect(m_pause, &QPushButton::clicked, this, &LiveBoControls::togglePause);
    layout->addWidget(m_step);
    connect(m_step, &QPushButton::clicked, this, &LiveBoControls::step);
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
    else if (m_live->isPaused())
        m_status->setText(m_live->isBusy()
                              ? tr("Evaluating...")
                              : tr("Paused: Step, or click a map to try your own controller."));
    else
        m_status->setText(tr("Running..."));
}

} // namespace ui
