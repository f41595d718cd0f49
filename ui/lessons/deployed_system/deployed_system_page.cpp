#include "ui/lessons/deployed_system/deployed_system_page.h"

#include "engine/core/errors.h"
#include "engine/system/supply_chain.h"
#include "engine/system/system_study.h"
#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/error_bar_chart.h"
#include "ui/charts/system_graph.h"
#include "ui/lessons/deployed_system/component_panel.h"
#include "ui/lessons/deployed_system/intervention_panel.h"
#include "ui/lessons/deployed_system/system_monitor_view.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/settings_binding.h"

#include <QChart>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

const QString kTrainJob = QStringLiteral("system-train");
const QString kPredictJob = QStringLiteral("system-predict");
const QString kMeasureJob = QStringLiteral("system-measure");
const QString kSobolJob = QStringLiteral("system-sobol");
/// Sobol base samples on the whole-system emulator: N(d + 2) cheap GP means per output.
constexpr emu::Index kSobolSamples = 2000;
const QString kComposed = QStringLiteral("composed");
const QString kWhole = QStringLiteral("whole");
constexpr emu::Index kMeasureRuns = 100;

QString number(double x)
{
    return QString::number(x, 'g', 3);
}

/// What a prediction job hands back: the chosen emulator at the deployed and current setting,
/// the component-wise forecast (ports) and its reach.
struct Predictions
{
    emu::PredictedChange change;
    emu::SystemForecast composedNow;
    emu::Matrix reach;
};

} // namespace

QStringList DeployedSystemPage::tutorialEvents()
{
    return {tutorial_events::kEmulatorTrained, tutorial_events::kEffectPredicted, tutorial_events::kEffectMeasured,
            tutorial_events::kChangeNoticed, tutorial_events::kComponentChanged};
}

