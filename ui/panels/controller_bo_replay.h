#pragma once
// Replay of a Bayesian optimisation of the car's controller (DirectBoResult, on the simulator or
// on an emulator): the GP's predicted reward and the acquisition over (θp, θv) at a θ0 slice,
// the controllers evaluated so far and the next one, a slider and a Replay button to step
// through the iterations, and the best reward so far against the episodes.
//
// Live runs (LiveControllerBo) show each snapshot as it arrives with showLive(): its surfaces
// were computed on the worker, so nothing is recomputed here unless the user moves the slider
// back or asks for another θ0 slice. Clicking a map emits controllerClicked() with the θ0 of the
// slice, for "let me choose".

#include "engine/studies/mountain_car_study.h"
#include "ui/models/live_controller_bo.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace ui {

class CurveChart;
class HeatMap;

class ControllerBoReplay : public QWidget
{
    Q_OBJECT
public:
    explicit ControllerBoReplay(QWidget* parent = nullptr);

    /// Shows a run, at its last iteration.
    void setResult(const emu::DirectBoResult& result);
    /// Shows the newest state of a live run, at its newest iteration.
    void showLive(const LiveBoSnapshot& snapshot);
    /// The θ0 of the maps' slice now.
    double sliceTheta0() const { return mapTheta0(); }
    /// Whether the slice follows the best controller's θ0.
    bool followsBest() const;
    /// Shows iteration k (0 … iterations): the model before its suggestion.
    void showIteration(int iteration);
    int shownIteration() const;
    /// Plays the run iteration by iteration from the first (the Replay button).
    void replay();
    const std::optional<emu::DirectBoResult>& result() const { return m_result; }
    HeatMap* rewardMap() const { return m_rewardMap; }
    HeatMap* acquisitionMap() const { return m_acquisitionMap; }
    /// The convergence chart, for the page to place (it is not in this widget's layout).
    CurveChart* convergenceChart() const { return m_convergence; }
    /// Number of evaluations the model had at iteration k.
    int evaluationsAt(int iteration) const;

signals:
    /// An iteration is shown; `best` is the best evaluation among the `evaluations` so far.
    void iterationShown(const emu::DirectBoEvaluation& best, int evaluations);
    /// The user clicked a map: the controller at that (θp, θv) and the slice's θ0.
    void controllerClicked(const emu::LinearController& controller);
    /// The live run's surface is wanted at another slice (nullopt: the best controller's θ0).
    void liveSliceWanted(std::optional<double> theta0);

private:
    /// Shows `result` at its newest iteration.
    void showNewest(const emu::DirectBoResult& result);
    void drawSurfaces();
    double mapTheta0() const;

    QPushButton* m_play;
    QSlider* m_iteration;
    QLabel* m_iterationLabel;
    QCheckBox* m_followBest;
    QSlider* m_theta0;
    QLabel* m_theta0Label;
    HeatMap* m_rewardMap;
    HeatMap* m_acquisitionMap;
    CurveChart* m_convergence;
    QTimer* m_timer;
    std::optional<emu::DirectBoResult> m_result;
    std::optional<LiveBoSnapshot> m_live; ///< the newest live snapshot (without its result)
};

} // namespace ui
