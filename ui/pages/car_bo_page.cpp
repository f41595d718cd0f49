#include "ui/pages/car_bo_page.h"

#include "engine/sim/rollout.h"
#include "engine/sim/simulator_registry.h"
#include "ui/jobs/job_runner.h"
#include "ui/widgets/curve_chart.h"
#include "ui/widgets/heat_map.h"
#include "ui/widgets/mountain_car_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kGrid = 50; // surfaces are rebuilt on every replay step: 50×50 takes a few ms
constexpr int kTheta0Steps = 200;

QVector<double> transposedValues(const emu::Matrix& m)
{
    // Surfaces are (θp row, θv column); heat maps want rows along y (θv) and columns along x (θp).
    QVector<double> values(m.size());
    for (emu::Index r = 0; r < m.cols(); ++r)
        for (emu::Index c = 0; c < m.rows(); ++c)
            values[r * m.rows() + c] = m(c, r);
    return values;
}

} // namespace

CarBoPage::CarBoPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_simulator(new QComboBox), m_seed(new QSpinBox), m_play(new QPushButton(tr("Replay"))),
      m_iteration(new QSlider(Qt::Horizontal)), m_iterationLabel(new QLabel),
      m_followBest(new QCheckBox(tr("at the best θ0"))), m_theta0(new QSlider(Qt::Horizontal)), m_theta0Label(new QLabel),
      m_rewardMap(new HeatMap), m_acquisitionMap(new HeatMap),
      m_convergence(new CurveChart(tr("Best reward so far"))), m_car(new MountainCarView), m_status(new QLabel),
      m_timer(new QTimer(this))
{
    auto* toolbar = new QToolBar;
    auto* run = new QPushButton(tr("Run Bayesian optimisation"));
    run->setToolTip(tr("25 random controllers + 50 iterations of expected improvement, each an episode on the "
                       "simulator (Ctrl+R)"));
    run->setShortcut(QKeySequence(tr("Ctrl+R")));
    toolbar->addWidget(run);
    for (const emu::SimulatorInfo& info : emu::simulatorRegistry())
        if (info.id != "low")
            m_simulator->addItem(QString::fromStdString(info.displayName), QString::fromStdString(info.id));
    m_simulator->setToolTip(tr("The simulator every episode runs on"));
    toolbar->addWidget(new QLabel(tr("  Simulator ")));
    toolbar->addWidget(m_simulator);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random controllers and the optimiser"));
    toolbar->addWidget(new QLabel(tr("  Seed ")));
    toolbar->addWidget(m_seed);
    m_play->setToolTip(tr("Replay the run iteration by iteration (Space)"));
    m_play->setShortcut(Qt::Key_Space);
    m_iteration->setToolTip(tr("Scrub through the iterations"));

    m_rewardMap->setAxisTitles(tr("θp"), tr("θv"));
    m_rewardMap->setColourBarTitle(tr("reward"));
    m_rewardMap->setToolTip(tr("What the GP believes the reward is (posterior median), from the episodes so far"));
    m_acquisitionMap->setAxisTitles(tr("θp"), tr("θv"));
    m_acquisitionMap->setColourBarTitle(tr("EI"));
    m_acquisitionMap->setToolTip(tr("Expected improvement: the red star is the controller tried next"));
    m_theta0->setRange(0, kTheta0Steps);
    m_theta0->setEnabled(false);
    m_followBest->setChecked(true);
    m_followBest->setToolTip(tr("The maps are slices of a 3-D space at one θ0: follow the best controller's θ0"));

    m_rewardMap->setMinimumHeight(280);
    m_acquisitionMap->setMinimumHeight(280);
    auto* maps = new QHBoxLayout;
    maps->addWidget(m_rewardMap);
    maps->addWidget(m_acquisitionMap);
    auto* replayRow = new QHBoxLayout;
    replayRow->addWidget(m_play);
    replayRow->addWidget(m_iteration, 2);
    replayRow->addWidget(m_iterationLabel);
    replayRow->addSpacing(16);
    replayRow->addWidget(new QLabel(tr("Slice at θ0:")));
    replayRow->addWidget(m_followBest);
    replayRow->addWidget(m_theta0, 1);
    replayRow->addWidget(m_theta0Label);

    m_convergence->setAxisTitles(tr("episodes"), tr("reward"));
    m_convergence->setStepped(true);
    m_convergence->xAxis()->setLabelFormat(QStringLiteral("%d"));
    auto* carBox = new QGroupBox(tr("The best controller so far"));
    auto* carLayout = new QVBoxLayout(carBox);
    carLayout->addWidget(m_car, 1);
    m_status->setWordWrap(true);
    carLayout->addWidget(m_status);
    carBox->setMaximumHeight(320);
    m_convergence->setMaximumHeight(320);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_convergence, 1);
    bottom->addWidget(carBox, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(maps, 5);
    layout->addLayout(replayRow);
    layout->addLayout(bottom, 4);

    m_timer->setInterval(300);
    connect(run, &QPushButton::clicked, this, &CarBoPage::runExperiment);
    connect(m_simulator, &QComboBox::currentIndexChanged, this, &CarBoPage::runExperiment);
    connect(m_seed, &QSpinBox::valueChanged, this, &CarBoPage::runExperiment);
    connect(m_iteration, &QSlider::valueChanged, this, &CarBoPage::showIteration);
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (m_timer->isActive()) {
            m_timer->stop();
            m_play->setText(tr("Replay"));
            return;
        }
        if (m_iteration->value() >= m_iteration->maximum())
            m_iteration->setValue(0);
        m_timer->start();
        m_play->setText(tr("Pause"));
    });
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_iteration->value() >= m_iteration->maximum()) {
            m_timer->stop();
            m_play->setText(tr("Replay"));
            return;
        }
        m_iteration->setValue(m_iteration->value() + 1);
    });
    connect(m_followBest, &QCheckBox::toggled, this, [this](bool follow) {
        m_theta0->setEnabled(!follow);
        drawSurfaces();
    });
    connect(m_theta0, &QSlider::valueChanged, this, &CarBoPage::drawSurfaces);
    runExperiment();
}

