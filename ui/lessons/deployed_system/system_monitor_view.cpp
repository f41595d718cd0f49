#include "ui/lessons/deployed_system/system_monitor_view.h"

#include "ui/base/job_runner.h"
#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

const QString kForecastJob = QStringLiteral("system-monitor-forecast");
const QString kDayJob = QStringLiteral("system-monitor-day");
constexpr int kConditionSteps = 100;
constexpr int kShownDays = 120;
/// Composition samples behind the monitor's forecast: its band's quantiles need many.
constexpr int kMonitorSamples = 2000;

QVector<double> constantLine(double value, int count)
{
    return QVector<double>(count, value);
}

} // namespace

SystemMonitorView::SystemMonitorView(JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_conditionBox(new QWidget), m_lowerLimit(new QDoubleSpinBox),
      m_upperLimit(new QDoubleSpinBox), m_speed(new QSlider(Qt::Horizontal)), m_play(new QPushButton(tr("Play"))),
      m_step(new QPushButton(tr("Step"))), m_reset(new QPushButton(tr("Reset"))),
      m_chart(new BandChart(tr("Each day's output against the emulator's forecast"))),
      m_evidence(new BandChart(tr("Evidence of a change |T|: an alarm above the red line"))), m_summary(new QLabel),
      m_timer(new QTimer(this))
{
    m_play->setObjectName(QStringLiteral("monitorPlay"));
    m_play->setToolTip(tr("Run the system day after day (Pause stops it)"));
    m_step->setObjectName(QStringLiteral("monitorStep"));
    m_step->setToolTip(tr("Run one day"));
    m_reset->setToolTip(tr("Start the days again from day 1, conditions as they are"));
    m_speed->setRange(1, 50);
    m_speed->setValue(10);
    m_speed->setToolTip(tr("Days per second"));
    m_speed->setAccessibleName(tr("Days per second"));
    for (QDoubleSpinBox* box : {m_lowerLimit, m_upperLimit}) {
        box->setRange(-1e9, 1e9);
        box->setDecimals(2);
        box->setToolTip(tr("The fixed alarm an operator would set without an emulator: a day beyond it raises the "
                           "alarm. Set at deployment to the forecast's mean ± 3 sd; it does not follow changes"));
    }
    m_lowerLimit->setObjectName(QStringLiteral("lowerLimit"));
    m_upperLimit->setObjectName(QStringLiteral("upperLimit"));
    m_chart->setObjectName(QStringLiteral("monitorChart"));
    m_chart->setAxisTitles(tr("day"), QString());
    m_chart->setToolTip(tr("Dots: the system's output each day (red when outside the forecast's 95 % band, the "
                           "dashed lines). Dotted: the fixed limits. Vertical lines: when a change was injected, "
                           "when the monitor noticed it and when a fixed limit did"));
    m_evidence->setObjectName(QStringLiteral("evidenceChart"));
    m_evidence->setAxisTitles(QString(), tr("|T|")); // the chart above names the days
    m_evidence->setPreferredHeight(150);
    m_evidence->setMinimumHeight(130);
    m_evidence->setListed(tr("|T|"), false);
    m_evidence->setListed(tr("alarm level"), false);
    m_evidence->setToolTip(tr("|T|: the mean gap between the days and the forecast over the last 7 days, in units "
                              "of what it may be while nothing has changed (the emulator's own uncertainty, which "
                              "does not average away, and the days' scatter, which does). Above the level: alarm"));
    m_summary->setObjectName(QStringLiteral("monitorSummary"));
    m_summary->setWordWrap(true);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_play);
    controls->addWidget(m_step);
    controls->addWidget(m_reset);
    controls->addWidget(new QLabel(tr("Speed")));
    controls->addWidget(m_speed);
    controls->addWidget(new QLabel(tr("  Fixed limits")));
    controls->addWidget(m_lowerLimit);
    controls->addWidget(m_upperLimit);
    controls->addStretch();
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("<b>Inject a change</b> (the emulator is not told):")));
    left->addWidget(m_conditionBox);
    left->addWidget(m_summary);
    left->addStretch();
    auto* charts = new QVBoxLayout;
    charts->addWidget(m_chart, 3);
    charts->addWidget(m_evidence, 1);
    auto* body = new QHBoxLayout;
    body->addLayout(left, 1);
    body->addLayout(charts, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(body, 1);

    connect(m_play, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_step, &QPushButton::clicked, this, &SystemMonitorView::step);
    connect(m_reset, &QPushButton::clicked, this, [this] { watch(m_models, m_interventions); });
    connect(m_timer, &QTimer::timeout, this, &SystemMonitorView::tick);
    connect(m_speed, &QSlider::valueChanged, this, [this](int perSecond) { m_timer->setInterval(1000 / perSecond); });
    m_timer->setInterval(1000 / m_speed->value());
    const auto limitsEdited = [this] {
        if (m_output < m_lowerLimits.size()) {
            m_lowerLimits(m_output) = m_lowerLimit->value();
            m_upperLimits(m_output) = m_upperLimit->value();
            redraw();
        }
    };
    connect(m_lowerLimit, &QDoubleSpinBox::editingFinished, this, limitsEdited);
    connect(m_upperLimit, &QDoubleSpinBox::editingFinished, this, limitsEdited);
}

