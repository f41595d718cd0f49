#pragma once
// Lesson "Bayesian optimisation in 1-D": the objective (dashed, hideable), the GP posterior
// above, the acquisition function below with its maximum marked. Step, Play, Reset; change the
// acquisition or its parameter and watch the curve change; click on the top chart to evaluate a
// point yourself.

#include "ui/lessons/lesson_page.h"

class QCheckBox;
class QComboBox;

namespace ui {

class BoControls;
class BoSession;
class CurveChart;
class PosteriorChart;

class Bo1dPage : public LessonPage
{
    Q_OBJECT
public:
    explicit Bo1dPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: forwards steps the loop; back is the previous lesson.
    bool presenterStep(int direction) override;
    bool acceptsCsv() const override { return true; }
    /// Evaluations from a CSV file (x, y columns) in place of the ones so far.
    QString importCsv(const QString& csvText, const QString& sourceName) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    /// The loop can be recorded (File > Export animation).
    static bool hasAnimation() { return true; }
    /// Restarts the loop from its initial design (same acquisition and seed) and plays it.
    bool startAnimation() override;

    BoSession* session() const { return m_session; }
    BoControls* controls() const { return m_controls; }
    PosteriorChart* posteriorChart() const { return m_posterior; }
    CurveChart* acquisitionChart() const { return m_acquisitionChart; }
    /// x of the acquisition's maximum as drawn (NaN before the first suggestion).
    double drawnArgmax() const { return m_drawnArgmax; }

private:
    QString functionId() const;
    void reset();
    void redraw();

    BoSession* m_session;
    BoControls* m_controls;
    PosteriorChart* m_posterior;
    CurveChart* m_acquisitionChart;
    QComboBox* m_function;
    QCheckBox* m_showObjective;
    double m_drawnArgmax = std::numeric_limits<double>::quiet_NaN();
};

} // namespace ui
