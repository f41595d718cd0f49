#include "ui/lessons/mf_car/mf_car_page.h"

#include "engine/dynamics/emulated_mountain_car.h"
#include "engine/sim/simulator_registry.h"
#include "ui/base/job_runner.h"
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

/// Row `index`'s name in the table, known before the row is computed.
QString rowName(int index, const emu::MfEmulatorBoSettings& settings)
{
    const emu::MfEmulatorSettings& e = settings.emulator;
    switch (index) {
    case 0:
        return QObject::tr("high fidelity only (%1)").arg(e.highCalls); // short: the table must fit without scrolling
    case 1:
        return QObject::tr("high fidelity only (%1)").arg(e.lowCalls + e.highCalls);
    case 2:
        return QObject::tr("linear multi-fidelity");
    default:
        return QObject::tr("nonlinear multi-fidelity");
    }
}

/// The car a row's emulator drives: its optimisation runs on it.
LiveBoPanel::SimulatorFactory emulatedCar(const emu::MfComparisonRow& row)
{
    return [model = row.model] { return std::make_unique<emu::EmulatedMountainCar>(model); };
}

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
    : LessonPage(jobs, parent), m_high(new QComboBox), m_low(new QComboBox), m_seed(new QSpinBox),
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
    m_seed->setRange(0, 1000000);
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

    connect(run, &QPushButton::clicked, this, &MfCarPage::runComparison);
    connect(m_liveRow, &QComboBox::currentIndexChanged, this, [this](int row) { optimiseRow(row); });
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) { m_liveRow->setCurrentIndex(row); });
    connect(m_panel, &LiveBoPanel::message, this, &LessonPage::statusMessage);
    runComparison();
}

void MfCarPage::runComparison()
{
    m_settings = emu::MfEmulatorBoSettings{};
    m_settings.highSimulatorId = m_high->currentData().toString().toStdString();
    m_settings.lowSimulatorId = m_low->currentData().toString().toStdString();
    m_settings.seed = quint64(m_seed->value());
    m_rows.assign(emu::kMfComparisonRows, std::nullopt);
    m_result.reset();
    m_liveRowStarted = false;
    m_clock.start();
    {
        const QSignalBlocker block(m_liveRow);
        m_liveRow->clear();
        for (int i = 0; i < emu::kMfComparisonRows; ++i)
            m_liveRow->addItem(rowName(i, m_settings));
        m_liveRow->setCurrentIndex(kLinearRow); // the talk's "250 + 250" car runs live first
    }
    m_table->setRowCount(emu::kMfComparisonRows);
    for (int i = 0; i < emu::kMfComparisonRows; ++i)
        showRow(i);
    m_status->setText(tr("Training four emulators and tuning the controller on each, as many at a time as "
                         "there are cores..."));
    // The rows share nothing, so each is a job of its own and they run side by side; the longest
    // first, so that the cores finish together.
    for (const int index : {3, 2, 0, 1}) {
        jobs()->run(QStringLiteral("mf-car-row-%1").arg(index), tr("Training the %1 emulator").arg(rowName(index, m_settings)),
                    [settings = m_settings, index](emu::Progress& progress) {
                        return emu::runMfComparisonRow(settings, index, progress);
                    },
                    [this, index](emu::MfComparisonRow row) { addRow(index, std::move(row)); });
    }
}

void MfCarPage::addRow(int index, emu::MfComparisonRow row)
{
    m_rows[size_t(index)] = std::move(row);
    showRow(index);
    if (index == liveRow() && !m_liveRowStarted)
        optimiseRow(index, m_pauseAfterDesign);
    if (std::any_of(m_rows.begin(), m_rows.end(), [](const auto& r) { return !r.has_value(); }))
        return;
    emu::MfComparisonResult result;
    result.settings = m_settings;
    for (auto& r : m_rows)
        result.rows.push_back(*r);
    result.seconds = m_clock.elapsed() / 1000.0;
    m_result = std::move(result);
    reportEvent(tutorial_events::kComparisonFinished);
    m_status->setText(tr("Every emulator learned the one-step dynamics, then Bayesian optimisation (25 random + 50 EI) "
                         "ran on it; its best controller was run once on the high-fidelity simulator. %1 s in all, "
                         "the four side by side.")
                          .arg(m_result->seconds, 0, 'f', 1));
}

void MfCarPage::showRow(int index)
{
    const std::optional<emu::MfComparisonRow>& row = m_rows[size_t(index)];
    QStringList cells = {rowName(index, m_settings)};
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
    if (row < 0 || row >= int(m_rows.size()))
        return;
    if (m_liveRow->currentIndex() != row) {
        const QSignalBlocker block(m_liveRow);
        m_liveRow->setCurrentIndex(row);
    }
    m_pauseAfterDesign = pauseAfterDesign;
    m_liveRowStarted = m_rows[size_t(row)].has_value();
    if (!m_liveRowStarted)
        return; // addRow() starts it when the row is ready
    // The row's own optimisation settings (emulator_experiments.h, mf_emulator_experiments.h):
    // the live run repeats the table's, step by step.
    emu::DirectBoSettings bo = m_settings.optimization;
    bo.seed = m_settings.seed;
    m_panel->start(emulatedCar(*m_rows[size_t(row)]), bo,
                   [id = m_settings.highSimulatorId] { return emu::makeSimulator(id); }, pauseAfterDesign);
}

QString MfCarPage::dataCsv() const
{
    QString csv = QStringLiteral("emulator,low_calls,high_calls,validation_calls,dp_nrmse,dv_nrmse,reward,reached_goal,"
                                 "theta_p,theta_v,theta_0\n");
    if (!m_result)
        return csv;
    for (const emu::MfComparisonRow& row : m_result->rows)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                   .arg(QString::fromStdString(row.emulator))
                   .arg(row.lowCalls)
                   .arg(row.highCalls)
                   .arg(row.validationCalls)
                   .arg(row.testError.position.normalizedRmse, 0, 'g', 10)
                   .arg(row.testError.velocity.normalizedRmse, 0, 'g', 10)
                   .arg(row.reward, 0, 'g', 10)
                   .arg(row.reachedGoal ? 1 : 0)
                   .arg(row.best.thetaP, 0, 'g', 10)
                   .arg(row.best.thetaV, 0, 'g', 10)
                   .arg(row.best.theta0, 0, 'g', 10);
    return csv;
}

QJsonObject MfCarPage::saveState() const
{
    return QJsonObject{{"high", m_high->currentData().toString()},
                       {"low", m_low->currentData().toString()},
                       {"seed", m_seed->value()}};
}

QString MfCarPage::restoreState(const QJsonObject& state)
{
    const int high = m_high->findData(state.value("high").toString());
    const int low = m_low->findData(state.value("low").toString());
    if (high < 0)
        return tr("unknown high-fidelity simulator \"%1\"").arg(state.value("high").toString());
    if (low < 0)
        return tr("unknown low-fidelity simulator \"%1\"").arg(state.value("low").toString());
    m_high->setCurrentIndex(high);
    m_low->setCurrentIndex(low);
    m_seed->setValue(std::max(0, state.value("seed").toInt(0)));
    runComparison();
    return {};
}

bool MfCarPage::presenterStep(int direction)
{
    return m_panel->stepReplay(direction);
}

} // namespace ui
