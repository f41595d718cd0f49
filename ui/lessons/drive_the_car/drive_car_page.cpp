#include "ui/lessons/drive_the_car/drive_car_page.h"

#include "engine/sim/simulator_registry.h"
#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/controller_editor.h"
#include "ui/panels/episode_charts.h"
#include "ui/panels/mountain_car_view.h"
#include "ui/panels/settings_binding.h"
#include "ui/panels/simulator_choice.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

/// Grid of the reward landscape: 80 × 80 episodes of the classic equations, fewer per side for a
/// simulator whose steps cost more (so its landscape costs about as much), at least 12 × 12:
/// the physics engine's episodes cost thousands of times more.
emu::LandscapeGrid landscapeGrid(const QString& simulatorId)
{
    emu::LandscapeGrid grid;
    const double cost = emu::simulatorRegistry().at(simulatorId.toStdString()).relativeCost;
    const emu::Index n = std::clamp(emu::Index(80.0 / std::sqrt(std::max(cost, 1.0))), emu::Index(12),
                                    emu::Index(80));
    grid.thetaPCount = n;
    grid.thetaVCount = n;
    return grid;
}

/// The opening controller: it rocks the car but does not get it up the hill.
const emu::LinearController kOpeningController{0.3, 4.0, 0.1};

} // namespace

QStringList DriveCarPage::tutorialEvents()
{
    return {tutorial_events::kEpisode};
}

bool DriveCarPage::startAnimation()
{
    if (m_view->frameCount() == 0)
        return false;
    m_view->restart();
    return true;
}

DriveCarPage::DriveCarPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_view(new MountainCarView), m_charts(new EpisodeCharts),
      m_editor(new ControllerEditor), m_landscapeMap(new HeatMap), m_simulatorCombo(new QComboBox),
      m_speed(new QSlider(Qt::Horizontal)), m_result(new QLabel), m_playButton(new QPushButton(tr("Pause")))
{
    auto* toolbar = new QToolBar;
    m_editor->setObjectName(QStringLiteral("controllerEditor"));
    m_landscapeMap->setObjectName(QStringLiteral("rewardLandscape"));
    m_view->setObjectName(QStringLiteral("carView"));
    m_playButton->setToolTip(tr("Play or pause the animation (Space)"));
    m_playButton->setShortcut(Qt::Key_Space);
    toolbar->addWidget(m_playButton);
    toolbar->addAction(tr("Restart"), m_view, &MountainCarView::restart)->setToolTip(tr("Play the episode from the start"));
    toolbar->addAction(tr("Random controller"), this, [this] {
        static quint64 seed = 1;
        setController(emu::LinearController::random(seed++));
    })->setToolTip(tr("Draw θ uniformly from the controller's domain, as the talk's first figure does"));
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Physics: ")));
    addSimulators(m_simulatorCombo, emu::kDrivable);
    m_simulatorCombo->setToolTip(tr("Classic equations (instant) or a Box2D car with wheels and motor (slower, richer)"));
    toolbar->addWidget(m_simulatorCombo);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr(" Speed: ")));
    m_speed->setRange(10, 500);
    m_speed->setValue(120);
    m_speed->setMaximumWidth(140);
    m_speed->setToolTip(tr("Animation speed in simulation steps per second"));
    toolbar->addWidget(m_speed);

    auto* left = new QVBoxLayout;
    left->addWidget(m_view, 3);
    left->addWidget(m_charts, 2);

    auto* controllerBox = new QGroupBox(tr("Controller  u = clip(θ0 + θp·p + θv·v, −1, 1)"));
    auto* controllerLayout = new QVBoxLayout(controllerBox);
    controllerLayout->addWidget(m_editor);
    m_result->setWordWrap(true);
    m_result->setMinimumHeight(48);
    controllerLayout->addWidget(m_result);

    auto* landscapeBox = new QGroupBox(tr("Reward landscape: click to choose (θp, θv)"));
    auto* landscapeLayout = new QVBoxLayout(landscapeBox);
    m_landscapeMap->setAxisTitles(tr("θp"), tr("θv"));
    m_landscapeMap->setColourBarTitle(tr("reward"));
    m_landscapeMap->setToolTip(tr("Reward of every controller (θp, θv) at the current θ0. Bright: reaches the "
                                  "goal. Click to drive with that controller."));
    m_landscapeMap->setMinimumHeight(260);
    m_landscapeMap->setMaxAspect(1.7); // the map takes the tall frame beside the car
    m_landscapeMap->setContourCount(3); // the field jumps at the goal's edge: few levels read best
    landscapeLayout->addWidget(m_landscapeMap);

    auto* right = new QVBoxLayout;
    right->addWidget(controllerBox);
    right->addWidget(landscapeBox, 1);
    layOutPage(toolbar, left, right, 350);

    connect(m_playButton, &QPushButton::clicked, this, [this] { m_view->isPlaying() ? m_view->pause() : m_view->play(); });
    connect(m_view, &MountainCarView::playingChanged, this,
            [this](bool playing) { m_playButton->setText(playing ? tr("Pause") : tr("Play")); });
    connect(m_view, &MountainCarView::frameChanged, m_charts, &EpisodeCharts::setFrame);
    m_editor->setController(kOpeningController);
    LessonSettings& settings = lessonSettings();
    bindController(settings, m_editor);
    bindChoice(settings, QStringLiteral("simulator"), m_simulatorCombo);
    bindInt(settings, QStringLiteral("speed"), m_speed);
    connect(&settings, &LessonSettings::changed, this, &DriveCarPage::settingChanged);
    connect(m_landscapeMap, &HeatMap::clicked, this, [this](QPointF value) {
        emu::LinearController c = controller();
        c.thetaP = value.x();
        c.thetaV = value.y();
        setController(c);
    });

    settingChanged({});
}

