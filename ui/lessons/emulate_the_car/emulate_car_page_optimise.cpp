// EmulateCarPage, continued: its third tab, Bayesian optimisation of the controller on the
// emulator (live, validated on the simulator) beside direct optimisation on the simulator.

#include "ui/lessons/emulate_the_car/emulate_car_page.h"

#include "ui/base/job_runner.h"
#include "ui/panels/live_bo_panel.h"

#include <QLabel>
#include <QTableWidget>

#include <algorithm>

namespace ui {

const std::optional<emu::EmulatedOptimization>& EmulateCarPage::optimisation() const
{
    return m_panel->validation();
}

void EmulateCarPage::optimise(bool pauseAfterDesign)
{
    if (!m_emulator)
        return;
    // The optimisation of (a) in emulator_study.h, step by step, with the emulator's seed.
    emu::EmulatorBoSettings settings;
    settings.simulatorId = learnedSimulatorId();
    settings.seed = m_emulator->settings().seed;
    emu::DirectBoSettings bo = settings.optimization;
    bo.seed = settings.seed;
    m_results->setRowCount(0);
    m_resultStatus->setText(tr("Optimising on the emulator; the best controller is then run once on the "
                               "simulator. Direct optimisation on the simulator runs beside it, for comparison."));
    m_panel->startOnEmulator(m_emulator, bo, pauseAfterDesign);
    runDirectBaseline(settings);
}

void EmulateCarPage::runDirectBaseline(const emu::EmulatorBoSettings& settings)
{
    const emu::DirectBoSettings direct = emu::directBaselineSettings(settings);
    if (m_direct && m_direct->settings.seed == direct.seed) {
        showResults(); // it does not depend on the emulator: computed once per seed
        return;
    }
    m_direct.reset();
    jobs()->run(QStringLiteral("emulator-direct"), tr("Direct Bayesian optimisation on the simulator"),
                [direct](emu::Progress& progress) { return emu::runDirectBayesianOptimization(direct, progress); },
                [this](emu::DirectBoResult result) {
                    m_direct = std::move(result);
                    showResults();
                });
}

void EmulateCarPage::showResults()
{
    struct Row
    {
        QString method;
        std::uint64_t calls;
        double reward;
        bool goal;
        int steps;
        double seconds;
    };
    std::vector<Row> rows;
    if (m_direct)
        rows.push_back({tr("Direct BO on the simulator"), m_direct->simulatorCalls, m_direct->bestReward,
                        m_direct->reachedGoal, m_direct->stepsToGoal, m_direct->seconds});
    const std::optional<emu::EmulatedOptimization>& validated = optimisation();
    // The emulator's method: its training calls and the validation episode.
    const std::uint64_t calls =
        validated ? m_emulator->simulatorCalls() + validated->validation.simulatorCalls : 0;
    if (validated) {
        const emu::EpisodeTrace& v = validated->validation;
        rows.push_back({tr("BO on the emulator (%1 calls to train)").arg(m_emulator->simulatorCalls()), calls,
                        v.reward, v.reachedGoal, v.reachedGoal ? v.steps : -1,
                        m_emulator->designSeconds() + m_emulator->fitSeconds() + validated->optimizationSeconds +
                            validated->validationSeconds});
    }
    m_results->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row& row = rows[size_t(i)];
        const QStringList cells = {row.method,
                                   QString::number(row.calls),
                                   QString::number(row.reward, 'f', 2),
                                   row.goal ? tr("yes") : tr("no"),
                                   row.steps >= 0 ? QString::number(row.steps) : QStringLiteral("–"),
                                   QString::number(row.seconds, 'f', 2)};
        for (int c = 0; c < cells.size(); ++c)
            m_results->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    if (!validated)
        return;
    const emu::LinearController& best = validated->best;
    QString text = tr("Best controller on the emulator: θ = (θp %1, θv %2, θ0 %3). On the real simulator it earns "
                      "%4 with <b>%5 simulator calls</b>")
                       .arg(best.thetaP, 0, 'f', 3)
                       .arg(best.thetaV, 0, 'f', 2)
                       .arg(best.theta0, 0, 'f', 3)
                       .arg(validated->validation.reward, 0, 'f', 2)
                       .arg(calls);
    if (m_direct)
        text += tr(", %1× fewer than direct optimisation")
                    .arg(double(m_direct->simulatorCalls) / double(std::max<std::uint64_t>(1, calls)), 0, 'f', 0);
    m_resultStatus->setText(text + QStringLiteral("."));
}

} // namespace ui
