#include "ui/lessons/formula_one/formula_one_page.h"

#include "engine/core/errors.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"
#include "ui/charts/stacked_bar.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/models/mf_bo_session.h"
#include "ui/panels/settings_binding.h"

#include <QChart>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

/// The one-input problems the page offers, the Formula One wing first.
const QStringList kProblems{QStringLiteral("formula-one"), QStringLiteral("forrester"),
                            QStringLiteral("nonlinear-sin")};
const QString kWatch = QStringLiteral("watch");
const QString kByHand = QStringLiteral("by-hand");
constexpr int kPlayIntervalMs = 250;
/// Regrets are drawn as log₁₀; below this they count as found.
constexpr double kRegretFloor = 1e-6;

/// A level's colour: the top level red, the one below it orange, a third (the cheapest) blue.
QColor levelColour(emu::Index level, emu::Index levels)
{
    const emu::Index fromTop = levels - 1 - level;
    return ui::palette().series[fromTop == 0 ? 3 : fromTop == 1 ? 1 : 0];
}

QVector<double> toQVector(const std::vector<double>& v)
{
    return QVector<double>(v.begin(), v.end());
}

QList<QPointF> regretPoints(const emu::MfRegretCurve& curve)
{
    QList<QPointF> points;
    for (std::size_t i = 0; i < curve.spent.size(); ++i)
        points.append(QPointF(curve.spent[i], std::log10(std::max(kRegretFloor, curve.regret[i]))));
    return points;
}

/// A regret curve as a step line (the regret holds until the next run).
void setRegretLine(BandChart* chart, const QString& name, const emu::MfRegretCurve& curve, const QColor& colour,
                   bool dashed)
{
    QVector<double> xs, ys;
    const QList<QPointF> points = regretPoints(curve);
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (i > 0) {
            xs << points[i].x();
            ys << points[i - 1].y();
        }
        xs << points[i].x();
        ys << points[i].y();
    }
    chart->setLine(name, xs, ys, colour, dashed);
}

} // namespace

QStringList FormulaOnePage::tutorialEvents()
{
    return {tutorial_events::kEvaluation, tutorial_events::kRunChosen, tutorial_events::kBudgetSpent};
}

