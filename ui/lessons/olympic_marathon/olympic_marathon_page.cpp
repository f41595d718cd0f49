#include "ui/lessons/olympic_marathon/olympic_marathon_page.h"

#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"
#include "ui/charts/pinball_plot.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/settings_binding.h"

#include <QCheckBox>
#include <QChart>
#include <QComboBox>
#include <QLegend>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QToolBar>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

// The models' colours, looked up when drawn so that the theme in use applies.
const QColor& gpColour()
{
    return ui::palette().series[0];
}
const QColor& deepGpColour()
{
    return ui::palette().series[3];
}
const QColor& turingColour()
{
    return ui::palette().series[2];
}
constexpr int kOutlierYear = 1904;
// The paces (min/km) Turing's marker can be dragged between.
constexpr double kMinPace = 2.5;
constexpr double kMaxPace = 6.0;

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

QVector<double> sdOf(const emu::Vector& variance)
{
    return toQVector(variance.cwiseMax(0.0).cwiseSqrt());
}

} // namespace

QStringList OlympicMarathonPage::tutorialEvents()
{
    return {tutorial_events::kTuringAsked};
}

OlympicMarathonPage::OlympicMarathonPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_optimum(new QComboBox), m_showGp(new QCheckBox(tr("GP"))),
      m_showDeepGp(new QCheckBox(tr("Deep GP"))), m_inducing(new QSpinBox), m_seed(new QSpinBox),
      m_fits(new BandChart(tr("Olympic marathon: gold-medal pace"))), m_layer1(new BandChart(tr("Latent layer 1"))),
      m_layer2(new BandChart(tr("Latent layer 2"))), m_pinball(new PinballPlot),
      m_density(new BandChart(tr("1946 winning pace"))), m_turingLabel(new QLabel),
      m_fitLabel(new QLabel)
{
    m_fits->setObjectName(QStringLiteral("fitsChart"));
    m_density->setObjectName(QStringLiteral("turingChart"));
    m_pinball->setObjectName(QStringLiteral("pinballPlot"));
    auto* toolbar = new QToolBar;
    auto* refitButton = new QPushButton(tr("Refit"));
    refitButton->setToolTip(tr("Fit the GP (both optima) and the deep GP again with these settings"));
    toolbar->addWidget(refitButton);
    toolbar->addWidget(new QLabel(tr(" GP optimum ")));
    m_optimum->addItem(tr("best"), QStringLiteral("best"));
    m_optimum->addItem(tr("short lengthscale"), QStringLiteral("short"));
    m_optimum->addItem(tr("long lengthscale"), QStringLiteral("long"));
    m_optimum->setToolTip(tr("The GP's likelihood has two local maxima: a wiggly fit with little noise and a "
                             "smooth fit with more noise"));
    toolbar->addWidget(m_optimum);
    m_showGp->setChecked(true);
    m_showDeepGp->setChecked(true);
    toolbar->addWidget(m_showGp);
    toolbar->addWidget(m_showDeepGp);
    toolbar->addWidget(new QLabel(tr("  Inducing ")));
    m_inducing->setRange(3, 27);
    m_inducing->setValue(10);
    m_inducing->setToolTip(tr("Inducing inputs per layer of the deep GP's sparse approximation"));
    toolbar->addWidget(m_inducing);
    toolbar->addWidget(new QLabel(tr(" Seed ")));
    m_seed->setRange(0, 1000000);
    m_seed->setToolTip(tr("Seed of the GP's random restarts and of the Monte Carlo draws"));
    toolbar->addWidget(m_seed);
    LessonSettings& settings = lessonSettings();
    bindChoice(settings, QStringLiteral("optimum"), m_optimum);
    bindFlag(settings, QStringLiteral("showGp"), m_showGp);
    bindFlag(settings, QStringLiteral("showDeepGp"), m_showDeepGp);
    bindInt(settings, QStringLiteral("inducing"), m_inducing);
    bindInt(settings, QStringLiteral("seed"), m_seed);
    settings.addNumber(QStringLiteral("turingPace"), kMinPace, kMaxPace, emu::kTuringPace); // dragged on the chart

    m_fits->setAxisTitles(tr("year"), tr("pace (min/km)"));
    m_fits->setXScale({.expand = false, .integers = true}); // years
    m_fits->setXRange(1890, 2030);
    m_layer1->setXScale({.targetTicks = 4, .expand = false, .integers = true});
    m_layer2->setXScale({.targetTicks = 4, .expand = false});
    for (BandChart* small : {m_layer1, m_layer2}) {
        small->chart()->legend()->hide(); // red: the layer's mean ± 2σ; black: the data
        small->setYScale({.targetTicks = 4, .margin = 0.03});
    }
    m_fits->setToolTip(tr("Black: winning pace; orange: 1904, a badly organised race; bands: mean ± 2σ of a new "
                          "winning pace"));
    m_layer1->setAxisTitles(tr("year"), tr("h"));
    m_layer1->setToolTip(tr("The first GP maps the year to a hidden value (dots: where each games' year lands)"));
    m_layer2->setAxisTitles(tr("h"), tr("pace")); // the unit is on the big chart: this small axis would elide it
    m_layer2->setToolTip(tr("The second GP maps the hidden value to the pace"));
    m_density->setAxisTitles(tr("pace (min/km)"), tr("density"));
    m_density->setYScale({.targetTicks = 5, .fromZero = true}); // a probability density is never negative
    m_density->setToolTip(tr("Click or drag to move Turing's pace"));
    m_density->viewport()->installEventFilter(this);
    m_turingLabel->setWordWrap(true);
    m_fitLabel->setWordWrap(true);
    m_pinball->setToolTip(tr("Years dropped through the deep GP: their hidden values and paces, with the spread "
                             "each layer adds"));

    auto* turingBox = new QGroupBox(tr("Turing's question"));
    auto* turingLayout = new QVBoxLayout(turingBox);
    auto* turingIntro = new QLabel(tr("Alan Turing ran a marathon in 2 h 46 min: <b>3.935 min/km</b>. Had there "
                                      "been games in 1946, would he have won?"));
    turingIntro->setWordWrap(true);
    turingLayout->addWidget(turingIntro);
    turingLayout->addWidget(m_density, 1);
    turingLayout->addWidget(m_turingLabel);
    m_density->setMinimumHeight(120);
    m_density->setPreferredHeight(160); // the question's text comes first
    // In presenter mode's large fonts the question, its chart and its answer may not fit the
    // cell: they scroll rather than have their text cut.
    auto* turingScroll = new QScrollArea;
    turingScroll->setWidget(turingBox);
    turingScroll->setWidgetResizable(true);
    turingScroll->setFrameShape(QFrame::NoFrame);
    turingScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* grid = new QGridLayout;
    grid->addWidget(m_fits, 0, 0, 1, 2);
    grid->addWidget(turingScroll, 0, 2);
    grid->addWidget(m_layer1, 1, 0);
    grid->addWidget(m_layer2, 1, 1);
    grid->addWidget(m_pinball, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(grid, 1);
    layout->addWidget(m_fitLabel);

    connect(refitButton, &QPushButton::clicked, this, &OlympicMarathonPage::refit);
    connect(&settings, &LessonSettings::changed, this, &OlympicMarathonPage::settingChanged);
    refit();
}

void OlympicMarathonPage::settingChanged(const QString& key)
{
    if (key.isEmpty()) { // a restored state
        refit();
    } else if (key == QLatin1String("optimum")) {
        drawFits();
        askTuring();
    } else if (key.startsWith(QLatin1String("show"))) {
        drawFits();
    } else if (key == QLatin1String("turingPace")) {
        m_density->setVerticalMarker(tr("Turing"), pace(), turingColour());
        askTuring();
    } // the seed and the inducing points wait for Refit
}

double OlympicMarathonPage::pace() const
{
    return lessonSettings().number(QStringLiteral("turingPace"));
}

quint64 OlympicMarathonPage::seed() const
{
    return quint64(lessonSettings().intValue(QStringLiteral("seed")));
}

void OlympicMarathonPage::refit()
{
    emu::OlympicExperimentOptions options;
    options.gp.seed = seed();
    options.deepGp.settings.inducing = lessonSettings().intValue(QStringLiteral("inducing"));
    options.turing.seed = seed();
    options.turing.pace = pace();
    m_fitLabel->setText(tr("Fitting the GP and the deep GP..."));
    jobs()->run(QStringLiteral("olympic-fit"), tr("Fitting the deep GP"),
                [options](emu::Progress& progress) { return emu::runOlympicExperiment(options, progress); },
                [this](emu::OlympicResults results) {
                    m_results = std::move(results);
                    m_turing = m_results->turing;
                    showResults();
                });
}

int OlympicMarathonPage::chosenOptimumIndex() const
{
    const emu::OlympicGpFit& gp = m_results->gp;
    const QString choice = lessonSettings().choice(QStringLiteral("optimum"));
    const int index = choice == QStringLiteral("short") ? gp.shortIndex
                      : choice == QStringLiteral("long") ? gp.longIndex
                                                          : gp.bestIndex;
    return index >= 0 ? index : gp.bestIndex;
}

const emu::OlympicGpOptimum& OlympicMarathonPage::chosenOptimum() const
{
    return m_results->gp.optima.at(size_t(chosenOptimumIndex()));
}

void OlympicMarathonPage::showResults()
{
    const emu::OlympicResults& r = *m_results;
    // Data: every games, the 1904 outlier set apart.
    QList<QPointF> data, outlier;
    for (emu::Index i = 0; i < r.data.years.size(); ++i)
        (int(r.data.years(i)) == kOutlierYear ? outlier : data).append(QPointF(r.data.years(i), r.data.pace(i)));
    m_fits->setPoints(tr("winning pace"), data, ui::palette().foreground, 8);
    m_fits->setPoints(tr("1904"), outlier, ui::palette().series[1], 10);

    // Latent layers.
    if (r.layers.size() >= 2) {
        const emu::DeepGpLayerView& first = r.layers[0];
        m_layer1->setBand(tr("layer 1"), toQVector(first.inputs.col(0)), toQVector(first.mean), sdOf(first.variance),
                          deepGpColour());
        QList<QPointF> hidden;
        for (emu::Index i = 0; i < first.dataInputs.rows(); ++i)
            hidden.append(QPointF(first.dataInputs(i, 0), first.dataOutputs(i)));
        m_layer1->setPoints(tr("data"), hidden, ui::palette().foreground, 7);
        const emu::DeepGpLayerView& last = r.layers.back();
        m_layer2->setBand(tr("layer 2"), toQVector(last.inputs.col(0)), toQVector(last.mean), sdOf(last.variance),
                          deepGpColour());
        QList<QPointF> outputs;
        for (emu::Index i = 0; i < last.dataInputs.rows(); ++i)
            outputs.append(QPointF(last.dataInputs(i, 0), last.dataOutputs(i)));
        m_layer2->setPoints(tr("data"), outputs, ui::palette().foreground, 7);
    }
    // Pinball: years → hidden value(s) → pace.
    std::vector<std::vector<double>> means, sds;
    QStringList names;
    for (size_t s = 0; s < r.pinball.mean.size(); ++s) {
        means.emplace_back(r.pinball.mean[s].data(), r.pinball.mean[s].data() + r.pinball.mean[s].size());
        sds.emplace_back(r.pinball.sd[s].data(), r.pinball.sd[s].data() + r.pinball.sd[s].size());
        names << (s == 0 ? tr("year") : s + 1 == r.pinball.mean.size() ? tr("pace") : tr("layer %1").arg(s));
    }
    m_pinball->setStages(means, sds, names);

    const emu::DeepGpFitReport& report = r.deepGp.report;
    QString optima;
    for (const emu::OlympicGpOptimum& o : r.gp.optima)
        optima += tr(" ℓ = %1 years (log likelihood %2);").arg(o.lengthscale, 0, 'f', 1).arg(o.logLikelihood, 0, 'f', 2);
    m_fitLabel->setText(tr("GP optima:%1 the best is ℓ = %2. Deep GP: bound %3 (from %4 at the start), %5 s.")
                            .arg(optima)
                            .arg(r.gp.best().lengthscale, 0, 'f', 1)
                            .arg(report.bound, 0, 'f', 2)
                            .arg(report.initialBound, 0, 'f', 2)
                            .arg(report.seconds, 0, 'f', 2));
    drawFits();
    drawTuring();
}

void OlympicMarathonPage::drawFits()
{
    if (!m_results)
        return;
    const emu::BandCurve& gp = m_results->gpBands.at(size_t(chosenOptimumIndex()));
    m_fits->setBand(tr("GP"), toQVector(gp.x), toQVector(gp.mean), toQVector(gp.sd), gpColour());
    const emu::BandCurve& deep = m_results->deepGpBand;
    m_fits->setBand(tr("deep GP"), toQVector(deep.x), toQVector(deep.mean), toQVector(deep.sd),
                    deepGpColour());
    m_fits->setSeriesVisible(tr("GP"), lessonSettings().flag(QStringLiteral("showGp")));
    m_fits->setSeriesVisible(tr("deep GP"), lessonSettings().flag(QStringLiteral("showDeepGp")));
}

void OlympicMarathonPage::askTuring()
{
    if (!m_results)
        return;
    emu::TuringOptions options;
    options.pace = pace();
    options.seed = seed();
    const emu::OlympicGpOptimum gp = chosenOptimum();
    const emu::OlympicDeepGpFit deep = m_results->deepGp;
    jobs()->run(QStringLiteral("olympic-turing"), tr("Answering Turing's question"),
                [gp, deep, options](emu::Progress&) { return emu::turingQuestion(gp, deep, options); },
                [this](emu::TuringAnswer answer) {
                    m_turing = std::move(answer);
                    drawTuring();
                });
}

void OlympicMarathonPage::setTuringPace(double pace)
{
    if (!std::isfinite(pace))
        return;
    lessonSettings().set(QStringLiteral("turingPace"), std::clamp(pace, kMinPace, kMaxPace));
    reportEvent(tutorial_events::kTuringAsked);
}

void OlympicMarathonPage::drawTuring()
{
    if (!m_turing)
        return;
    const emu::TuringAnswer& t = *m_turing;
    m_density->setLine(tr("GP"), toQVector(t.paceGrid), toQVector(t.gpDensity), gpColour());
    m_density->setLine(tr("deep GP"), toQVector(t.paceGrid), toQVector(t.deepGpDensityMomentMatching),
                       deepGpColour());
    m_density->setVerticalMarker(tr("Turing"), t.pace, turingColour());
    m_turingLabel->setText(tr("At %1 min/km, P(Turing wins in %2):<br>GP: <b>%3</b> (predicted %4 ± %5)<br>"
                              "deep GP: <b>%6</b> (Monte Carlo %7 ± %8)")
                               .arg(t.pace, 0, 'f', 3)
                               .arg(int(t.year))
                               .arg(t.gpProbability, 0, 'f', 3)
                               .arg(t.gpMean, 0, 'f', 2)
                               .arg(t.gpSd, 0, 'f', 2)
                               .arg(t.deepGpMomentMatching, 0, 'f', 3)
                               .arg(t.deepGpMonteCarlo, 0, 'f', 3)
                               .arg(t.deepGpMonteCarloError, 0, 'f', 3));
}

bool OlympicMarathonPage::eventFilter(QObject* watched, QEvent* event)
{
    // Dragging on the density chart moves Turing's pace.
    if (watched == m_density->viewport() &&
        (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseMove)) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->buttons() & Qt::LeftButton) {
            setTuringPace(m_density->toValue(mouse->position().toPoint()).x());
            return true;
        }
    }
    return LessonPage::eventFilter(watched, event);
}

QString OlympicMarathonPage::dataCsv() const
{
    QString csv = QStringLiteral("year,gp_mean,gp_sd,deep_gp_mean,deep_gp_sd\n");
    if (!m_results)
        return csv;
    const emu::BandCurve& gp = m_results->gpBands.at(size_t(chosenOptimumIndex()));
    const emu::BandCurve& deep = m_results->deepGpBand;
    for (emu::Index i = 0; i < gp.x.size(); ++i)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(gp.x(i), 0, 'g', 10)
                   .arg(gp.mean(i), 0, 'g', 10)
                   .arg(gp.sd(i), 0, 'g', 10)
                   .arg(deep.mean(i), 0, 'g', 10)
                   .arg(deep.sd(i), 0, 'g', 10);
    return csv;
}

} // namespace ui
