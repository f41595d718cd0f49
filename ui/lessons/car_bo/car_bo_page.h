#pragma once
// Lesson "Optimise the car's controller": the talk's experiment. 25 random controllers,
// then 50 iterations of expected improvement, each one a whole episode on the simulator. The loop
// runs live (LiveControllerBo): every iteration's GP predicted reward and acquisition over
// (θp, θv), the best reward so far and the car driven by the best controller appear as they are
// computed. Pause and Step run it one iteration at a time with the next proposal on the map;
// while paused, clicking a map evaluates that controller instead ("let me choose"). The
// finished run can be replayed with the slider. The live view is a LiveBoPanel, shared with the
// emulator pages.

#include "ui/lessons/lesson_page.h"

#include "engine/studies/mountain_car_study.h"

#include <optional>

class QComboBox;
class QSpinBox;

namespace ui {

class HeatMap;
class LiveBoPanel;
class LiveControllerBo;

class CarBoPage : public LessonPage
{
    Q_OBJECT
public:
    explicit CarBoPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: the replay one iteration on or back, until its ends.
    bool presenterStep(int direction) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    /// The run or its replay can be recorded (File > Export animation).
    static bool hasAnimation() { return true; }
    /// Replays a finished run from its first iteration; resumes a paused one; a running one
    /// animates itself. False before any run.
    bool startAnimation() override;

    /// Starts the experiment live (in the job runner) with the current seed and simulator.
    void runExperiment();
    /// The same; pauseAfterDesign: pause with the first Bayesian-optimisation proposal shown.
    void startRun(bool pauseAfterDesign);
    /// Pauses or resumes the live loop.
    void togglePause();
    /// One iteration while paused (a message in the page status otherwise).
    void step();
    /// Evaluates `controller` in place of the proposal while paused (a message otherwise).
    void chooseController(const emu::LinearController& controller);
    LiveControllerBo* liveLoop() const;
    /// The loop's state and the last refusal, as the page shows them.
    QString loopStatus() const;
    LiveBoPanel* livePanel() const { return m_panel; }
    /// The run so far (nullopt before the first snapshot).
    const std::optional<emu::DirectBoResult>& result() const;
    /// Shows iteration k (0 … iterations): the model before its suggestion.
    void showIteration(int iteration);
    int shownIteration() const;
    HeatMap* rewardMap() const;

private:
    void onLoopState();

    QComboBox* m_simulator;
    QSpinBox* m_seed;
    LiveBoPanel* m_panel;
};

} // namespace ui