DeployedSystemPage::DeployedSystemPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_graph(new SystemGraph), m_tabs(new QTabWidget),
      m_interventions(new InterventionPanel), m_monitor(new SystemMonitorView(jobs)), m_component(new ComponentPanel),
      m_decisions(new ErrorBarChart),
      m_output(new QComboBox), m_status(new QLabel)
{
    auto* method = new QComboBox;
    method->setObjectName(QStringLiteral("methodChoice"));
    method->addItem(tr("Component-wise"), kComposed);
    method->addItem(tr("Whole system"), kWhole);
    method->setToolTip(tr("Whole system: one GP per output on the decisions, trained on runs of the whole system. "
                          "Component-wise: one GP per component, trained on runs of that component alone, composed "
                          "by sampling through the graph. Both cost the same per run."));
    auto* runs = new QSpinBox;
    runs->setObjectName(QStringLiteral("runsSpin"));
    runs->setRange(10, 640);
    runs->setSingleStep(10);
    runs->setValue(80);
    runs->setToolTip(tr("Runs each emulator is trained on: of the whole system, or of every component"));
    auto* seed = new QSpinBox;
    seed->setRange(0, 99999);
    seed->setValue(1);
    seed->setToolTip(tr("Seeds the designs, the random inputs and the fits: the same seed gives the same numbers"));
    m_output->setObjectName(QStringLiteral("outputChoice"));
    m_output->setToolTip(tr("The output the graph's tint and the monitor's chart follow"));
    auto* open = new QPushButton(tr("Open system…"));
    open->setToolTip(tr("Open a system file of your own (JSON: components, wires, inputs; see the README). "
                        "`emuplay-cli system write` prints the supply chain's as a start"));
    auto* builtIn = new QPushButton(tr("Supply chain"));
    builtIn->setToolTip(tr("Back to the built-in supply chain"));
    auto* toolbar = new QToolBar;
    toolbar->addWidget(new QLabel(tr(" Emulator ")));
    toolbar->addWidget(method);
    toolbar->addWidget(new QLabel(tr("  trained on ")));
    toolbar->addWidget(runs);
    toolbar->addWidget(new QLabel(tr(" runs  Seed ")));
    toolbar->addWidget(seed);
    toolbar->addWidget(new QLabel(tr("  Output ")));
    toolbar->addWidget(m_output);
    toolbar->addSeparator();
    toolbar->addWidget(open);
    toolbar->addWidget(builtIn);
    bindChoice(lessonSettings(), QStringLiteral("method"), method);
    bindInt(lessonSettings(), QStringLiteral("runs"), runs);
    bindInt(lessonSettings(), QStringLiteral("seed"), seed);

    m_graph->setObjectName(QStringLiteral("systemGraph"));
    m_graph->setMinimumHeight(300); // every tag and port readable, whatever the tab below asks for
    m_graph->setToolTip(tr("The system: decisions and random inputs on the left, components as boxes (each output "
                           "with its predicted value ± sd), outputs on the right. A box's tint: how far a 10 % "
                           "error in that component would move the chosen output. Click a box to see it."));
    m_tabs->setObjectName(QStringLiteral("systemTabs"));
    m_tabs->addTab(m_interventions, tr("Interventions"));
    m_tabs->addTab(m_monitor, tr("Monitoring"));
    m_tabs->addTab(m_component, tr("Component"));
    m_tabs->addTab(m_decisions, tr("Which decision matters"));
    m_decisions->setObjectName(QStringLiteral("decisionChart"));
    m_decisions->setValueAxisTitle(tr("share of the output's variance"));
    m_decisions->setToolTip(tr("Sobol indices of the chosen output's expected value on the decisions, each varied "
                               "over its range, on the whole-system emulator. Main effect: the share of the "
                               "variance a decision explains alone; total: the share it has any part in. Bars: "
                               "±1 Monte Carlo standard error (the emulator's own error is not in them)"));
    m_status->setObjectName(QStringLiteral("statusLine"));
    m_status->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_graph, 1);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);

    connect(&lessonSettings(), &LessonSettings::changed, this, [this](const QString& key) {
        if (key == QStringLiteral("method")) {
            m_models.useComposed = usesComposed();
            m_monitor->watch(m_models, m_deployed);
            predict();
        } else {
            train();
        }
    });
    connect(m_output, &QComboBox::currentIndexChanged, this, [this](int output) {
        m_monitor->setOutput(std::max(0, output));
        showForecast();
        showDecisionIndices();
    });
    connect(m_interventions, &InterventionPanel::valuesChanged, this, [this] {
        m_interventions->clearMeasured();
        predict();
    });
    connect(m_interventions, &InterventionPanel::measureRequested, this, &DeployedSystemPage::measure);
    connect(m_interventions, &InterventionPanel::deployRequested, this, &DeployedSystemPage::deploy);
    connect(m_monitor, &SystemMonitorView::changeNoticed, this, [this] { reportEvent(tutorial_events::kChangeNoticed); });
    connect(m_graph, &SystemGraph::nodeClicked, this, [this](int node) {
        m_graph->setSelectedNode(node);
        showComponent(node);
        m_tabs->setCurrentWidget(m_component);
    });
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a system"), QString(),
                                                          tr("System files (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        if (const QString error = openSystemFile(path); !error.isEmpty())
            emit statusMessage(error, 10000);
    });
    connect(builtIn, &QPushButton::clicked, this, &DeployedSystemPage::openBuiltInSystem);
    connect(m_component, &ComponentPanel::changeRequested, this,
            [this](int component, const std::vector<std::pair<std::string, double>>& parameters) {
                if (const QString error = changeComponent(component, parameters); !error.isEmpty())
                    emit statusMessage(error, 10000);
            });
    openBuiltInSystem();
}

DeployedSystemPage::~DeployedSystemPage()
{
    for (const QString& key : {kTrainJob, kPredictJob, kMeasureJob, kSobolJob})
        jobs()->cancel(key);
}

void DeployedSystemPage::openBuiltInSystem()
{
    setSystem(emu::supplyChainDescription());
}

void DeployedSystemPage::setSystem(emu::SystemDescription description)
{
    m_description = std::move(description);
    const emu::System system(m_description);
    m_deployed = system.interventionValues();
    m_models = {};
    m_change = {};
    m_reach.resize(0, 0);
    {
        const QSignalBlocker block(m_output);
        m_output->clear();
        for (const std::string& name : system.outputNames())
            m_output->addItem(QString::fromStdString(name));
    }
    std::vector<emu::SystemInput> interventions;
    for (emu::Index i : system.inputsWithRole(emu::SystemInput::Role::Intervention))
        interventions.push_back(m_description.inputs[std::size_t(i)]);
    {
        const QSignalBlocker block(m_interventions);
        m_interventions->setInterventions(interventions, m_deployed, system.outputNames());
    }
    buildGraph();
    m_monitor->watch(m_models, m_deployed);
    train();
}

