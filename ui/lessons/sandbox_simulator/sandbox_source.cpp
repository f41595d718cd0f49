#include "ui/lessons/sandbox_simulator/sandbox_source.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace ui {

SandboxSource SandboxSource::fromState(const QJsonObject& state)
{
    if (state.contains("program"))
        return ofProgram(ExternalProgramSettings::fromJson(state.value("program").toObject()));
    if (state.contains("system")) {
        const QJsonObject system = state.value("system").toObject();
        return ofSystem({system.value("name").toString(), system.value("text").toString()});
    }
    return builtIn(state.value("simulator").toString());
}

void SandboxSource::writeTo(QJsonObject& state) const
{
    state["simulator"] = builtInId;
    if (program)
        state["program"] = program->toJson();
    if (system)
        state["system"] = QJsonObject{{"name", system->name}, {"text", system->text}};
}

std::unique_ptr<emu::SandboxSimulator> SandboxSource::makeSimulator() const
{
    if (program)
        return emu::makeProgramSimulator(program->simulatorSettings());
    if (system)
        return emu::makeSystemSimulator(system->text.toStdString(), system->name.toStdString());
    return emu::makeSandboxSimulator(builtInId.toStdString());
}

QString SandboxSource::key() const
{
    if (program)
        return QStringLiteral("program:") + QString::fromUtf8(QJsonDocument(program->toJson()).toJson(QJsonDocument::Compact));
    if (system)
        return QStringLiteral("system:%1:%2")
            .arg(system->name, QString::fromLatin1(QCryptographicHash::hash(system->text.toUtf8(), QCryptographicHash::Sha1).toHex()));
    return builtInId;
}

} // namespace ui