void CarBoPage::runExperiment()
{
    emu::DirectBoSettings settings;
    settings.simulatorId = m_simulator->currentData().toString().toStdString();
    settings.seed = quint64(m_seed->value());
    m_status->setText(tr("Running 75 episodes on the simulator..."));
    jobs()->run(QStringLiteral("car-bo"), tr("Bayesian optimisation of the controller"),
                [settings](emu::Progress& progress) { return emu::runDirectBayesianOptimization(settings, progress); },
                [this](emu::DirectBoResult result) {
                    m_result = std::move(result);
                    showResult();
                });
}

void CarBoPage::showResult()
{
    const int iterations = int(m_result->state.iterations.size());
    {
        const QSignalBlocker block(m_iteration);
        m_iteration->setRange(0, iterations);
        m_iteration->setValue(iterations);
    }
    showIteration(iterations);
    emit statusMessage(tr("Bayesian optimisation took %1 s: %2 simulator calls")
                           .arg(m_result->seconds, 0, 'f', 2)
                           .arg(m_result->simulatorCalls),
                       5000);
}

int CarBoPage::shownIteration() const
{
    return m_iteration->value();
}

int CarBoPage::evaluationsAt(int iteration) const
{
    const auto& iterations = m_result->state.iterations;
    return iteration < int(iterations.size()) ? int(iterations[size_t(iteration)].dataCount)
                                              : int(m_result->evaluations.size());
}

double CarBoPage::mapTheta0() const
{
    if (!m_followBest->isChecked() || !m_result)
        return emu::ControllerDomain::theta0Min +
               (emu::ControllerDomain::theta0Max - emu::ControllerDomain::theta0Min) * m_theta0->value() / kTheta0Steps;
    // The best controller among the evaluations the model had.
    const int n = std::max(1, evaluationsAt(m_iteration->value()));
    const auto& evaluations = m_result->evaluations;
    const auto best = std::max_element(evaluations.begin(), evaluations.begin() + n,
                                       [](const auto& a, const auto& b) { return a.reward < b.reward; });
    return best->controller.theta0;
}

void CarBoPage::showIteration(int iteration)
{
    if (!m_result)
        return;
    if (m_iteration->value() != iteration) {
        const QSignalBlocker block(m_iteration);
        m_iteration->setValue(iteration);
    }
    const int n = std::max(1, evaluationsAt(iteration));
    const auto& evaluations = m_result->evaluations;
    m_iterationLabel->setText(tr(" iteration %1 / %2").arg(iteration).arg(m_result->state.iterations.size()));

    QVector<double> xs, best;
    for (int i = 0; i < n; ++i) {
        xs.append(i + 1);
        best.append(evaluations[size_t(i)].bestReward);
    }
    m_convergence->setXRange(1, double(evaluations.size()));
    m_convergence->setCurve(xs, best);

    const auto bestIt = std::max_element(evaluations.begin(), evaluations.begin() + n,
                                         [](const auto& a, const auto& b) { return a.reward < b.reward; });
    const emu::DirectBoEvaluation& bestSoFar = *bestIt;
    m_status->setText(tr("<b>%1 episodes</b> (%2 random, then Bayesian optimisation), <b>%3 simulator calls</b> "
                         "of a budget of %4.<br>Best reward <b>%5</b> with θ = (θp %6, θv %7, θ0 %8): %9.")
                          .arg(n)
                          .arg(m_result->settings.initialPoints)
                          .arg(evaluations[size_t(n - 1)].callsSoFar)
                          .arg(m_result->callBudget)
                          .arg(bestSoFar.reward, 0, 'f', 2)
                          .arg(bestSoFar.controller.thetaP, 0, 'f', 3)
                          .arg(bestSoFar.controller.thetaV, 0, 'f', 2)
                          .arg(bestSoFar.controller.theta0, 0, 'f', 3)
                          .arg(bestSoFar.reachedGoal ? tr("reaches the goal in %1 steps").arg(bestSoFar.steps)
                                                     : tr("does not reach the goal")));

    // Drive the car with it (Box2D episodes cost tens of milliseconds: job runner).
    const std::string simulatorId = m_result->settings.simulatorId;
    const emu::LinearController controller = bestSoFar.controller;
    jobs()->run(QStringLiteral("car-bo-episode"), tr("Driving the best controller"),
                [simulatorId, controller](emu::Progress&) {
                    auto simulator = emu::makeSimulator(simulatorId);
                    return emu::runEpisode(*simulator, controller);
                },
                [this](emu::EpisodeTrace trace) {
                    m_car->setTrace(trace);
                    m_car->play();
                });
    drawSurfaces();
}

