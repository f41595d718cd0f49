#pragma once
// Lesson "Olympic marathon": the men's gold-medal pace since 1896, fitted by a GP and by a deep
// GP. The GP's likelihood has two optima (short and long lengthscale), switchable; the deep GP's
// band changes width over time. Below: the latent layers (year → hidden value, hidden value →
// pace), the pinball plot, and Turing's question: with his 1946 pace as a draggable marker on
// the predictive densities, what is the probability he would have won?

#include "ui/lessons/lesson_page.h"

#include "engine/studies/olympic_study.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace ui {

class BandChart;
class PinballPlot;

class OlympicMarathonPage : public LessonPage
{
    Q_OBJECT
public:
    explicit OlympicMarathonPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    bool eventFilter(QObject* watched, QEvent* event) override;

    /// Fits both models (job runner).
    void refit();
    /// Moves Turing's pace and recomputes the probabilities (job runner).
    void setTuringPace(double pace);
    const std::optional<emu::OlympicResults>& results() const { return m_results; }
    /// The last answer to Turing's question (for the pace and optimum shown).
    const std::optional<emu::TuringAnswer>& turing() const { return m_turing; }
    BandChart* densityChart() const { return m_density; }

private:
    const emu::OlympicGpOptimum& chosenOptimum() const;
    int chosenOptimumIndex() const;
    void showResults();
    void drawFits();
    void drawTuring();
    void askTuring();
    /// Redraws or recomputes what a setting's change affects (an empty key: everything).
    void settingChanged(const QString& key);
    /// The settings' Turing pace (min/km) and seed.
    double pace() const;
    quint64 seed() const;

    QComboBox* m_optimum;
    QCheckBox* m_showGp;
    QCheckBox* m_showDeepGp;
    QSpinBox* m_inducing;
    QSpinBox* m_seed;
    BandChart* m_fits;
    BandChart* m_layer1;
    BandChart* m_layer2;
    PinballPlot* m_pinball;
    BandChart* m_density;
    QLabel* m_turingLabel;
    QLabel* m_fitLabel;
    std::optional<emu::OlympicResults> m_results;
    std::optional<emu::TuringAnswer> m_turing;
};

} // namespace ui