void DeployedSystemPage::buildGraph()
{
    const emu::System system(m_description);
    QStringList inputs;
    for (const emu::SystemInput& input : m_description.inputs)
        inputs << QString::fromStdString(input.name);
    QList<SystemGraphNode> nodes;
    QList<SystemGraphEdge> edges;
    for (emu::Index c = 0; c < system.componentCount(); ++c) {
        const emu::SystemComponentSpec& spec = system.component(c);
        SystemGraphNode node;
        node.name = QString::fromStdString(spec.name);
        for (const emu::SystemPort& port : spec.inputs)
            node.inputs << QString::fromStdString(port.name);
        for (const emu::SystemPort& port : spec.outputs)
            node.outputs << QString::fromStdString(port.name);
        node.tooltip = tr("%1 (%2): %3. A run costs %4.")
                           .arg(node.name, QString::fromStdString(spec.type),
                                QString::fromStdString(emu::systemComponentTypes().at(spec.type).description),
                                number(spec.cost));
        nodes << node;
        for (std::size_t p = 0; p < system.sources(c).size(); ++p) {
            const emu::SystemSource& from = system.sources(c)[p];
            edges << SystemGraphEdge{SystemGraphSource{int(from.component), int(from.port)}, int(c), int(p)};
        }
    }
    QList<SystemGraphSource> outputs;
    for (emu::Index k = 0; k < system.outputCount(); ++k)
        outputs << SystemGraphSource{int(system.outputSource(k).component), int(system.outputSource(k).port)};
    m_graph->setGraph(inputs, nodes, edges, outputs);
}

bool DeployedSystemPage::usesComposed() const
{
    return lessonSettings().choice(QStringLiteral("method")) == kComposed;
}

int DeployedSystemPage::chosenOutput() const
{
    return std::max(0, m_output->currentIndex());
}

void DeployedSystemPage::train()
{
    m_models = {};
    m_status->setText(tr("Training both emulators on %1 runs each…").arg(lessonSettings().intValue(QStringLiteral("runs"))));
    emu::SystemEmulatorSettings settings;
    settings.runs = lessonSettings().intValue(QStringLiteral("runs"));
    settings.seed = std::uint64_t(lessonSettings().intValue(QStringLiteral("seed")));
    const bool composed = usesComposed();
    startTraining(
        m_description,
        [description = m_description, settings, composed](emu::Progress& progress) {
            SystemModels models;
            auto system = std::make_shared<const emu::System>(description);
            emu::ChildProgress first(progress, 0.0, 0.5, "whole system");
            models.whole = std::make_shared<const emu::WholeSystemEmulator>(*system, settings, first.get());
            emu::ChildProgress second(progress, 0.5, 1.0, "component-wise");
            models.composed = std::make_shared<const emu::ComponentwiseEmulator>(*system, settings, second.get());
            models.system = std::move(system);
            models.useComposed = composed;
            models.seed = settings.seed;
            return models;
        },
        [this, runs = settings.runs](const SystemModels& models) {
            return tr("Both emulators trained: the whole system's on %1 runs (%2 %4), the components' on %3 runs "
                      "each (%5 %4). Move a decision to see its effect downstream.")
                .arg(models.whole->runs())
                .arg(number(models.whole->cost()))
                .arg(runs)
                .arg(QString::fromStdString(m_description.costUnit))
                .arg(number(models.composed->trainingCost()));
        },
        tutorial_events::kEmulatorTrained);
}

