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

class QComboBox;
class QLabel;
class QSpinBox;

namespace ui {

class ControllerBoReplay;
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
    const std::optional<emu::DirectBoResult>& result() const;
    /// Shows iteration k (0 … iterations): the model before its suggestion.
    void showIteration(int iteration);
    int shownIteration() const;
    HeatMap* rewardMap() const;

private:
    void showBestSoFar(const emu::DirectBoEvaluation& best, int evaluations);

    QComboBox* m_simulator;
    QSpinBox* m_seed;
    ControllerBoReplay* m_replay;
    MountainCarView* m_car;
    QLabel* m_status;
};

} // namespace ui
