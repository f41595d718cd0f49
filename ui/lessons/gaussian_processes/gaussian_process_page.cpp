#include "ui/lessons/gaussian_processes/gaussian_process_page.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "ui/base/job_runner.h"
#include "ui/charts/log_slider.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/gaussian_processes/gp_lesson_model.h"
#include "ui/lessons/tutorial_events.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QPushButton>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>
#include <numbers>

namespace ui {

namespace {

/// The likelihood with two decimals, as a student compares fits, up to a million, and six
/// significant digits beyond; from ten thousand on on its own line, as the column is narrow.
QString likelihoodText(double value)
{
    const QString number = std::abs(value) < 1e6 ? QString::number(value, 'f', 2) : QString::number(value, 'g', 6);
    return QObject::tr("log marginal likelihood:%1<b>%2</b>")
        .arg(std::abs(value) < 1e4 ? QStringLiteral(" ") : QStringLiteral("<br>"), number);
}

/// A warning when the posterior mean swings far outside the data to pass through them: points
/// close together with different values and too little noise make k(X, X) + σ²I nearly
/// singular, and its solve turns small differences into huge excursions. "Far" is five times
/// the larger of the data's range and the band's width (the band ≈ the prior away from data),
/// beyond the data: a smooth GP overshoots a little, never this much. Empty when all is well.
QString swingWarning(const emu::Vector& mean, const emu::Vector& sd, const QList<QPointF>& points,
                     double noiseVariance)
{
    if (points.size() < 2)
        return {};
    double low = points.first().y(), high = low;
    for (const QPointF& p : points) {
        low = std::min(low, p.y());
        high = std::max(high, p.y());
    }
    const double scale = std::max(high - low, 2.0 * sd.maxCoeff());
    const double swing = std::max(mean.maxCoeff() - high, low - mean.minCoeff());
    if (!(swing > 5.0 * scale) && std::isfinite(swing))
        return {};
    return QObject::tr("⚠ <b>Ill-conditioned:</b> the mean swings to %1 to pass through points that are close "
                       "together with different values, as the noise variance (%2) says they are almost exact. "
                       "Raise the noise, shorten the lengthscale, or press Fit.")
        .arg(QString::number(std::abs(mean.maxCoeff()) > std::abs(mean.minCoeff()) ? mean.maxCoeff() : mean.minCoeff(), 'g', 3))
        .arg(QString::number(noiseVariance, 'g', 2));
}

constexpr int kGridSize = 500;        // mean and band
constexpr int kSampleGridSize = 300;  // sample curves: as smooth as the mean to the eye; a Cholesky of this size per edit
constexpr int kSampleCount = 3;
const QString kFitJob = QStringLiteral("gp-fit");

emu::Matrix gridMatrix(int n)
{
    return emu::Vector::LinSpaced(n, GpLessonModel::xMin, GpLessonModel::xMax);
}

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

} // namespace

QStringList GaussianProcessPage::tutorialEvents()
{
    return {tutorial_events::kPointsChanged, tutorial_events::kFitted};
}

GaussianProcessPage::GaussianProcessPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_model(new GpLessonModel(this)), m_chart(new PosteriorChart)
{
    m_chart->setRanges(GpLessonModel::xMin, GpLessonModel::xMax, -2.5, 2.5);
    m_chart->setAxisTitles(tr("input x"), tr("output f(x)"));
    m_chart->setToolTip(tr("Click to add a point, drag a point to move it, right-click (or Delete) to remove it"));

    m_chart->setObjectName(QStringLiteral("posteriorChart"));
    auto* toolbar = new QToolBar;
    QAction* fit = toolbar->addAction(tr("Fit hyperparameters"), this, &GaussianProcessPage::fitHyperparameters);
    fit->setToolTip(tr("Maximise the log marginal likelihood over the kernel's parameters and the noise"));
    toolbar->widgetForAction(fit)->setObjectName(QStringLiteral("fitButton"));
    toolbar->addAction(tr("Sample 10 points from f"), this, [this] {
        m_model->sampleFromTruth(10);
        m_chart->rescaleY();
    })
        ->setToolTip(tr("Add 10 noisy observations of the hidden function at random inputs"));
    toolbar->addAction(tr("Resample curves"), this, [this] {
        m_samplePhase = 0.0;
        m_sampleClock.restart();
        m_model->resample();
    })->setToolTip(tr("Draw new sample curves"));
    m_animateSamples = toolbar->addAction(tr("Animate samples"), this, &GaussianProcessPage::setAnimatingSamples);
    m_animateSamples->setCheckable(true);
    m_animateSamples->setToolTip(tr("Move the sample curves smoothly through other samples of the same GP: "
                                    "every picture is a sample, and the curves return after 5 s"));
    toolbar->widgetForAction(m_animateSamples)->setObjectName(QStringLiteral("animateSamples"));
    m_sampleTimer = new QTimer(this);
    m_sampleTimer->setInterval(40);
    connect(m_sampleTimer, &QTimer::timeout, this, [this] {
        m_samplePhase = 2.0 * std::numbers::pi * double(m_sampleClock.elapsed() % kSamplePeriodMs) / kSamplePeriodMs;
        updateSamples();
    });
    toolbar->addAction(tr("Clear data"), this, [this] {
        m_model->editPoints(tr("Clear data"), {});
        m_chart->rescaleY();
    })
        ->setToolTip(tr("Remove every point (undo brings them back)"));

    auto* panel = new QVBoxLayout;
    buildControls(panel);

    QVBoxLayout* layout = layOutPage(toolbar, m_chart, panel, 250);
    auto* hint = new QLabel(tr("<b>Click</b> to add a point · <b>drag</b> to move it · <b>right-click</b> to "
                               "remove it · <b>Ctrl+Z</b> undoes"));
    layout->addWidget(hint);

    // While the user edits the data by hand the y axis stays still, so that a click lands where
    // it was aimed; it follows the curves again on Fit, Clear, a new kernel or hyperparameters.
    connect(m_chart, &PosteriorChart::pointAdded, m_chart, &PosteriorChart::holdYRange);
    connect(m_chart, &PosteriorChart::pointDragged, m_chart, &PosteriorChart::holdYRange);
    connect(m_chart, &PosteriorChart::pointRemoved, m_chart, &PosteriorChart::holdYRange);
    connect(m_chart, &PosteriorChart::pointAdded, this, [this](double x, double y) {
        m_model->editPoints(tr("Add point"), m_model->points() + QList<QPointF>{QPointF(x, y)});
    });
    connect(m_chart, &PosteriorChart::pointRemoved, this, [this](int index) {
        QList<QPointF> after = m_model->points();
        after.removeAt(index);
        m_model->editPoints(tr("Remove point"), after);
    });
    connect(m_chart, &PosteriorChart::pointDragged, this, [this](int index, double x, double y) {
        if (!m_dragging) {
            m_dragging = true;
            m_dragBefore = m_model->points();
        }
        QList<QPointF> moved = m_model->points();
        moved[index] = QPointF(x, y);
        m_model->setPoints(moved);
    });
    connect(m_chart, &PosteriorChart::pointMoved, this, [this](int, QPointF, QPointF) {
        m_dragging = false;
        m_model->recordEdit(tr("Move point"), m_dragBefore);
    });

    // The page draws whatever the model holds, however it changed (edits, undo, sessions).
    connect(m_model, &GpLessonModel::pointsChanged, this, [this] {
        showPoints();
        reportEvent(tutorial_events::kPointsChanged);
    });
    connect(m_model, &GpLessonModel::kernelChanged, this, &GaussianProcessPage::rebuildParameterSliders);
    connect(m_model, &GpLessonModel::hyperparametersChanged, this, &GaussianProcessPage::showHyperparameters);
    connect(m_model, &GpLessonModel::viewChanged, this, [this] {
        m_sampleJoint.reset();
        showViewChoices();
        updateSamples();
        updateTruth();
    });
    connect(m_model, &GpLessonModel::refused, this,
            [this](const QString& message) { emit statusMessage(message, 8000); });
    rebuildParameterSliders();
    showHyperparameters();
    showPoints();
    showViewChoices();
}

GaussianProcessPage::~GaussianProcessPage() = default;

void GaussianProcessPage::buildControls(QVBoxLayout* panel)
{
    auto* modelBox = new QGroupBox(tr("Model"));
    auto* modelLayout = new QVBoxLayout(modelBox);
    m_kernelCombo = new QComboBox;
    m_secondKernelCombo = new QComboBox;
    for (QComboBox* combo : {m_kernelCombo, m_secondKernelCombo})
        for (const emu::KernelInfo& info : emu::kernelRegistry()) {
            combo->addItem(QString::fromStdString(info.displayName), QString::fromStdString(info.id));
            combo->setItemData(combo->count() - 1, QString::fromStdString(info.description), Qt::ToolTipRole);
        }
    m_secondKernelCombo->setCurrentIndex(m_secondKernelCombo->findData(QStringLiteral("periodic")));
    m_combineCombo = new QComboBox;
    m_combineCombo->addItem(tr("alone"), QString());
    m_combineCombo->addItem(tr("+"), QStringLiteral("+"));
    m_combineCombo->addItem(tr("×"), QStringLiteral("*"));
    m_kernelCombo->setObjectName(QStringLiteral("kernelChoice"));
    m_combineCombo->setObjectName(QStringLiteral("kernelCombination"));
    m_secondKernelCombo->setObjectName(QStringLiteral("secondKernelChoice"));
    m_kernelCombo->setToolTip(tr("The covariance function: what kind of functions the GP believes in"));
    m_combineCombo->setToolTip(tr("Compose kernels: a sum believes in functions that are the sum of both kinds "
                                  "(a trend plus a repeating pattern); a product in one kind modulated by the "
                                  "other (a pattern that grows)"));
    m_secondKernelCombo->setToolTip(tr("The kernel added to or multiplied with the first"));
    auto* combination = new QHBoxLayout;
    combination->addWidget(m_combineCombo);
    combination->addWidget(m_secondKernelCombo, 1);
    modelLayout->addWidget(new QLabel(tr("Kernel")));
    modelLayout->addWidget(m_kernelCombo);
    modelLayout->addLayout(combination);
    m_sliderBox = new QVBoxLayout;
    modelLayout->addLayout(m_sliderBox);
    m_likelihoodLabel = new QLabel;
    m_likelihoodLabel->setObjectName(QStringLiteral("likelihood"));
    m_likelihoodLabel->setToolTip(tr("log p(y | X, θ): how well the hyperparameters explain the data. "
                                     "Fitting maximises it."));
    modelLayout->addWidget(m_likelihoodLabel);
    m_conditionLabel = new QLabel;
    m_conditionLabel->setObjectName(QStringLiteral("conditionWarning"));
    m_conditionLabel->setWordWrap(true);
    m_conditionLabel->setVisible(false);
    modelLayout->addWidget(m_conditionLabel);
    panel->addWidget(modelBox);

    auto* viewBox = new QGroupBox(tr("Show"));
    auto* viewLayout = new QVBoxLayout(viewBox);
    m_samplesCombo = new QComboBox;
    m_samplesCombo->addItem(tr("No sample curves"), QStringLiteral("none"));
    m_samplesCombo->addItem(tr("Samples from the prior"), QStringLiteral("prior"));
    m_samplesCombo->addItem(tr("Samples from the posterior"), QStringLiteral("posterior"));
    m_samplesCombo->setObjectName(QStringLiteral("samplesChoice"));
    m_samplesCombo->setToolTip(tr("Random functions drawn from the GP before (prior) or after (posterior) "
                                  "seeing the data"));
    viewLayout->addWidget(m_samplesCombo);
    m_showTruth = new QCheckBox(tr("Show the hidden function"));
    m_showTruth->setToolTip(tr("The function the 'Sample' button observes with noise"));
    viewLayout->addWidget(m_showTruth);
    m_truthCombo = new QComboBox;
    for (const auto& [id, name] : GpLessonModel::hiddenFunctions())
        m_truthCombo->addItem(name, id);
    m_truthCombo->setToolTip(tr("Which hidden function 'Sample 10 points from f' observes"));
    viewLayout->addWidget(m_truthCombo);
    panel->addWidget(viewBox);
    panel->addStretch(1);

    for (QComboBox* combo : {m_kernelCombo, m_combineCombo, m_secondKernelCombo})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            jobs()->cancel(kFitJob);
            if (!m_model->setKernel(chosenKernel()).isEmpty())
                showKernelChoice(); // refused: the combos show the kernel kept
        });
    connect(m_samplesCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setSamples(m_samplesCombo->currentData().toString()); });
    connect(m_showTruth, &QCheckBox::toggled, m_model, &GpLessonModel::setShowTruth);
    connect(m_truthCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setTruthId(m_truthCombo->currentData().toString()); });
}

