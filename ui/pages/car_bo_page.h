#pragma once
// Lesson "Tune the car by Bayesian optimisation": the talk's experiment. 25 random controllers,
// then 50 iterations of expected improvement, each one a whole episode on the simulator. The run
// itself takes a fraction of a second (job runner); the page then replays it iteration by
// iteration: the GP's predicted reward and the acquisition over (θp, θv) with the evaluated
// controllers, the best reward so far, the simulator calls used, and the car driven by the best
// controller found so far.

#include "ui/lesson_page.h"

#include "engine/experiments/mountain_car_experiments.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace ui {

class CurveChart;
class HeatMap;
class MountainCarView;

class CarBoPage : public LessonPage
{
    Q_OBJECT
public:
    explicit CarBoPage(JobRunner* jobs, QWidget* parent = nullptr);

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Runs the experiment (in the job runner) with the current seed and simulator.
    void runExperiment();
    /// The finished run (nullopt before the first one).
    const std::optional<emu::DirectBoResult>& result() const { return m_result; }
    /// Shows iteration k (0 … iterations): the model before its suggestion.
    void showIteration(int iteration);
    int shownIteration() const;
    HeatMap* rewardMap() const { return m_rewardMap; }
    HeatMap* acquisitionMap() const { return m_acquisitionMap; }

private:
    void showResult();
    void drawSurfaces();
    double mapTheta0() const;
    /// Number of evaluations the model had at iteration k.
    int evaluationsAt(int iteration) const;

    QComboBox* m_simulator;
    QSpinBox* m_seed;
    QPushButton* m_play;
    QSlider* m_iteration;
    QLabel* m_iterationLabel;
    QCheckBox* m_followBest;
    QSlider* m_theta0;
    QLabel* m_theta0Label;
    HeatMap* m_rewardMap;
    HeatMap* m_acquisitionMap;
    CurveChart* m_convergence;
    MountainCarView* m_car;
    QLabel* m_status;
    QTimer* m_timer;
    std::optional<emu::DirectBoResult> m_result;
};

} // namespace ui