void DeployedSystemPage::startTraining(emu::SystemDescription description,
                                       std::function<SystemModels(emu::Progress&)> work,
                                       std::function<QString(const SystemModels&)> done, const QString& event)
{
    ++m_generation;
    m_interventions->setBusy(true);
    jobs()->run(
        kTrainJob, tr("Training the system's emulators"), std::move(work),
        [this, generation = m_generation, description = std::move(description), done, event](SystemModels models) {
            if (generation != m_generation)
                return;
            m_description = description;
            m_models = std::move(models);
            m_interventions->setBusy(false);
            m_status->setText(done(m_models));
            m_monitor->watch(m_models, m_deployed);
            predict();
            computeDecisionIndices();
            reportEvent(event);
        },
        [this, generation = m_generation](const QString& error) {
            if (generation != m_generation || error.isEmpty())
                return;
            m_interventions->setBusy(!m_models.isReady());
            m_status->setText(tr("Training failed: %1").arg(error));
        });
}

void DeployedSystemPage::predict()
{
    if (!m_models.isReady())
        return;
    const bool moved = m_interventions->values() != m_deployed;
    jobs()->run(
        kPredictJob, tr("Predicting downstream effects"),
        [models = m_models, deployed = m_deployed, now = m_interventions->values()](emu::Progress&) {
            Predictions p;
            p.change = models.change(deployed, now);
            p.composedNow = models.useComposed ? p.change.after
                                               : models.composed->forecast(now, emu::RowVector(), models.samples, models.seed);
            p.reach = models.composed->reach(now, emu::RowVector(), models.samples / 2, models.seed);
            return p;
        },
        [this, generation = m_generation, moved](Predictions p) {
            if (generation != m_generation)
                return;
            m_change = std::move(p.change);
            m_composedForecast = std::move(p.composedNow);
            m_reach = std::move(p.reach);
            showForecast();
            if (moved)
                reportEvent(tutorial_events::kEffectPredicted);
        });
}

void DeployedSystemPage::showForecast()
{
    const emu::SystemForecast& forecast = m_change.after;
    if (!m_models.isReady() || forecast.mean.size() == 0)
        return;
    const emu::System& system = *m_models.system;
    const emu::RowVector now = m_interventions->values();
    const std::vector<emu::Index> interventions = system.inputsWithRole(emu::SystemInput::Role::Intervention);
    const auto& inputs = m_description.inputs;
    for (std::size_t i = 0, k = 0; i < inputs.size(); ++i) {
        const emu::SystemInput& input = inputs[i];
        QString text;
        if (input.role == emu::SystemInput::Role::Intervention)
            text = QStringLiteral("= %1").arg(number(now(emu::Index(k++))));
        else if (input.role == emu::SystemInput::Role::Condition)
            text = QStringLiteral("= %1").arg(number(input.value));
        else
            text = tr("random");
        m_graph->setInputText(int(i), text);
    }
    for (emu::Index c = 0; c < system.componentCount(); ++c)
        for (std::size_t o = 0; o < system.component(c).outputs.size(); ++o)
            m_graph->setPortText(int(c), int(o),
                                 std::size_t(c) < m_composedForecast.portMean.size()
                                     ? QStringLiteral("%1 ± %2").arg(number(m_composedForecast.portMean[std::size_t(c)](emu::Index(o))),
                                                                     QString::number(m_composedForecast.portSd[std::size_t(c)](emu::Index(o)), 'g', 2))
                                     : QString());
    for (emu::Index k = 0; k < system.outputCount(); ++k)
        m_graph->setOutputText(int(k), QStringLiteral("%1 ± %2").arg(number(forecast.mean(k)),
                                                                     QString::number(2 * forecast.meanSd(k), 'g', 2)));
    const int output = chosenOutput();
    if (m_reach.rows() == system.componentCount() && output < m_reach.cols()) {
        const double largest = std::max(1e-12, m_reach.col(output).cwiseAbs().maxCoeff());
        for (emu::Index c = 0; c < system.componentCount(); ++c)
            m_graph->setNodeShare(int(c), std::abs(m_reach(c, output)) / largest);
    }
    m_interventions->showPrediction(m_change);
    if (m_component->component() >= 0)
        showComponent(m_component->component());
}

