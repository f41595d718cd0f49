#include "ui/lessons/mf_car/mf_car_page.h"

#include "engine/sim/simulator_registry.h"
#include "ui/base/job_runner.h"
#include "ui/lessons/mf_car/mf_car_comparison.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/live_bo_panel.h"
#include "ui/panels/simulator_choice.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QString number(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("–");
}

/// Errors span orders of magnitude (1e-7 … 1): two significant digits.
QString error(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 2) : QStringLiteral("–");
}

} // namespace

QStringList MfCarPage::tutorialEvents()
{
    return {tutorial_events::kComparisonFinished};
}

MfCarPage::MfCarPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_comparison(new MfCarComparison(jobs, this)), m_high(new QComboBox),
      m_low(new QComboBox), m_seed(new QSpinBox),
      m_table(new QTableWidget(0, 9)), m_status(new QLabel), m_liveRow(new QComboBox),
      m_panel(new LiveBoPanel(jobs, QStringLiteral("mf-car-live"), tr("Bayesian optimisation on the emulator")))
{
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_high->setObjectName(QStringLiteral("highFidelityChoice"));
    m_low->setObjectName(QStringLiteral("lowFidelityChoice"));
    auto* toolbar = new QToolBar;
    auto* run = new QPushButton(tr("Run the comparison"));
    run->setToolTip(tr("Train the four emulators, tune the controller on each, validate on the high fidelity"));
    toolbar->addWidget(run);
    toolbar->addWidget(new QLabel(tr("  High fidelity ")));
    addSimulators(m_high, emu::kHighFidelity, true);
    m_high->setToolTip(tr("The expensive simulator the controller must work on"));
    toolbar->addWidget(m_high);
    toolbar->addWidget(new QLabel(tr("  Low fidelity ")));
    addSimulators(m_low, emu::kLowFidelity, true);
    m_low->setToolTip(tr("The cheap simulator"));
    toolbar->addWidget(m_low);
    toolbar->addWidget(new QLabel(tr("  Seed ")));
    m_seed->setRange(0, MfCarComparison::kMaxSeed);
    toolbar->addWidget(m_seed);

    m_table->setHorizontalHeaderLabels({tr("emulator"), tr("low calls"), tr("high calls"), tr("Δp error"),
                                        tr("Δv error"), tr("ρ (Δp, Δv)"), tr("real reward"), tr("goal"), tr("time (s)")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Errors: held-out one-step RMSE of the high fidelity relative to the output's spread. High "
                           "calls include the validation episode."));
    // Its four rows, and room for the horizontal scroll bar of a narrow window; no vertical one,
    // which would narrow the columns. The live maps below get the rest of the page.
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            4 * m_table->verticalHeader()->defaultSectionSize() +
                            m_table->horizontalScrollBar()->sizeHint().height() + 2 * m_table->frameWidth());
    m_status->setWordWrap(true);
    m_liveRow->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_liveRow->setToolTip(tr("The emulator the optimisation runs on live (click a row of the table to choose it)"));
    m_panel->addControl(new QLabel(tr("Live, on the emulator:")));
    m_panel->addControl(m_liveRow);
    m_panel->replay()->setToolTip(
        tr("The optimisation on the chosen emulator, iteration by iteration: the rewards here are the emulator's"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_table);
    layout->addWidget(m_status);
    layout->addWidget(m_panel, 1);

    connect(m_comparison, &MfCarComparison::started, this, &MfCarPage::showStarted);
    connect(m_comparison, &MfCarComparison::rowArrived, this, &MfCarPage::showArrived);
    connect(m_comparison, &MfCarComparison::finished, this, &MfCarPage::showFinished);
    connect(run, &QPushButton::clicked, this, &MfCarPage::runComparison);
    connect(m_liveRow, &QComboBox::currentIndexChanged, this, [this](int row) { optimiseRow(row); });
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) { m_liveRow->setCurrentIndex(row); });
    connect(m_panel, &LiveBoPanel::message, this, &LessonPage::statusMessage);
    runComparison();
}

void MfCarPage::runComparison()
{
    m_comparison->run(m_high->currentData().toString().toStdString(),
                      m_low->currentData().toString().toStdString(), std::uint64_t(m_seed->value()));
}

