#include "ui/lessons/deep_gp_cascade/deep_gp_cascade_page.h"

#include "engine/core/errors.h"
#include "engine/dgp/deep_gp_prior.h"
#include "engine/gp/kernel_registry.h"
#include "ui/base/palette.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/log_slider.h"
#include "ui/lessons/tutorial_events.h"

#include <QComboBox>
#include <QGridLayout>
#include <QJsonArray>
#include <QLegend>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <numbers>
#include <numeric>

namespace ui {

namespace {

constexpr int kGrid = 300;
constexpr int kMaxLayers = 4;
constexpr double kXMin = -2.0;
constexpr double kXMax = 2.0;

/// Sample s's colour (categorical blue, red, green), looked up when drawn so the theme applies.
const QColor& sampleColour(int s)
{
    constexpr std::size_t kSeries[] = {0, 3, 2};
    return ui::palette().series[kSeries[s]];
}

/// Kernels that have a lengthscale: the ones a cascade layer can use.
QList<QPair<QString, QString>> layerKernels()
{
    return {{"rbf", QObject::tr("RBF")}, {"matern52", QObject::tr("Matérn 5/2")},
            {"matern32", QObject::tr("Matérn 3/2")}, {"matern12", QObject::tr("Matérn 1/2")}};
}

/// A curve of (input, output) pairs sorted by input, so a layer is drawn as a function of its input.
void sortedCurve(const emu::Matrix& input, const emu::Matrix& output, int sample, QVector<double>& xs,
                 QVector<double>& ys)
{
    std::vector<int> order(size_t(input.rows()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return input(a, sample) < input(b, sample); });
    xs.clear();
    ys.clear();
    for (int i : order) {
        xs.append(input(i, sample));
        ys.append(output(i, sample));
    }
}

} // namespace

QStringList DeepGpCascadePage::tutorialEvents()
{
    return {tutorial_events::kLayersChanged};
}

DeepGpCascadePage::DeepGpCascadePage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_layers(new QSpinBox), m_samples(new QSpinBox), m_grid(new QGridLayout),
      m_animate(new QPushButton(tr("Animate"))), m_timer(new QTimer(this))
{
    auto* toolbar = new QToolBar;
    auto* resampleButton = new QPushButton(tr("Resample"));
    resampleButton->setObjectName(QStringLiteral("resampleButton"));
    m_layers->setObjectName(QStringLiteral("layerCount"));
    resampleButton->setShortcut(Qt::Key_R);
    resampleButton->setToolTip(tr("Draw new functions from the same cascade (R)"));
    toolbar->addWidget(resampleButton);
    toolbar->addWidget(new QLabel(tr("  Layers ")));
    m_layers->setRange(1, kMaxLayers);
    m_layers->setValue(3);
    m_layers->setToolTip(tr("How many GPs are composed: 1 is an ordinary GP"));
    toolbar->addWidget(m_layers);
    toolbar->addWidget(new QLabel(tr("  Samples ")));
    m_samples->setRange(1, 3);
    m_samples->setValue(2);
    m_samples->setToolTip(tr("Independent cascades drawn at once"));
    toolbar->addWidget(m_samples);
    toolbar->addSeparator();
    m_animate->setCheckable(true);
    m_animate->setObjectName(QStringLiteral("animateButton"));
    m_animate->setToolTip(tr("Turn every layer's draw smoothly through other draws of the same cascade: "
                             "watch the jumps and plateaus move, appear and vanish"));
    toolbar->addWidget(m_animate);
    m_timer->setInterval(60);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(m_grid, 1);

    connect(resampleButton, &QPushButton::clicked, this, &DeepGpCascadePage::resample);
    connect(m_layers, &QSpinBox::valueChanged, this, &DeepGpCascadePage::rebuildLayers);
    connect(m_samples, &QSpinBox::valueChanged, this, &DeepGpCascadePage::redraw);
    connect(m_animate, &QPushButton::toggled, this, &DeepGpCascadePage::setAnimating);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_phase = 2.0 * std::numbers::pi * double(m_clock.elapsed() % kPeriodMs) / kPeriodMs;
        drawCascade(); // frames of the animation are no layer change for tutorials
    });
    // The opening cascade: three RBF layers, the last one short so the composition jumps.
    rebuildLayers();
}

int DeepGpCascadePage::layers() const
{
    return m_layers->value();
}

