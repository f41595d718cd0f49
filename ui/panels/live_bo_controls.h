#pragma once
// The controls of a live Bayesian optimisation of the car's controller: Pause/Resume, Step and a
// line saying what the loop does (or why an action was refused). It binds a LiveControllerBo to
// the ControllerBoReplay that shows it: snapshots are shown as they arrive, a click on a map
// while paused evaluates that controller ("let me choose"), another θ0 slice is recomputed by
// the run.

#include "engine/sim/linear_controller.h"

#include <QWidget>

class QLabel;
class QPushButton;

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

signals:
    /// A message for the window's status bar (a refusal or a failure).
    void message(const QString& text, int timeoutMs);

private:
    void updateState();
    void tell(const QString& text);

    LiveControllerBo* m_live;
    QPushButton* m_pause;
    QPushButton* m_step;
    QLabel* m_status;
};

} // namespace ui
