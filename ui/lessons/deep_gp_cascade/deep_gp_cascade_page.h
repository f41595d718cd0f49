#pragma once
// Lesson "From deep nets to deep GPs": a cascade of Gaussian processes, each layer's output the
// next layer's input. Choose the layers, their kernels and lengthscales, resample, and see each
// layer as a function of its own input and the composition as a function of x: composing
// smooth stationary functions gives jumps and plateaus no single stationary GP produces.

#include "ui/lessons/lesson_page.h"

#include <QElapsedTimer>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTimer;
class QSpinBox;
class QGridLayout;

namespace ui {

class CurveChart;
class LogSlider;

class DeepGpCascadePage : public LessonPage
{
    Q_OBJECT
public:
    explicit DeepGpCascadePage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    QString dataCsv() const override;
    /// The cascade can be animated and recorded (File > Export animation).
    static bool hasAnimation() { return true; }
    /// Starts the animation (the Animate button) from the current draw.
    bool startAnimation() override;

    /// Turns the animation on or off: every layer's draw turns smoothly through other draws of
    /// the same cascade (DeepGpPriorSettings::phase) and is back after kPeriodMs.
    void setAnimating(bool on);
    bool isAnimating() const;
    static constexpr int kPeriodMs = 8000;

    /// Number of layers shown.
    int layers() const;
    void setLayers(int layers);
    /// Draws new samples.
    void resample();
    /// The composition after the last layer, sample 0, on the grid (for tests).
    const std::vector<double>& composition() const { return m_composition; }

protected:
    /// Stops the animation: nobody watches it on another lesson.
    void hideEvent(QHideEvent* event) override;

private:
    struct LayerControls
    {
        QLabel* title = nullptr;
        QComboBox* kernel = nullptr;
        LogSlider* lengthscale = nullptr;
        CurveChart* ownInput = nullptr;   ///< h_l against h_{l−1}
        CurveChart* composed = nullptr;   ///< h_l against x
    };
    void rebuildLayers();
    /// Draws the cascade at the current seed and phase and tells tutorials the layers changed.
    void redraw();
    /// Draws the cascade at the current seed and phase; false (with a status message) on error.
    bool drawCascade();

    QSpinBox* m_layers;
    QSpinBox* m_samples;
    QGridLayout* m_grid;
    std::vector<LayerControls> m_controls;
    quint64 m_seed = 1;
    double m_phase = 0.0; ///< the animation's angle (0: the seed's draw)
    QPushButton* m_animate;
    QTimer* m_timer;
    QElapsedTimer m_clock; ///< time since the animation started
    std::vector<double> m_composition;
    std::vector<std::vector<double>> m_lastDraw; ///< layer values of sample 0, for export
};

} // namespace ui