void CarBoPage::drawSurfaces()
{
    if (!m_result)
        return;
    const int iteration = m_iteration->value();
    const double theta0 = mapTheta0();
    if (m_followBest->isChecked()) {
        const QSignalBlocker block(m_theta0);
        m_theta0->setValue(int(std::lround((theta0 - emu::ControllerDomain::theta0Min) /
                                           (emu::ControllerDomain::theta0Max - emu::ControllerDomain::theta0Min) *
                                           kTheta0Steps)));
    }
    m_theta0Label->setText(QString::number(theta0, 'f', 2));
    emu::LandscapeGrid grid;
    grid.thetaPCount = kGrid;
    grid.thetaVCount = kGrid;
    const emu::DirectBoSurface surface = emu::directBoSurface(*m_result, size_t(iteration), theta0, grid);
    const double pMin = surface.thetaP(0), pMax = surface.thetaP(kGrid - 1);
    const double vMin = surface.thetaV(0), vMax = surface.thetaV(kGrid - 1);
    m_rewardMap->setField(pMin, pMax, vMin, vMax, transposedValues(surface.rewardMedian), kGrid, kGrid);
    m_acquisitionMap->setField(pMin, pMax, vMin, vMax, transposedValues(surface.acquisition), kGrid, kGrid);
    m_rewardMap->setTitle(tr("Predicted reward at θ0 = %1").arg(theta0, 0, 'f', 2));
    m_acquisitionMap->setTitle(surface.hasSuggestion ? tr("Acquisition (EI)") : tr("Acquisition (after the last)"));

    QList<QPointF> points;
    for (emu::Index i = 0; i < surface.dataCount; ++i) {
        const emu::LinearController& c = m_result->evaluations[size_t(i)].controller;
        points.append(QPointF(c.thetaP, c.thetaV));
    }
    const std::optional<QPointF> next =
        surface.hasSuggestion ? std::optional<QPointF>(QPointF(surface.suggested.thetaP, surface.suggested.thetaV))
                              : std::nullopt;
    for (HeatMap* map : {m_rewardMap, m_acquisitionMap}) {
        map->setPoints(points);
        map->setMarker(next);
    }
}

QString CarBoPage::dataCsv() const
{
    QString csv = QStringLiteral("episode,iteration,theta_p,theta_v,theta_0,reward,reached_goal,steps,best_reward,calls\n");
    if (!m_result)
        return csv;
    int episode = 1;
    for (const emu::DirectBoEvaluation& e : m_result->evaluations)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10\n")
                   .arg(episode++)
                   .arg(e.iteration)
                   .arg(e.controller.thetaP, 0, 'g', 17)
                   .arg(e.controller.thetaV, 0, 'g', 17)
                   .arg(e.controller.theta0, 0, 'g', 17)
                   .arg(e.reward, 0, 'g', 17)
                   .arg(e.reachedGoal ? 1 : 0)
                   .arg(e.steps)
                   .arg(e.bestReward, 0, 'g', 17)
                   .arg(e.callsSoFar);
    return csv;
}

QJsonObject CarBoPage::saveState() const
{
    return QJsonObject{{"simulator", m_simulator->currentData().toString()},
                       {"seed", m_seed->value()},
                       {"iteration", m_iteration->value()}};
}

QString CarBoPage::restoreState(const QJsonObject& state)
{
    const int simulator = m_simulator->findData(state.value("simulator").toString());
    if (simulator < 0)
        return tr("unknown simulator \"%1\"").arg(state.value("simulator").toString());
    const int seed = state.value("seed").toInt(-1);
    if (seed < 0)
        return tr("the seed must be a whole number ≥ 0");
    const QSignalBlocker blockSimulator(m_simulator);
    const QSignalBlocker blockSeed(m_seed);
    m_simulator->setCurrentIndex(simulator);
    m_seed->setValue(seed);
    runExperiment();
    return {};
}

} // namespace ui
