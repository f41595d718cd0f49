#pragma once
// Lesson "Gaussian processes": a 1-D GP whose data the user edits with the mouse. The posterior
// mean, its ±2σ band, prior/posterior samples and the log marginal likelihood follow every
// click at once; hyperparameters can be set with sliders or fitted (in the job runner).

#include "ui/lessons/lesson_page.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointF>

#include <memory>
#include <vector>

class QCheckBox;
class QAction;
class QComboBox;
class QLabel;
class QTimer;
class QUndoStack;
class QVBoxLayout;

namespace emu {
class GaussianProcess;
}

namespace ui {

class LogSlider;
class PosteriorChart;

class GaussianProcessPage : public LessonPage
{
    Q_OBJECT
public:
    explicit GaussianProcessPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();
    ~GaussianProcessPage() override;

    QUndoStack* undoStack() override { return m_undo; }
    QWidget* figure() override;
    QString dataCsv() const override;
    bool acceptsCsv() const override { return true; }
    QString importCsv(const QString& csvText, const QString& sourceName) override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    /// The sample curves can be animated and recorded (File > Export animation).
    static bool hasAnimation() { return true; }
    /// Animates the sample curves (posterior ones if none were shown) from the current draw.
    bool startAnimation() override;

    /// Turns the animation of the sample curves on or off (the "Animate samples" button): each
    /// curve moves smoothly through samples of the same GP and is back where it started after
    /// kSamplePeriodMs (greatCircleNormals), so a recording of that length loops seamlessly.
    void setAnimatingSamples(bool on);
    bool isAnimatingSamples() const;
    static constexpr int kSamplePeriodMs = 5000;

    /// The data points on the chart.
    const QList<QPointF>& points() const { return m_points; }
    /// The chart (for tests that click on it).
    PosteriorChart* chart() const { return m_chart; }
    /// Posterior mean at x under the current data and hyperparameters.
    double posteriorMean(double x) const;
    /// Log marginal likelihood shown on the page.
    double logMarginalLikelihood() const;
    /// Replaces the data through the undo stack (one undoable edit). If the GP cannot model the
    /// new points, nothing changes (no undo entry either) and the reason is returned.
    QString editPoints(const QString& description, const QList<QPointF>& after);
    /// Starts a hyperparameter fit in the job runner.
    void fitHyperparameters();
    /// Adds `count` noisy observations of the hidden function at random inputs.
    void sampleFromTruth(int count);

protected:
    /// Stops the animation: nobody watches it on another lesson.
    void hideEvent(QHideEvent* event) override;

private:
    void buildControls(QVBoxLayout* panel);
    void rebuildKernel(const QString& kernelId);
    void rebuildParameterSliders();
    /// Installs the points; if the GP cannot model them it keeps the previous ones, and the
    /// reason is shown in the status bar and returned.
    QString setPoints(const QList<QPointF>& points);
    void updatePosterior();
    /// Draws the sample curves at the current phase of the animation.
    void updateSamples();
    void updateTruth();
    double truth(double x) const;

    std::unique_ptr<emu::GaussianProcess> m_gp;
    QList<QPointF> m_points;
    QList<QPointF> m_dragBefore;
    bool m_dragging = false;
    quint64 m_sampleSeed = 1;

    QUndoStack* m_undo;
    PosteriorChart* m_chart;
    QComboBox* m_kernelCombo = nullptr;
    QComboBox* m_truthCombo = nullptr;
    QVBoxLayout* m_sliderBox = nullptr;
    std::vector<LogSlider*> m_paramSliders;
    QLabel* m_likelihoodLabel = nullptr;
    QCheckBox* m_showTruth = nullptr;
    QComboBox* m_samplesCombo = nullptr;
    QAction* m_animateSamples = nullptr;
    QTimer* m_sampleTimer = nullptr;
    QElapsedTimer m_sampleClock;  ///< time since the animation started
    double m_samplePhase = 0.0;   ///< angle of the samples' great circle (0: the seed's draw)
};

} // namespace ui