FormulaOnePage::FormulaOnePage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_session(new MfBoSession(jobs, QStringLiteral("formula-one"), this)),
      m_acquisitionChart(new BandChart(tr("Value of a run per unit cost"))),
      m_regretChart(new BandChart(tr("Regret against cost spent"))), m_budgetBar(new StackedBar),
      m_budgetLabel(new QLabel), m_summary(new QLabel), m_step(new QPushButton(tr("Step"))),
      m_play(new QPushButton(tr("Play"))), m_timer(new QTimer(this))
{
    auto* problem = new QComboBox;
    for (const QString& id : kProblems) {
        const emu::MultiFidelityProblem& p = emu::multiFidelityProblems().at(id.toStdString());
        problem->addItem(QString::fromStdString(p.displayName()), id);
        problem->setItemData(problem->count() - 1, QString::fromStdString(p.description()), Qt::ToolTipRole);
    }
    auto* mode = new QComboBox;
    mode->setObjectName(QStringLiteral("modeChoice"));
    mode->addItem(tr("Watch the optimiser"), kWatch);
    mode->addItem(tr("You decide"), kByHand);
    mode->setToolTip(tr("Watch the cost-aware optimiser choose each run, or spend the budget yourself by clicking "
                        "a simulator's chart; the optimiser's own run is then drawn beside yours"));
    auto* acquisition = new QComboBox;
    acquisition->addItem(tr("MF max-value entropy search"), QStringLiteral("mf-mes"));
    acquisition->addItem(tr("Augmented EI"), QStringLiteral("aei"));
    acquisition->setToolTip(tr("How a run is valued: the information it gives about the best lap time (MF-MES), or "
                               "the expected improvement scaled by how well the level tracks the track (AEI); "
                               "both divided by the run's cost"));
    auto* budget = new QSpinBox;
    budget->setRange(150, 2000);
    budget->setSingleStep(25);
    budget->setValue(250);
    budget->setToolTip(tr("Total cost of all runs, the initial design's included (a track run costs 25)"));
    auto* seed = new QSpinBox;
    seed->setRange(0, 9999);
    seed->setValue(1);
    seed->setToolTip(tr("Seeds the initial design, the track's and tunnel's noise and the fits"));
    auto* resetButton = new QPushButton(tr("Reset"));
    m_step->setObjectName(QStringLiteral("stepButton"));
    m_step->setToolTip(tr("Run the proposal: the angle and simulator the acquisition values most per unit cost"));
    m_play->setToolTip(tr("Step until the budget is spent"));
    auto* toolbar = new QToolBar;
    toolbar->addWidget(new QLabel(tr(" Problem ")));
    toolbar->addWidget(problem);
    toolbar->addWidget(new QLabel(tr("  Mode ")));
    toolbar->addWidget(mode);
    toolbar->addSeparator();
    toolbar->addWidget(m_step);
    toolbar->addWidget(m_play);
    toolbar->addWidget(resetButton);

    bindChoice(lessonSettings(), QStringLiteral("problem"), problem);
    bindChoice(lessonSettings(), QStringLiteral("mode"), mode);
    bindChoice(lessonSettings(), QStringLiteral("acquisition"), acquisition);
    bindInt(lessonSettings(), QStringLiteral("budget"), budget);
    bindInt(lessonSettings(), QStringLiteral("seed"), seed);

    auto* main = new QVBoxLayout;
    for (std::size_t level = 0; level < m_levelCharts.size(); ++level) {
        m_levelCharts[level] = new BandChart;
        m_levelCharts[level]->setObjectName(QStringLiteral("levelChart%1").arg(level));
        m_levelCharts[level]->viewport()->installEventFilter(this);
        m_levelCharts[level]->setMinimumHeight(130);
        // The hint below the charts says what is what: a legend would take a third of each
        // small chart (and leave its y axis one tick).
        m_levelCharts[level]->chart()->legend()->hide();
        main->addWidget(m_levelCharts[level], 2);
    }
    m_acquisitionChart->setObjectName(QStringLiteral("acquisitionChart"));
    m_acquisitionChart->setToolTip(tr("What a run at each angle is worth per unit of its cost, for each simulator. "
                                      "The next run is the highest point of all three curves."));
    m_acquisitionChart->setMinimumHeight(150);
    m_acquisitionChart->setYScale({.fromZero = true, .margin = 0.08}); // the maximum's dot stays inside
    main->addWidget(m_acquisitionChart, 2);

    auto* runBox = new QGroupBox(tr("The run"));
    auto* form = new QFormLayout(runBox);
    form->addRow(tr("Acquisition"), acquisition);
    form->addRow(tr("Budget"), budget);
    form->addRow(tr("Seed"), seed);
    m_budgetBar->setObjectName(QStringLiteral("budgetBar"));
    m_budgetLabel->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("recommendation"));
    m_summary->setWordWrap(true);
    m_regretChart->setObjectName(QStringLiteral("regretChart"));
    m_regretChart->setAxisTitles(tr("cost spent"), tr("log₁₀ regret"));
    m_regretChart->setXScale({.targetTicks = 4, .fromZero = true});
    m_regretChart->setPreferredHeight(260); // beside the settings and the budget bar: what the column leaves
    m_regretChart->setToolTip(tr("How far the recommended angle's true lap time is from the best one, after each "
                                 "run, against what the runs cost. Lower is better; further left is cheaper."));
    m_regretChart->setMinimumHeight(220);
    auto* side = new QVBoxLayout;
    side->addWidget(runBox);
    side->addWidget(new QLabel(tr("Budget spent, by simulator")));
    side->addWidget(m_budgetBar);
    side->addWidget(m_budgetLabel);
    side->addWidget(m_regretChart, 1);
    side->addWidget(m_summary);
    QVBoxLayout* page = layOutPage(toolbar, main, side, 330);
    auto* hint = new QLabel(tr("Each simulator's model: mean and 95 % band, its runs (dots), the true function "
                               "(dashed), the next run (red line) and the recommended input (orange line). Click a "
                               "chart to run that simulator there yourself (while paused, or in \"You decide\" mode)."));
    hint->setWordWrap(true);
    page->addWidget(hint);

    m_timer->setInterval(kPlayIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &FormulaOnePage::playTick);
    connect(m_step, &QPushButton::clicked, m_session, &MfBoSession::step);
    connect(m_play, &QPushButton::clicked, this, [this] {
        if (isPlaying())
            m_timer->stop();
        else
            play();
        updateButtons();
    });
    connect(resetButton, &QPushButton::clicked, this, &FormulaOnePage::reset);
    connect(m_session, &MfBoSession::changed, this, &FormulaOnePage::redraw);
    connect(m_session, &MfBoSession::evaluated, this, [this] { reportEvent(tutorial_events::kEvaluation); });
    connect(m_session, &MfBoSession::failed, this, [this](const QString& message) {
        m_timer->stop();
        emit statusMessage(message, 8000);
        updateButtons();
    });
    connect(&lessonSettings(), &LessonSettings::changed, this, [this] {
        if (!m_restoring) // a restored state starts its own run, with its runs
            reset();
    });
    reset();
}