void DeepGpCascadePage::setLayers(int layers)
{
    m_layers->setValue(layers);
}

void DeepGpCascadePage::resample()
{
    ++m_seed;
    m_phase = 0.0;
    m_clock.restart();
    redraw();
}

void DeepGpCascadePage::setAnimating(bool on)
{
    if (m_animate->isChecked() != on)
        m_animate->setChecked(on); // toggled() calls back here
    if (on == m_timer->isActive())
        return;
    if (on) {
        m_clock.start();
        m_phase = 0.0;
        m_timer->start();
    } else {
        m_timer->stop();
    }
}

void DeepGpCascadePage::hideEvent(QHideEvent* event)
{
    setAnimating(false);
    LessonPage::hideEvent(event);
}

bool DeepGpCascadePage::isAnimating() const
{
    return m_timer->isActive();
}

bool DeepGpCascadePage::startAnimation()
{
    setAnimating(false);
    setAnimating(true);
    return true;
}

void DeepGpCascadePage::rebuildLayers()
{
    // Keep the controls of layers that stay; add or remove the rest.
    const int wanted = m_layers->value();
    while (int(m_controls.size()) > wanted) {
        LayerControls& c = m_controls.back();
        for (QWidget* w : std::initializer_list<QWidget*>{c.title, c.kernel, c.lengthscale, c.ownInput, c.composed})
            delete w;
        m_controls.pop_back();
    }
    while (int(m_controls.size()) < wanted) {
        const int l = int(m_controls.size());
        LayerControls c;
        c.title = new QLabel(tr("<b>Layer %1</b>").arg(l + 1));
        c.kernel = new QComboBox;
        for (const auto& [id, name] : layerKernels())
            c.kernel->addItem(name, id);
        c.kernel->setToolTip(tr("The covariance of this layer's GP"));
        c.lengthscale = new LogSlider(tr("lengthscale"), 0.05, 5.0);
        c.lengthscale->setValue(l == 0 ? 0.8 : 0.6);
        c.lengthscale->setToolTip(tr("Short: the layer bends quickly; long: it is nearly linear"));
        c.ownInput = new CurveChart(l == 0 ? tr("h%1 against x").arg(l + 1) : tr("h%1 against h%2").arg(l + 1).arg(l));
        c.composed = new CurveChart(tr("h%1 against x").arg(l + 1));
        c.ownInput->setAxisTitles(l == 0 ? QStringLiteral("x") : QStringLiteral("h%1").arg(l), QStringLiteral("h%1").arg(l + 1));
        c.composed->setAxisTitles(QStringLiteral("x"), QStringLiteral("h%1").arg(l + 1));
        c.ownInput->setToolTip(tr("This layer alone, as a function of its own input"));
        c.composed->setToolTip(tr("Everything up to this layer, as a function of x"));
        for (CurveChart* chart : {c.ownInput, c.composed})
            chart->setMinimumHeight(180);
        m_grid->addWidget(c.title, 0, l);
        m_grid->addWidget(c.kernel, 1, l);
        m_grid->addWidget(c.lengthscale, 2, l);
        m_grid->addWidget(c.ownInput, 3, l);
        m_grid->addWidget(c.composed, 4, l);
        m_grid->setColumnStretch(l, 1);
        connect(c.kernel, &QComboBox::currentIndexChanged, this, &DeepGpCascadePage::redraw);
        connect(c.lengthscale, &LogSlider::valueChanged, this, &DeepGpCascadePage::redraw);
        m_controls.push_back(c);
    }
    for (int l = wanted; l < kMaxLayers; ++l)
        m_grid->setColumnStretch(l, 0);
    m_grid->setRowStretch(3, 1);
    m_grid->setRowStretch(4, 1);
    redraw();
}

void DeepGpCascadePage::redraw()
{
    if (drawCascade())
        reportEvent(tutorial_events::kLayersChanged);
}

