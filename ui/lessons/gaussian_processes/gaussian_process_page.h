#pragma once
// Lesson "Gaussian processes": a 1-D GP whose data the user edits with the mouse. The posterior
// mean, its ±2σ band, prior/posterior samples and the log marginal likelihood follow every
// click at once; hyperparameters can be set with sliders or fitted (in the job runner). The
// state lives in a GpLessonModel (gp_lesson_model.h); the page draws it and edits it.

#include "engine/gp/cholesky.h"
#include "ui/lessons/lesson_page.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointF>

#include <optional>

#include <vector>

class QCheckBox;
class QAction;
class QComboBox;
class QLabel;
class QTimer;
class QUndoStack;
class QVBoxLayout;

namespace ui {

class GpLessonModel;
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

    QUndoStack* undoStack() override;
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

    /// The lesson's state: data, kernel, hyperparameters, what the chart shows.
    GpLessonModel* model() const { return m_model; }
    /// The chart (for tests that click on it).
    PosteriorChart* chart() const { return m_chart; }
    /// Starts a hyperparameter fit in the job runner.
    void fitHyperparameters();

protected:
    /// Stops the animation: nobody watches it on another lesson.
    void hideEvent(QHideEvent* event) override;

private:
    void buildControls(QVBoxLayout* panel);
    /// A slider per hyperparameter of the model's kernel.
    void rebuildParameterSliders();
    /// The kernel the combos describe ("rbf", "rbf+periodic", "linear*periodic").
    QString chosenKernel() const;
    /// The combos follow the model's kernel.
    void showKernelChoice();
    /// Sliders, posterior, band and likelihood from the model.
    void showHyperparameters();
    void showPoints();
    void updatePosterior();
    /// Draws the sample curves at the current phase of the animation.
    void updateSamples();
    void updateTruth();
    /// The view's controls (sample and truth choices) from the model.
    void showViewChoices();

    GpLessonModel* m_model;
    QList<QPointF> m_dragBefore;
    bool m_dragging = false;

    PosteriorChart* m_chart;
    QComboBox* m_kernelCombo = nullptr;
    QComboBox* m_combineCombo = nullptr;      ///< alone, + or ×
    QComboBox* m_secondKernelCombo = nullptr; ///< the kernel composed with the first
    QComboBox* m_truthCombo = nullptr;
    QVBoxLayout* m_sliderBox = nullptr;
    std::vector<LogSlider*> m_paramSliders;
    QLabel* m_likelihoodLabel = nullptr;
    QLabel* m_conditionLabel = nullptr; ///< says when the posterior is ill-conditioned
    QCheckBox* m_showTruth = nullptr;
    QComboBox* m_samplesCombo = nullptr;
    QAction* m_animateSamples = nullptr;
    QTimer* m_sampleTimer = nullptr;
    QElapsedTimer m_sampleClock;  ///< time since the animation started
    /// The samples' joint distribution on the grid, factorised once per model (an animation
    /// frame then costs one product); reset when the data, hyperparameters or view change.
    std::optional<emu::JointNormal> m_sampleJoint;
    double m_samplePhase = 0.0;   ///< angle of the samples' great circle (0: the seed's draw)
};

} // namespace ui