void GaussianProcessPage::showViewChoices()
{
    const QSignalBlocker blockSamples(m_samplesCombo);
    const QSignalBlocker blockTruth(m_truthCombo);
    const QSignalBlocker blockShow(m_showTruth);
    m_samplesCombo->setCurrentIndex(m_samplesCombo->findData(m_model->samples()));
    m_truthCombo->setCurrentIndex(m_truthCombo->findData(m_model->truthId()));
    m_showTruth->setChecked(m_model->showTruth());
}

QString GaussianProcessPage::chosenKernel() const
{
    const QString combination = m_combineCombo->currentData().toString();
    return combination.isEmpty() ? m_kernelCombo->currentData().toString()
                                 : m_kernelCombo->currentData().toString() + combination +
                                       m_secondKernelCombo->currentData().toString();
}

void GaussianProcessPage::showKernelChoice()
{
    // The page composes two kernels at most: "first", "first+second" or "first*second".
    const QString id = m_model->kernelId();
    const qsizetype at = id.indexOf(QRegularExpression(QStringLiteral("[+*]")));
    const QSignalBlocker blockFirst(m_kernelCombo);
    const QSignalBlocker blockCombination(m_combineCombo);
    const QSignalBlocker blockSecond(m_secondKernelCombo);
    m_kernelCombo->setCurrentIndex(m_kernelCombo->findData(id.left(at < 0 ? id.size() : at)));
    m_combineCombo->setCurrentIndex(at < 0 ? 0 : m_combineCombo->findData(id.mid(at, 1)));
    if (at >= 0)
        m_secondKernelCombo->setCurrentIndex(m_secondKernelCombo->findData(id.mid(at + 1)));
    m_secondKernelCombo->setEnabled(at >= 0);
}

