// SandboxExplorer's runs: simulating on a worker, the table of runs and the suggested next run.

#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"

#include "engine/design/designs.h"
#include "ui/base/job_runner.h"
#include "ui/lessons/sandbox_simulator/detail/sandbox_explorer_shared.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/panels/emulator_card.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

namespace ui {

namespace {

using detail::kRunJob;
using detail::kSuggestJob;
using detail::qs;

/// "name = value, …" of a point.
QString describePoint(const std::vector<std::string>& names, const emu::RowVector& x)
{
    QStringList parts;
    for (std::size_t j = 0; j < names.size(); ++j)
        parts << QStringLiteral("%1 = %2").arg(qs(names[j])).arg(x(emu::Index(j)), 0, 'g', 4);
    return parts.join(QStringLiteral(", "));
}

/// What a batch of runs on a worker gives back: the rows that ran, and the first failure's
/// message with the number of points that failed.
struct BatchResult
{
    emu::Matrix X;
    emu::Matrix Y;
    QString error;
    int failed = 0;
};

} // namespace

void SandboxExplorer::play()
{
    emu::RowVector x(m_inputs.size());
    for (int j = 0; j < m_inputs.size(); ++j)
        x(j) = input(j);
    runPoints(emu::Matrix(x), tr("Running %1 at %2").arg(qs(m_simulator->name()), describePoint(m_runs.inputNames, x)));
}

void SandboxExplorer::runDesign(int count, std::uint64_t seed)
{
    runPoints(emu::makeDesign("lhs", m_simulator->inputs(), count, seed),
              tr("Running %1 at %2 points").arg(qs(m_simulator->name())).arg(count));
}

void SandboxExplorer::runPoints(const emu::Matrix& X, const QString& label)
{
    if (m_running)
        return;
    setRunning(true);
    m_status = label + QStringLiteral("...");
    m_statusLabel->setText(m_status);
    std::shared_ptr<emu::SandboxSimulator> simulator = m_simulator->clone();
    m_jobs->run(
        kRunJob, label,
        [simulator, X](emu::Progress& progress) {
            const std::vector<emu::SandboxOutcome> outcomes =
                simulator->runBatch(X, simulator->parallelRuns(), progress);
            progress.checkCancelled();
            BatchResult out{emu::Matrix(0, X.cols()), emu::Matrix(0, emu::Index(simulator->outputs().size())), {}, 0};
            for (emu::Index i = 0; i < X.rows(); ++i) {
                const emu::SandboxOutcome& outcome = outcomes[std::size_t(i)];
                if (!outcome.error.empty()) { // this point gives no run; the others count
                    if (out.error.isEmpty())
                        out.error = QString::fromStdString(outcome.error);
                    ++out.failed;
                    continue;
                }
                out.X.conservativeResize(out.X.rows() + 1, Eigen::NoChange);
                out.Y.conservativeResize(out.Y.rows() + 1, Eigen::NoChange);
                out.X.bottomRows(1) = X.row(i);
                out.Y.bottomRows(1) = outcome.outputs;
            }
            return out;
        },
        [this, generation = m_generation](BatchResult result) {
            if (generation == m_generation)
                runFinished(result.X, result.Y, result.error, result.failed);
        },
        [this, generation = m_generation](const QString& error) {
            if (generation != m_generation)
                return;
            setRunning(false);
            m_status = error.isEmpty() ? tr("Cancelled.") : tr("Failed: %1").arg(error);
            m_statusLabel->setText(m_status);
        });
}

void SandboxExplorer::runFinished(const emu::Matrix& X, const emu::Matrix& Y, const QString& error, int failed)
{
    setRunning(false);
    for (emu::Index i = 0; i < X.rows(); ++i)
        m_runs.append(X.row(i), Y.row(i));
    if (failed > 0) {
        m_status = X.rows() == 0 ? tr("Failed (no point added): %1").arg(error)
                                 : tr("Failed at %1 of %2 points (no point added for them; %3 in all): %4")
                                       .arg(failed)
                                       .arg(X.rows() + failed)
                                       .arg(m_runs.size())
                                       .arg(error);
        emit statusMessage(m_status, 8000);
    } else if (X.rows() == 1) {
        m_status = tr("Finished run %1: %2.").arg(m_runs.size()).arg(describePoint(m_runs.outputNames, Y.row(0)));
    } else {
        m_status = tr("Finished %1 runs (%2 in all).").arg(X.rows()).arg(m_runs.size());
    }
    m_suggestion.reset();
    refreshRuns();
    showSuggestion();
    if (X.rows() > 0)
        emit eventReported(tutorial_events::kSimulatorRun);
}

void SandboxExplorer::setRunning(bool running)
{
    m_running = running;
    m_inputsBox->setEnabled(!running);
    m_play->setEnabled(!running);
    m_accept->setEnabled(!running && m_suggestion.has_value());
    for (EmulatorCard* card : m_cards)
        card->setRunning(running);
}

void SandboxExplorer::resetAll()
{
    const QJsonObject before = saveState();
    ++m_generation;
    m_jobs->cancel(kRunJob);
    m_jobs->cancel(kSuggestJob);
    setRunning(false);
    m_runs = emu::SandboxRuns::empty(m_runs.inputNames, m_runs.outputNames);
    m_suggestion.reset();
    for (EmulatorCard* card : m_cards) {
        const emu::InputOutputEmulator& e = card->emulator();
        card->setFirstRun(0);
        card->setEmulator(emu::InputOutputEmulator(e.input(), e.output(), e.lower(), e.upper()));
    }
    m_status = tr("Ready: no runs.");
    refreshRuns();
    showSuggestion();
    pushUndo(tr("Reset all"), before);
}

void SandboxExplorer::refreshRuns()
{
    for (EmulatorCard* card : m_cards)
        card->setRuns(m_runs);
    m_statusLabel->setText(m_status);
    QStringList headers;
    for (const auto* names : {&m_runs.inputNames, &m_runs.outputNames})
        for (const std::string& name : *names)
            headers << qs(name);
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(m_runs.size()));
    const int inputs = int(m_runs.inputNames.size());
    for (int i = 0; i < int(m_runs.size()); ++i)
        for (int c = 0; c < int(headers.size()); ++c) {
            const double value = c < inputs ? m_runs.X(i, c) : m_runs.Y(i, c - inputs);
            m_table->setItem(i, c, new QTableWidgetItem(QString::number(value, 'g', 3)));
        }
    m_table->scrollToBottom();
}

