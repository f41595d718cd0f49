#include "ui/lessons/gaussian_processes/gaussian_process_page.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/csv_reader.h"
#include "engine/gp/cholesky.h"
#include "engine/gp/gaussian_process.h"
#include "engine/gp/kernel_registry.h"
#include "ui/base/job_runner.h"
#include "ui/charts/log_slider.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/points_edit_command.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>
#include <numbers>

namespace ui {

namespace {

constexpr double kXMin = -3.0;
constexpr double kXMax = 3.0;
constexpr int kGridSize = 500;        // mean and band
constexpr int kSampleGridSize = 120;  // sample curves: joint samples need a Cholesky of this size
constexpr int kSampleCount = 3;
constexpr double kObservationNoiseSd = 0.1;

/// The hidden functions the user can sample data from.
struct HiddenFunction
{
    const char* id;
    const char* name;
    double (*f)(double);
};

const HiddenFunction kHiddenFunctions[] = {
    {"wave", "Smooth wave", [](double x) { return std::sin(1.6 * x) + 0.4 * std::cos(4.3 * x); }},
    {"step", "Smoothed step", [](double x) { return std::tanh(5.0 * x) - 0.2 * x; }},
    {"periodic", "Periodic", [](double x) { return std::sin(2.0 * M_PI * x / 1.3); }},
};

emu::Matrix gridMatrix(int n)
{
    return emu::Vector::LinSpaced(n, kXMin, kXMax);
}

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

QList<QPointF> pointsFromJson(const QJsonArray& array, QString* error)
{
    QList<QPointF> points;
    for (const QJsonValue& value : array) {
        const QJsonArray pair = value.toArray();
        if (pair.size() != 2 || !pair[0].isDouble() || !pair[1].isDouble()) {
            *error = QObject::tr("a data point is not a pair of numbers");
            return {};
        }
        points.append(QPointF(pair[0].toDouble(), pair[1].toDouble()));
    }
    return points;
}

} // namespace

QStringList GaussianProcessPage::tutorialEvents()
{
    return {tutorial_events::kPointsChanged, tutorial_events::kFitted};
}

GaussianProcessPage::GaussianProcessPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_undo(new QUndoStack(this)), m_chart(new PosteriorChart)
{
    m_chart->setRanges(kXMin, kXMax, -2.5, 2.5);
    m_chart->setAxisTitles(tr("input x"), tr("output f(x)"));
    m_chart->setToolTip(tr("Click to add a point, drag a point to move it, right-click (or Delete) to remove it"));

    m_chart->setObjectName(QStringLiteral("posteriorChart"));
    auto* toolbar = new QToolBar;
    QAction* fit = toolbar->addAction(tr("Fit hyperparameters"), this, &GaussianProcessPage::fitHyperparameters);
    fit->setToolTip(tr("Maximise the log marginal likelihood over the kernel's parameters and the noise"));
    toolbar->widgetForAction(fit)->setObjectName(QStringLiteral("fitButton"));
    toolbar->addAction(tr("Sample 10 points from f"), this, [this] { sampleFromTruth(10); })
        ->setToolTip(tr("Add 10 noisy observations of the hidden function at random inputs"));
    toolbar->addAction(tr("Resample curves"), this, [this] {
        ++m_sampleSeed;
        m_samplePhase = 0.0;
        m_sampleClock.restart();
        updatePosterior();
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
    toolbar->addAction(tr("Clear data"), this, [this] { editPoints(tr("Clear data"), {}); })
        ->setToolTip(tr("Remove every point (undo brings them back)"));

    auto* panel = new QVBoxLayout;
    buildControls(panel);

    auto* body = new QHBoxLayout;
    body->addWidget(m_chart, 1);
    auto* panelWidget = new QWidget;
    panelWidget->setLayout(panel);
    panelWidget->setFixedWidth(250);
    body->addWidget(panelWidget);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(body, 1);
    auto* hint = new QLabel(tr("<b>Click</b> to add a point · <b>drag</b> to move it · <b>right-click</b> to "
                               "remove it · <b>Ctrl+Z</b> undoes"));
    layout->addWidget(hint);

    connect(m_chart, &PosteriorChart::pointAdded, this, [this](double x, double y) {
        editPoints(tr("Add point"), m_points + QList<QPointF>{QPointF(x, y)});
    });
    connect(m_chart, &PosteriorChart::pointRemoved, this, [this](int index) {
        QList<QPointF> after = m_points;
        after.removeAt(index);
        editPoints(tr("Remove point"), after);
    });
    connect(m_chart, &PosteriorChart::pointDragged, this, [this](int index, double x, double y) {
        if (!m_dragging) {
            m_dragging = true;
            m_dragBefore = m_points;
        }
        QList<QPointF> moved = m_points;
        moved[index] = QPointF(x, y);
        setPoints(moved);
    });
    connect(m_chart, &PosteriorChart::pointMoved, this, [this](int, QPointF, QPointF) {
        m_dragging = false;
        m_undo->push(new PointsEditCommand(tr("Move point"), m_dragBefore, m_points,
                                           [this](const QList<QPointF>& p) { setPoints(p); }, true));
    });

    // The opening demo: a handful of noisy observations of the smooth wave.
    rebuildKernel(QStringLiteral("rbf"));
    emu::Rng rng(7);
    QList<QPointF> initial;
    for (double x : {-2.4, -1.7, -0.6, 0.3, 0.9, 2.2})
        initial.append(QPointF(x, truth(x) + kObservationNoiseSd * rng.normal()));
    setPoints(initial);
}

GaussianProcessPage::~GaussianProcessPage() = default;

void GaussianProcessPage::buildControls(QVBoxLayout* panel)
{
    auto* modelBox = new QGroupBox(tr("Model"));
    auto* modelLayout = new QVBoxLayout(modelBox);
    m_kernelCombo = new QComboBox;
    for (const emu::KernelInfo& info : emu::kernelRegistry()) {
        m_kernelCombo->addItem(QString::fromStdString(info.displayName), QString::fromStdString(info.id));
        m_kernelCombo->setItemData(m_kernelCombo->count() - 1, QString::fromStdString(info.description),
                                   Qt::ToolTipRole);
    }
    m_kernelCombo->setObjectName(QStringLiteral("kernelChoice"));
    m_kernelCombo->setToolTip(tr("The covariance function: what kind of functions the GP believes in"));
    modelLayout->addWidget(new QLabel(tr("Kernel")));
    modelLayout->addWidget(m_kernelCombo);
    m_sliderBox = new QVBoxLayout;
    modelLayout->addLayout(m_sliderBox);
    m_likelihoodLabel = new QLabel;
    m_likelihoodLabel->setObjectName(QStringLiteral("likelihood"));
    m_likelihoodLabel->setToolTip(tr("log p(y | X, θ): how well the hyperparameters explain the data. "
                                     "Fitting maximises it."));
    modelLayout->addWidget(m_likelihoodLabel);
    panel->addWidget(modelBox);

    auto* viewBox = new QGroupBox(tr("Show"));
    auto* viewLayout = new QVBoxLayout(viewBox);
    m_samplesCombo = new QComboBox;
    m_samplesCombo->addItem(tr("No sample curves"), QStringLiteral("none"));
    m_samplesCombo->addItem(tr("Samples from the prior"), QStringLiteral("prior"));
    m_samplesCombo->addItem(tr("Samples from the posterior"), QStringLiteral("posterior"));
    m_samplesCombo->setCurrentIndex(2);
    m_samplesCombo->setObjectName(QStringLiteral("samplesChoice"));
    m_samplesCombo->setToolTip(tr("Random functions drawn from the GP before (prior) or after (posterior) "
                                  "seeing the data"));
    viewLayout->addWidget(m_samplesCombo);
    m_showTruth = new QCheckBox(tr("Show the hidden function"));
    m_showTruth->setToolTip(tr("The function the 'Sample' button observes with noise"));
    viewLayout->addWidget(m_showTruth);
    m_truthCombo = new QComboBox;
    for (const HiddenFunction& f : kHiddenFunctions)
        m_truthCombo->addItem(tr(f.name), QString::fromLatin1(f.id));
    m_truthCombo->setToolTip(tr("Which hidden function 'Sample 10 points from f' observes"));
    viewLayout->addWidget(m_truthCombo);
    panel->addWidget(viewBox);
    panel->addStretch(1);

    connect(m_kernelCombo, &QComboBox::currentIndexChanged, this,
            [this] { rebuildKernel(m_kernelCombo->currentData().toString()); });
    connect(m_samplesCombo, &QComboBox::currentIndexChanged, this, &GaussianProcessPage::updatePosterior);
    connect(m_showTruth, &QCheckBox::toggled, this, &GaussianProcessPage::updateTruth);
    connect(m_truthCombo, &QComboBox::currentIndexChanged, this, &GaussianProcessPage::updateTruth);
}

void GaussianProcessPage::rebuildKernel(const QString& kernelId)
{
    jobs()->cancel(QStringLiteral("gp-fit"));
    emu::GpSettings settings;
    // Teaching setting: zero prior mean and raw output units, so the variance slider is the
    // prior's variance and prior samples look like the textbook ones.
    settings.mean = emu::MeanFunction::Zero;
    settings.normalizeOutputs = false;
    settings.noiseVariance = m_gp ? m_gp->noiseVariance() : 0.01;
    auto kernel = emu::makeKernel(kernelId.toStdString(), 1, false);
    if (kernelId == QStringLiteral("rbf") || kernelId.startsWith(QStringLiteral("matern")))
        kernel->setLogParams(emu::Vector::Constant(kernel->paramCount(), 0.0)); // variance 1, lengthscale 1
    m_gp = std::make_unique<emu::GaussianProcess>(std::move(kernel), settings);
    {
        const QSignalBlocker block(m_kernelCombo);
        m_kernelCombo->setCurrentIndex(m_kernelCombo->findData(kernelId));
    }
    rebuildParameterSliders();
    setPoints(m_points);
}

void GaussianProcessPage::rebuildParameterSliders()
{
    for (LogSlider* slider : m_paramSliders)
        delete slider;
    m_paramSliders.clear();
    const std::vector<emu::ParamInfo> info = m_gp->paramInfo();
    const emu::Vector logParams = m_gp->logParams();
    for (size_t j = 0; j < info.size(); ++j) {
        // The sliders span a teaching range inside the optimiser's bounds.
        const double low = std::max(std::exp(info[j].logLower), 1e-4);
        const double high = std::min(std::exp(info[j].logUpper), 100.0);
        auto* slider = new LogSlider(QString::fromStdString(info[j].name), low, high);
        slider->setValue(std::exp(logParams(emu::Index(j))));
        slider->setToolTip(tr("Drag to change %1 (log scale)").arg(QString::fromStdString(info[j].name)));
        connect(slider, &LogSlider::valueChanged, this,
                [this, j, slider, name = QString::fromStdString(info[j].name)](double value) {
            jobs()->cancel(QStringLiteral("gp-fit"));
            emu::Vector p = m_gp->logParams();
            const double previous = std::exp(p(emu::Index(j)));
            p(emu::Index(j)) = std::log(value);
            try {
                m_gp->setLogParams(p);
            } catch (const emu::Error& e) { // the GP keeps its previous values; so does the slider
                slider->setValue(previous);
                emit statusMessage(tr("No usable model with %1 = %2 (%3); the previous model stays.")
                                       .arg(name, QString::number(value, 'g', 3),
                                            QString::fromUtf8(e.what())),
                                   8000);
                return;
            }
            updatePosterior();
        });
        m_sliderBox->addWidget(slider);
        m_paramSliders.push_back(slider);
    }
}

double GaussianProcessPage::truth(double x) const
{
    const int index = m_truthCombo ? std::max(0, m_truthCombo->currentIndex()) : 0;
    return kHiddenFunctions[index].f(x);
}

QString GaussianProcessPage::setPoints(const QList<QPointF>& points)
{
    emu::Matrix X(points.size(), 1);
    emu::Vector y(points.size());
    for (qsizetype i = 0; i < points.size(); ++i) {
        X(i, 0) = points[i].x();
        y(i) = points[i].y();
    }
    try {
        m_gp->setData(X, y);
    } catch (const emu::Error& e) { // the GP keeps its previous data, and so does the page
        const QString problem = tr("No usable model with these points (%1); the previous model stays.")
                                    .arg(QString::fromUtf8(e.what()));
        emit statusMessage(problem, 8000);
        return problem;
    }
    m_points = points;
    m_chart->setData(points);
    updatePosterior();
    reportEvent(tutorial_events::kPointsChanged);
    return {};
}

QString GaussianProcessPage::editPoints(const QString& description, const QList<QPointF>& after)
{
    const QList<QPointF> before = m_points;
    if (const QString problem = setPoints(after); !problem.isEmpty())
        return problem;
    m_undo->push(new PointsEditCommand(description, before, after,
                                       [this](const QList<QPointF>& p) { setPoints(p); }, true));
    return {};
}

void GaussianProcessPage::updatePosterior()
{
    const emu::Matrix grid = gridMatrix(kGridSize);
    const emu::Prediction prediction = m_gp->predict(grid);
    m_chart->setPosterior(toQVector(grid.col(0)), toQVector(prediction.mean),
                          toQVector(prediction.variance.cwiseMax(0.0).cwiseSqrt()));

    updateSamples();
    m_likelihoodLabel->setText(m_points.isEmpty()
                                   ? tr("log marginal likelihood: (no data)")
                                   : tr("log marginal likelihood: <b>%1</b>").arg(m_gp->logMarginalLikelihood(), 0, 'f', 2));
}

void GaussianProcessPage::updateSamples()
{
    const QString samples = m_samplesCombo->currentData().toString();
    if (samples == QStringLiteral("none")) {
        m_chart->setSamples({}, {});
        return;
    }
    const emu::Matrix sampleGrid = gridMatrix(kSampleGridSize);
    emu::Rng rng(m_sampleSeed);
    emu::Matrix Z = rng.normalMatrix(kSampleGridSize, kSampleCount);
    if (m_samplePhase != 0.0) {
        emu::Rng turn(m_sampleSeed ^ 0x5bd1e995ULL);
        Z = emu::greatCircleNormals(Z, turn.normalMatrix(kSampleGridSize, kSampleCount), m_samplePhase);
    }
    const emu::Matrix draws = samples == QStringLiteral("prior") ? m_gp->samplePrior(sampleGrid, Z)
                                                                  : m_gp->samplePosterior(sampleGrid, Z);
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
    if (m_samplesCombo->currentData().toString() == QStringLiteral("none"))
        m_samplesCombo->setCurrentIndex(m_samplesCombo->findData(QStringLiteral("posterior")));
    setAnimatingSamples(false);
    setAnimatingSamples(true);
    updateSamples();
    return true;
}

void GaussianProcessPage::updateTruth()
{
    if (!m_showTruth->isChecked()) {
        m_chart->setTruth({}, {});
        return;
    }
    const emu::Vector xs = emu::Vector::LinSpaced(kGridSize, kXMin, kXMax);
    QVector<double> ys(kGridSize);
    for (int i = 0; i < kGridSize; ++i)
        ys[i] = truth(xs(i));
    m_chart->setTruth(toQVector(xs), ys);
}

void GaussianProcessPage::sampleFromTruth(int count)
{
    emu::Rng rng(m_sampleSeed * 7919 + quint64(m_points.size()));
    QList<QPointF> after = m_points;
    for (int i = 0; i < count; ++i) {
        const double x = rng.uniform(kXMin, kXMax);
        after.append(QPointF(x, truth(x) + kObservationNoiseSd * rng.normal()));
    }
    editPoints(tr("Sample %1 points").arg(count), after);
}

void GaussianProcessPage::fitHyperparameters()
{
    if (m_points.isEmpty()) {
        emit statusMessage(tr("Add some data first: there is nothing to fit."), 3000);
        return;
    }
    auto gp = std::make_shared<emu::GaussianProcess>(*m_gp);
    jobs()->run(QStringLiteral("gp-fit"), tr("Fitting hyperparameters"),
                [gp](emu::Progress& progress) {
                    emu::FitOptions options;
                    options.restarts = 5;
                    options.seed = 1;
                    const emu::FitReport report = gp->fit(options, progress);
                    return std::make_pair(gp->logParams(), report);
                },
                [this](std::pair<emu::Vector, emu::FitReport> result) {
                    m_gp->setLogParams(result.first);
                    for (size_t j = 0; j < m_paramSliders.size(); ++j)
                        m_paramSliders[j]->setValue(std::exp(result.first(emu::Index(j))));
                    updatePosterior();
                    reportEvent(tutorial_events::kFitted);
                    emit statusMessage(tr("Fitted: log marginal likelihood %1 (%2 optimiser iterations, %3 ms)")
                                           .arg(result.second.logLikelihood, 0, 'f', 2)
                                           .arg(result.second.iterations)
                                           .arg(result.second.seconds * 1000.0, 0, 'f', 1),
                                       5000);
                });
}

double GaussianProcessPage::posteriorMean(double x) const
{
    emu::Matrix point(1, 1);
    point(0, 0) = x;
    return m_gp->predict(point).mean(0);
}

double GaussianProcessPage::logMarginalLikelihood() const
{
    return m_gp->logMarginalLikelihood();
}

QWidget* GaussianProcessPage::figure()
{
    return m_chart;
}

QString GaussianProcessPage::dataCsv() const
{
    QString csv = QStringLiteral("x,y\n");
    for (const QPointF& p : m_points)
        csv += QStringLiteral("%1,%2\n").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17);
    return csv;
}

QString GaussianProcessPage::importCsv(const QString& csvText, const QString& sourceName)
{
    try {
        const emu::RegressionData data =
            emu::toRegressionData(emu::parseCsv(csvText.toStdString(), sourceName.toStdString()), sourceName.toStdString());
        if (data.X.cols() != 1)
            return tr("%1 has %2 input columns; this lesson is one-dimensional (one input column, then the output).")
                .arg(sourceName)
                .arg(data.X.cols());
        QList<QPointF> points;
        for (emu::Index i = 0; i < data.X.rows(); ++i)
            points.append(QPointF(data.X(i, 0), data.y(i)));
        if (const QString problem = editPoints(tr("Import %1").arg(sourceName), points); !problem.isEmpty())
            return tr("%1: %2").arg(sourceName, problem);
        emit statusMessage(tr("Imported %1 points from %2").arg(points.size()).arg(sourceName), 4000);
        return {};
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
}

QJsonObject GaussianProcessPage::saveState() const
{
    QJsonArray points;
    for (const QPointF& p : m_points)
        points.append(QJsonArray{p.x(), p.y()});
    QJsonArray params;
    const emu::Vector logParams = m_gp->logParams();
    for (emu::Index j = 0; j < logParams.size(); ++j)
        params.append(logParams(j));
    return QJsonObject{{"points", points},
                       {"kernel", m_kernelCombo->currentData().toString()},
                       {"logParams", params},
                       {"samples", m_samplesCombo->currentData().toString()},
                       {"showTruth", m_showTruth->isChecked()},
                       {"truth", m_truthCombo->currentData().toString()}};
}

QString GaussianProcessPage::restoreState(const QJsonObject& state)
{
    // Validate everything before changing anything: a bad file must leave the page as it was.
    QString error;
    const QList<QPointF> points = pointsFromJson(state.value("points").toArray(), &error);
    if (!error.isEmpty())
        return error;
    for (const QPointF& p : points)
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
            return tr("a data point is not finite");
    const QString kernelId = state.value("kernel").toString();
    if (!emu::kernelRegistry().find(kernelId.toStdString()))
        return tr("unknown kernel \"%1\"").arg(kernelId);
    const QJsonArray params = state.value("logParams").toArray();
    emu::Vector logParams(params.size());
    for (qsizetype j = 0; j < params.size(); ++j)
        logParams(j) = params[j].toDouble(std::nan(""));
    const emu::Index expected = emu::makeKernel(kernelId.toStdString(), 1, false)->paramCount() + 1; // + noise
    if (logParams.size() != expected || !logParams.allFinite())
        return tr("the hyperparameters do not match the kernel \"%1\"").arg(kernelId);
    const int samplesIndex = m_samplesCombo->findData(state.value("samples").toString());
    const int truthIndex = m_truthCombo->findData(state.value("truth").toString());

    // Past this point a refusal leaves the page half restored; the main window then restores
    // the state it had before the session was opened.
    rebuildKernel(kernelId);
    try {
        m_gp->setLogParams(logParams);
    } catch (const emu::Error& e) {
        return tr("no usable model with these hyperparameters (%1)").arg(QString::fromUtf8(e.what()));
    }
    for (size_t j = 0; j < m_paramSliders.size(); ++j)
        m_paramSliders[j]->setValue(std::exp(logParams(emu::Index(j))));
    m_samplesCombo->setCurrentIndex(samplesIndex >= 0 ? samplesIndex : 2);
    m_truthCombo->setCurrentIndex(std::max(0, truthIndex));
    m_showTruth->setChecked(state.value("showTruth").toBool());
    m_undo->clear();
    return setPoints(points);
}

} // namespace ui