void DeployedSystemPage::showComponent(int component)
{
    if (!m_models.isReady())
        return;
    emu::RowVector inputs(emu::Index(m_description.inputs.size()));
    const emu::RowVector now = m_interventions->values();
    for (std::size_t i = 0, k = 0; i < m_description.inputs.size(); ++i) {
        const emu::SystemInput& input = m_description.inputs[i];
        inputs(emu::Index(i)) = input.role == emu::SystemInput::Role::Intervention ? now(emu::Index(k++))
                                : input.role == emu::SystemInput::Role::Random
                                    ? (input.distribution == emu::SystemInput::Distribution::Normal ? input.mean
                                                                                                    : 0.5 * (input.lower + input.upper))
                                    : input.value;
    }
    m_component->showComponent(m_models, component, m_composedForecast, inputs);
}

void DeployedSystemPage::computeDecisionIndices()
{
    m_indices.clear();
    showDecisionIndices();
    jobs()->run(
        kSobolJob, tr("Sobol indices of the outputs on the decisions"),
        [system = m_models.system, whole = m_models.whole, seed = m_models.seed](emu::Progress& progress) {
            return emu::interventionSobolIndices(*system, *whole, emu::SobolSettings{kSobolSamples, seed}, progress);
        },
        [this, generation = m_generation](std::vector<emu::SobolIndices> indices) {
            if (generation != m_generation)
                return;
            m_indices = std::move(indices);
            showDecisionIndices();
        });
}

void DeployedSystemPage::showDecisionIndices()
{
    QStringList names;
    for (const emu::SystemInput& input : m_description.inputs)
        if (input.role == emu::SystemInput::Role::Intervention)
            names << QString::fromStdString(input.name);
    m_decisions->setCategories(names);
    const int output = chosenOutput();
    m_decisions->chart()->setTitle(tr("Which decision matters for %1? (the whole-system emulator's view)")
                                       .arg(m_output->currentText()));
    QList<double> main(names.size(), std::nan("")), mainError = main, total = main, totalError = main;
    if (std::size_t(output) < m_indices.size()) {
        const emu::SobolIndices& s = m_indices[std::size_t(output)];
        for (int i = 0; i < names.size(); ++i) {
            main[i] = s.main(i);
            mainError[i] = s.mainStandardError(i);
            total[i] = s.total(i);
            totalError[i] = s.totalStandardError(i);
        }
    }
    const Palette& colours = ui::palette();
    m_decisions->setSets({{tr("main effect"), colours.emulatorMainEffect, main, mainError},
                          {tr("total effect"), colours.emulatorTotalEffect, total, totalError}});
}

void DeployedSystemPage::measure()
{
    if (!m_models.isReady())
        return;
    m_interventions->setBusy(true);
    m_status->setText(tr("Running the system %1 times at each setting…").arg(kMeasureRuns));
    jobs()->run(
        kMeasureJob, tr("Measuring the change"),
        [system = m_models.system, deployed = m_deployed, now = m_interventions->values(),
         seed = m_models.seed](emu::Progress& progress) {
            return emu::measureChange(*system, deployed, now, kMeasureRuns, seed + 99, progress);
        },
        [this, generation = m_generation](emu::MeasuredChange effect) {
            if (generation != m_generation)
                return;
            m_interventions->setBusy(false);
            m_interventions->showMeasured(effect);
            m_status->setText(tr("Measured with %1 paired runs (the same days at both settings): %2 %3 spent.")
                                  .arg(effect.runs)
                                  .arg(number(2.0 * double(effect.runs) * m_models.system->runCost()))
                                  .arg(QString::fromStdString(m_description.costUnit)));
            reportEvent(tutorial_events::kEffectMeasured);
        },
        [this, generation = m_generation](const QString& error) {
            if (generation != m_generation)
                return;
            m_interventions->setBusy(false);
            m_status->setText(error.isEmpty() ? tr("Measurement cancelled.") : tr("Measurement failed: %1").arg(error));
        });
}

void DeployedSystemPage::deploy()
{
    m_deployed = m_interventions->values();
    m_interventions->clearMeasured();
    m_monitor->watch(m_models, m_deployed);
    predict();
    m_status->setText(tr("Deployed: changes are predicted from this setting, and the monitor watches it."));
}

bool DeployedSystemPage::startAnimation()
{
    if (!m_models.isReady())
        return false;
    m_tabs->setCurrentWidget(m_monitor);
    m_monitor->watch(m_models, m_deployed);
    m_monitor->play();
    return true;
}

} // namespace ui
