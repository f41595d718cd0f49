#pragma once
// One emulator card of the sandbox: a GP of one output against one input, trained on the
// simulator's runs (from firstRun() on: "Remove data" forgets the runs so far, later runs still
// come in). The chart shows the posterior, the runs and, in orange, the tangent of the mean at
// the input's current value (the local sensitivity, also written under the chart). Sliders set
// the variance, lengthscale and noise; Fit asks the page to fit them (on a worker). A click on
// the chart asks the page to run the simulator at that input value; ignored while a run is on.

#include "engine/sandbox/input_output_emulator.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace emu {
struct SandboxRuns;
}

namespace ui {

class LogSlider;
class PosteriorChart;

class EmulatorCard : public QFrame
{
    Q_OBJECT
public:
    EmulatorCard(const emu::InputOutputEmulator& emulator, const QString& inputName, const QString& outputName,
                 QWidget* parent = nullptr);

    const emu::InputOutputEmulator& emulator() const { return m_emulator; }
    /// Replaces the emulator (e.g. by its fitted copy) and redraws; same input and output.
    void setEmulator(const emu::InputOutputEmulator& emulator);
    /// Trains on runs firstRun() … end and redraws.
    void setRuns(const emu::SandboxRuns& runs);
    /// The first run this card learns from.
    int firstRun() const { return m_firstRun; }
    void setFirstRun(int run) { m_firstRun = run; }
    /// Where the tangent touches: the input's current value.
    void setCurrentInput(double x);
    /// While a run is on, clicks do nothing and Fit is off.
    void setRunning(bool running);

    QString title() const;
    PosteriorChart* chart() const { return m_chart; }
    QPushButton* fitButton() const { return m_fit; }
    QLabel* slopeLabel() const { return m_slope; }

signals:
    /// The user clicked the chart at input value x.
    void runRequested(int input, double x);
    void fitRequested();
    void clearRequested();
    void removeRequested();

private:
    /// The model: sliders, posterior and runs, then the tangent.
    void redraw();
    /// The tangent at the current input and its slope under the chart.
    void drawTangent();
    void setFromSliders();

    emu::InputOutputEmulator m_emulator;
    QString m_inputName;
    QString m_outputName;
    int m_firstRun = 0;
    double m_current = 0.0;
    bool m_running = false;
    PosteriorChart* m_chart;
    LogSlider* m_variance;
    LogSlider* m_lengthscale;
    LogSlider* m_noise;
    QPushButton* m_fit;
    QLabel* m_slope;
};

} // namespace ui
