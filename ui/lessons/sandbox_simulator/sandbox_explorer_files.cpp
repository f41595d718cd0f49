// The explorer's files: runs imported from and exported to CSV, the emulators' curves, and the
// session state (sandbox_explorer.h).

#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"

#include "engine/core/errors.h"
#include "ui/base/file_writing.h"
#include "ui/panels/emulator_card.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QUndoStack>

namespace ui {

QString SandboxExplorer::importRunsCsv(const QString& csvText, const QString& sourceName)
{
    try {
        m_runs.append(emu::parseSandboxRunsCsv(csvText.toStdString(), sourceName.toStdString(),
                                               m_simulator->inputs(), m_simulator->outputs()));
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    m_status = tr("Imported runs from %1 (%2 in all).").arg(sourceName).arg(m_runs.size());
    m_suggestion.reset();
    refreshRuns();
    showSuggestion();
    return {};
}

QString SandboxExplorer::runsCsv() const
{
    return QString::fromStdString(emu::sandboxRunsCsv(m_runs));
}

QString SandboxExplorer::emulatorsCsv() const
{
    QString csv = QStringLiteral("emulator,input,output,variance,lengthscale,noise,x,mean,sd\n");
    for (int c = 0; c < m_cards.size(); ++c) {
        const emu::InputOutputEmulator& e = m_cards[c]->emulator();
        const emu::InputOutputEmulator::Hyperparameters h = e.hyperparameters();
        const emu::InputOutputEmulator::Curve curve = e.curve(100);
        for (emu::Index i = 0; i < curve.x.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                       .arg(c + 1)
                       .arg(QString::fromStdString(m_runs.inputNames[std::size_t(e.input())]), QString::fromStdString(m_runs.outputNames[std::size_t(e.output())]))
                       .arg(h.variance, 0, 'g', 10)
                       .arg(h.lengthscale, 0, 'g', 10)
                       .arg(h.noise, 0, 'g', 10)
                       .arg(curve.x(i), 0, 'g', 10)
                       .arg(curve.mean(i), 0, 'g', 10)
                       .arg(curve.sd(i), 0, 'g', 10);
    }
    return csv;
}

void SandboxExplorer::importFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import runs"), QString(), tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        emit statusMessage(tr("Cannot open %1: %2").arg(path, file.errorString()), 8000);
        return;
    }
    const QString error = importRunsCsv(QString::fromUtf8(file.readAll()), QFileInfo(path).fileName());
    emit statusMessage(error.isEmpty() ? m_status : error, 8000);
}

void SandboxExplorer::exportFile(bool emulators)
{
    const QString path = QFileDialog::getSaveFileName(this, emulators ? tr("Export emulators") : tr("Export runs"),
                                                      emulators ? QStringLiteral("emulators.csv") : QStringLiteral("runs.csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const QString error = writeWholeFile(path, (emulators ? emulatorsCsv() : runsCsv()).toUtf8()); !error.isEmpty()) {
        emit statusMessage(error, 8000);
        return;
    }
    emit statusMessage(tr("Wrote %1").arg(path));
}

QJsonObject SandboxExplorer::saveState() const
{
    QJsonObject state = currentState();
    QJsonObject kept;
    for (auto it = m_kept.cbegin(); it != m_kept.cend(); ++it)
        kept.insert(it.key(), it.value());
    if (!kept.isEmpty())
        state["kept"] = kept;
    return state;
}

QString SandboxExplorer::restoreState(const QJsonObject& state)
{
    const QString error = restoreWhole(state);
    if (error.isEmpty())
        m_undo->clear();
    return error;
}

QString SandboxExplorer::restoreWhole(const QJsonObject& state)
{
    // The kept states are checked when they are switched to (restoreCurrent()); here only that
    // they are states at all, so that a bad file changes nothing.
    QMap<QString, QJsonObject> kept;
    const QJsonObject keptStates = state.value("kept").toObject();
    for (auto it = keptStates.begin(); it != keptStates.end(); ++it) {
        if (!it.value().isObject())
            return tr("sandbox: the kept runs of \"%1\" are not an object").arg(it.key());
        kept.insert(it.key(), it.value().toObject());
    }
    if (const QString error = restoreCurrent(state); !error.isEmpty())
        return error;
    m_kept = kept;
    return {};
}

QJsonObject SandboxExplorer::currentState() const
{
    QJsonArray cards;
    for (const EmulatorCard* card : m_cards) {
        const emu::InputOutputEmulator& e = card->emulator();
        const emu::InputOutputEmulator::Hyperparameters h = e.hyperparameters();
        cards.append(QJsonObject{{"input", int(e.input())},
                                 {"output", int(e.output())},
                                 {"firstRun", card->firstRun()},
                                 {"variance", h.variance},
                                 {"lengthscale", h.lengthscale},
                                 {"noise", h.noise}});
    }
    QJsonArray inputs;
    for (const QDoubleSpinBox* field : m_inputs)
        inputs.append(field->value());
    // The runs as the CSV text Export writes (empty without runs): readable, and read back with
    // an import's checks.
    QJsonObject state{{"inputs", inputs}, {"runs", m_runs.size() > 0 ? runsCsv() : QString()}, {"cards", cards}};
    m_source.writeTo(state);
    return state;
}

QString SandboxExplorer::restoreCurrent(const QJsonObject& state)
{
    // Checked in full before anything changes, so a bad file leaves the explorer as it was.
    std::unique_ptr<emu::SandboxSimulator> simulator;
    const SandboxSource source = SandboxSource::fromState(state);
    try {
        simulator = source.makeSimulator();
    } catch (const emu::Error& e) {
        return tr("sandbox simulator: %1").arg(QString::fromUtf8(e.what()));
    }
    emu::SandboxRuns runs = emu::SandboxRuns::empty(simulator->inputs().names(), simulator->outputs());
    if (const QString csv = state.value("runs").toString(); !csv.isEmpty()) {
        try {
            runs = emu::parseSandboxRunsCsv(csv.toStdString(), "sandbox runs", simulator->inputs(), simulator->outputs());
        } catch (const emu::Error& e) {
            return QString::fromUtf8(e.what());
        }
    }
    const QJsonArray cards = state.value("cards").toArray();
    for (const QJsonValue& value : cards) {
        const QJsonObject card = value.toObject();
        const int input = card.value("input").toInt(-1), output = card.value("output").toInt(-1);
        if (input < 0 || input >= simulator->inputs().dimension() || output < 0 ||
            output >= int(simulator->outputs().size()))
            return tr("sandbox emulator: no input %1 or output %2").arg(input).arg(output);
    }

    install(std::move(simulator), source);
    m_runs = runs;
    const QJsonArray inputs = state.value("inputs").toArray();
    for (int j = 0; j < m_inputs.size() && j < inputs.size(); ++j)
        setInput(j, inputs[j].toDouble(input(j)));
    for (const QJsonValue& value : cards) {
        const QJsonObject saved = value.toObject();
        EmulatorCard* card = addEmulator(saved.value("input").toInt(), saved.value("output").toInt());
        card->setFirstRun(saved.value("firstRun").toInt(0));
        emu::InputOutputEmulator e = card->emulator();
        try {
            e.setHyperparameters({saved.value("variance").toDouble(), saved.value("lengthscale").toDouble(),
                                  saved.value("noise").toDouble()});
            card->setEmulator(e);
        } catch (const emu::Error&) { // keep the defaults for values that make no model
        }
    }
    m_status = tr("Restored %1 runs.").arg(m_runs.size());
    refreshRuns();
    return {};
}

} // namespace ui
