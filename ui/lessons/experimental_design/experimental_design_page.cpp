#include "ui/lessons/experimental_design/experimental_design_page.h"

#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"
#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/heat_map.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/settings_binding.h"
#include "ui/panels/side_column.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLineSeries>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kGrid1d = 300;
constexpr int kGrid2d = 60;

struct MethodChoice
{
    const char* id;
    const char* name;
    QColor (*colour)(); // looked up when drawn, so that the theme in use applies
};
const MethodChoice kMethods[] = {
    {"random", "Random", [] { return ui::palette().baselineMethod; }},
    {"lhs", "Latin hypercube", [] { return ui::palette().series[0]; }},
    {"sobol", "Sobol", [] { return ui::palette().series[2]; }},
    {"variance", "Uncertainty", [] { return ui::palette().series[3]; }}};

struct FunctionChoice
{
    const char* id;
    const char* name;
};
const FunctionChoice kFunctions[] = {{"forrester", "Forrester (1-D)"}, {"branin", "Branin (2-D)"},
                                     {"six-hump-camel", "Six-hump camel (2-D)"}};

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

QString methodName(const std::string& id)
{
    for (const MethodChoice& m : kMethods)
        if (id == m.id)
            return QObject::tr(m.name);
    return QString::fromStdString(id);
}

} // namespace

QStringList ExperimentalDesignPage::tutorialEvents()
{
    return {tutorial_events::kDesignStep};
}

