#pragma once
// The controls every Bayesian-optimisation page shares: acquisition choice with its parameter
// (ξ, β, …), Step / Play / Reset with a speed slider, and a convergence chart. Changing the
// acquisition or its parameter acts on the session at once, without re-running anything.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;
class QToolBar;

namespace ui {

class BoSession;
class CurveChart;
class LessonSettings;

class BoControls : public QObject
{
    Q_OBJECT
public:
    /// initialPoints: the size of the initial design the run starts with.
    BoControls(BoSession* session, QWidget* parent, int initialPoints = 3);

    /// Toolbar widgets: Step, Play, Reset, speed.
    void addToToolbar(QToolBar* toolbar);
    /// The panel: acquisition, its parameter, initial design size, seed, status.
    QWidget* panel() const { return m_panel; }
    /// Best value so far against evaluations; the page places it.
    CurveChart* convergenceChart() const { return m_convergence; }
    /// The run's settings: "acquisition", "initialPoints" and "seed". A new acquisition acts on
    /// the session at once; a new design size or seed asks for a reset (resetRequested()).
    LessonSettings& settings() const { return *m_settings; }
    QString acquisitionId() const;
    int initialPoints() const;
    quint64 seed() const;
    /// The run's settings, for session files.
    QJsonObject saveState() const;
    /// Restores what saveState() wrote, all or nothing (missing values take their defaults);
    /// returns the refusal. The page then starts its session from the restored history.
    QString restoreState(const QJsonObject& state);
    /// Redraws the status and convergence chart from the session.
    void refresh();
    bool isPlaying() const;
    /// Starts stepping repeatedly, as Play does (nothing if already playing).
    void play();

signals:
    /// Reset pressed (or settings that need a restart changed).
    void resetRequested();

private:
    void showParameter();
    void togglePlay();
    /// Follows a change of the run's settings (an empty key: a restored state).
    void settingChanged(const QString& key);

    BoSession* m_session;
    LessonSettings* m_settings;
    QWidget* m_panel;
    QComboBox* m_acquisition;
    QSlider* m_parameter;
    QLabel* m_parameterLabel;
    QSpinBox* m_initial;
    QSpinBox* m_seed;
    QLabel* m_status;
    CurveChart* m_convergence;
    QPushButton* m_step;
    QPushButton* m_play;
    QPushButton* m_reset;
    QSlider* m_speed;
    QTimer* m_timer;
};

} // namespace ui
