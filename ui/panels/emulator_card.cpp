#include "ui/panels/emulator_card.h"

#include "engine/core/errors.h"
#include "engine/sandbox/sandbox_runs.h"
#include "ui/charts/log_slider.h"
#include "ui/charts/posterior_chart.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

} // namespace

EmulatorCard::EmulatorCard(const emu::InputOutputEmulator& emulator, const QString& inputName,
                           const QString& outputName, QWidget* parent)
    : QFrame(parent), m_emulator(emulator), m_inputName(inputName), m_outputName(outputName),
      m_current((emulator.lower() + emulator.upper()) / 2), m_chart(new PosteriorChart),
      m_variance(new LogSlider(tr("variance"), 1e-3, 1e2)),
      m_lengthscale(new LogSlider(tr("lengthscale"), (emulator.upper() - emulator.lower()) * 1e-3,
                                  (emulator.upper() - emulator.lower()) * 5)),
      m_noise(new LogSlider(tr("noise"), 1e-6, 10.0)), m_fit(new QPushButton(tr("Fit"))), m_slope(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title().toHtmlEscaped()));
    auto* clear = new QPushButton(tr("Remove data"));
    auto* remove = new QPushButton(QStringLiteral("✕"));
    remove->setFixedWidth(32);
    m_fit->setToolTip(tr("Fit variance, lengthscale and noise by maximum likelihood"));
    clear->setToolTip(tr("Forget the runs so far; later runs still come in"));
    remove->setToolTip(tr("Remove this emulator"));
    m_chart->setPointsEditable(false);
    m_chart->setAxisTitles(inputName, outputName);
    m_chart->setRanges(emulator.lower(), emulator.upper(), 0.0, 0.0);
    m_chart->setMinimumHeight(220);
    m_chart->setToolTip(tr("Click to run the simulator at this %1 (the other inputs as they are)").arg(inputName));
    m_slope->setWordWrap(true);
    m_variance->setToolTip(tr("Kernel variance, in units of the output's variance"));
    m_lengthscale->setToolTip(tr("How far in %1 the output stays correlated").arg(inputName));
    m_noise->setToolTip(tr("Noise variance: what the other inputs and the simulator's noise add"));
    auto* top = new QHBoxLayout;
    top->addWidget(heading, 1);
    top->addWidget(m_fit);
    top->addWidget(clear);
    top->addWidget(remove);
    auto* sliders = new QHBoxLayout;
    sliders->addWidget(m_variance);
    sliders->addWidget(m_lengthscale);
    sliders->addWidget(m_noise);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(top);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_slope);
    layout->addLayout(sliders);

    for (LogSlider* slider : {m_variance, m_lengthscale, m_noise})
        connect(slider, &LogSlider::valueChanged, this, &EmulatorCard::setFromSliders);
    connect(m_chart, &PosteriorChart::pointAdded, this, [this](double x, double) {
        if (!m_running)
            emit runRequested(int(m_emulator.input()), x);
    });
    connect(m_fit, &QPushButton::clicked, this, &EmulatorCard::fitRequested);
    connect(clear, &QPushButton::clicked, this, &EmulatorCard::clearRequested);
    connect(remove, &QPushButton::clicked, this, &EmulatorCard::removeRequested);
    redraw();
}

QString EmulatorCard::title() const
{
    return tr("%1 against %2").arg(m_outputName, m_inputName);
}

void EmulatorCard::setEmulator(const emu::InputOutputEmulator& emulator)
{
    m_emulator = emulator;
    redraw();
}

void EmulatorCard::setRuns(const emu::SandboxRuns& runs)
{
    const emu::Index first = std::min<emu::Index>(m_firstRun, runs.size());
    m_emulator.setData(runs.X.bottomRows(runs.size() - first), runs.Y.bottomRows(runs.size() - first));
    redraw();
}

void EmulatorCard::setCurrentInput(double x)
{
    m_current = x;
    drawTangent(); // the model is unchanged: only the tangent moves
}

void EmulatorCard::setRunning(bool running)
{
    m_running = running;
    m_fit->setEnabled(!running);
}

void EmulatorCard::setFromSliders()
{
    try {
        m_emulator.setHyperparameters({m_variance->value(), m_lengthscale->value(), m_noise->value()});
    } catch (const emu::Error& e) { // the GP cannot factorise these values: keep the last ones
        m_slope->setText(tr("These values give no usable model: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    redraw();
}

void EmulatorCard::redraw()
{
    const emu::InputOutputEmulator::Hyperparameters h = m_emulator.hyperparameters();
    m_variance->setValue(h.variance);
    m_lengthscale->setValue(h.lengthscale);
    m_noise->setValue(h.noise);

    const emu::InputOutputEmulator::Curve curve = m_emulator.curve(120);
    m_chart->setPosterior(toQVector(curve.x), toQVector(curve.mean), toQVector(curve.sd));
    QList<QPointF> points;
    for (emu::Index i = 0; i < m_emulator.size(); ++i)
        points.append(QPointF(m_emulator.inputs()(i), m_emulator.outputs()(i)));
    m_chart->setData(points);

    drawTangent();
}

void EmulatorCard::drawTangent()
{
    const emu::InputOutputEmulator::Tangent t = m_emulator.tangent(m_current);
    const double halfWidth = (m_emulator.upper() - m_emulator.lower()) * 0.12;
    m_chart->setGuideLine({QPointF(t.x - halfWidth, t.value - t.slope * halfWidth),
                           QPointF(t.x + halfWidth, t.value + t.slope * halfWidth)},
                          tr("tangent"));
    m_slope->setText(m_emulator.size() == 0
                         ? tr("No runs yet: click the chart to run the simulator.")
                         : tr("At %1 = %2: %3 ≈ %4, changing by %5 per unit of %1 (the local sensitivity).")
                               .arg(m_inputName)
                               .arg(t.x, 0, 'g', 4)
                               .arg(m_outputName)
                               .arg(t.value, 0, 'g', 4)
                               .arg(t.slope, 0, 'g', 3));
}

} // namespace ui
