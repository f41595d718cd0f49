#include "ui/panels/controller_bo_replay.h"

#include "engine/sim/episode_trace.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/heat_map.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
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

double theta0FromSlider(int position)
{
    using D = emu::ControllerDomain;
    return D::theta0Min + (D::theta0Max - D::theta0Min) * position / kTheta0Steps;
}

int sliderFromTheta0(double theta0)
{
    using D = emu::ControllerDomain;
    return int(std::lround((theta0 - D::theta0Min) / (D::theta0Max - D::theta0Min) * kTheta0Steps));
}

} // namespace

ControllerBoReplay::ControllerBoReplay(QWidget* parent)
    : QWidget(parent), m_play(new QPushButton(tr("Replay"))),
      m_iteration(new QSlider(Qt::Horizontal)), m_iterationLabel(new QLabel),
      m_followBest(new QCheckBox(tr("at the best θ0"))), m_theta0(new QSlider(Qt::Horizontal)),
      m_theta0Label(new QLabel), m_rewardMap(new HeatMap), m_acquisitionMap(new HeatMap),
      m_convergence(new CurveChart(tr("Best reward so far"))), m_timer(new QTimer(this))
{
    m_play->setToolTip(tr("Replay the run iteration by iteration"));
    m_iteration->setToolTip(tr("Scrub through the iterations"));
    m_rewardMap->setAxisTitles(tr("θp"), tr("θv"));
    m_rewardMap->setColourBarTitle(tr("reward"));
    m_rewardMap->setToolTip(
        tr("What the GP believes the reward is (posterior median), from the episodes so far"));
    m_acquisitionMap->setAxisTitles(tr("θp"), tr("θv"));
    m_acquisitionMap->setColourBarTitle(tr("EI"));
    m_acquisitionMap->setColourFromZero(true); // an expected improvement is never negative
    m_acquisitionMap->setToolTip(
        tr("Expected improvement: the red star is the controller tried next"));
    m_theta0->setRange(0, kTheta0Steps);
    m_theta0->setEnabled(false);
    m_followBest->setChecked(true);
    m_followBest->setToolTip(
        tr("The maps are slices of a 3-D space at one θ0: follow the best controller's θ0"));
    m_rewardMap->setMinimumHeight(220);
    m_acquisitionMap->setMinimumHeight(220);
    m_convergence->setAxisTitles(tr("episodes"), tr("reward"));
    m_convergence->setStepped(true);
    m_convergence->setXScale(
        {.targetTicks = 6, .fromZero = true, .integers = true}); // a count of episodes
    m_convergence->setYScale({.targetTicks = 5, .ceiling = emu::EpisodeReward::goalBonus}); // no reward beyond

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
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(maps, 1);
    layout->addLayout(replayRow);

    m_timer->setInterval(300);
    connect(m_iteration, &QSlider::valueChanged, this, &ControllerBoReplay::showIteration);
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
    connect(m_theta0, &QSlider::valueChanged, this, &ControllerBoReplay::drawSurfaces);
    for (HeatMap* map : {m_rewardMap, m_acquisitionMap})
        connect(map, &HeatMap::clicked, this, [this](QPointF value) {
            emit controllerClicked(emu::LinearController{value.x(), value.y(), mapTheta0()});
        });
}

void ControllerBoReplay::replay()
{
    if (!m_result)
        return;
    m_iteration->setValue(0);
    m_timer->start();
    m_play->setText(tr("Pause"));
}

void ControllerBoReplay::showLive(const LiveBoSnapshot& snapshot)
{
    m_live = snapshot;
    m_live->result = {}; // kept once, in m_result
    showNewest(snapshot.result);
}

bool ControllerBoReplay::followsBest() const
{
    return m_followBest->isChecked();
}

void ControllerBoReplay::setResult(const emu::DirectBoResult& result)
{
    m_live.reset();
    showNewest(result);
}

void ControllerBoReplay::showNewest(const emu::DirectBoResult& result)
{
    m_result = result;
    const int iterations = int(result.state.iterations.size());
    {
        const QSignalBlocker block(m_iteration);
        m_iteration->setRange(0, iterations);
        m_iteration->setValue(iterations);
    }
    showIteration(iterations);
}

int ControllerBoReplay::shownIteration() const
{
    return m_iteration->value();
}

int ControllerBoReplay::evaluationsAt(int iteration) const
{
    const auto& iterations = m_result->state.iterations;
    return iteration < int(iterations.size()) ? int(iterations[size_t(iteration)].dataCount)
                                              : int(m_result->evaluations.size());
}

double ControllerBoReplay::mapTheta0() const
{
    if (!m_followBest->isChecked() || !m_result || m_result->evaluations.empty())
        return theta0FromSlider(m_theta0->value());
    const int n = std::max(1, evaluationsAt(m_iteration->value()));
    const auto& evaluations = m_result->evaluations;
    return std::max_element(evaluations.begin(), evaluations.begin() + n,
                            [](const auto& a, const auto& b) { return a.reward < b.reward; })
        ->controller.theta0;
}

