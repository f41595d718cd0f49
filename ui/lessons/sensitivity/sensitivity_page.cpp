#include "ui/lessons/sensitivity/sensitivity_page.h"

#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/error_bar_chart.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/settings_binding.h"

#include <QHeaderView>
#include <QJsonValue>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

const QString kEmulatorJob = QStringLiteral("sensitivity-emulator");
const QString kSimulatorJob = QStringLiteral("sensitivity-simulator");

/// The inputs as the lesson names them, in the order of emu::carSensitivitySpace().
QString inputLabel(const std::string& name)
{
    if (name == "thetaP")
        return QStringLiteral("θp");
    if (name == "thetaV")
        return QStringLiteral("θv");
    if (name == "theta0")
        return QStringLiteral("θ0");
    if (name == "startPosition")
        return QObject::tr("start position");
    return QString::fromStdString(name);
}

/// Counts with thousands separators (the status line compares 71,189 with 2,821,442).
QString count(std::uint64_t n)
{
    return QLocale(QLocale::English).toString(qulonglong(n));
}

QString valueWithError(double value, double error)
{
    return QStringLiteral("%1 ± %2").arg(value, 0, 'f', 3).arg(error, 0, 'f', 3);
}

/// Main and total effects with their errors (NaN where there is no result yet).
struct Effects
{
    QList<double> main, mainError, total, totalError;
};

Effects effectsOf(const std::optional<emu::CarSensitivityResult>& result, int inputs)
{
    Effects e;
    for (int i = 0; i < inputs; ++i) {
        const bool known = result && i < result->indices.main.size();
        e.main.append(known ? result->indices.main[i] : std::nan(""));
        e.mainError.append(known ? result->indices.mainStandardError[i] : std::nan(""));
        e.total.append(known ? result->indices.total[i] : std::nan(""));
        e.totalError.append(known ? result->indices.totalStandardError[i] : std::nan(""));
    }
    return e;
}

/// A spin box with its tooltip, for the toolbar.
QSpinBox* spinBox(const QString& objectName, int low, int high, int step, int value, const QString& tip)
{
    auto* box = new QSpinBox;
    box->setObjectName(objectName);
    box->setRange(low, high);
    box->setSingleStep(step);
    box->setValue(value);
    box->setToolTip(tip);
    return box;
}

} // namespace

QStringList SensitivityPage::tutorialEvents()
{
    return {tutorial_events::kSensitivityComputed};
}