FormulaOnePage::~FormulaOnePage() = default;

void FormulaOnePage::reset()
{
    m_timer->stop();
    try {
        m_session->start(lessonSettings().choice(QStringLiteral("problem")), runSettings(),
                         lessonSettings().choice(QStringLiteral("mode")) == kByHand);
    } catch (const emu::Error& e) {
        emit statusMessage(QString::fromUtf8(e.what()), 8000);
    }
    redraw();
}

emu::MfBoSettings FormulaOnePage::runSettings() const
{
    emu::MfBoSettings settings;
    settings.acquisitionId = lessonSettings().choice(QStringLiteral("acquisition")).toStdString();
    settings.budget = lessonSettings().intValue(QStringLiteral("budget"));
    settings.seed = std::uint64_t(lessonSettings().intValue(QStringLiteral("seed")));
    return settings;
}

bool FormulaOnePage::startAnimation()
{
    lessonSettings().set(QStringLiteral("mode"), kWatch);
    reset();
    play();
    return true;
}

void FormulaOnePage::play()
{
    if (!m_session->byHand())
        m_timer->start();
    updateButtons();
}

bool FormulaOnePage::isPlaying() const
{
    return m_timer->isActive();
}

void FormulaOnePage::playTick()
{
    const std::optional<MfBoView>& view = m_session->view();
    if (view && view->finished) {
        m_timer->stop();
        updateButtons();
        return;
    }
    if (!m_session->isBusy())
        m_session->step();
}

bool FormulaOnePage::presenterStep(int direction)
{
    const std::optional<MfBoView>& view = m_session->view();
    if (direction < 0 || m_session->byHand() || !view || view->finished)
        return false;
    m_session->step();
    return true;
}

void FormulaOnePage::updateButtons()
{
    const std::optional<MfBoView>& view = m_session->view();
    const bool open = view && !view->finished;
    m_step->setEnabled(open && !m_session->byHand());
    m_play->setEnabled(open && !m_session->byHand());
    m_play->setText(isPlaying() ? tr("Pause") : tr("Play"));
}

bool FormulaOnePage::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::MouseButtonPress)
        return LessonPage::eventFilter(watched, event);
    for (std::size_t level = 0; level < m_levelCharts.size(); ++level) {
        BandChart* chart = m_levelCharts[level];
        if (watched != chart->viewport() || !chart->isVisible())
            continue;
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton)
            return false;
        if (isPlaying()) {
            emit statusMessage(tr("Pause first, then click to choose a run yourself."), 5000);
            return true;
        }
        const emu::ParameterSpace& space = m_session->problem().space();
        const double x = std::clamp(chart->toValue(mouse->position().toPoint()).x(), space.lowerBounds()(0),
                                    space.upperBounds()(0));
        m_session->choose(x, emu::Index(level));
        reportEvent(tutorial_events::kRunChosen);
        return true;
    }
    return LessonPage::eventFilter(watched, event);
}

void FormulaOnePage::redraw()
{
    drawLevels();
    drawAcquisition();
    drawBudget();
    drawRegret();
    updateButtons();
    const std::optional<MfBoView>& view = m_session->view();
    if (view && view->finished && !view->runs.empty())
        reportEvent(tutorial_events::kBudgetSpent);
}