bool DeepGpCascadePage::drawCascade()
{
    emu::DeepGpPriorSettings settings;
    settings.layers.clear();
    for (const LayerControls& c : m_controls)
        settings.layers.push_back({c.kernel->currentData().toString().toStdString(), 1.0, c.lengthscale->value()});
    settings.samples = m_samples->value();
    settings.seed = m_seed;
    settings.phase = m_phase;
    const emu::Matrix grid = emu::Vector::LinSpaced(kGrid, kXMin, kXMax);
    std::vector<emu::Matrix> draws;
    try {
        draws = emu::sampleDeepGpPrior(grid, settings);
    } catch (const emu::Error& e) {
        emit statusMessage(QString::fromUtf8(e.what()), 6000);
        return false;
    }
    const emu::Matrix xs = grid.replicate(1, settings.samples);
    m_lastDraw.clear();
    for (size_t l = 0; l < draws.size(); ++l) {
        const emu::Matrix& input = l == 0 ? xs : draws[l - 1];
        for (int s = 0; s < kMaxLayers - 1; ++s) {
            QVector<double> ownX, ownY, composedX, composedY;
            if (s < settings.samples) {
                sortedCurve(input, draws[l], s, ownX, ownY);
                sortedCurve(xs, draws[l], s, composedX, composedY);
            }
            const QString name = tr("sample %1").arg(s + 1);
            if (s == 0) {
                m_controls[l].ownInput->setCurve(ownX, ownY);
                m_controls[l].composed->setCurve(composedX, composedY);
                m_controls[l].ownInput->curve()->setPen(QPen(sampleColour(0), 2));
                m_controls[l].composed->curve()->setPen(QPen(sampleColour(0), 2));
            } else {
                m_controls[l].ownInput->setExtraCurve(name, ownX, ownY, sampleColour(s));
                m_controls[l].composed->setExtraCurve(name, composedX, composedY, sampleColour(s));
            }
        }
        // Colours tell the samples apart; a legend would only crowd the small charts.
        m_controls[l].ownInput->chart()->legend()->hide();
        m_controls[l].composed->chart()->legend()->hide();
        m_lastDraw.emplace_back(draws[l].col(0).data(), draws[l].col(0).data() + kGrid);
    }
    m_composition = m_lastDraw.back();
    return true;
}

QString DeepGpCascadePage::dataCsv() const
{
    QString csv = QStringLiteral("x");
    for (size_t l = 0; l < m_lastDraw.size(); ++l)
        csv += QStringLiteral(",h%1").arg(l + 1);
    csv += QLatin1Char('\n');
    const emu::Vector xs = emu::Vector::LinSpaced(kGrid, kXMin, kXMax);
    for (int i = 0; i < kGrid; ++i) {
        csv += QString::number(xs(i), 'g', 17);
        for (const auto& layer : m_lastDraw)
            csv += QLatin1Char(',') + QString::number(layer[size_t(i)], 'g', 17);
        csv += QLatin1Char('\n');
    }
    return csv;
}

QJsonObject DeepGpCascadePage::saveState() const
{
    QJsonArray layers;
    for (const LayerControls& c : m_controls)
        layers.append(QJsonObject{{"kernel", c.kernel->currentData().toString()}, {"lengthscale", c.lengthscale->value()}});
    return QJsonObject{{"layers", layers}, {"samples", m_samples->value()}, {"seed", double(m_seed)}};
}

QString DeepGpCascadePage::restoreState(const QJsonObject& state)
{
    const QJsonArray layers = state.value("layers").toArray();
    if (layers.isEmpty() || layers.size() > kMaxLayers)
        return tr("a cascade has 1 to %1 layers").arg(kMaxLayers);
    for (const QJsonValue& layer : layers) {
        const double lengthscale = layer.toObject().value("lengthscale").toDouble(-1.0);
        if (!(lengthscale > 0.0))
            return tr("every layer needs a positive lengthscale");
        bool known = false;
        for (const auto& [id, name] : layerKernels())
            known = known || id == layer.toObject().value("kernel").toString();
        if (!known)
            return tr("unknown kernel \"%1\"").arg(layer.toObject().value("kernel").toString());
    }
    m_seed = quint64(std::max(0.0, state.value("seed").toDouble(1.0)));
    {
        const QSignalBlocker block(m_layers);
        m_layers->setValue(int(layers.size()));
    }
    rebuildLayers();
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const QJsonObject layer = layers[l].toObject();
        const QSignalBlocker blockKernel(m_controls[size_t(l)].kernel);
        m_controls[size_t(l)].kernel->setCurrentIndex(m_controls[size_t(l)].kernel->findData(layer.value("kernel").toString()));
        m_controls[size_t(l)].lengthscale->setValue(layer.value("lengthscale").toDouble());
    }
    {
        const QSignalBlocker block(m_samples);
        m_samples->setValue(std::clamp(state.value("samples").toInt(2), 1, 3));
    }
    redraw();
    return {};
}

} // namespace ui
