#include "ui/lessons/deployed_system/intervention_panel.h"

#include "ui/base/palette.h"
#include "ui/charts/error_bar_chart.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

constexpr int kSliderSteps = 1000;

QString number(double x)
{
    return QString::number(x, 'g', 3);
}

QString withUnit(double x, const std::string& unit)
{
    return unit.empty() ? number(x) : number(x) + ' ' + QString::fromStdString(unit);
}

/// "accounts.cost" as "cost" when no other output ends the same way: the chart's labels are short.
QString shortName(const std::string& output, const std::vector<std::string>& outputs)
{
    const std::string port = output.substr(output.find('.') + 1);
    const auto same = std::count_if(outputs.begin(), outputs.end(), [&](const std::string& other) {
        return other.substr(other.find('.') + 1) == port;
    });
    return QString::fromStdString(same == 1 ? port : output);
}

QString signedNumber(double x)
{
    return (x > 0 ? QStringLiteral("+") : QString()) + number(x);
}

/// A change relative to where it starts, in percent (NaN from zero).
double percent(double change, double from)
{
    return std::abs(from) > 1e-12 ? 100.0 * change / std::abs(from) : std::nan("");
}

} // namespace

InterventionPanel::InterventionPanel(QWidget* parent)
    : QWidget(parent), m_sliderBox(new QWidget), m_table(new QTableWidget(0, 5)),
      m_chart(new ErrorBarChart(tr("Predicted and measured change of each output"))),
      m_measure(new QPushButton(tr("Run it"))), m_deploy(new QPushButton(tr("Deploy this setting")))
{
    m_measure->setObjectName(QStringLiteral("measureButton"));
    m_measure->setToolTip(tr("Run the system 100 times at the deployed setting and 100 times at this one, on the "
                             "same days (the same random inputs), and show the change measured"));
    m_deploy->setObjectName(QStringLiteral("deployButton"));
    m_deploy->setToolTip(tr("Make this setting the deployed one: changes are then predicted from here, and the "
                            "monitor watches the system run with it"));
    m_table->setObjectName(QStringLiteral("effectTable"));
    m_table->setHorizontalHeaderLabels({tr("output"), tr("deployed"), tr("now"), tr("predicted Δ"), tr("measured Δ")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setToolTip(tr("Expected values per day. Predicted Δ: the change the emulator predicts, before anything "
                           "runs, ± 2 sd of its doubt. Measured Δ: the change paired runs of the system show, ± 2 "
                           "standard errors; ✓ where the two agree within their doubts, ✗ where they do not"));
    m_chart->setObjectName(QStringLiteral("effectChart"));
    m_chart->setValueAxisTitle(tr("change (%)"));
    m_chart->setErrorMeaning(tr("±2 sd of the prediction, ±2 standard errors of the measurement"));
    m_chart->setToolTip(tr("Each output's change from the deployed setting, in percent of its deployed value: the "
                           "emulator's prediction (±2 sd) and, after Run it, the measurement (±2 standard errors)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_measure);
    buttons->addWidget(m_deploy);
    buttons->addStretch();
    auto* left = new QVBoxLayout;
    left->addWidget(m_sliderBox);
    left->addLayout(buttons);
    left->addWidget(m_table);
    // The sliders and the table scroll rather than squeeze when the page is zoomed (presenter
    // mode) or small.
    auto* leftWidget = new QWidget;
    leftWidget->setLayout(left);
    auto* scroll = new QScrollArea;
    scroll->setWidget(leftWidget);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 3);
    layout->addWidget(m_chart, 2);

    connect(m_measure, &QPushButton::clicked, this, &InterventionPanel::measureRequested);
    connect(m_deploy, &QPushButton::clicked, this, &InterventionPanel::deployRequested);
}

void InterventionPanel::setInterventions(const std::vector<emu::SystemInput>& interventions,
                                         const emu::RowVector& values, const std::vector<std::string>& outputs)
{
    m_inputs = interventions;
    m_outputs = outputs;
    m_hasPrediction = false;
    m_measured = {};
    delete m_sliderBox->layout();
    qDeleteAll(m_sliderBox->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_sliders.clear();
    m_valueLabels.clear();
    auto* grid = new QGridLayout(m_sliderBox);
    grid->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const emu::SystemInput& input = interventions[i];
        auto* name = new QLabel(QString::fromStdString(input.name));
        auto* slider = new QSlider(Qt::Horizontal);
        slider->setObjectName(QStringLiteral("intervention_") + QString::fromStdString(input.name));
        slider->setRange(0, kSliderSteps);
        slider->setPageStep(kSliderSteps / 10); // Page Up/Down: a tenth of the range
        const QString tip = tr("%1: %2 to %3").arg(QString::fromStdString(input.description),
                                                  withUnit(input.lower, input.unit), withUnit(input.upper, input.unit));
        slider->setToolTip(tip);
        slider->setAccessibleName(QString::fromStdString(input.name));
        name->setToolTip(tip);
        auto* value = new QLabel;
        value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("0000.0 units")));
        grid->addWidget(name, int(i), 0);
        grid->addWidget(slider, int(i), 1);
        grid->addWidget(value, int(i), 2);
        m_sliders.append(slider);
        m_valueLabels.append(value);
        connect(slider, &QSlider::valueChanged, this, [this, i] {
            if (m_settingValues)
                return;
            m_values(emu::Index(i)) = sliderValue(int(i));
            updateLabels();
            emit valuesChanged();
        });
    }
    m_values = emu::RowVector::Zero(emu::Index(interventions.size()));
    m_table->setRowCount(int(outputs.size()));
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            int(outputs.size()) * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth());
    QStringList categories;
    for (const std::string& output : outputs)
        categories << shortName(output, outputs);
    m_chart->setCategories(categories);
    m_settingValues = true;
    setValues(values);
    m_settingValues = false;
    updateTable();
}