void FormulaOnePage::drawLevels()
{
    const emu::MultiFidelityProblem& problem = m_session->problem();
    const emu::Index levels = problem.levelCount();
    const std::optional<MfBoView>& view = m_session->view();
    const double low = problem.space().lowerBounds()(0), high = problem.space().upperBounds()(0);
    for (emu::Index level = 0; level < emu::Index(m_levelCharts.size()); ++level) {
        BandChart* chart = m_levelCharts[std::size_t(level)];
        chart->setVisible(level < levels);
        if (level >= levels)
            continue;
        const QColor colour = levelColour(level, levels);
        const QString name = QString::fromStdString(problem.levelName(level));
        chart->setXRange(low, high);
        chart->setAxisTitles(QString(), problem.id() == "formula-one" ? tr("lap time (s)") : tr("value"));
        QList<QPointF> runs;
        if (view)
            for (const emu::MfBoRun& r : view->runs)
                if (r.level == level)
                    runs.append(QPointF(r.x(0), r.value));
        chart->chart()->setTitle(tr("%1: cost %2 a run, %n run(s)", nullptr, int(runs.size()))
                                     .arg(name)
                                     .arg(problem.cost(level)));
        chart->setToolTip(tr("The model of the %1 (mean and 95 %% band) and its runs. Click to run the %1 here.")
                              .arg(name));
        if (!view || view->grid.empty()) {
            chart->setBand(tr("model"), {}, {}, {}, colour);
            chart->setPoints(tr("runs"), runs, ui::palette().ink);
            continue;
        }
        const QVector<double> xs = toQVector(view->grid);
        chart->setBand(tr("model"), xs, toQVector(view->mean[std::size_t(level)]), toQVector(view->sd[std::size_t(level)]),
                       colour);
        chart->setLine(tr("truth"), xs, toQVector(view->truth[std::size_t(level)]), ui::palette().foreground, true);
        chart->setPoints(tr("runs"), runs, ui::palette().ink);
        const bool next = view->proposal && view->proposal->level == level && !m_session->byHand();
        chart->setVerticalMarker(tr("next run"), next ? view->proposal->x(0) : std::nan(""), ui::palette().highlight);
        const bool top = level == levels - 1 && view->recommendation;
        chart->setVerticalMarker(tr("recommended"), top ? view->recommendation->x(0) : std::nan(""),
                                 ui::palette().guide);
    }
}

void FormulaOnePage::drawAcquisition()
{
    const emu::MultiFidelityProblem& problem = m_session->problem();
    const emu::Index levels = problem.levelCount();
    const std::optional<MfBoView>& view = m_session->view();
    m_acquisitionChart->setXRange(problem.space().lowerBounds()(0), problem.space().upperBounds()(0));
    const bool spent = view && view->finished;
    m_acquisitionChart->chart()->setTitle(
        spent                ? tr("The budget is spent: no run is affordable, so none has value")
        : m_session->byHand() ? tr("The optimiser's advice: value of a run per unit cost")
                              : tr("Value of a run per unit cost, against %1")
                                    .arg(QString::fromStdString(problem.space().names().front())));
    m_acquisitionChart->setAxisTitles(QString(), QString()); // the title says it: a short chart elides more
    const bool show = view && !view->grid.empty();
    for (emu::Index level = 0; level < 3; ++level) {
        const QString name = level < levels ? QString::fromStdString(problem.levelName(level)) : QString::number(level);
        const bool drawn = show && level < levels;
        const QVector<double> values = !drawn ? QVector<double>()
                                       : spent ? QVector<double>(qsizetype(view->grid.size()), 0.0)
                                               : toQVector(view->valuePerCost[std::size_t(level)]);
        m_acquisitionChart->setLine(name, drawn ? toQVector(view->grid) : QVector<double>(), values,
                                    levelColour(level, levels));
    }
    QList<QPointF> next;
    if (show && view->proposal)
        next.append(QPointF(view->proposal->x(0), view->proposal->valuePerCost(view->proposal->level)));
    m_acquisitionChart->setPoints(tr("next run"), next, ui::palette().highlight, 11.0);
}

void FormulaOnePage::drawBudget()
{
    const emu::MultiFidelityProblem& problem = m_session->problem();
    const std::optional<MfBoView>& view = m_session->view();
    QList<StackedBar::Segment> segments;
    QStringList parts;
    const double budget = lessonSettings().intValue(QStringLiteral("budget"));
    for (emu::Index level = 0; level < problem.levelCount(); ++level) {
        const double spent = view ? view->spentPerLevel[std::size_t(level)] : 0.0;
        const QString name = QString::fromStdString(problem.levelName(level));
        segments.append({spent, levelColour(level, problem.levelCount()), QStringLiteral("%1 %2").arg(name).arg(spent)});
        parts << QStringLiteral("%1 %2").arg(name).arg(spent);
    }
    m_budgetBar->setSegments(segments, budget);
    m_budgetLabel->setText(view ? tr("%1 of %2 spent: %3.").arg(view->spent).arg(budget).arg(parts.join(QStringLiteral(", ")))
                                : tr("Running the initial design…"));
}