void GaussianProcessPage::rebuildParameterSliders()
{
    showKernelChoice();
    for (LogSlider* slider : m_paramSliders)
        delete slider;
    m_paramSliders.clear();
    const std::vector<emu::ParamInfo> info = m_model->gp().paramInfo();
    for (size_t j = 0; j < info.size(); ++j) {
        // The sliders span a teaching range inside the optimiser's bounds.
        const double low = std::max(std::exp(info[j].logLower), 1e-4);
        const double high = std::min(std::exp(info[j].logUpper), 100.0);
        auto* slider = new LogSlider(QString::fromStdString(info[j].name), low, high);
        slider->setToolTip(tr("Drag to change %1 (log scale)").arg(QString::fromStdString(info[j].name)));
        connect(slider, &LogSlider::valueChanged, this, [this, j](double value) {
            jobs()->cancel(kFitJob);
            emu::Vector p = m_model->gp().logParams();
            p(emu::Index(j)) = std::log(value);
            if (!m_model->setLogParams(p).isEmpty())
                showHyperparameters(); // refused: the slider goes back to the value kept
        });
        m_sliderBox->addWidget(slider);
        m_paramSliders.push_back(slider);
    }
}

void GaussianProcessPage::showHyperparameters()
{
    m_chart->rescaleY();
    const emu::Vector logParams = m_model->gp().logParams();
    for (size_t j = 0; j < m_paramSliders.size(); ++j) {
        const QSignalBlocker block(m_paramSliders[j]);
        m_paramSliders[j]->setValue(std::exp(logParams(emu::Index(j))));
    }
    updatePosterior();
}

