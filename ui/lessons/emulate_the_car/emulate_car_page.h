#pragma once
// Lesson "Emulate the car's dynamics": instead of tens of thousands of simulator calls, learn
// the car's one-step dynamics (Δp, Δv as functions of p, v, u) with two GPs from a few hundred
// calls, check the emulator against the simulator, and optimise the controller on the emulator.
// Three tabs follow the story: learn, compare, optimise. All engine work runs in the job runner.
//
// Optimise: once trained, Bayesian optimisation runs live on the emulated car (LiveBoPanel, as
// on the direct-BO page: Pause, Step, click a map to choose, replay), and its best controller is
// validated once on the simulator when the run ends. Direct BO on the simulator with the same
// seed runs beside it, for the table's comparison of simulator calls.

#include "ui/lessons/lesson_page.h"

#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/studies/emulator_study.h"

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTableWidget;

namespace ui {

class BandChart;
class ColourBar;
class ControllerEditor;
class EpisodeCharts;
class HeatMap;
class LiveBoPanel;
class MountainCarView;

class EmulateCarPage : public LessonPage
{
    Q_OBJECT
public:
    explicit EmulateCarPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: the live run's replay one iteration on or back, until its ends.
    bool presenterStep(int direction) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Trains the emulator with the current N, design and seed (job runner), then compares.
    void train();
    /// Compares emulator and simulator for the controller in the editor (job runner).
    void compare();
    /// Bayesian optimisation on the trained emulator, live, validated on the simulator at the
    /// end; direct BO on the simulator for comparison (once per seed). pauseAfterDesign: pause
    /// on the first proposal after the initial design.
    void optimise(bool pauseAfterDesign = false);
    const std::shared_ptr<const emu::DynamicsEmulator>& emulator() const { return m_emulator; }
    const std::optional<emu::EmulatorComparison>& comparison() const { return m_comparison; }
    /// The finished optimisation on the emulator and its validation (nullopt until validated).
    const std::optional<emu::EmulatedOptimization>& optimisation() const;
    /// Direct BO on the simulator with the emulator's seed, for comparison.
    const std::optional<emu::DirectBoResult>& directBaseline() const { return m_direct; }
    LiveBoPanel* livePanel() const { return m_panel; }
    ControllerEditor* controllerEditor() const { return m_controller; }

private:
    /// The car the emulator learns and is validated on: the first drivable simulator of the
    /// registry (the classic equations; the opening controller swings up on it).
    static std::string learnedSimulatorId();
    void showEmulator();
    void drawIncrementMaps();
    void showComparison(const emu::EmulatorComparison& comparison, const emu::EmulatedSamples& samples);
    void runDirectBaseline(const emu::EmulatorBoSettings& settings);
    void showResults();

    QSpinBox* m_calls;
    QComboBox* m_design;
    QSpinBox* m_seed;
    // Learn
    BandChart* m_training;
    ColourBar* m_actionBar;
    HeatMap* m_dvMap;
    HeatMap* m_dpMap;
    QSlider* m_u;
    QLabel* m_uLabel;
    QCheckBox* m_showSd;
    QLabel* m_trainingStatus;
    // Compare
    ControllerEditor* m_controller;
    MountainCarView* m_compareView;
    EpisodeCharts* m_compareCharts;
    BandChart* m_positionBand;
    QLabel* m_compareStatus;
    // Optimise
    QTableWidget* m_results;
    LiveBoPanel* m_panel;
    QLabel* m_resultStatus;

    std::shared_ptr<const emu::DynamicsEmulator> m_emulator;
    std::optional<emu::EmulatorComparison> m_comparison;
    std::optional<emu::DirectBoResult> m_direct;
};

} // namespace ui