SensitivityPage::SensitivityPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_compute(new QPushButton(tr("Compute"))), m_cancel(new QPushButton(tr("Cancel"))),
      m_samples(spinBox(QStringLiteral("samplesSpin"), 100, 20000, 100, int(emu::CarSensitivitySettings{}.samples),
                        tr("N, the base samples of the Sobol scheme. Each way evaluates the reward N × 6 times: "
                           "on the simulator that is 6N episodes, on the emulator 6N cheap predictions."))),
      m_training(spinBox(QStringLiteral("trainingSpin"), 10, 1000, 10, emu::CarSensitivitySettings{}.trainingEpisodes,
                         tr("Simulator episodes the emulator (a GP of the reward) is trained on: all the simulator "
                            "calls the emulator's answer costs"))),
      m_seed(spinBox(QStringLiteral("seedSpin"), 0, 1000000, 1, 0,
                     tr("Seeds the Sobol samples, the training episodes and the GP fit: the same seed gives the "
                        "same numbers"))),
      m_chart(new ErrorBarChart(tr("What decides the mountain car's reward? Sobol indices of each input"))),
      m_table(new QTableWidget(0, 5)), m_status(new QLabel)
{
    m_compute->setObjectName(QStringLiteral("computeButton"));
    m_compute->setToolTip(tr("Compute the main and total effects on the emulator and directly on the simulator"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop the computations (Esc); what has arrived stays shown"));
    m_cancel->setEnabled(false);
    auto* toolbar = new QToolBar;
    toolbar->addWidget(m_compute);
    toolbar->addWidget(m_cancel);
    toolbar->addWidget(new QLabel(tr("  Samples N ")));
    toolbar->addWidget(m_samples);
    toolbar->addWidget(new QLabel(tr("  Emulator trained on ")));
    toolbar->addWidget(m_training);
    toolbar->addWidget(new QLabel(tr(" episodes  Seed ")));
    toolbar->addWidget(m_seed);
    bindInt(lessonSettings(), QStringLiteral("samples"), m_samples);
    bindInt(lessonSettings(), QStringLiteral("trainingEpisodes"), m_training);
    bindInt(lessonSettings(), QStringLiteral("seed"), m_seed);

    m_chart->setObjectName(QStringLiteral("effectsChart"));
    m_chart->setToolTip(tr("Main effect: the share of the reward's variance an input explains on its own. Total "
                           "effect: the share it has any part in, interactions included. Error bars: ±1 Monte "
                           "Carlo standard error. Hover a bar for its numbers."));
    m_chart->setValueAxisTitle(tr("share of the reward's variance"));
    QStringList categories;
    const emu::ParameterSpace space = emu::carSensitivitySpace();
    for (const emu::Parameter& p : space.parameters()) {
        m_inputNames.push_back(p.name);
        categories.append(inputLabel(p.name));
    }
    m_chart->setCategories(categories);

    m_table->setObjectName(QStringLiteral("effectsTable"));
    m_table->setHorizontalHeaderLabels({tr("input"), tr("emulator: main"), tr("emulator: total"),
                                        tr("simulator: main"), tr("simulator: total")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip(tr("Index ± standard error. The standard errors are those of the Monte Carlo estimate; on "
                           "the emulator they do not include the emulator's own error."));
    m_table->setRowCount(int(categories.size()));
    // Exactly its rows: the chart gets the rest of the page.
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            int(categories.size()) * m_table->verticalHeader()->defaultSectionSize() +
                            2 * m_table->frameWidth());
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("What each way cost: simulator episodes, simulator steps (calls) and wall-clock time"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_table);
    layout->addWidget(m_status);

    connect(m_compute, &QPushButton::clicked, this, &SensitivityPage::compute);
    connect(m_cancel, &QPushButton::clicked, this, &SensitivityPage::cancel);
    compute();
}

emu::CarSensitivitySettings SensitivityPage::settings(emu::CarSensitivityMode mode) const
{
    emu::CarSensitivitySettings s;
    s.mode = mode;
    s.samples = lessonSettings().intValue(QStringLiteral("samples"));
    s.trainingEpisodes = lessonSettings().intValue(QStringLiteral("trainingEpisodes"));
    s.seed = quint64(lessonSettings().intValue(QStringLiteral("seed")));
    return s;
}

void SensitivityPage::compute()
{
    ++m_generation;
    m_emulator.reset();
    m_simulator.reset();
    m_lastError.clear();
    m_cancelled = false;
    m_running = 2;
    m_cancel->setEnabled(true);
    showResults();
    // The two ways share nothing, so they run side by side; results of an older request are
    // dropped by the job runner (same keys) and by the generation check.
    const auto submit = [this](const QString& key, const QString& label, emu::CarSensitivityMode mode) {
        jobs()->run(key, label,
                    [s = settings(mode)](emu::Progress& progress) { return emu::runCarSensitivity(s, progress); },
                    [this, generation = m_generation](emu::CarSensitivityResult result) {
                        if (generation == m_generation)
                            addResult(std::move(result));
                    },
                    [this, generation = m_generation](const QString& error) {
                        if (generation == m_generation)
                            jobEnded(error);
                    });
    };
    submit(kEmulatorJob, tr("Sobol indices on the emulator"), emu::CarSensitivityMode::Emulator);
    submit(kSimulatorJob, tr("Sobol indices on the simulator"), emu::CarSensitivityMode::Simulator);
}

void SensitivityPage::cancel()
{
    jobs()->cancel(kEmulatorJob);
    jobs()->cancel(kSimulatorJob);
}

void SensitivityPage::addResult(emu::CarSensitivityResult result)
{
    if (result.settings.mode == emu::CarSensitivityMode::Emulator)
        m_emulator = std::move(result);
    else
        m_simulator = std::move(result);
    --m_running;
    m_cancel->setEnabled(m_running > 0);
    showResults();
    if (m_emulator && m_simulator)
        reportEvent(tutorial_events::kSensitivityComputed);
}

void SensitivityPage::jobEnded(const QString& error)
{
    --m_running;
    m_cancel->setEnabled(m_running > 0);
    // Superseded jobs are filtered out by the generation, so an empty message means cancelled.
    if (error.isEmpty())
        m_cancelled = true;
    else
        m_lastError = error;
    showStatus();
}

void SensitivityPage::showResults()
{
    const int inputs = m_table->rowCount();
    const Effects emulator = effectsOf(m_emulator, inputs);
    const Effects simulator = effectsOf(m_simulator, inputs);
    // One hue for the emulator, one for the simulator; light for main, dark for total effects.
    const Palette& colours = ui::palette();
    m_chart->setSets({
        {tr("emulator: main effect"), colours.emulatorMainEffect, emulator.main, emulator.mainError},
        {tr("emulator: total effect"), colours.emulatorTotalEffect, emulator.total,
         emulator.totalError},
        {tr("simulator: main effect"), colours.simulatorMainEffect, simulator.main,
         simulator.mainError},
        {tr("simulator: total effect"), colours.simulatorTotalEffect, simulator.total,
         simulator.totalError},
    });
    const auto cell = [this](const QList<double>& values, const QList<double>& errors, bool known, int i) {
        return known ? valueWithError(values[i], errors[i]) : tr("computing...");
    };
    for (int i = 0; i < inputs; ++i) {
        const QStringList cells = {inputLabel(m_inputNames[size_t(i)]),
                                   cell(emulator.main, emulator.mainError, m_emulator.has_value(), i),
                                   cell(emulator.total, emulator.totalError, m_emulator.has_value(), i),
                                   cell(simulator.main, simulator.mainError, m_simulator.has_value(), i),
                                   cell(simulator.total, simulator.totalError, m_simulator.has_value(), i)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    showStatus();
}

void SensitivityPage::showStatus()
{
    const auto describe = [](const std::optional<emu::CarSensitivityResult>& r, const QString& name) {
        if (!r)
            return QString();
        return tr("%1: %2 episodes, %3 simulator calls, %4 s")
            .arg(name, count(std::uint64_t(r->episodes)), count(r->simulatorCalls))
            .arg(r->seconds, 0, 'f', 2);
    };
    QStringList parts;
    if (m_emulator)
        parts.append(describe(m_emulator, tr("Emulator")));
    if (m_simulator)
        parts.append(describe(m_simulator, m_emulator ? tr("directly on the simulator") : tr("Directly on the simulator")));
    QString text = parts.join(QStringLiteral("; "));
    if (m_emulator && m_simulator && m_emulator->simulatorCalls > 0)
        text += tr(". The emulator needed %1× fewer simulator calls.")
                    .arg(double(m_simulator->simulatorCalls) / double(m_emulator->simulatorCalls), 0, 'f', 0);
    if (m_running > 0)
        text = (text.isEmpty() ? QString() : text + QStringLiteral(". "))
               + tr("Computing %1...").arg(m_running == 2 ? tr("on the emulator and on the simulator")
                                                           : m_emulator ? tr("on the simulator")
                                                                        : tr("on the emulator"));
    if (!m_lastError.isEmpty())
        text += tr(" Failed: %1").arg(m_lastError);
    else if (m_cancelled && m_running == 0 && !(m_emulator && m_simulator))
        text += tr(" Cancelled: press Compute to start again.");
    m_status->setText(text);
}

QString SensitivityPage::dataCsv() const
{
    QString csv = QStringLiteral("input,emulator_main,emulator_main_se,emulator_total,emulator_total_se,"
                                 "simulator_main,simulator_main_se,simulator_total,simulator_total_se\n");
    if (!m_emulator && !m_simulator)
        return csv;
    const int inputs = m_table->rowCount();
    const Effects emulator = effectsOf(m_emulator, inputs);
    const Effects simulator = effectsOf(m_simulator, inputs);
    // An index not computed is an empty field, not a number.
    const auto number = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 10) : QString(); };
    for (int i = 0; i < inputs; ++i)
        csv += QStringList{QString::fromStdString(m_inputNames[size_t(i)]), number(emulator.main[i]),
                           number(emulator.mainError[i]), number(emulator.total[i]), number(emulator.totalError[i]),
                           number(simulator.main[i]), number(simulator.mainError[i]), number(simulator.total[i]),
                           number(simulator.totalError[i])}
                   .join(',') +
               '\n';
    return csv;
}

QString SensitivityPage::restoreState(const QJsonObject& state)
{
    const QString error = lessonSettings().restoreState(state);
    if (error.isEmpty())
        compute();
    return error;
}

} // namespace ui