void SandboxExplorer::suggest()
{
    if (m_runs.size() < 2) {
        m_suggestionLabel->setText(tr("Run the simulator at least twice first."));
        return;
    }
    m_suggest->setEnabled(false);
    m_suggestionLabel->setText(tr("Fitting the emulator over all inputs..."));
    m_jobs->run(
        kSuggestJob, tr("Suggesting the next run"),
        [space = m_simulator->inputs(), runs = m_runs, output = m_target->currentIndex(),
         maximise = m_direction->currentData().toBool(), seed = quint64(m_runs.size())](emu::Progress&) {
            return emu::suggestSandboxRun(space, runs, output, maximise, seed);
        },
        [this, generation = m_generation](emu::SandboxSuggestion s) {
            if (generation != m_generation)
                return;
            m_suggestion = std::move(s);
            showSuggestion();
        },
        [this](const QString& error) {
            m_suggest->setEnabled(true);
            if (!error.isEmpty())
                m_suggestionLabel->setText(tr("No suggestion: %1").arg(error));
        });
}

void SandboxExplorer::showSuggestion()
{
    m_suggest->setEnabled(true);
    m_accept->setEnabled(!m_running && m_suggestion.has_value());
    if (!m_suggestion) {
        m_suggestionLabel->setText(tr("Suggest asks a GP over all %1 inputs where to run next.")
                                       .arg(m_simulator->inputs().dimension()));
        return;
    }
    const QString output = m_target->currentText();
    m_suggestionLabel->setText(tr("Run at %1. The emulator expects %2 = %3 ± %4 there (best so far %5).")
                                   .arg(describePoint(m_runs.inputNames, m_suggestion->x), output)
                                   .arg(m_suggestion->mean, 0, 'g', 4)
                                   .arg(2 * m_suggestion->sd, 0, 'g', 3)
                                   .arg(m_suggestion->bestSoFar, 0, 'g', 4));
}

void SandboxExplorer::acceptSuggestion()
{
    if (!m_suggestion || m_running)
        return;
    for (int j = 0; j < m_inputs.size(); ++j)
        setInput(j, m_suggestion->x(j));
    play();
    emit eventReported(tutorial_events::kSuggestionAccepted);
}

} // namespace ui