void FormulaOnePage::drawRegret()
{
    const std::optional<MfBoView>& view = m_session->view();
    const bool byHand = m_session->byHand();
    setRegretLine(m_regretChart, tr("this run"), byHand || !view ? emu::MfRegretCurve{} : view->curve,
                  ui::palette().series[0], false);
    setRegretLine(m_regretChart, tr("you"), byHand && view ? view->curve : emu::MfRegretCurve{},
                  ui::palette().series[0], false);
    setRegretLine(m_regretChart, tr("optimiser"), m_session->algorithm(), ui::palette().series[2], true);
    setRegretLine(m_regretChart, tr("expensive only"), m_session->highFidelityOnly(), ui::palette().baselineMethod,
                  true);
    // Only the lines of this mode, so that the legend fits.
    m_regretChart->setSeriesVisible(tr("this run"), !byHand);
    m_regretChart->setSeriesVisible(tr("you"), byHand);
    m_regretChart->setSeriesVisible(tr("optimiser"), byHand);
    const emu::MultiFidelityProblem& problem = m_session->problem();
    if (!view || !view->recommendation) {
        m_summary->clear();
        return;
    }
    const emu::MfBoRecommendation& best = *view->recommendation;
    const QString unit = QString::fromStdString(problem.space().parameter(0).unit);
    m_summary->setText(tr("<b>Recommended:</b> %1 = %2%3, where the model predicts %4 ± %5 on the %6. "
                          "Its true value is %7 above the best (the regret).")
                           .arg(QString::fromStdString(problem.space().names().front()))
                           .arg(best.x(0), 0, 'f', 2)
                           .arg(unit)
                           .arg(best.mean, 0, 'f', 3)
                           .arg(2 * best.sd, 0, 'f', 3)
                           .arg(QString::fromStdString(problem.levelName(problem.highestLevel())))
                           .arg(view->regret, 0, 'g', 2));
}

QString FormulaOnePage::dataCsv() const
{
    return m_session->historyCsv();
}

QJsonObject FormulaOnePage::saveState() const
{
    QJsonObject state = lessonSettings().saveState();
    QJsonArray runs;
    if (const std::optional<MfBoView>& view = m_session->view())
        for (const emu::MfBoRun& r : view->runs)
            if (r.iteration >= 0)
                runs.append(QJsonArray{r.x(0), double(r.level), r.chosen});
    state.insert(QStringLiteral("runs"), runs);
    return state;
}

QString FormulaOnePage::restoreState(const QJsonObject& state)
{
    if (const QString error = lessonSettings().check(state); !error.isEmpty())
        return error;
    const QString problemId = lessonSettings().restoredValue(state, QStringLiteral("problem")).toString();
    const emu::MultiFidelityProblem& problem = emu::multiFidelityProblems().at(problemId.toStdString());
    std::vector<MfReplayRun> replay;
    for (const QJsonValue& value : state.value(QStringLiteral("runs")).toArray()) {
        const QJsonArray run = value.toArray();
        const double x = run.at(0).toDouble(std::nan(""));
        const double level = run.at(1).toDouble(-1.0);
        if (run.size() != 3 || !run.at(2).isBool() || !std::isfinite(x) || x < problem.space().lowerBounds()(0) ||
            x > problem.space().upperBounds()(0) || level != std::floor(level) || level < 0 ||
            level >= double(problem.levelCount()))
            return tr("a run of the Formula One lesson is not [input, level, chosen] inside the problem's box");
        replay.push_back({x, emu::Index(level), run.at(2).toBool()});
    }
    m_restoring = true; // one start, with the replay, not one per setting
    lessonSettings().restoreState(state);
    m_restoring = false;
    m_timer->stop();
    m_session->start(problemId, runSettings(), lessonSettings().choice(QStringLiteral("mode")) == kByHand, replay);
    redraw();
    return {};
}

} // namespace ui