SystemMonitorView::~SystemMonitorView()
{
    m_jobs->cancel(kForecastJob);
    m_jobs->cancel(kDayJob);
}

void SystemMonitorView::watch(const SystemModels& models, const emu::RowVector& interventions)
{
    pause();
    ++m_generation;
    m_models = models;
    m_interventions = interventions;
    m_monitor.reset();
    m_days.clear();
    m_changeDay = m_alarmDay = m_thresholdDay = m_falseAlarms = m_falseThresholds = 0;
    m_stepping = false;
    m_jobs->cancel(kDayJob);
    if (!models.isReady())
        return;
    m_outputs = models.system->outputNames();
    setConditionSliders();
    SystemModels forMonitor = models;
    forMonitor.samples = kMonitorSamples;
    m_jobs->run(
        kForecastJob, tr("Forecasting the deployed system's days"),
        [forMonitor, interventions](emu::Progress&) {
            const emu::SystemForecast forecast = forMonitor.forecast(interventions);
            emu::MonitorSettings settings;
            settings.seed = forMonitor.seed;
            settings.lowerLimits = (forecast.mean - 3.0 * forecast.spread).transpose();
            settings.upperLimits = (forecast.mean + 3.0 * forecast.spread).transpose();
            return std::make_shared<emu::SystemMonitor>(*forMonitor.system, interventions, forecast, settings);
        },
        [this, generation = m_generation](std::shared_ptr<emu::SystemMonitor> monitor) {
            if (generation != m_generation)
                return;
            m_monitor = std::move(monitor);
            m_lowerLimits = m_monitor->settings().lowerLimits;
            m_upperLimits = m_monitor->settings().upperLimits;
            setOutput(m_output);
        });
    redraw();
}

