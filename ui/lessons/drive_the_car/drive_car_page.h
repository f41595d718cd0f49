#pragma once
// Lesson "Drive the mountain car": tune the linear controller by hand (sliders) or by pointing at
// the reward landscape, and watch the car. The car is too weak to drive straight up the hill; a
// good controller swings it back and forth. Episodes and landscapes run in the job runner.

#include "ui/lessons/lesson_page.h"

#include "engine/sim/episode_trace.h"
#include "engine/sim/rollout.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace ui {

class ControllerEditor;
class EpisodeCharts;
class HeatMap;
class MountainCarView;

class DriveCarPage : public LessonPage
{
    Q_OBJECT
public:
    explicit DriveCarPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    /// The car's drive can be recorded (File > Export animation).
    static bool hasAnimation() { return true; }
    /// Plays the episode from its first step; false before the first episode has run.
    bool startAnimation() override;

    /// Sets the controller and re-runs the episode (as moving the sliders does).
    void setController(const emu::LinearController& controller);
    emu::LinearController controller() const;
    /// The last finished episode.
    const emu::EpisodeTrace& trace() const { return m_trace; }
    /// The last finished landscape (empty before the first one).
    const emu::RewardLandscape& landscape() const { return m_landscape; }
    HeatMap* landscapeMap() const { return m_landscapeMap; }
    ControllerEditor* controllerEditor() const { return m_editor; }
    MountainCarView* carView() const { return m_view; }

private:
    /// Follows a change of the settings (an empty key: several, or a restored state).
    void settingChanged(const QString& key);
    QString simulatorId() const;
    void runEpisode();
    void runLandscape();
    void showTrace(const emu::EpisodeTrace& trace);
    void showLandscape(const emu::RewardLandscape& landscape);

    MountainCarView* m_view;
    EpisodeCharts* m_charts;
    ControllerEditor* m_editor;
    HeatMap* m_landscapeMap;
    QComboBox* m_simulatorCombo;
    QSlider* m_speed;
    QLabel* m_result;
    QPushButton* m_playButton;
    emu::EpisodeTrace m_trace;
    emu::RewardLandscape m_landscape;
    double m_landscapeTheta0 = std::numeric_limits<double>::quiet_NaN();
    QString m_landscapeSimulator;
};

} // namespace ui