void DriveCarPage::settingChanged(const QString& key)
{
    if (key.isEmpty() || key == QLatin1String("speed"))
        m_view->setStepsPerSecond(lessonSettings().intValue(QStringLiteral("speed")));
    if (key != QLatin1String("speed")) { // the controller or the physics
        runEpisode();
        runLandscape();
    }
}

QString DriveCarPage::simulatorId() const
{
    return lessonSettings().choice(QStringLiteral("simulator"));
}

emu::LinearController DriveCarPage::controller() const
{
    return controllerSetting(lessonSettings());
}

void DriveCarPage::setController(const emu::LinearController& controller)
{
    setControllerSetting(lessonSettings(), controller); // the page follows through settingChanged()
}

void DriveCarPage::runEpisode()
{
    const std::string id = simulatorId().toStdString();
    const emu::LinearController c = controller();
    jobs()->run(QStringLiteral("drive-episode"), tr("Running the episode"),
                [id, c](emu::Progress&) {
                    auto simulator = emu::makeSimulator(id);
                    return emu::runEpisode(*simulator, c);
                },
                [this](emu::EpisodeTrace trace) { showTrace(trace); });
}

void DriveCarPage::runLandscape()
{
    const double theta0 = controller().theta0;
    // The landscape depends on θ0 and the physics only: moving θp or θv just moves the marker.
    if (theta0 == m_landscapeTheta0 && simulatorId() == m_landscapeSimulator) {
        m_landscapeMap->setMarker(QPointF(controller().thetaP, controller().thetaV));
        return;
    }
    m_landscapeTheta0 = theta0;
    m_landscapeSimulator = simulatorId();
    const std::string id = simulatorId().toStdString();
    const emu::LandscapeGrid grid = landscapeGrid(simulatorId());
    jobs()->run(QStringLiteral("drive-landscape"), tr("Computing the reward landscape"),
                [id, theta0, grid](emu::Progress& progress) {
                    return emu::rewardLandscape(id, theta0, grid, {}, progress);
                },
                [this](emu::RewardLandscape landscape) { showLandscape(landscape); });
}

void DriveCarPage::showTrace(const emu::EpisodeTrace& trace)
{
    m_trace = trace;
    reportEvent(tutorial_events::kEpisode);
    const bool wasPlaying = m_view->isPlaying() || m_view->frame() == 0;
    m_view->setTrace(trace);
    m_view->setLabel(simulatorShortName(trace.simulatorId));
    m_charts->setTrace(trace);
    if (wasPlaying)
        m_view->play();
    m_result->setText(trace.reachedGoal
                          ? tr("<b style='color:%1'>Reached the goal</b> in %2 steps. Reward %3 "
                               "(100 for the goal − 0.1 × Σu² = %4).")
                                .arg(ui::palette().success.name())
                                .arg(trace.steps)
                                .arg(trace.reward, 0, 'f', 2)
                                .arg(100.0 - trace.reward, 0, 'f', 2)
                          : tr("<b style='color:%1'>Did not reach the goal</b> in %2 steps "
                               "(furthest p = %3). Reward %4. Try a larger θv: push in the "
                               "direction the car moves.")
                                .arg(ui::palette().failure.name())
                                .arg(trace.steps)
                                .arg(trace.maxPosition, 0, 'f', 3)
                                .arg(trace.reward, 0, 'f', 2));
    m_landscapeMap->setMarker(QPointF(trace.controller.thetaP, trace.controller.thetaV));
}

void DriveCarPage::showLandscape(const emu::RewardLandscape& landscape)
{
    m_landscape = landscape;
    const int rows = int(landscape.thetaV.size());
    const int columns = int(landscape.thetaP.size());
    QVector<double> values(qsizetype(rows) * columns);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            values[qsizetype(r) * columns + c] = landscape.reward(c, r);
    m_landscapeMap->setField(landscape.thetaP(0), landscape.thetaP(columns - 1), landscape.thetaV(0),
                             landscape.thetaV(rows - 1), values, rows, columns);
    m_landscapeMap->setTitle(tr("θ0 = %1, %2 episodes").arg(landscape.theta0, 0, 'f', 2).arg(rows * columns));
    m_landscapeMap->setMarker(QPointF(controller().thetaP, controller().thetaV));
}

QString DriveCarPage::dataCsv() const
{
    QString csv = QStringLiteral("step,p,v,u\n");
    for (size_t i = 0; i < m_trace.p.size(); ++i)
        csv += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(i)
                   .arg(m_trace.p[i], 0, 'g', 17)
                   .arg(m_trace.v[i], 0, 'g', 17)
                   .arg(i < m_trace.u.size() ? QString::number(m_trace.u[i], 'g', 17) : QString());
    return csv;
}

} // namespace ui