void SystemMonitorView::setConditionSliders()
{
    delete m_conditionBox->layout();
    qDeleteAll(m_conditionBox->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_conditionSliders.clear();
    m_conditionLabels.clear();
    auto* grid = new QGridLayout(m_conditionBox);
    grid->setContentsMargins(0, 0, 0, 0);
    const auto& inputs = m_models.system->description().inputs;
    int row = 0;
    for (emu::Index i : m_models.system->inputsWithRole(emu::SystemInput::Role::Condition)) {
        const emu::SystemInput& input = inputs[std::size_t(i)];
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setObjectName(QStringLiteral("condition_") + QString::fromStdString(input.name));
        slider->setRange(0, kConditionSteps);
        slider->setValue(int(std::lround((input.value - input.lower) / (input.upper - input.lower) * kConditionSteps)));
        slider->setToolTip(QString::fromStdString(input.description));
        slider->setAccessibleName(QString::fromStdString(input.name));
        auto* value = new QLabel;
        const auto show = [value, input, slider] {
            const double x = input.lower + (input.upper - input.lower) * slider->value() / double(kConditionSteps);
            // A fraction reads better as a percentage: "+20 %".
            value->setText(input.unit == "fraction"
                               ? QStringLiteral("%1%2 %").arg(x > 0 ? QStringLiteral("+") : QString()).arg(std::lround(100 * x))
                               : QString::number(x, 'g', 3) + ' ' + QString::fromStdString(input.unit));
        };
        show();
        connect(slider, &QSlider::valueChanged, this, show);
        grid->addWidget(new QLabel(QString::fromStdString(input.name)), row, 0);
        grid->addWidget(slider, row, 1);
        grid->addWidget(value, row, 2);
        m_conditionSliders.append(slider);
        m_conditionLabels.append(value);
        ++row;
    }
}

emu::RowVector SystemMonitorView::conditionValues() const
{
    const auto& inputs = m_models.system->description().inputs;
    const std::vector<emu::Index> conditions = m_models.system->inputsWithRole(emu::SystemInput::Role::Condition);
    emu::RowVector values(emu::Index(conditions.size()));
    for (std::size_t c = 0; c < conditions.size(); ++c) {
        const emu::SystemInput& input = inputs[std::size_t(conditions[c])];
        const int step = m_conditionSliders[int(c)]->value();
        // The slider's middle notch is the nominal value exactly, not a rounding of it.
        const double x = input.lower + (input.upper - input.lower) * step / double(kConditionSteps);
        values(emu::Index(c)) = std::abs(x - input.value) < 0.5 * (input.upper - input.lower) / kConditionSteps ? input.value : x;
    }
    return values;
}

void SystemMonitorView::setOutput(int output)
{
    m_output = output;
    if (output < m_lowerLimits.size()) {
        m_lowerLimit->setValue(m_lowerLimits(output));
        m_upperLimit->setValue(m_upperLimits(output));
    }
    redraw();
}

void SystemMonitorView::play()
{
    m_timer->start();
    m_play->setText(tr("Pause"));
}

void SystemMonitorView::pause()
{
    m_timer->stop();
    m_play->setText(tr("Play"));
}

bool SystemMonitorView::isPlaying() const
{
    return m_timer->isActive();
}

void SystemMonitorView::tick()
{
    step();
}

void SystemMonitorView::step()
{
    if (!m_monitor || m_stepping)
        return;
    m_stepping = true;
    m_jobs->run(
        kDayJob, tr("A day of the deployed system"),
        [monitor = m_monitor, conditions = conditionValues(), lower = m_lowerLimits, upper = m_upperLimits](emu::Progress&) {
            monitor->setConditions(conditions);
            monitor->setLimits(lower, upper);
            return std::vector<emu::MonitorDay>{monitor->step()};
        },
        [this, generation = m_generation](std::vector<emu::MonitorDay> days) { addDays(std::move(days), generation); },
        [this, generation = m_generation](const QString& error) {
            if (generation != m_generation)
                return;
            m_stepping = false;
            if (!error.isEmpty()) {
                pause();
                m_summary->setText(tr("The day failed: %1").arg(error));
            }
        });
}

void SystemMonitorView::addDays(std::vector<emu::MonitorDay> days, quint64 generation)
{
    if (generation != m_generation)
        return;
    m_stepping = false;
    for (emu::MonitorDay& day : days) {
        if (!day.changed && m_changeDay > 0) // back to nominal: the next change is timed afresh
            m_changeDay = m_alarmDay = m_thresholdDay = 0;
        if (day.changed && m_changeDay == 0)
            m_changeDay = day.day;
        const bool noticedNow = m_changeDay > 0 && m_alarmDay == 0 && day.alarm;
        if (noticedNow)
            m_alarmDay = day.day;
        if (m_changeDay > 0 && m_thresholdDay == 0 && day.thresholdAlarm)
            m_thresholdDay = day.day;
        if (m_changeDay == 0) {
            m_falseAlarms += day.alarm;
            m_falseThresholds += day.thresholdAlarm;
        }
        m_days.push_back(std::move(day));
        if (noticedNow)
            emit changeNoticed();
    }
    redraw();
    emit dayAdded();
}

void SystemMonitorView::redraw()
{
    const Palette& colours = ui::palette();
    const bool ready = m_monitor && m_output < m_monitor->system().outputCount();
    const std::size_t first = m_days.size() > std::size_t(kShownDays) ? m_days.size() - kShownDays : 0;
    QList<QPointF> points, evidence;
    QList<QColor> pointColours;
    for (std::size_t i = first; i < m_days.size(); ++i) {
        const emu::MonitorDay& day = m_days[i];
        if (day.observed.size() <= m_output)
            continue;
        points.append(QPointF(double(day.day), day.observed(m_output)));
        pointColours.append(day.outside[std::size_t(m_output)] ? colours.failure : colours.series[0]);
        evidence.append(QPointF(double(day.day), std::abs(day.evidence(m_output))));
    }
    const double from = std::max(1.0, double(first + 1));
    const double to = std::max(from + 10.0, double(m_days.size()));
    const QVector<double> xs{from, to};
    m_chart->setXRange(from, to);
    m_evidence->setXRange(from, to);
    if (ready) {
        const emu::MonitorDay* last = m_days.empty() ? nullptr : &m_days.back();
        const double low = last ? last->lower(m_output) : std::nan("");
        const double high = last ? last->upper(m_output) : std::nan("");
        m_chart->setLine(tr("95 % band"), last ? xs : QVector<double>(), constantLine(low, 2), colours.guide, true);
        m_chart->setLine(QStringLiteral("band high"), last ? xs : QVector<double>(), constantLine(high, 2), colours.guide, true);
        m_chart->setListed(QStringLiteral("band high"), false);
        m_chart->setLine(tr("limits"), xs, constantLine(m_lowerLimits(m_output), 2), colours.reference, true);
        m_chart->setLine(QStringLiteral("limit high"), xs, constantLine(m_upperLimits(m_output), 2), colours.reference, true);
        m_chart->setListed(QStringLiteral("limit high"), false);
        const std::string& name = m_outputs[std::size_t(m_output)];
        m_chart->setAxisTitles(tr("day"), QString::fromStdString(name.substr(name.find('.') + 1)));
    }
    m_chart->setPoints(tr("days"), points, colours.series[0], 7.0);
    m_chart->setPointColours(tr("days"), pointColours);
    const auto marker = [](emu::Index day) { return day > 0 ? double(day) : std::nan(""); };
    m_chart->setVerticalMarker(tr("change"), marker(m_changeDay), colours.ink);
    m_chart->setVerticalMarker(tr("alarm"), marker(m_alarmDay), colours.emulatorTotalEffect);
    m_chart->setVerticalMarker(tr("limit crossed"), marker(m_thresholdDay), colours.reference);
    QVector<double> ex, ey;
    for (const QPointF& p : evidence) {
        ex << p.x();
        ey << p.y();
    }
    m_evidence->setLine(tr("|T|"), ex, ey, colours.series[0]);
    const double level = m_monitor ? m_monitor->settings().level : 3.5;
    m_evidence->setLine(tr("alarm level"), xs, constantLine(level, 2), colours.failure, true);
    double highest = level + 1.0;
    for (const QPointF& p : evidence)
        highest = std::max(highest, p.y());
    m_evidence->setYRange(0.0, highest);
    updateSummary();
}

void SystemMonitorView::updateSummary()
{
    if (!m_monitor) {
        m_summary->setText(m_models.isReady() ? tr("Forecasting…") : tr("Waiting for the emulators…"));
        return;
    }
    const emu::Index n = emu::Index(m_days.size());
    emu::Index outside = 0;
    for (const emu::MonitorDay& day : m_days)
        outside += !day.observed.size() ? 0 : std::count(day.outside.begin(), day.outside.end(), true) > 0;
    QString text = tr("Day %1. %2 days had an output outside its band.").arg(n).arg(outside);
    if (m_changeDay == 0)
        text += tr(" No change injected: move a slider. Alarms so far: monitor %1, fixed limits %2.")
                    .arg(m_falseAlarms)
                    .arg(m_falseThresholds);
    else {
        text += tr(" Change injected on day %1.").arg(m_changeDay);
        text += m_alarmDay > 0 ? tr(" The monitor noticed it on day %1 (after %2 days).").arg(m_alarmDay).arg(m_alarmDay - m_changeDay + 1)
                               : tr(" The monitor has not noticed it yet.");
        text += m_thresholdDay > 0
                    ? tr(" A fixed limit was crossed on day %1 (after %2 days).").arg(m_thresholdDay).arg(m_thresholdDay - m_changeDay + 1)
                    : tr(" No fixed limit crossed yet.");
        text += tr(" Before the change: %1 monitor alarms, %2 fixed-limit alarms (both false).")
                    .arg(m_falseAlarms)
                    .arg(m_falseThresholds);
    }
    m_summary->setText(text);
}

} // namespace ui
