#pragma once
// Lesson "F1: compute, tunnel or track?": cost-aware multi-fidelity Bayesian
// optimisation of a wing angle with three simulators of one lap time — cheap CFD, a biased wind
// tunnel and the expensive, noisy track (engine/functions/multi_fidelity_functions.h). Each run
// chooses an angle and a fidelity; the page shows every level's model, the value of a run per
// unit cost at each level (the trade-off made visible), the budget filling by fidelity, and the
// regret against cost beside high-fidelity-only EI on the same budget. In "you decide" mode the
// student spends the budget by clicking a level's chart, and the algorithm's own run is drawn
// beside theirs.

#include "engine/mfbo/mf_bo_loop.h"
#include "ui/lessons/lesson_page.h"

#include <array>

class QLabel;
class QPushButton;
class QTimer;

namespace ui {

class BandChart;
class MfBoSession;
class StackedBar;

class FormulaOnePage : public LessonPage
{
    Q_OBJECT
public:
    explicit FormulaOnePage(JobRunner* jobs, QWidget* parent = nullptr);
    ~FormulaOnePage() override;

    static QStringList tutorialEvents();
    static bool hasAnimation() { return true; }
    bool startAnimation() override;
    QWidget* figure() override { return this; }
    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    bool presenterStep(int direction) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

    MfBoSession* session() const { return m_session; }
    /// The chart of fidelity `level` (0: the cheapest); clicking it runs that level there.
    BandChart* levelChart(int level) const { return m_levelCharts[std::size_t(level)]; }
    BandChart* acquisitionChart() const { return m_acquisitionChart; }
    BandChart* regretChart() const { return m_regretChart; }
    StackedBar* budgetBar() const { return m_budgetBar; }
    /// Steps the loop repeatedly until its budget is spent (Play).
    void play();
    bool isPlaying() const;

private:
    /// The loop's settings from the page's: acquisition, budget, seed.
    emu::MfBoSettings runSettings() const;
    void reset();
    void redraw();
    void drawLevels();
    void drawAcquisition();
    void drawBudget();
    void drawRegret();
    void playTick();
    void updateButtons();

    MfBoSession* m_session;
    std::array<BandChart*, 3> m_levelCharts{};
    BandChart* m_acquisitionChart;
    BandChart* m_regretChart;
    StackedBar* m_budgetBar;
    QLabel* m_budgetLabel;
    QLabel* m_summary;
    QPushButton* m_step;
    QPushButton* m_play;
    QTimer* m_timer;
    bool m_restoring = false;
};

} // namespace ui