double InterventionPanel::sliderValue(int i) const
{
    const emu::SystemInput& input = m_inputs[std::size_t(i)];
    return input.lower + (input.upper - input.lower) * m_sliders[i]->value() / double(kSliderSteps);
}

emu::RowVector InterventionPanel::values() const
{
    return m_values;
}

void InterventionPanel::setValues(const emu::RowVector& values)
{
    const bool outer = m_settingValues;
    m_settingValues = true;
    for (int i = 0; i < m_sliders.size() && i < values.size(); ++i) {
        const emu::SystemInput& input = m_inputs[std::size_t(i)];
        // The value itself, not the slider's nearest step: a setting typed in a session or the
        // deployed one stays exact.
        m_values(i) = std::clamp(values(i), input.lower, input.upper);
        const double u = (m_values(i) - input.lower) / (input.upper - input.lower);
        m_sliders[i]->setValue(int(std::lround(u * kSliderSteps)));
    }
    m_settingValues = outer;
    updateLabels();
    if (!outer)
        emit valuesChanged();
}

void InterventionPanel::updateLabels()
{
    for (int i = 0; i < m_valueLabels.size(); ++i)
        m_valueLabels[i]->setText(withUnit(m_values(i), m_inputs[std::size_t(i)].unit));
}

void InterventionPanel::showPrediction(const emu::PredictedChange& change)
{
    m_predicted = change;
    m_hasPrediction = true;
    updateTable();
}

void InterventionPanel::showMeasured(const emu::MeasuredChange& measured)
{
    m_measured = measured;
    updateTable();
}

void InterventionPanel::clearMeasured()
{
    m_measured = {};
    updateTable();
}

void InterventionPanel::setBusy(bool busy)
{
    m_measure->setEnabled(!busy);
    m_deploy->setEnabled(!busy);
}

void InterventionPanel::updateTable()
{
    const int rows = int(m_outputs.size());
    // NaN where there is nothing to show yet (the chart leaves the bar out).
    QList<double> predicted(rows, std::nan("")), predictedError = predicted, measured = predicted,
                                                 measuredError = predicted;
    const bool hasMeasured = m_measured.change.size() == rows;
    for (int o = 0; o < rows; ++o) {
        QStringList cells{shortName(m_outputs[std::size_t(o)], m_outputs), tr("…"), tr("…"), tr("…"),
                          tr("press Run it")};
        if (m_hasPrediction && m_predicted.change.size() == rows) {
            const double change = m_predicted.change(o), sd = m_predicted.changeSd(o);
            const double deployed = m_predicted.before.mean(o);
            cells[1] = number(deployed);
            cells[2] = number(m_predicted.after.mean(o));
            cells[3] = tr("%1 ± %2").arg(signedNumber(change), number(2 * sd));
            predicted[o] = percent(change, deployed);
            predictedError[o] = percent(2 * sd, deployed);
            if (hasMeasured) {
                const double seen = m_measured.change(o), se = m_measured.se(o);
                const bool agrees = emu::changeAgrees(m_predicted, m_measured, o);
                cells[4] = tr("%1 ± %2 %3").arg(signedNumber(seen), number(2 * se),
                                                agrees ? QStringLiteral("✓") : QStringLiteral("✗"));
                measured[o] = percent(seen, deployed);
                measuredError[o] = percent(2 * se, deployed);
            }
        }
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(o, c, new QTableWidgetItem(cells[c]));
    }
    const Palette& colours = ui::palette();
    std::vector<ErrorBarChart::BarSet> sets;
    sets.push_back({tr("predicted"), colours.emulatorTotalEffect, predicted, predictedError});
    sets.push_back({tr("measured"), colours.simulatorTotalEffect, measured, measuredError});
    m_chart->setSets(sets);
}

} // namespace ui
