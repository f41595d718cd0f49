#include "ui/panels/bo_controls.h"

#include "engine/bo/acquisition_registry.h"
#include "ui/charts/curve_chart.h"
#include "ui/models/bo_session.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/settings_binding.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {
constexpr int kParameterSteps = 200;

const emu::AcquisitionParameter* firstParameter(const QString& acquisitionId)
{
    const emu::AcquisitionInfo* info = emu::acquisitionRegistry().find(acquisitionId.toStdString());
    return info && !info->parameters.empty() ? &info->parameters.front() : nullptr;
}
} // namespace

BoControls::BoControls(BoSession* session, QWidget* parent, int initialPoints)
    : QObject(parent), m_session(session), m_settings(new LessonSettings(this)), m_panel(new QWidget(parent)), m_acquisition(new QComboBox),
      m_parameter(new QSlider(Qt::Horizontal)), m_parameterLabel(new QLabel), m_initial(new QSpinBox),
      m_seed(new QSpinBox), m_status(new QLabel), m_convergence(new CurveChart(tr("Best value so far"))),
      m_step(new QPushButton(tr("Step"))), m_play(new QPushButton(tr("Play"))), m_reset(new QPushButton(tr("Reset"))),
      m_speed(new QSlider(Qt::Horizontal)), m_timer(new QTimer(this))
{
    m_step->setObjectName(QStringLiteral("stepButton"));
    m_acquisition->setObjectName(QStringLiteral("acquisitionChoice"));
    m_play->setObjectName(QStringLiteral("playButton"));
    for (const emu::AcquisitionInfo& info : emu::acquisitionRegistry()) {
        m_acquisition->addItem(QString::fromStdString(info.displayName), QString::fromStdString(info.id));
        m_acquisition->setItemData(m_acquisition->count() - 1, QString::fromStdString(info.description), Qt::ToolTipRole);
    }
    m_acquisition->setToolTip(tr("How the next point is chosen: the acquisition function trades exploring "
                                 "uncertain regions against exploiting good ones"));
    m_parameter->setRange(0, kParameterSteps);
    m_initial->setRange(1, 50);
    m_initial->setValue(initialPoints);
    m_initial->setToolTip(tr("Points of the initial Latin hypercube design, before the loop starts"));
    m_seed->setRange(0, 1000000);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the initial design and of the optimiser: the same seed replays the same run"));
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 3 + 4);
    m_convergence->setAxisTitles(tr("evaluations"), tr("best value"));
    m_convergence->setStepped(true);
    m_convergence->setXScale({.targetTicks = 6, .fromZero = true, .integers = true}); // a count of evaluations
    m_convergence->setYScale({.targetTicks = 5});
    m_convergence->setMinimumHeight(180);

    auto* acquisitionBox = new QGroupBox(tr("Acquisition"));
    auto* acquisitionLayout = new QVBoxLayout(acquisitionBox);
    acquisitionLayout->addWidget(m_acquisition);
    acquisitionLayout->addWidget(m_parameterLabel);
    acquisitionLayout->addWidget(m_parameter);
    auto* runBox = new QGroupBox(tr("Run"));
    auto* runLayout = new QFormLayout(runBox);
    runLayout->addRow(tr("Initial points"), m_initial);
    runLayout->addRow(tr("Seed"), m_seed);
    runLayout->addRow(m_status);
    auto* layout = new QVBoxLayout(m_panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(acquisitionBox);
    layout->addWidget(runBox);
    layout->addStretch(1);

    m_step->setToolTip(tr("Evaluate the suggested point (red) and suggest the next (S)"));
    m_step->setShortcut(Qt::Key_S);
    m_play->setToolTip(tr("Step repeatedly (Space)"));
    m_play->setShortcut(Qt::Key_Space);
    m_reset->setToolTip(tr("Start again from a new initial design"));
    m_speed->setRange(1, 20);
    m_speed->setValue(4);
    m_speed->setMaximumWidth(120);
    m_speed->setToolTip(tr("Steps per second while playing"));
    m_timer->setInterval(250);

    connect(m_step, &QPushButton::clicked, m_session, &BoSession::step);
    connect(m_play, &QPushButton::clicked, this, &BoControls::togglePlay);
    connect(m_reset, &QPushButton::clicked, this, &BoControls::resetRequested);
    connect(m_speed, &QSlider::valueChanged, this, [this](int perSecond) { m_timer->setInterval(1000 / perSecond); });
    connect(m_timer, &QTimer::timeout, m_session, &BoSession::step);
    bindChoice(*m_settings, QStringLiteral("acquisition"), m_acquisition);
    bindInt(*m_settings, QStringLiteral("initialPoints"), m_initial);
    bindInt(*m_settings, QStringLiteral("seed"), m_seed);
    connect(m_settings, &LessonSettings::changed, this, &BoControls::settingChanged);
    connect(m_parameter, &QSlider::valueChanged, this, [this](int position) {
        const emu::AcquisitionParameter* p = firstParameter(acquisitionId());
        if (!p)
            return;
        const double value = p->lower + (p->upper - p->lower) * position / kParameterSteps;
        m_parameterLabel->setText(QStringLiteral("%1: %2").arg(QString::fromStdString(p->displayName)).arg(value, 0, 'g', 3));
        m_session->setAcquisitionParameter(p->name, value);
    });
    showParameter();
}