ExperimentalDesignPage::ExperimentalDesignPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_function(new QComboBox), m_method(new QComboBox), m_points(new QSpinBox),
      m_seed(new QSpinBox), m_status(new QLabel), m_views(new QStackedWidget), m_chart1d(new PosteriorChart),
      m_meanMap(new HeatMap), m_sdMap(new HeatMap),
      m_errorChart(new CurveChart(tr("Emulator error (RMSE) against the number of simulator runs"))),
      m_timer(new QTimer(this))
{
    auto* toolbar = new QToolBar;
    auto* stepButton = new QPushButton(tr("Step"));
    stepButton->setShortcut(Qt::Key_S);
    stepButton->setToolTip(tr("Run the simulator at the next design point (S)"));
    auto* playButton = new QPushButton(tr("Play"));
    playButton->setShortcut(Qt::Key_Space);
    playButton->setToolTip(tr("Add the remaining points one by one (Space)"));
    auto* resetButton = new QPushButton(tr("Reset"));
    resetButton->setToolTip(tr("Back to the first points of the design"));
    toolbar->addWidget(stepButton);
    toolbar->addWidget(playButton);
    toolbar->addWidget(resetButton);

    for (const FunctionChoice& f : kFunctions)
        m_function->addItem(tr(f.name), QString::fromLatin1(f.id));
    m_function->setToolTip(tr("The hidden function standing in for an expensive simulator"));
    for (const MethodChoice& m : kMethods)
        m_method->addItem(tr(m.name), QString::fromLatin1(m.id));
    m_method->setItemData(0, tr("Points drawn uniformly at random"), Qt::ToolTipRole);
    m_method->setItemData(1, tr("Latin hypercube: one point in every row and column of a grid"), Qt::ToolTipRole);
    m_method->setItemData(2, tr("Sobol sequence: a scrambled low-discrepancy sequence"), Qt::ToolTipRole);
    m_method->setItemData(3, tr("Uncertainty sampling: each point goes where the emulator is least certain"),
                          Qt::ToolTipRole);
    m_method->setCurrentIndex(3);
    m_method->setToolTip(tr("How the simulator runs are placed"));
    m_points->setRange(3, 40);
    m_points->setValue(12);
    m_points->setToolTip(tr("Total number of simulator runs"));
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random and space-filling designs"));
    m_status->setWordWrap(true);

    m_chart1d->setAxisTitles(tr("x"), tr("f(x)"));
    m_chart1d->setToolTip(tr("The emulator's mean and ±2σ band, the hidden function (dashed), the runs so far "
                             "(black) and the next run (red)"));
    for (HeatMap* map : {m_meanMap, m_sdMap}) {
        map->setAxisTitles(QStringLiteral("x1"), QStringLiteral("x2"));
        map->setToolTip(tr("White dots: runs so far; red star: the next run"));
    }
    m_meanMap->setTitle(tr("Emulator mean"));
    m_sdMap->setTitle(tr("Emulator standard deviation"));
    m_sdMap->setColourFromZero(true);
    m_meanMap->setColourBarTitle(tr("mean"));
    m_sdMap->setColourBarTitle(tr("sd"));
    auto* maps = new QWidget;
    auto* mapsLayout = new QHBoxLayout(maps);
    mapsLayout->setContentsMargins(0, 0, 0, 0);
    mapsLayout->addWidget(m_meanMap);
    mapsLayout->addWidget(m_sdMap);
    m_views->addWidget(m_chart1d);
    m_views->addWidget(maps);

    m_errorChart->setAxisTitles(tr("simulator runs"), tr("RMSE"));
    m_errorChart->setCurveName(tr("this run"));
    m_errorChart->curve()->setPen(QPen(ui::palette().foreground, 3));
    m_errorChart->setMinimumHeight(210);
    m_errorChart->setXScale({.targetTicks = 8, .fromZero = true, .integers = true}); // a count of runs
    m_errorChart->setYScale({.targetTicks = 5, .fromZero = true});                    // an error is ≥ 0

    auto* settingsBox = new QGroupBox(tr("Design"));
    auto* form = new QFormLayout(settingsBox);
    form->addRow(tr("Function"), m_function);
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Runs"), m_points);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(m_status);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(settingsBox);
    rightLayout->addStretch(1);

    // The emulator's view takes the whole width (two 2-D maps side by side need it); the error
    // chart and the settings share the row below. A chart view asks for most of the screen: its
    // height here follows the stretch instead.
    m_errorChart->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_errorChart, 1);
    bottom->addWidget(new SideColumn(right, 250));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_views, 3);
    layout->addLayout(bottom, 2);

    m_timer->setInterval(400);
    connect(stepButton, &QPushButton::clicked, this, &ExperimentalDesignPage::step);
    connect(playButton, &QPushButton::clicked, this, [this, playButton] {
        if (m_timer->isActive()) {
            m_timer->stop();
            playButton->setText(tr("Play"));
        } else {
            m_timer->start();
            playButton->setText(tr("Pause"));
        }
    });
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_shown >= int(m_run.X.rows()))
            return;
        step();
    });
    connect(resetButton, &QPushButton::clicked, this, [this] { showPoints(std::min<int>(3, int(m_run.X.rows()))); });
    LessonSettings& settings = lessonSettings();
    bindChoice(settings, QStringLiteral("function"), m_function);
    bindChoice(settings, QStringLiteral("method"), m_method);
    bindInt(settings, QStringLiteral("points"), m_points);
    bindInt(settings, QStringLiteral("seed"), m_seed);
    connect(&settings, &LessonSettings::changed, this, &ExperimentalDesignPage::recompute);
    recompute();
}

ExperimentalDesignPage::~ExperimentalDesignPage() = default;

emu::DesignExperimentSettings ExperimentalDesignPage::settings(const std::string& method) const
{
    emu::DesignExperimentSettings s;
    s.functionId = lessonSettings().choice(QStringLiteral("function")).toStdString();
    s.method = method;
    s.points = lessonSettings().intValue(QStringLiteral("points"));
    s.seed = quint64(lessonSettings().intValue(QStringLiteral("seed")));
    s.testPoints = 512;
    s.errorCurve = true;
    return s;
}

void ExperimentalDesignPage::setMethod(const QString& method)
{
    lessonSettings().set(QStringLiteral("method"), method);
}