void ControllerBoReplay::showIteration(int iteration)
{
    if (!m_result)
        return;
    iteration = std::clamp(iteration, m_iteration->minimum(), m_iteration->maximum()); // a clicker may overshoot
    if (m_iteration->value() != iteration) {
        const QSignalBlocker block(m_iteration);
        m_iteration->setValue(iteration);
    }
    const auto& evaluations = m_result->evaluations;
    if (evaluations.empty()) { // a live run before its first episode
        m_iterationLabel->setText(tr(" starting"));
        m_convergence->setCurve({}, {});
        drawSurfaces();
        return;
    }
    const int n = std::max(1, evaluationsAt(iteration));
    m_iterationLabel->setText(
        tr(" iteration %1 / %2").arg(iteration).arg(m_result->state.iterations.size()));
    QVector<double> xs, best;
    for (int i = 0; i < n; ++i) {
        xs.append(i + 1);
        best.append(evaluations[size_t(i)].bestReward);
    }
    const auto& settings = m_result->settings;
    m_convergence->setXRange(
        1, double(std::max<std::size_t>(
               evaluations.size(), std::size_t(settings.initialPoints + settings.iterations))));
    m_convergence->setCurve(xs, best);
    drawSurfaces();
    emit iterationShown(
        *std::max_element(evaluations.begin(), evaluations.begin() + n,
                          [](const auto& a, const auto& b) { return a.reward < b.reward; }),
        n);
}

void ControllerBoReplay::drawSurfaces()
{
    if (!m_result)
        return;
    const double theta0 = mapTheta0();
    if (m_followBest->isChecked()) {
        const QSignalBlocker block(m_theta0);
        m_theta0->setValue(sliderFromTheta0(theta0));
    }
    m_theta0Label->setText(QString::number(theta0, 'f', 2));
    const std::size_t iteration = size_t(m_iteration->value());
    QList<QPointF> points;
    const bool liveEnd = m_live && iteration == m_result->state.iterations.size();
    if (liveEnd && !m_live->surface) {
        // The initial design: no model yet, only the controllers tried and the next one.
        for (const emu::DirectBoEvaluation& e : m_result->evaluations)
            points.append(QPointF(e.controller.thetaP, e.controller.thetaV));
        const std::optional<QPointF> next =
            m_live->proposal ? std::optional<QPointF>(
                                   QPointF(m_live->proposal->thetaP, m_live->proposal->thetaV))
                             : std::nullopt;
        m_rewardMap->setTitle(tr("Initial design: %1 of %2 random controllers")
                                  .arg(m_result->evaluations.size())
                                  .arg(m_result->settings.initialPoints));
        m_acquisitionMap->setTitle(tr("Acquisition (after the initial design)"));
        for (HeatMap* map : {m_rewardMap, m_acquisitionMap}) {
            map->setPoints(points);
            map->setMarker(next);
        }
        return;
    }
    std::optional<emu::DirectBoSurface> computed;
    const emu::DirectBoSurface* shown = nullptr;
    if (liveEnd) {
        shown = &*m_live->surface;
        // Another slice of a run still going (or paused on a proposal): the run recomputes it,
        // the old slice stays until it arrives.
        if (std::abs(shown->theta0 - theta0) > 1e-12 && !m_live->finished)
            emit liveSliceWanted(m_followBest->isChecked() ? std::nullopt
                                                           : std::optional<double>(theta0));
        else if (std::abs(shown->theta0 - theta0) > 1e-12)
            shown = nullptr;
    }
    if (!shown) {
        emu::LandscapeGrid grid;
        grid.thetaPCount = kGrid;
        grid.thetaVCount = kGrid;
        computed = emu::directBoSurface(*m_result, iteration, theta0, grid);
        shown = &*computed;
    }
    const emu::DirectBoSurface& surface = *shown;
    const double pMin = surface.thetaP(0), pMax = surface.thetaP(kGrid - 1);
    const double vMin = surface.thetaV(0), vMax = surface.thetaV(kGrid - 1);
    m_rewardMap->setField(pMin, pMax, vMin, vMax, transposedValues(surface.rewardMedian), kGrid,
                          kGrid);
    m_acquisitionMap->setField(pMin, pMax, vMin, vMax, transposedValues(surface.acquisition), kGrid,
                               kGrid);
    m_rewardMap->setTitle(tr("Predicted reward at θ0 = %1").arg(surface.theta0, 0, 'f', 2));
    m_acquisitionMap->setTitle(surface.hasSuggestion ? tr("Acquisition (EI)")
                                                     : tr("Acquisition (after the last)"));
    for (emu::Index i = 0; i < surface.dataCount; ++i) {
        const emu::LinearController& c = m_result->evaluations[size_t(i)].controller;
        points.append(QPointF(c.thetaP, c.thetaV));
    }
    const std::optional<QPointF> next =
        surface.hasSuggestion
            ? std::optional<QPointF>(QPointF(surface.suggested.thetaP, surface.suggested.thetaV))
            : std::nullopt;
    for (HeatMap* map : {m_rewardMap, m_acquisitionMap}) {
        map->setPoints(points);
        map->setMarker(next);
    }
}

} // namespace ui