void GaussianProcessPage::showPoints()
{
    m_chart->setData(m_model->points());
    updatePosterior();
}

void GaussianProcessPage::updatePosterior()
{
    m_sampleJoint.reset();
    const emu::Matrix grid = gridMatrix(kGridSize);
    const emu::Prediction prediction = m_model->gp().predict(grid);
    const emu::Vector sd = prediction.variance.cwiseMax(0.0).cwiseSqrt();
    m_chart->setPosterior(toQVector(grid.col(0)), toQVector(prediction.mean), toQVector(sd));
    const QString warning = swingWarning(prediction.mean, sd, m_model->points(), m_model->gp().noiseVariance());
    m_conditionLabel->setText(warning);
    m_conditionLabel->setVisible(!warning.isEmpty());

    updateSamples();
    m_likelihoodLabel->setText(
        m_model->points().isEmpty()
            ? tr("log marginal likelihood: (no data)")
            : likelihoodText(m_model->logMarginalLikelihood()));
}

void GaussianProcessPage::updateSamples()
{
    const QString samples = m_model->samples();
    if (samples == QStringLiteral("none")) {
        m_chart->setSamples({}, {});
        return;
    }
    const emu::Matrix sampleGrid = gridMatrix(kSampleGridSize);
    emu::Rng rng(m_model->sampleSeed());
    emu::Matrix Z = rng.normalMatrix(kSampleGridSize, kSampleCount);
    if (m_samplePhase != 0.0) {
        emu::Rng turn(m_model->sampleSeed() ^ 0x5bd1e995ULL);
        Z = emu::greatCircleNormals(Z, turn.normalMatrix(kSampleGridSize, kSampleCount), m_samplePhase);
    }
    if (!m_sampleJoint) {
        const emu::GaussianProcess& gp = m_model->gp();
        m_sampleJoint = samples == QStringLiteral("prior") ? gp.priorAt(sampleGrid) : gp.posteriorAt(sampleGrid);
    }
    const emu::Matrix draws = m_sampleJoint->sample(Z);
    std::vector<QVector<double>> curves;
    for (emu::Index c = 0; c < draws.cols(); ++c)
        curves.push_back(toQVector(draws.col(c)));
    m_chart->setSamples(toQVector(sampleGrid.col(0)), curves);
}

