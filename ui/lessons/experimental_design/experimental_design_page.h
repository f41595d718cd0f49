#pragma once
// Lesson "Experimental design": where should a simulator be run so that an emulator learns it
// fastest? Pick a hidden function and a method (random, Latin hypercube, Sobol, uncertainty
// sampling), step through the design and watch the emulator and its uncertainty; a chart shows
// the emulator's error against the number of runs for every method side by side.

#include "ui/lessons/lesson_page.h"

#include "engine/studies/design_study.h"

#include <map>
#include <memory>

class QComboBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace emu {
class GaussianProcess;
}

namespace ui {

class CurveChart;
class HeatMap;
class PosteriorChart;

class ExperimentalDesignPage : public LessonPage
{
    Q_OBJECT
public:
    explicit ExperimentalDesignPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: forwards steps the loop; back is the previous lesson.
    bool presenterStep(int direction) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();
    ~ExperimentalDesignPage() override;

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    /// Points of the design shown so far.
    int shownPoints() const { return m_shown; }
    /// The design of the current method (empty until computed).
    const emu::DesignExperimentResult& run() const { return m_run; }
    /// Error curves of every method (filled by the comparison job).
    const std::map<std::string, emu::DesignExperimentResult>& comparison() const { return m_comparison; }
    /// Reveals the next design point.
    void step();
    /// Selects the method by id ("random", "lhs", "sobol", "variance").
    void setMethod(const QString& method);

private:
    emu::DesignExperimentSettings settings(const std::string& method) const;
    void recompute();
    void showPoints(int n);
    void redraw();
    void drawComparison();

    QComboBox* m_function;
    QComboBox* m_method;
    QSpinBox* m_points;
    QSpinBox* m_seed;
    QLabel* m_status;
    QStackedWidget* m_views;
    PosteriorChart* m_chart1d;
    HeatMap* m_meanMap;
    HeatMap* m_sdMap;
    CurveChart* m_errorChart;
    QTimer* m_timer;
    emu::DesignExperimentResult m_run;
    std::map<std::string, emu::DesignExperimentResult> m_comparison;
    std::unique_ptr<emu::GaussianProcess> m_emulator;
    int m_shown = 0;
    int m_restoreShown = 0; ///< points to show once a restored session's design is computed
};

} // namespace ui
