#include "ui/panels/external_program_dialog.h"

#include "engine/core/errors.h"
#include "engine/external/external_program.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace ui {

namespace {

/// "path arg1 arg2" split into the command and its arguments; throws if there is no command.
std::pair<std::string, std::vector<std::string>> splitProgramLine(const QString& programLine)
{
    const QStringList words = programLine.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        throw emu::InvalidInput("choose the program to run");
    std::vector<std::string> arguments;
    for (qsizetype i = 1; i < words.size(); ++i)
        arguments.push_back(words[i].toStdString());
    return {words.first().toStdString(), arguments};
}

/// The inputs as a space; throws for an empty or repeated name or bad bounds.
emu::ParameterSpace inputSpace(const QList<std::tuple<QString, double, double>>& parameters)
{
    emu::ParameterSpace space;
    std::set<QString> seen;
    for (const auto& [name, low, high] : parameters) {
        if (name.trimmed().isEmpty())
            throw emu::InvalidInput("every input needs a name");
        if (!seen.insert(name.trimmed()).second)
            throw emu::InvalidInput("the input name \"" + name.toStdString() + "\" is used twice");
        space.addContinuous(name.trimmed().toStdString(), low, high); // checks low < high, finite
    }
    return space;
}

/// The launcher field split into words (empty: no launcher).
std::vector<std::string> launcherWords(const QString& launcher)
{
    std::vector<std::string> words;
    for (const QString& word : launcher.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        words.push_back(word.toStdString());
    return words;
}

} // namespace

BoObjective externalObjective(const QString& programLine,
                              const QList<std::tuple<QString, double, double>>& parameters, double timeoutSeconds,
                              const QString& launcher)
{
    const auto [command, arguments] = splitProgramLine(programLine);
    const emu::ParameterSpace space = inputSpace(parameters);
    auto program = std::make_shared<emu::ExternalProgram>(command, arguments, timeoutSeconds, launcherWords(launcher));
    const emu::ExternalObjective objective(program, space);
    BoObjective result;
    result.id = QStringLiteral("cmd:") + programLine;
    result.name = QFileInfo(QString::fromStdString(command)).fileName();
    result.space = space;
    result.evaluate = objective;
    return result;
}

emu::ProgramSimulatorSettings ExternalProgramSettings::simulatorSettings() const
{
    emu::ProgramSimulatorSettings s;
    std::tie(s.command, s.arguments) = splitProgramLine(programLine);
    s.timeoutSeconds = timeoutSeconds;
    s.launcher = launcherWords(launcher);
    s.parallel = parallel;
    s.inputs = inputSpace(parameters);
    for (const QString& output : outputs.isEmpty() ? QStringList{QStringLiteral("y")} : outputs)
        s.outputs.push_back(output.trimmed().toStdString());
    return s;
}

ExternalProgramDialog::ExternalProgramDialog(int inputs, QWidget* parent, bool resizable, bool declareOutputs)
    : QDialog(parent), m_program(new QLineEdit), m_parameters(new QTableWidget(0, 3)),
      m_timeout(new QDoubleSpinBox), m_launcher(new QLineEdit),
      m_outputs(declareOutputs ? new QLineEdit(QStringLiteral("y")) : nullptr),
      m_parallel(declareOutputs ? new QSpinBox : nullptr)
{
    setWindowTitle(tr("Your own simulator"));
    auto* intro = new QLabel(
        declareOutputs
            ? tr("The program is run once per point. It reads one JSON object of inputs on standard input, "
                 "e.g. <tt>{\"x1\": 0.3, \"x2\": 1.5}</tt>, and prints a JSON object with every output "
                 "declared below, e.g. <tt>{\"y\": 1.2, \"cost\": 30}</tt> (or one number if there is one "
                 "output) on standard output.")
            : tr("The program is run once per point. It reads one JSON object of inputs on "
                 "standard input, e.g. <tt>{\"x1\": 0.3, \"x2\": 1.5}</tt>, and prints one number "
                 "(or a JSON object with a \"y\" field) on standard output. The optimiser "
                 "<b>minimises</b> it."));
    intro->setWordWrap(true);
    auto* browse = new QPushButton(tr("Browse..."));
    auto* programRow = new QHBoxLayout;
    programRow->addWidget(m_program, 1);
    programRow->addWidget(browse);
    m_program->setPlaceholderText(tr("/path/to/program arguments"));
    m_parameters->setHorizontalHeaderLabels({tr("name"), tr("lower"), tr("upper")});
    m_parameters->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (int i = 0; i < inputs; ++i)
        addInputRow();
    m_timeout->setRange(0.1, 3600.0);
    m_timeout->setValue(60.0);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setToolTip(tr("A run that takes longer is stopped and reported as an error"));

    auto* form = new QFormLayout;
    form->addRow(tr("Program"), programRow);
    form->addRow(tr("Inputs"), m_parameters);
    if (resizable) {
        auto* add = new QPushButton(tr("Add input"));
        auto* remove = new QPushButton(tr("Remove last input"));
        auto* buttons = new QHBoxLayout;
        buttons->addWidget(add);
        buttons->addWidget(remove);
        buttons->addStretch(1);
        form->addRow(QString(), buttons);
        connect(add, &QPushButton::clicked, this, &ExternalProgramDialog::addInputRow);
        connect(remove, &QPushButton::clicked, this, [this] {
            if (m_parameters->rowCount() > 1)
                m_parameters->removeRow(m_parameters->rowCount() - 1);
        });
    }
    if (m_outputs) {
        m_outputs->setToolTip(tr("Names of the outputs the program prints, separated by commas"));
        form->addRow(tr("Outputs"), m_outputs);
    }
    form->addRow(tr("Timeout"), m_timeout);
    m_launcher->setPlaceholderText(tr("none, or e.g. srun -N1 -n1 --time=10"));
    m_launcher->setToolTip(tr("A command put in front of every run (srun, ssh host, docker run -i image): the run "
                              "happens where it puts it. Only the launcher has to exist on this computer."));
    form->addRow(tr("Launcher"), m_launcher);
    if (m_parallel) {
        m_parallel->setRange(1, 256);
        m_parallel->setToolTip(tr("How many runs of a batch (Run at random) may go on at once"));
        form->addRow(tr("Runs at once"), m_parallel);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExternalProgramDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose the simulator program"));
        if (!path.isEmpty())
            m_program->setText(path);
    });
}