void BoControls::addToToolbar(QToolBar* toolbar)
{
    toolbar->addWidget(m_step);
    toolbar->addWidget(m_play);
    toolbar->addWidget(m_reset);
    toolbar->addWidget(new QLabel(tr("  Speed ")));
    toolbar->addWidget(m_speed);
}

void BoControls::showParameter()
{
    const emu::AcquisitionParameter* p = firstParameter(acquisitionId());
    m_parameter->setVisible(p != nullptr);
    m_parameterLabel->setVisible(p != nullptr);
    if (!p)
        return;
    const QSignalBlocker block(m_parameter);
    m_parameter->setValue(int(std::lround((p->defaultValue - p->lower) / (p->upper - p->lower) * kParameterSteps)));
    m_parameter->setToolTip(QString::fromStdString(p->description));
    m_parameterLabel->setText(
        QStringLiteral("%1: %2").arg(QString::fromStdString(p->displayName)).arg(p->defaultValue, 0, 'g', 3));
}

void BoControls::togglePlay()
{
    if (m_timer->isActive()) {
        m_timer->stop();
        m_play->setText(tr("Play"));
    } else {
        m_timer->start();
        m_play->setText(tr("Pause"));
    }
}

void BoControls::play()
{
    if (!isPlaying())
        togglePlay();
}

bool BoControls::isPlaying() const
{
    return m_timer->isActive();
}

void BoControls::settingChanged(const QString& key)
{
    if (key.isEmpty() || key == QLatin1String("acquisition"))
        showParameter();
    if (key == QLatin1String("acquisition"))
        m_session->setAcquisition(acquisitionId().toStdString());
    else if (!key.isEmpty()) // the design's size or the seed: a new run
        emit resetRequested();
}

QString BoControls::acquisitionId() const
{
    return m_settings->choice(QStringLiteral("acquisition"));
}

int BoControls::initialPoints() const
{
    return m_settings->intValue(QStringLiteral("initialPoints"));
}

quint64 BoControls::seed() const
{
    return quint64(m_settings->intValue(QStringLiteral("seed")));
}

QJsonObject BoControls::saveState() const
{
    return m_settings->saveState();
}

QString BoControls::restoreState(const QJsonObject& state)
{
    return m_settings->restoreState(state);
}

void BoControls::refresh()
{
    if (!m_session->hasLoop())
        return;
    const emu::BoState& state = m_session->loop().state();
    QVector<double> xs, best;
    for (emu::Index i = 0; i < state.bestSoFar.size(); ++i) {
        xs.append(double(i + 1));
        best.append(state.bestSoFar(i));
    }
    m_convergence->setCurve(xs, best);
    QString text = tr("%1 evaluations, %2 iterations").arg(state.size()).arg(state.iterations.size());
    if (state.size() > 0) {
        text += tr("<br>best value: <b>%1</b>").arg(state.bestValue(), 0, 'g', 5);
        if (m_session->objective().minimum)
            text += tr("<br>regret: %1").arg(state.bestValue() - *m_session->objective().minimum, 0, 'g', 3);
    }
    m_status->setText(text);
}

} // namespace ui
