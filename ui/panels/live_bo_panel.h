#pragma once
// The live view of a Bayesian optimisation of the car's controller, shared by the car pages
// (direct BO on the simulator, BO on an emulator, BO on a multi-fidelity emulator): the loop
// (LiveControllerBo over a DirectBoRun) with its controls (LiveBoControls: Pause, Step, click a
// map to choose), its replay (ControllerBoReplay: the GP's predicted reward, the acquisition,
// the slider), the best reward so far, and the car driven by the best controller so far with a
// line saying how good it is. The page says what the run optimises on; the panel does the rest.
//
// A run on an emulated car is validated when it has done all its iterations: its best
// controller runs once on the real simulator (emu::validateOnSimulator, in a job), the car then
// shows that real episode at the run's last iteration, and validated() tells the page.

#include "engine/studies/emulator_study.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QGroupBox;
class QHBoxLayout;
class QLabel;

namespace ui {

class ControllerBoReplay;
class JobRunner;
class LiveBoControls;
class LiveControllerBo;
class MountainCarView;

class LiveBoPanel : public QWidget
{
    Q_OBJECT
public:
    /// Makes a simulator; called on worker threads, so it must not touch widgets.
    using SimulatorFactory = std::function<std::unique_ptr<emu::Simulator>()>;

    /// jobKey names the run's jobs (the car's and the validation's get suffixes).
    LiveBoPanel(JobRunner* jobs, const QString& jobKey, const QString& label,
                QWidget* parent = nullptr);
    /// Cancels the car's and the validation's jobs, whose results would land on this panel.
    ~LiveBoPanel() override;

    /// Starts a new run of `settings` on optimiseOn()'s simulator (the old run is dropped); the
    /// car drives the best controller so far on another one. validateOn: for a run on an
    /// emulated car, the real simulator that validates its best controller at the end (empty:
    /// none). pauseAfterDesign: run the initial design, then pause on the first proposal.
    void start(SimulatorFactory optimiseOn, const emu::DirectBoSettings& settings,
               SimulatorFactory validateOn = {}, bool pauseAfterDesign = false);
    /// start() on the car emulated by `model` (any step model: single- or multi-fidelity),
    /// validated at the end on a new instance of the simulator it emulates.
    void startOnEmulator(std::shared_ptr<const emu::StepModel> model,
                         const emu::DirectBoSettings& settings, bool pauseAfterDesign = false);
    /// Puts a page's widget (e.g. its run button) at the left of the Pause and Step buttons.
    void addControl(QWidget* widget);

    LiveControllerBo* live() const { return m_live; }
    LiveBoControls* controls() const { return m_controls; }
    ControllerBoReplay* replay() const { return m_replay; }
    /// Shows the replay's next (+1) or previous (−1) iteration; false at its ends (presenter mode).
    bool stepReplay(int direction);
    MountainCarView* carView() const { return m_car; }
    /// The status line: the best controller so far and, once validated, its real reward.
    QString statusText() const;
    /// The finished run and its validation episode (nullopt until validated, or without one).
    const std::optional<emu::EmulatedOptimization>& validation() const { return m_validation; }

signals:
    /// A message for the window's status bar.
    void message(const QString& text, int timeoutMs);
    /// validation() has been set.
    void validated();

private:
    bool isEmulated() const { return bool(m_validateOn); }
    void showBestSoFar(const emu::DirectBoEvaluation& best, int evaluations);
    QString bestSoFarText(const emu::DirectBoEvaluation& best, int evaluations) const;
    /// Drives the car with `controller` on the run's simulator (job), unless it already does.
    void driveCar(const emu::LinearController& controller);
    void showValidation();
    void validateWhenFinished();
    QString carJob() const { return m_jobKey + QStringLiteral("-car"); }
    QString validationJob() const { return m_jobKey + QStringLiteral("-validation"); }

    JobRunner* m_jobs;
    QString m_jobKey;
    LiveControllerBo* m_live;
    LiveBoControls* m_controls;
    QHBoxLayout* m_controlsRow;
    ControllerBoReplay* m_replay;
    QGroupBox* m_carBox;
    MountainCarView* m_car;
    QLabel* m_status;
    SimulatorFactory m_optimiseOn;
    SimulatorFactory m_validateOn;
    quint64 m_runNumber = 0; ///< drops the validation of a run replaced by a newer one
    bool m_validating = false;
    std::optional<emu::LinearController> m_driven; ///< the controller the car shows
    std::optional<emu::EmulatedOptimization> m_validation;
};

} // namespace ui