void ExternalProgramDialog::addInputRow()
{
    const int row = m_parameters->rowCount();
    m_parameters->insertRow(row);
    m_parameters->setItem(row, 0, new QTableWidgetItem(QStringLiteral("x%1").arg(row + 1)));
    m_parameters->setItem(row, 1, new QTableWidgetItem(QStringLiteral("0")));
    m_parameters->setItem(row, 2, new QTableWidgetItem(QStringLiteral("1")));
}

QString readSavedBoRun(const QJsonObject& state, bool useExternal, const std::string& functionId, SavedBoRun& run)
{
    try {
        if (useExternal) {
            run.external = ExternalProgramSettings::fromJson(state.value("external").toObject());
            run.objective = run.external->objective();
        } else {
            run.objective = benchmarkObjective(functionId);
        }
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return BoSession::readHistory(state, run.objective.space, run.history);
}

BoObjective ExternalProgramSettings::objective() const
{
    return externalObjective(programLine, parameters, timeoutSeconds, launcher);
}

QJsonObject ExternalProgramSettings::toJson() const
{
    QJsonArray inputs;
    for (const auto& [name, low, high] : parameters)
        inputs.append(QJsonArray{name, low, high});
    QJsonObject json{{"program", programLine}, {"parameters", inputs}, {"timeout", timeoutSeconds}};
    if (!outputs.isEmpty())
        json["outputs"] = QJsonArray::fromStringList(outputs);
    if (!launcher.isEmpty())
        json["launcher"] = launcher;
    if (parallel != 1)
        json["parallel"] = parallel;
    return json;
}

ExternalProgramSettings ExternalProgramSettings::fromJson(const QJsonObject& json)
{
    ExternalProgramSettings settings{json.value("program").toString(), {}, json.value("timeout").toDouble(60.0), {},
                                     json.value("launcher").toString(), json.value("parallel").toInt(1)};
    for (const QJsonValue& output : json.value("outputs").toArray())
        settings.outputs.append(output.toString());
    for (const QJsonValue& p : json.value("parameters").toArray()) {
        const QJsonArray a = p.toArray();
        settings.parameters.append({a.at(0).toString(), a.at(1).toDouble(std::nan("")), a.at(2).toDouble(std::nan(""))});
    }
    return settings;
}

void ExternalProgramDialog::setSettings(const ExternalProgramSettings& settings)
{
    const auto& [programLine, parameters, timeoutSeconds, outputs, launcher, parallel] = settings;
    m_program->setText(programLine);
    while (m_parameters->rowCount() < parameters.size())
        addInputRow();
    for (int i = 0; i < m_parameters->rowCount() && i < parameters.size(); ++i) {
        const auto& [name, low, high] = parameters[i];
        m_parameters->item(i, 0)->setText(name);
        m_parameters->item(i, 1)->setText(QString::number(low, 'g', 17));
        m_parameters->item(i, 2)->setText(QString::number(high, 'g', 17));
    }
    m_timeout->setValue(timeoutSeconds);
    m_launcher->setText(launcher);
    if (m_parallel)
        m_parallel->setValue(parallel);
    if (m_outputs && !settings.outputs.isEmpty())
        m_outputs->setText(settings.outputs.join(QStringLiteral(", ")));
}

ExternalProgramSettings ExternalProgramDialog::settings() const
{
    ExternalProgramSettings result;
    result.programLine = m_program->text().trimmed();
    for (int i = 0; i < m_parameters->rowCount(); ++i) {
        bool okLow = false, okHigh = false;
        const double low = m_parameters->item(i, 1)->text().toDouble(&okLow);
        const double high = m_parameters->item(i, 2)->text().toDouble(&okHigh);
        result.parameters.append({m_parameters->item(i, 0)->text(), okLow ? low : std::nan(""), okHigh ? high : std::nan("")});
    }
    result.timeoutSeconds = m_timeout->value();
    result.launcher = m_launcher->text().trimmed();
    if (m_parallel)
        result.parallel = m_parallel->value();
    if (m_outputs)
        for (const QString& name : m_outputs->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            result.outputs.append(name.trimmed());
    return result;
}

QString ExternalProgramDialog::boundsError() const
{
    for (int i = 0; i < m_parameters->rowCount(); ++i)
        for (int column : {1, 2}) {
            const QString text = m_parameters->item(i, column)->text().trimmed();
            bool ok = false;
            text.toDouble(&ok);
            if (!ok)
                return tr("Input %1 (\"%2\"): the %3 bound \"%4\" is not a number")
                    .arg(i + 1)
                    .arg(m_parameters->item(i, 0)->text(), column == 1 ? tr("lower") : tr("upper"), text);
        }
    return {};
}

void ExternalProgramDialog::accept()
{
    if (const QString error = boundsError(); !error.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), error);
        return;
    }
    try {
        // Validates everything, including that the program can be run.
        if (m_outputs)
            emu::makeProgramSimulator(settings().simulatorSettings());
        else
            settings().objective();
        QDialog::accept();
    } catch (const emu::Error& e) {
        QMessageBox::warning(this, windowTitle(), QString::fromUtf8(e.what()));
    }
}

} // namespace ui
