#include "ui/lessons/emulate_the_car/emulate_car_page.h"

#include "engine/core/errors.h"
#include "engine/sim/mountain_car.h"
#include "engine/sim/simulator_registry.h"
#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"
#include "ui/charts/colour_bar.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/models/live_controller_bo.h"
#include "ui/panels/controller_bo_replay.h"
#include "ui/panels/controller_editor.h"
#include "ui/panels/episode_charts.h"
#include "ui/panels/live_bo_panel.h"
#include "ui/panels/mountain_car_view.h"
#include "ui/panels/settings_binding.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kGrid = 40;
const emu::LinearController kOpeningController{0.0, 10.0, 0.0}; // swings up on the classic car

QString designName(const QString& id)
{
    if (id == QStringLiteral("lhs"))
        return QObject::tr("Latin hypercube");
    if (id == QStringLiteral("sobol"))
        return QObject::tr("Sobol");
    if (id == QStringLiteral("active"))
        return QObject::tr("Active learning (variance)");
    return QObject::tr("Random");
}

QVector<double> steps(size_t n)
{
    QVector<double> xs;
    xs.resize(qsizetype(n));
    for (size_t i = 0; i < n; ++i)
        xs[qsizetype(i)] = double(i);
    return xs;
}

QVector<double> toQVector(const std::vector<double>& v)
{
    return QVector<double>(v.begin(), v.end());
}

} // namespace

std::string EmulateCarPage::learnedSimulatorId()
{
    return emu::simulatorsWithRole(emu::kDrivable).front()->id;
}

QStringList EmulateCarPage::tutorialEvents()
{
    return {tutorial_events::kEmulatorTrained, tutorial_events::kCompared, tutorial_events::kEvaluation};
}

