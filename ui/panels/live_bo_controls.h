#pragma once
// The controls of a live Bayesian optimisation of the car's controller: Pause/Resume, Step, a
// speed (evaluations a second, so that a person can follow the loop and stop it) and a line
// saying what the loop does, why an action was refused, or what the user's own choice scored. It binds a LiveControllerBo to
// the ControllerBoReplay that shows it: snapshots are shown as they arrive, a click on a map
// while paused evaluates that controller ("let me choose"), another θ0 slice is recomputed by
// the run.

#include "engine/sim/linear_controller.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace ui {

class ControllerBoReplay;
class LiveControllerBo;

class LiveBoControls : public QWidget
{
    Q_OBJECT
public:
    LiveBoControls(LiveControllerBo* live, ControllerBoReplay* replay, QWidget* parent = nullptr);

    /// Pauses or resumes the loop.
    void togglePause();
    /// One iteration while paused (a message otherwise).
    void step();
    /// Evaluates `controller` in place of the proposal while paused (a message otherwise).
    void choose(const emu::LinearController& controller);
    /// What the status line says.
    QString statusText() const;
    /// The loop's speed: evaluations a second, 1 … kFastest − 1; kFastest: as fast as it goes.
    void setSpeed(int evaluationsPerSecond);
    static constexpr int kFastest = 21;
    /// A pace a person can follow and stop: a car run of 75 evaluations in about 10 s.
    static constexpr int kWatchableSpeed = 8;
    /// The speed controls made from now on start at: kFastest unless the application chooses
    /// otherwise (the interactive program starts at kWatchableSpeed; screenshots, recordings
    /// and tests need no pace).
    static void setDefaultSpeed(int evaluationsPerSecond);

signals:
    /// A message for the window's status bar (a refusal or a failure).
    void message(const QString& text, int timeoutMs);

private:
    void updateState();
    void tell(const QString& text);

    LiveControllerBo* m_live;
    QPushButton* m_pause;
    QPushButton* m_step;
    QSlider* m_speed;
    QLabel* m_status;
};

} // namespace ui