void ExperimentalDesignPage::recompute()
{
    const emu::DesignExperimentSettings current =
        settings(lessonSettings().choice(QStringLiteral("method")).toStdString());
    m_status->setText(tr("Computing the design..."));
    jobs()->run(QStringLiteral("design-run"), tr("Designing"),
                [current](emu::Progress& progress) { return emu::runDesignExperiment(current, progress); },
                [this](emu::DesignExperimentResult result) {
                    m_run = std::move(result);
                    // Start from the first few points (for uncertainty sampling: its initial
                    // design), or where a restored session had got to.
                    const int opening = m_run.initialPoints > 0 ? m_run.initialPoints : 3;
                    showPoints(std::min<int>(m_restoreShown > 0 ? m_restoreShown : opening, int(m_run.X.rows())));
                    m_restoreShown = 0;
                });
    // Every method's error curve, for the comparison chart.
    std::vector<emu::DesignExperimentSettings> all;
    for (const MethodChoice& m : kMethods)
        all.push_back(settings(m.id));
    jobs()->run(QStringLiteral("design-comparison"), tr("Comparing design methods"),
                [all](emu::Progress& progress) {
                    std::map<std::string, emu::DesignExperimentResult> results;
                    for (size_t i = 0; i < all.size(); ++i) {
                        // Each method reports into its quarter of the bar; Cancel reaches it through
                        // the outer progress, checked at every report.
                        emu::ProgressSlice slice(progress, double(i) / all.size(), double(i + 1) / all.size());
                        emu::Progress* innerHandle = nullptr;
                        emu::Progress inner([&](double f, const std::string& stage) {
                            slice.report(f, 1.0, stage);
                            if (progress.isCancelled())
                                innerHandle->cancel();
                        });
                        innerHandle = &inner;
                        progress.checkCancelled();
                        results[all[i].method] = emu::runDesignExperiment(all[i], inner);
                    }
                    return results;
                },
                [this](std::map<std::string, emu::DesignExperimentResult> results) {
                    m_comparison = std::move(results);
                    drawComparison();
                });
}

void ExperimentalDesignPage::step()
{
    if (m_shown < int(m_run.X.rows())) {
        showPoints(m_shown + 1);
        reportEvent(tutorial_events::kDesignStep);
    }
}

void ExperimentalDesignPage::showPoints(int n)
{
    m_shown = n;
    // The same emulator the error curve measured after n runs (a fit of a few milliseconds).
    m_emulator = n > 0 ? emu::fitDesignEmulator(settings(m_run.method), m_run.X, m_run.y, n) : nullptr;
    redraw();
}