EmulateCarPage::EmulateCarPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_calls(new QSpinBox), m_design(new QComboBox), m_seed(new QSpinBox),
      m_training(new BandChart(tr("Training inputs: 500 simulator calls"))), m_actionBar(new ColourBar),
      m_dvMap(new HeatMap), m_dpMap(new HeatMap),
      m_u(new QSlider(Qt::Horizontal)), m_uLabel(new QLabel), m_showSd(new QCheckBox(tr("show the GP's standard deviation"))),
      m_trainingStatus(new QLabel), m_controller(new ControllerEditor), m_compareView(new MountainCarView),
      m_compareCharts(new EpisodeCharts), m_positionBand(new BandChart(tr("Position over time"))),
      m_compareStatus(new QLabel), m_results(new QTableWidget(0, 6)),
      m_panel(new LiveBoPanel(jobs, QStringLiteral("emulator-optimise"), tr("Bayesian optimisation on the emulator"))),
      m_resultStatus(new QLabel)
{
    auto* toolbar = new QToolBar;
    auto* trainButton = new QPushButton(tr("Train the emulator"));
    trainButton->setObjectName(QStringLiteral("trainButton"));
    trainButton->setToolTip(tr("Run the simulator at N points of the design and fit the two GPs"));
    toolbar->addWidget(trainButton);
    toolbar->addWidget(new QLabel(tr("  Simulator calls N ")));
    m_calls->setRange(10, 2000);
    m_calls->setValue(500);
    m_calls->setToolTip(tr("How many one-step simulator calls the emulator learns from"));
    toolbar->addWidget(m_calls);
    toolbar->addWidget(new QLabel(tr("  Design ")));
    for (const std::string& id : emu::emulatorDesignIds())
        m_design->addItem(designName(QString::fromStdString(id)), QString::fromStdString(id));
    m_design->setToolTip(tr("Where in (p, v, u) the simulator is run"));
    toolbar->addWidget(m_design);
    toolbar->addWidget(new QLabel(tr("  Seed ")));
    m_seed->setRange(0, 1000000);
    toolbar->addWidget(m_seed);

    // --- Learn ------------------------------------------------------------------------------
    // The state space (p, v) is wide and flat: the training inputs span the tab's width above
    // the two maps, each map keeping a readable shape.
    const emu::ParameterSpace domain = emu::StateLimits::classic().trainingBox();
    m_training->setAxisTitles(tr("position p"), tr("velocity v"));
    m_training->setToolTip(tr("Each dot is one simulator call (p, v, u), coloured by the action u"));
    m_training->chart()->legend()->hide(); // the colour bar says what the colours are
    m_training->setXScale({.expand = false, .margin = 0.02});
    m_training->setYScale({.targetTicks = 5, .expand = false, .margin = 0.04});
    m_training->setXRange(domain.lowerBounds()(0), domain.upperBounds()(0));
    m_training->setYRange(domain.lowerBounds()(1), domain.upperBounds()(1));
    m_training->setMinimumSize(360, 220);
    m_actionBar->setTitle(tr("action u"));
    m_actionBar->setRange(domain.lowerBounds()(2), domain.upperBounds()(2));
    m_actionBar->setToolTip(tr("The colour of a dot is the action u of that simulator call"));
    for (HeatMap* map : {m_dvMap, m_dpMap}) {
        map->setAxisTitles(tr("position p"), tr("velocity v"));
        map->setMinimumSize(260, 220);
    }
    m_u->setRange(-100, 100);
    m_u->setValue(0);
    m_u->setToolTip(tr("The action u at which the maps are drawn"));
    m_trainingStatus->setWordWrap(true);
    auto* learn = new QWidget;
    auto* learnLayout = new QGridLayout(learn);
    auto* trainingRow = new QHBoxLayout;
    trainingRow->addWidget(m_training, 1);
    trainingRow->addWidget(m_actionBar);
    learnLayout->addLayout(trainingRow, 0, 0, 1, 2);
    learnLayout->addWidget(m_dvMap, 1, 0);
    learnLayout->addWidget(m_dpMap, 1, 1);
    auto* uRow = new QHBoxLayout;
    uRow->addWidget(new QLabel(tr("Maps at u =")));
    uRow->addWidget(m_u, 1);
    uRow->addWidget(m_uLabel);
    uRow->addWidget(m_showSd);
    learnLayout->addLayout(uRow, 2, 0, 1, 2);
    learnLayout->addWidget(m_trainingStatus, 3, 0, 1, 2);
    learnLayout->setColumnStretch(0, 1);
    learnLayout->setColumnStretch(1, 1);
    learnLayout->setRowStretch(0, 1);
    learnLayout->setRowStretch(1, 1);

    // --- Compare ----------------------------------------------------------------------------
    m_compareView->setToolTip(tr("Solid: the simulator. Translucent: the emulator driven by the same controller."));
    m_positionBand->setAxisTitles(tr("step"), tr("position p"));
    // The car's positions are bounded by the simulator's walls (set again for each emulator).
    m_positionBand->setXScale({.expand = false, .fromZero = true, .integers = true});
    m_positionBand->setYScale({.targetTicks = 5, .expand = false, .margin = 0.02});
    m_positionBand->setYRange(emu::MountainCar::minPosition, emu::MountainCar::maxPosition);
    m_positionBand->setToolTip(tr("The band spans 20 paths sampled from the emulator's uncertainty"));
    m_compareStatus->setWordWrap(true);
    auto* compareButton = new QPushButton(tr("Compare"));
    compareButton->setObjectName(QStringLiteral("compareButton"));
    compareButton->setToolTip(tr("Drive the simulator and the emulator with this controller"));
    auto* compareTab = new QWidget;
    auto* compareLayout = new QGridLayout(compareTab);
    auto* compareSide = new QVBoxLayout;
    compareSide->addWidget(m_controller);
    compareSide->addWidget(compareButton);
    compareSide->addWidget(m_compareStatus);
    compareSide->addStretch(1);
    // The car and its position over time side by side, each half the width; the controller
    // beside the phase portrait and the action below them.
    compareLayout->addWidget(m_compareView, 0, 0);
    compareLayout->addWidget(m_positionBand, 0, 1, 1, 2);
    compareLayout->addWidget(m_compareCharts, 1, 0, 1, 2);
    compareLayout->addLayout(compareSide, 1, 2);
    compareLayout->setColumnStretch(0, 1);
    compareLayout->setColumnStretch(1, 1);
    compareLayout->setRowStretch(0, 3);
    compareLayout->setRowStretch(1, 2);

    // --- Optimise ---------------------------------------------------------------------------
    auto* optimiseButton = new QPushButton(tr("Optimise on the emulator"));
    optimiseButton->setObjectName(QStringLiteral("optimiseButton"));
    optimiseButton->setToolTip(tr("25 random + 50 EI iterations on the emulator, shown live; the best controller "
                                  "validated on the simulator; direct BO on the simulator for comparison"));
    m_results->setHorizontalHeaderLabels(
        {tr("method"), tr("simulator calls"), tr("real reward"), tr("reached goal"), tr("steps"), tr("time (s)")});
    m_results->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_results->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents); // the method's name in full
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Exactly its two rows (direct, emulator): the live maps below get the rest of the tab.
    m_results->setFixedHeight(m_results->horizontalHeader()->sizeHint().height() +
                              2 * m_results->verticalHeader()->defaultSectionSize() + 2 * m_results->frameWidth());
    m_resultStatus->setWordWrap(true);
    m_panel->replay()->setToolTip(tr("The optimisation on the emulator, iteration by iteration: the rewards here are "
                                     "the emulator's"));
    m_panel->addControl(optimiseButton);
    auto* optimiseTab = new QWidget;
    auto* optimiseLayout = new QVBoxLayout(optimiseTab);
    optimiseLayout->addWidget(m_resultStatus);
    optimiseLayout->addWidget(m_results);
    optimiseLayout->addWidget(m_panel, 1);

    auto* tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("stepTabs"));
    tabs->addTab(learn, tr("1. Learn the dynamics"));
    tabs->addTab(compareTab, tr("2. Emulator against simulator"));
    tabs->addTab(optimiseTab, tr("3. Optimise the controller"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(tabs, 1);

    connect(trainButton, &QPushButton::clicked, this, &EmulateCarPage::train);
    connect(compareButton, &QPushButton::clicked, this, &EmulateCarPage::compare);
    connect(optimiseButton, &QPushButton::clicked, this, [this] { optimise(); });
    connect(m_panel, &LiveBoPanel::message, this, &LessonPage::statusMessage);
    connect(m_panel->live(), &LiveControllerBo::evaluated, this, [this] { reportEvent(tutorial_events::kEvaluation); });
    connect(m_panel, &LiveBoPanel::validated, this, &EmulateCarPage::showResults);
    connect(m_u, &QSlider::valueChanged, this, &EmulateCarPage::drawIncrementMaps);
    connect(m_showSd, &QCheckBox::toggled, this, &EmulateCarPage::drawIncrementMaps);
    connect(m_compareView, &MountainCarView::frameChanged, m_compareCharts, &EpisodeCharts::setFrame);
    bindInt(lessonSettings(), QStringLiteral("calls"), m_calls);
    bindChoice(lessonSettings(), QStringLiteral("design"), m_design);
    bindInt(lessonSettings(), QStringLiteral("seed"), m_seed); // all three wait for Train
    m_controller->setController(kOpeningController);
    train(); // then compares and optimises
}

void EmulateCarPage::train()
{
    emu::EmulatorSettings settings;
    settings.trainingCalls = lessonSettings().intValue(QStringLiteral("calls"));
    settings.designId = lessonSettings().choice(QStringLiteral("design")).toStdString();
    settings.seed = quint64(lessonSettings().intValue(QStringLiteral("seed")));
    m_trainingStatus->setText(tr("Running the simulator and fitting the GPs..."));
    jobs()->run(QStringLiteral("emulator-train"), tr("Training the emulator"),
                [settings](emu::Progress& progress) {
                    auto simulator = emu::makeSimulator(learnedSimulatorId());
                    return std::make_shared<const emu::DynamicsEmulator>(
                        emu::DynamicsEmulator::train(*simulator, settings, progress));
                },
                [this](std::shared_ptr<const emu::DynamicsEmulator> emulator) {
                    m_emulator = std::move(emulator);
                    showEmulator();
                    compare();
                    optimise();
                });
}

void EmulateCarPage::showEmulator()
{
    reportEvent(tutorial_events::kEmulatorTrained);
    // One dot per simulator call at (p, v), coloured by its action u on the colour bar's scale.
    const emu::Matrix& z = m_emulator->statesAndActions();
    const emu::ParameterSpace domain = m_emulator->domain();
    const emu::StateLimits& limits = m_emulator->limits();
    m_training->setXRange(limits.minPosition, limits.maxPosition);
    m_training->setYRange(-limits.maxSpeed, limits.maxSpeed);
    m_positionBand->setYRange(limits.minPosition, limits.maxPosition);
    const double uLow = domain.lowerBounds()(2), uHigh = domain.upperBounds()(2);
    QList<QPointF> points;
    QList<QColor> colours;
    for (emu::Index i = 0; i < z.rows(); ++i) {
        points.append(QPointF(z(i, 0), z(i, 1)));
        colours.append(viridis((z(i, 2) - uLow) / (uHigh - uLow)));
    }
    const QString calls = tr("simulator calls");
    m_training->setPoints(calls, points, viridis(0.5), 7);
    m_training->setPointColours(calls, colours);
    m_training->chart()->setTitle(tr("Training inputs: %1 simulator calls").arg(m_emulator->simulatorCalls()));
    m_trainingStatus->setText(tr("%1 simulator calls (%2 design); %3 of them end on a limit of this simulator (%4) "
                                 "and are handled by its rules instead of the GPs. Design %5 s, fit %6 s.")
                                  .arg(m_emulator->simulatorCalls())
                                  .arg(designName(QString::fromStdString(m_emulator->settings().designId)))
                                  .arg(m_emulator->limitedCount())
                                  .arg(QString::fromStdString(limits.describe()))
                                  .arg(m_emulator->designSeconds(), 0, 'f', 2)
                                  .arg(m_emulator->fitSeconds(), 0, 'f', 2));
    drawIncrementMaps();
}

void EmulateCarPage::drawIncrementMaps()
{
    const double u = m_u->value() / 100.0;
    m_uLabel->setText(QString::number(u, 'f', 2));
    if (!m_emulator)
        return;
    const emu::StateLimits& limits = m_emulator->limits();
    const double pMin = limits.minPosition, pMax = limits.maxPosition, vMax = limits.maxSpeed;
    emu::Matrix z(kGrid * kGrid, 3);
    for (int r = 0; r < kGrid; ++r)
        for (int c = 0; c < kGrid; ++c)
            z.row(r * kGrid + c) << pMin + (pMax - pMin) * c / (kGrid - 1), -vMax + 2 * vMax * r / (kGrid - 1), u;
    emu::Matrix variance;
    const emu::Matrix mean = m_emulator->predictIncrements(z, &variance);
    const bool sd = m_showSd->isChecked();
    const std::array<std::pair<HeatMap*, emu::Index>, 2> maps = {std::pair{m_dvMap, emu::Index(1)}, std::pair{m_dpMap, emu::Index(0)}};
    for (const auto& [map, column] : maps) {
        const emu::Vector values = sd ? emu::Vector(variance.col(column).cwiseMax(0.0).cwiseSqrt()) : emu::Vector(mean.col(column));
        map->setColourFromZero(sd); // a standard deviation's colours start at 0
        map->setField(pMin, pMax, -vMax, vMax, QVector<double>(values.data(), values.data() + values.size()), kGrid, kGrid);
        const QString quantity = column == 1 ? tr("Δv") : tr("Δp");
        map->setTitle(quantity + (sd ? tr(": standard deviation") : tr(": emulator mean")));
        map->setColourBarTitle(sd ? tr("sd") : quantity);
    }
}

void EmulateCarPage::compare()
{
    if (!m_emulator)
        return;
    const auto emulator = m_emulator;
    const emu::LinearController controller = m_controller->controller();
    jobs()->run(QStringLiteral("emulator-compare"), tr("Comparing emulator and simulator"),
                [emulator, controller](emu::Progress& progress) {
                    auto simulator = emu::makeSimulator(learnedSimulatorId());
                    emu::EmulatorComparison comparison = emu::compareWithSimulator(*emulator, *simulator, controller);
                    emu::EmulatedSamples samples =
                        emu::sampleEmulatedEpisodes(*emulator, controller, {}, {}, progress);
                    return std::make_pair(std::move(comparison), std::move(samples));
                },
                [this](std::pair<emu::EmulatorComparison, emu::EmulatedSamples> result) {
                    showComparison(result.first, result.second);
                });
}

void EmulateCarPage::showComparison(const emu::EmulatorComparison& comparison, const emu::EmulatedSamples& samples)
{
    m_comparison = comparison;
    reportEvent(tutorial_events::kCompared);
    m_compareView->setTrace(comparison.simulated);
    m_compareView->setGhostTrace(comparison.emulated, tr("the emulator"));
    m_compareView->setLabel(tr("Simulator (solid) and emulator (translucent)"));
    m_compareView->play();
    m_compareCharts->setTrace(comparison.simulated);
    m_compareCharts->setComparison(comparison.emulated, tr("emulator"));
    m_positionBand->setLine(tr("simulator"), steps(comparison.simulated.p.size()), toQVector(comparison.simulated.p),
                            ui::palette().carSimulated);
    m_positionBand->setLine(tr("emulator"), steps(comparison.emulated.p.size()), toQVector(comparison.emulated.p),
                            ui::palette().carEmulated, true);
    QVector<double> middle, half;
    for (size_t t = 0; t < samples.positionLower.size(); ++t) {
        middle.append(0.5 * (samples.positionLower[t] + samples.positionUpper[t]));
        half.append(0.25 * (samples.positionUpper[t] - samples.positionLower[t])); // the band draws ±2 "sd"
    }
    m_positionBand->setBand(tr("sampled paths"), steps(samples.positionLower.size()), middle, half,
                            ui::palette().carEmulated);
    m_compareStatus->setText(
        tr("Simulator: reward %1, %2.<br>Emulator: reward %3, %4.<br>Largest position error %5; one-step RMS error "
           "%6 (p), %7 (v).<br>%8 of %9 sampled paths reach the goal.")
            .arg(comparison.simulated.reward, 0, 'f', 2)
            .arg(comparison.simulated.reachedGoal ? tr("goal in %1 steps").arg(comparison.simulated.steps) : tr("no goal"))
            .arg(comparison.emulated.reward, 0, 'f', 2)
            .arg(comparison.emulated.reachedGoal ? tr("goal in %1 steps").arg(comparison.emulated.steps) : tr("no goal"))
            .arg(comparison.maxAbsPositionError, 0, 'g', 3)
            .arg(comparison.rmsOneStepPositionError, 0, 'g', 2)
            .arg(comparison.rmsOneStepVelocityError, 0, 'g', 2)
            .arg(samples.goalCount)
            .arg(samples.samples.size()));
}

QString EmulateCarPage::dataCsv() const
{
    QString csv = QStringLiteral("p,v,u,dp,dv,limited\n");
    if (!m_emulator)
        return csv;
    const emu::Matrix& z = m_emulator->statesAndActions();
    const emu::Matrix& dz = m_emulator->increments();
    for (emu::Index i = 0; i < z.rows(); ++i)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(z(i, 0), 0, 'g', 17)
                   .arg(z(i, 1), 0, 'g', 17)
                   .arg(z(i, 2), 0, 'g', 17)
                   .arg(dz(i, 0), 0, 'g', 17)
                   .arg(dz(i, 1), 0, 'g', 17)
                   .arg(m_emulator->isLimited(i) ? 1 : 0);
    return csv;
}

QJsonObject EmulateCarPage::saveState() const
{
    const emu::LinearController c = m_controller->controller();
    QJsonObject state = lessonSettings().saveState();
    state.insert(QStringLiteral("controller"),
                 QJsonObject{{"thetaP", c.thetaP}, {"thetaV", c.thetaV}, {"theta0", c.theta0}});
    return state;
}

QString EmulateCarPage::restoreState(const QJsonObject& state)
{
    if (const QString error = lessonSettings().check(state); !error.isEmpty())
        return error;
    const QJsonObject c = state.value("controller").toObject();
    const emu::LinearController controller{c.value("thetaP").toDouble(std::nan("")), c.value("thetaV").toDouble(std::nan("")),
                                           c.value("theta0").toDouble(std::nan(""))};
    if (!emu::ControllerDomain::contains(controller))
        return tr("the controller is missing or outside its domain");
    lessonSettings().restoreState(state);
    m_controller->setController(controller);
    train(); // then compares and optimises
    return {};
}

bool EmulateCarPage::presenterStep(int direction)
{
    return m_panel->stepReplay(direction);
}

} // namespace ui
