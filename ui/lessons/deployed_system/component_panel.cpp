#include "ui/lessons/deployed_system/component_panel.h"

#include "ui/base/palette.h"
#include "ui/charts/band_chart.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kSlicePoints = 120;

QString number(double x)
{
    return QString::number(x, 'g', 4);
}

QString range(const emu::SystemPort& port)
{
    return QStringLiteral("[%1, %2] %3").arg(number(port.lower), number(port.upper), QString::fromStdString(port.unit));
}

} // namespace

ComponentPanel::ComponentPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_table(new QTableWidget(0, 4)), m_input(new QComboBox),
      m_output(new QComboBox), m_chart(new BandChart), m_quality(new QLabel), m_parameters(new QFormLayout),
      m_retrain(new QPushButton(tr("Retrain it with these settings"))), m_parametersNote(new QLabel)
{
    m_title->setWordWrap(true);
    m_title->setObjectName(QStringLiteral("componentTitle"));
    m_table->setObjectName(QStringLiteral("componentPorts"));
    m_table->setHorizontalHeaderLabels({tr("port"), tr("range"), tr("comes from / goes to"), tr("predicted")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip(tr("Inputs first, then outputs; predicted: the component-wise emulator's mean ± sd over "
                           "the days at the current setting"));
    m_input->setToolTip(tr("The input the emulator is drawn against; the others stay at their predicted values"));
    m_output->setToolTip(tr("The output whose emulator is drawn"));
    m_chart->setObjectName(QStringLiteral("componentChart"));
    m_chart->setToolTip(tr("The component's own emulator (a GP trained on runs of this component alone) with its "
                           "±2 sd band; grey dots: the runs it was trained on, whatever their other inputs"));
    m_quality->setWordWrap(true);
    m_quality->setObjectName(QStringLiteral("componentQuality"));

    auto* choices = new QHBoxLayout;
    choices->addWidget(new QLabel(tr("Emulator of")));
    choices->addWidget(m_output);
    choices->addWidget(new QLabel(tr("against")));
    choices->addWidget(m_input);
    choices->addStretch();
    auto* right = new QVBoxLayout;
    right->addLayout(choices);
    right->addWidget(m_chart, 1);
    right->addWidget(m_quality);
    auto* change = new QGroupBox(tr("Change this component"));
    change->setObjectName(QStringLiteral("componentChange"));
    change->setToolTip(tr("A component retrained or reconfigured after the emulators were trained: the "
                          "component-wise emulator retrains this component alone, the whole-system one must "
                          "run the whole system again. The status line says what each cost."));
    m_retrain->setObjectName(QStringLiteral("retrainComponent"));
    m_retrain->setEnabled(false);
    m_parametersNote->setWordWrap(true);
    auto* changeLayout = new QVBoxLayout(change);
    changeLayout->addLayout(m_parameters);
    changeLayout->addWidget(m_parametersNote);
    changeLayout->addWidget(m_retrain, 0, Qt::AlignLeft);
    auto* left = new QVBoxLayout;
    left->addWidget(m_title);
    left->addWidget(m_table, 1);
    left->addWidget(change);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 1);
    layout->addLayout(right, 1);

    connect(m_input, &QComboBox::currentIndexChanged, this, &ComponentPanel::drawSlice);
    connect(m_output, &QComboBox::currentIndexChanged, this, &ComponentPanel::drawSlice);
    connect(m_retrain, &QPushButton::clicked, this, &ComponentPanel::requestChange);
    m_title->setText(tr("Click a component on the graph to see it and its emulator here."));
}

void ComponentPanel::showComponent(const SystemModels& models, int component, const emu::SystemForecast& forecast,
                                   const emu::RowVector& systemInputs)
{
    m_models = models;
    m_forecast = forecast;
    m_systemInputs = systemInputs;
    const bool changed = component != m_component;
    m_component = component;
    if (!models.isReady() || component < 0 || component >= models.system->componentCount())
        return;
    const emu::System& system = *models.system;
    const emu::SystemComponentSpec& spec = system.component(component);
    m_title->setText(tr("<b>%1</b> (%2). %3 A run costs %4 %5.")
                         .arg(QString::fromStdString(spec.name), QString::fromStdString(spec.type),
                              QString::fromStdString(spec.description.empty()
                                                         ? emu::systemComponentTypes().at(spec.type).description + "."
                                                         : spec.description),
                              number(spec.cost), QString::fromStdString(system.description().costUnit)));
    const int inputs = int(spec.inputs.size()), outputs = int(spec.outputs.size());
    m_table->setRowCount(inputs + outputs);
    const auto& sources = system.sources(component);
    for (int p = 0; p < inputs; ++p) {
        const emu::SystemSource& from = sources[std::size_t(p)];
        const QString origin = from.component < 0
                                   ? tr("system input %1").arg(QString::fromStdString(system.description().inputs[std::size_t(from.port)].name))
                                   : QString::fromStdString(system.component(from.component).name + "." +
                                                            system.component(from.component).outputs[std::size_t(from.port)].name);
        const QStringList cells{tr("in: %1").arg(QString::fromStdString(spec.inputs[std::size_t(p)].name)),
                                range(spec.inputs[std::size_t(p)]), origin, QString()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(p, c, new QTableWidgetItem(cells[c]));
    }
    for (int o = 0; o < outputs; ++o) {
        QStringList consumers;
        for (emu::Index c = 0; c < system.componentCount(); ++c)
            for (std::size_t p = 0; p < system.sources(c).size(); ++p)
                if (system.sources(c)[p].component == component && system.sources(c)[p].port == o)
                    consumers << QString::fromStdString(system.component(c).name + "." + system.component(c).inputs[p].name);
        const bool predicted = std::size_t(component) < forecast.portMean.size();
        const QStringList cells{
            tr("out: %1").arg(QString::fromStdString(spec.outputs[std::size_t(o)].name)), range(spec.outputs[std::size_t(o)]),
            consumers.join(QStringLiteral(", ")),
            predicted ? QStringLiteral("%1 ± %2").arg(number(forecast.portMean[std::size_t(component)](o)),
                                                     number(forecast.portSd[std::size_t(component)](o)))
                      : QString()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(inputs + o, c, new QTableWidgetItem(cells[c]));
    }
    showParameters(spec);
    if (changed) {
        const QSignalBlocker blockInput(m_input), blockOutput(m_output);
        m_input->clear();
        m_output->clear();
        for (const emu::SystemPort& port : spec.inputs)
            m_input->addItem(QString::fromStdString(port.name));
        for (const emu::SystemPort& port : spec.outputs)
            m_output->addItem(QString::fromStdString(port.name));
    }
    drawSlice();
}

void ComponentPanel::showParameters(const emu::SystemComponentSpec& spec)
{
    while (m_parameters->rowCount() > 0)
        m_parameters->removeRow(0);
    m_fields.clear();
    // A built-in type's parameters with their ranges; a linear component's coefficients as the
    // file gives them (any value).
    std::vector<emu::ComponentParameterInfo> infos = emu::systemComponentTypes().at(spec.type).parameters;
    if (infos.empty())
        for (const auto& [name, value] : spec.parameters)
            infos.push_back({name, value, -1e6, 1e6, "a coefficient"});
    for (const emu::ComponentParameterInfo& info : infos) {
        auto* field = new QDoubleSpinBox;
        const QString name = QString::fromStdString(info.name);
        field->setObjectName(name);
        field->setDecimals(info.name.ends_with("seed") ? 0 : 3); // a seed is a whole number
        field->setRange(info.lower, info.upper);
        field->setValue(spec.parameter(info.name, info.defaultValue));
        field->setToolTip(tr("%1, from %2 to %3").arg(QString::fromStdString(info.description), number(info.lower),
                                                       number(info.upper)));
        m_parameters->addRow(name, field);
        m_fields.append(field);
    }
    m_retrain->setEnabled(!m_fields.isEmpty());
    m_parametersNote->setText(m_fields.isEmpty() ? tr("This component has no settings here: a program's are its "
                                                      "command and arguments, changed in the system file.")
                                                 : QString());
    m_parametersNote->setVisible(m_fields.isEmpty());
}

QDoubleSpinBox* ComponentPanel::parameterField(const QString& name) const
{
    for (QDoubleSpinBox* field : m_fields)
        if (field->objectName() == name)
            return field;
    return nullptr;
}

void ComponentPanel::requestChange()
{
    std::vector<std::pair<std::string, double>> parameters;
    for (const QDoubleSpinBox* field : m_fields)
        parameters.emplace_back(field->objectName().toStdString(), field->value());
    emit changeRequested(m_component, parameters);
}

emu::RowVector ComponentPanel::heldInputs() const
{
    const emu::System& system = *m_models.system;
    const auto& sources = system.sources(m_component);
    emu::RowVector x(emu::Index(sources.size()));
    for (std::size_t p = 0; p < sources.size(); ++p) {
        const emu::SystemSource& from = sources[p];
        if (from.component >= 0 && std::size_t(from.component) < m_forecast.portMean.size())
            x(emu::Index(p)) = m_forecast.portMean[std::size_t(from.component)](from.port);
        else if (from.component < 0 && from.port < m_systemInputs.size())
            x(emu::Index(p)) = m_systemInputs(from.port);
        else {
            const emu::SystemPort& port = system.component(m_component).inputs[p];
            x(emu::Index(p)) = 0.5 * (port.lower + port.upper);
        }
    }
    return x;
}

void ComponentPanel::drawSlice()
{
    const int input = m_input->currentIndex(), output = m_output->currentIndex();
    if (!m_models.isReady() || m_component < 0 || input < 0 || output < 0)
        return;
    const emu::SystemComponentSpec& spec = m_models.system->component(m_component);
    const emu::SystemPort& along = spec.inputs[std::size_t(input)];
    emu::Matrix X = heldInputs().replicate(kSlicePoints, 1);
    QVector<double> xs(kSlicePoints), mean(kSlicePoints), sd(kSlicePoints);
    for (int i = 0; i < kSlicePoints; ++i)
        X(i, input) = xs[i] = along.lower + (along.upper - along.lower) * i / double(kSlicePoints - 1);
    const emu::CalibratedGp& gp = m_models.composed->emulator(m_component, output);
    const emu::Prediction p = gp.predict(m_models.composed->inputSpace(m_component).toUnitCube(X), false);
    for (int i = 0; i < kSlicePoints; ++i) {
        mean[i] = p.mean(i);
        sd[i] = std::sqrt(std::max(0.0, p.variance(i)));
    }
    const Palette& colours = ui::palette();
    m_chart->setBand(tr("emulator"), xs, mean, sd, colours.series[0]);
    const emu::Matrix& runsIn = m_models.composed->trainingInputs(m_component);
    const emu::Matrix& runsOut = m_models.composed->trainingOutputs(m_component);
    QList<QPointF> runs;
    for (emu::Index r = 0; r < runsIn.rows(); ++r)
        runs.append(QPointF(runsIn(r, input), runsOut(r, output)));
    m_chart->setPoints(tr("training runs"), runs, colours.guide, 5.0);
    m_chart->setAxisTitles(QString::fromStdString(along.name), QString::fromStdString(spec.outputs[std::size_t(output)].name));
    const emu::Prediction loo = gp.gp.leaveOneOut();
    const emu::Vector y = runsOut.col(output);
    const double rmse = std::sqrt((y - loo.mean).array().square().mean());
    const double spread = std::sqrt((y.array() - y.mean()).square().mean());
    m_quality->setText(tr("Trained on %1 runs of %2 alone. Leaving each run out in turn, the emulator predicts it "
                          "with an error of %3 (%4 % of the output's spread over the runs); its bands are "
                          "widened ×%5 so that they hold on those runs.")
                           .arg(runsIn.rows())
                           .arg(QString::fromStdString(spec.name), number(rmse))
                           .arg(spread > 0 ? 100.0 * rmse / spread : 0.0, 0, 'f', 0)
                           .arg(std::sqrt(gp.varianceScale), 0, 'f', 2));
}

} // namespace ui