void MfCarPage::showStarted()
{
    const emu::MfEmulatorBoSettings& settings = m_comparison->settings();
    {
        const QSignalBlocker blockHigh(m_high);
        const QSignalBlocker blockLow(m_low);
        const QSignalBlocker blockSeed(m_seed);
        m_high->setCurrentIndex(m_high->findData(QString::fromStdString(settings.highSimulatorId)));
        m_low->setCurrentIndex(m_low->findData(QString::fromStdString(settings.lowSimulatorId)));
        m_seed->setValue(int(settings.seed));
    }
    m_liveRowStarted = false;
    {
        const QSignalBlocker block(m_liveRow);
        m_liveRow->clear();
        for (int i = 0; i < emu::kMfComparisonRows; ++i)
            m_liveRow->addItem(m_comparison->rowName(i));
        m_liveRow->setCurrentIndex(kLinearRow); // the talk's "250 + 250" car runs live first
    }
    m_table->setRowCount(emu::kMfComparisonRows);
    for (int i = 0; i < emu::kMfComparisonRows; ++i)
        showRow(i);
    m_status->setText(tr("Training four emulators and tuning the controller on each, as many at a time as "
                         "there are cores..."));
}

void MfCarPage::showArrived(int index)
{
    showRow(index);
    if (index == liveRow() && !m_liveRowStarted)
        optimiseRow(index, m_pauseAfterDesign);
}

void MfCarPage::showFinished()
{
    reportEvent(tutorial_events::kComparisonFinished);
    m_status->setText(tr("Every emulator learned the one-step dynamics, then Bayesian optimisation (25 random + 50 EI) "
                         "ran on it; its best controller was run once on the high-fidelity simulator. %1 s in all, "
                         "the four side by side.")
                          .arg(m_comparison->result()->seconds, 0, 'f', 1));
}

const std::optional<emu::MfComparisonResult>& MfCarPage::comparison() const
{
    return m_comparison->result();
}

void MfCarPage::showRow(int index)
{
    const std::optional<emu::MfComparisonRow>& row = m_comparison->row(index);
    QStringList cells = {m_comparison->rowName(index)};
    if (!row) {
        for (int c = 1; c < m_table->columnCount(); ++c)
            cells.append(c == 1 ? tr("training...") : QString());
    } else {
        cells += {QString::number(row->lowCalls),
                  QStringLiteral("%1 + %2").arg(row->highCalls).arg(row->validationCalls),
                  error(row->testError.position.normalizedRmse),
                  error(row->testError.velocity.normalizedRmse),
                  std::isfinite(row->rhoPosition)
                      ? QStringLiteral("%1, %2").arg(number(row->rhoPosition, 2), number(row->rhoVelocity, 2))
                      : QStringLiteral("–"),
                  number(row->reward, 2),
                  row->reachedGoal ? tr("yes, %1 steps").arg(row->steps) : tr("no"),
                  number(row->seconds, 2)};
    }
    for (int c = 0; c < cells.size(); ++c)
        m_table->setItem(index, c, new QTableWidgetItem(cells[c]));
}

int MfCarPage::liveRow() const
{
    return m_liveRow->currentIndex();
}

const MountainCarView* MfCarPage::carView() const
{
    return m_panel->carView();
}

void MfCarPage::optimiseRow(int row, bool pauseAfterDesign)
{
    if (row < 0 || row >= emu::kMfComparisonRows)
        return;
    if (m_liveRow->currentIndex() != row) {
        const QSignalBlocker block(m_liveRow);
        m_liveRow->setCurrentIndex(row);
    }
    m_pauseAfterDesign = pauseAfterDesign;
    m_liveRowStarted = m_comparison->row(row).has_value();
    if (!m_liveRowStarted)
        return; // addRow() starts it when the row is ready
    // The row's own optimisation settings (emulator_study.h, mf_emulator_study.h):
    // the live run repeats the table's, step by step.
    const emu::MfEmulatorBoSettings& settings = m_comparison->settings();
    emu::DirectBoSettings bo = settings.optimization;
    bo.seed = settings.seed;
    m_panel->startOnEmulator(m_comparison->row(row)->model, bo, pauseAfterDesign);
}

QString MfCarPage::dataCsv() const
{
    return m_comparison->dataCsv();
}

QJsonObject MfCarPage::saveState() const
{
    return m_comparison->saveState();
}

QString MfCarPage::restoreState(const QJsonObject& state)
{
    return m_comparison->restoreState(state);
}

bool MfCarPage::presenterStep(int direction)
{
    return m_panel->stepReplay(direction);
}

} // namespace ui