void ExperimentalDesignPage::redraw()
{
    if (m_run.X.rows() == 0 || !m_emulator)
        return;
    const std::unique_ptr<emu::TestFunction> function = emu::makeFunction(m_run.functionId);
    const emu::Vector lower = function->space().lowerBounds(), upper = function->space().upperBounds();
    const bool oneD = function->dimension() == 1;
    m_views->setCurrentIndex(oneD ? 0 : 1);
    const bool hasNext = m_shown < int(m_run.X.rows());

    if (oneD) {
        const emu::Vector xs = emu::Vector::LinSpaced(kGrid1d, lower(0), upper(0));
        const emu::Matrix grid = xs;
        const emu::Prediction prediction = m_emulator->predict(grid);
        m_chart1d->setRanges(lower(0), upper(0), 0.0, 0.0);
        m_chart1d->setTruth(toQVector(xs), toQVector(function->evaluate(grid)));
        m_chart1d->setPosterior(toQVector(xs), toQVector(prediction.mean),
                                toQVector(prediction.variance.cwiseMax(0.0).cwiseSqrt()));
        QList<QPointF> data;
        for (int i = 0; i < m_shown; ++i)
            data.append(QPointF(m_run.X(i, 0), m_run.y(i)));
        m_chart1d->setData(data);
        if (hasNext) {
            const emu::Matrix next = m_run.X.row(m_shown);
            m_chart1d->setHighlights({QPointF(next(0, 0), m_emulator->predict(next).mean(0))}, tr("next run"));
        } else {
            m_chart1d->setHighlights({}, {});
        }
    } else {
        emu::Matrix grid(kGrid2d * kGrid2d, 2);
        for (int r = 0; r < kGrid2d; ++r)
            for (int c = 0; c < kGrid2d; ++c) {
                grid(r * kGrid2d + c, 0) = lower(0) + (upper(0) - lower(0)) * c / (kGrid2d - 1);
                grid(r * kGrid2d + c, 1) = lower(1) + (upper(1) - lower(1)) * r / (kGrid2d - 1);
            }
        const emu::Prediction prediction = m_emulator->predict(grid);
        const emu::Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
        QList<QPointF> points;
        for (int i = 0; i < m_shown; ++i)
            points.append(QPointF(m_run.X(i, 0), m_run.X(i, 1)));
        const std::optional<QPointF> next =
            hasNext ? std::optional<QPointF>(QPointF(m_run.X(m_shown, 0), m_run.X(m_shown, 1))) : std::nullopt;
        for (auto [map, values] : {std::pair{m_meanMap, &prediction.mean}, std::pair{m_sdMap, &sd}}) {
            map->setField(lower(0), upper(0), lower(1), upper(1), toQVector(*values), kGrid2d, kGrid2d);
            map->setPoints(points);
            map->setMarker(next);
        }
    }

    // This run's error so far (the curve starts at 2 points).
    QVector<double> xs, ys;
    for (const emu::EmulatorError& e : m_run.curve)
        if (e.points <= m_shown) {
            xs.append(e.points);
            ys.append(e.rmse);
        }
    m_errorChart->setXRange(2, std::max(3, int(m_run.X.rows())));
    m_errorChart->setCurve(xs, ys);
    const emu::EmulatorError* current = nullptr;
    for (const emu::EmulatorError& e : m_run.curve)
        if (e.points == m_shown)
            current = &e;
    m_status->setText(current ? tr("%1 runs of %2 (%3).<br>Emulator RMSE <b>%4</b>, %5% of the test points "
                                   "inside ±2σ.")
                                    .arg(m_shown)
                                    .arg(m_run.X.rows())
                                    .arg(methodName(m_run.method))
                                    .arg(current->rmse, 0, 'g', 3)
                                    .arg(std::lround(100.0 * current->coverage2sd))
                              : tr("%1 runs of %2.").arg(m_shown).arg(m_run.X.rows()));
}

void ExperimentalDesignPage::drawComparison()
{
    for (const MethodChoice& m : kMethods) {
        QVector<double> xs, ys;
        const auto it = m_comparison.find(m.id);
        if (it != m_comparison.end())
            for (const emu::EmulatorError& e : it->second.curve) {
                xs.append(e.points);
                ys.append(e.rmse);
            }
        m_errorChart->setExtraCurve(tr(m.name), xs, ys, m.colour());
    }
}

QString ExperimentalDesignPage::dataCsv() const
{
    QString csv;
    for (emu::Index j = 0; j < m_run.X.cols(); ++j)
        csv += QStringLiteral("x%1,").arg(j + 1);
    csv += QStringLiteral("y\n");
    for (int i = 0; i < m_shown; ++i) {
        for (emu::Index j = 0; j < m_run.X.cols(); ++j)
            csv += QString::number(m_run.X(i, j), 'g', 17) + QLatin1Char(',');
        csv += QString::number(m_run.y(i), 'g', 17) + QLatin1Char('\n');
    }
    return csv;
}

QJsonObject ExperimentalDesignPage::saveState() const
{
    QJsonObject state = lessonSettings().saveState();
    state.insert(QStringLiteral("shown"), m_shown);
    return state;
}

QString ExperimentalDesignPage::restoreState(const QJsonObject& state)
{
    if (const QString error = lessonSettings().check(state); !error.isEmpty())
        return error;
    m_restoreShown = std::max(0, state.value(QStringLiteral("shown")).toInt(0));
    return lessonSettings().restoreState(state); // recomputes, then shows m_restoreShown points
}

bool ExperimentalDesignPage::presenterStep(int direction)
{
    if (direction < 0)
        return false;
    step();
    return true;
}

} // namespace ui