void GaussianProcessPage::setAnimatingSamples(bool on)
{
    m_animateSamples->setChecked(on); // the button follows (only its triggered signal is connected)
    if (on == m_sampleTimer->isActive())
        return;
    if (on) {
        m_samplePhase = 0.0;
        m_sampleClock.start();
        m_sampleTimer->start();
    } else {
        m_sampleTimer->stop();
    }
}

void GaussianProcessPage::hideEvent(QHideEvent* event)
{
    setAnimatingSamples(false);
    LessonPage::hideEvent(event);
}

bool GaussianProcessPage::isAnimatingSamples() const
{
    return m_sampleTimer->isActive();
}

bool GaussianProcessPage::startAnimation()
{
    if (m_model->samples() == QStringLiteral("none"))
        m_model->setSamples(QStringLiteral("posterior"));
    setAnimatingSamples(false);
    setAnimatingSamples(true);
    updateSamples();
    return true;
}

void GaussianProcessPage::updateTruth()
{
    if (!m_model->showTruth()) {
        m_chart->setTruth({}, {});
        return;
    }
    const emu::Vector xs = gridMatrix(kGridSize).col(0);
    QVector<double> ys(kGridSize);
    for (int i = 0; i < kGridSize; ++i)
        ys[i] = m_model->truth(xs(i));
    m_chart->setTruth(toQVector(xs), ys);
}

void GaussianProcessPage::fitHyperparameters()
{
    if (m_model->points().isEmpty()) {
        emit statusMessage(tr("Add some data first: there is nothing to fit."), 3000);
        return;
    }
    auto gp = std::make_shared<emu::GaussianProcess>(m_model->gp());
    jobs()->run(kFitJob, tr("Fitting hyperparameters"),
                [gp](emu::Progress& progress) {
                    emu::FitOptions options;
                    options.restarts = 5;
                    options.seed = 1;
                    const emu::FitReport report = gp->fit(options, progress);
                    return std::make_pair(gp->logParams(), report);
                },
                [this](std::pair<emu::Vector, emu::FitReport> result) {
                    if (!m_model->setLogParams(result.first).isEmpty())
                        return;
                    reportEvent(tutorial_events::kFitted);
                    emit statusMessage(tr("Fitted: log marginal likelihood %1 (%2 optimiser iterations, %3 ms)")
                                           .arg(result.second.logLikelihood, 0, 'f', 2)
                                           .arg(result.second.iterations)
                                           .arg(result.second.seconds * 1000.0, 0, 'f', 1),
                                       5000);
                });
}

QUndoStack* GaussianProcessPage::undoStack()
{
    return m_model->undoStack();
}

QWidget* GaussianProcessPage::figure()
{
    return m_chart;
}

QString GaussianProcessPage::dataCsv() const
{
    return m_model->dataCsv();
}

QString GaussianProcessPage::importCsv(const QString& csvText, const QString& sourceName)
{
    const QString error = m_model->importCsv(csvText, sourceName);
    if (error.isEmpty()) {
        m_chart->rescaleY();
        emit statusMessage(tr("Imported %1 points from %2").arg(m_model->points().size()).arg(sourceName), 4000);
    }
    return error;
}

QJsonObject GaussianProcessPage::saveState() const
{
    return m_model->saveState();
}

QString GaussianProcessPage::restoreState(const QJsonObject& state)
{
    jobs()->cancel(kFitJob);
    return m_model->restoreState(state);
}

} // namespace ui
