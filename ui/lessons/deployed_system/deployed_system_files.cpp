#include "ui/lessons/deployed_system/deployed_system_page.h"

#include "engine/core/errors.h"
#include "engine/system/supply_chain.h"
#include "ui/lessons/deployed_system/intervention_panel.h"
#include "ui/lessons/deployed_system/system_monitor_view.h"
#include "ui/models/lesson_settings.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

// The deployed-system page's files: system files opened by the user, session state and CSV.

namespace ui {

namespace {

/// A system file larger than this is not a system a person wrote.
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

QJsonArray toJson(const emu::RowVector& values)
{
    QJsonArray out;
    for (emu::Index i = 0; i < values.size(); ++i)
        out.append(values(i));
    return out;
}

/// The values of a JSON array of `count` numbers, or an empty vector if it is not one.
emu::RowVector fromJson(const QJsonValue& value, emu::Index count)
{
    const QJsonArray array = value.toArray();
    if (array.size() != count)
        return {};
    emu::RowVector out(count);
    for (emu::Index i = 0; i < count; ++i) {
        if (!array[int(i)].isDouble() || !std::isfinite(array[int(i)].toDouble()))
            return {};
        out(i) = array[int(i)].toDouble();
    }
    return out;
}

} // namespace

QString DeployedSystemPage::openSystemFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("Could not open %1: %2").arg(path, file.errorString());
    if (file.size() > kMaxFileBytes)
        return tr("%1 is %2 MB; a system file is a few kilobytes of JSON").arg(path).arg(file.size() / 1e6, 0, 'f', 1);
    const QByteArray text = file.readAll();
    try {
        emu::SystemDescription description =
            emu::readSystemDescription(text.toStdString(), QFileInfo(path).fileName().toStdString());
        emu::System check(description); // the graph is checked before anything changes
        setSystem(std::move(description));
        return {};
    } catch (const emu::Error& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return tr("%1: %2").arg(path, QString::fromStdString(e.what()));
    }
}

QString DeployedSystemPage::dataCsv() const
{
    QString csv = QStringLiteral("output,deployed,at_setting,predicted_change,predicted_sd\n");
    if (m_change.change.size() == 0)
        return csv;
    const std::vector<std::string> outputs = m_models.system->outputNames();
    for (std::size_t o = 0; o < outputs.size(); ++o)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(QString::fromStdString(outputs[o]))
                   .arg(m_change.before.mean(emu::Index(o)), 0, 'g', 10)
                   .arg(m_change.after.mean(emu::Index(o)), 0, 'g', 10)
                   .arg(m_change.change(emu::Index(o)), 0, 'g', 10)
                   .arg(m_change.changeSd(emu::Index(o)), 0, 'g', 10);
    return csv;
}

QJsonObject DeployedSystemPage::saveState() const
{
    QJsonObject state = LessonPage::saveState();
    state[QStringLiteral("system")] = QString::fromStdString(emu::writeSystemDescription(m_description));
    state[QStringLiteral("deployed")] = toJson(m_deployed);
    state[QStringLiteral("interventions")] = toJson(m_interventions->values());
    return state;
}

QString DeployedSystemPage::restoreState(const QJsonObject& state)
{
    // Everything is checked before anything changes.
    if (const QString error = lessonSettings().check(state); !error.isEmpty())
        return error;
    emu::SystemDescription description = emu::supplyChainDescription();
    if (state.contains(QStringLiteral("system"))) {
        try {
            description = emu::readSystemDescription(state.value(QStringLiteral("system")).toString().toStdString(),
                                                     "the session's system");
            emu::System check(description);
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    }
    const emu::Index count = emu::System(description).interventionSpace().dimension();
    const emu::RowVector deployed = fromJson(state.value(QStringLiteral("deployed")), count);
    const emu::RowVector now = fromJson(state.value(QStringLiteral("interventions")), count);
    if (deployed.size() != count || now.size() != count)
        return tr("the session's interventions need %1 numbers each").arg(count);
    const emu::ParameterSpace space = emu::System(description).interventionSpace();
    if (!space.contains(deployed) || !space.contains(now))
        return tr("the session's interventions lie outside their ranges");
    {
        const QSignalBlocker block(&lessonSettings());
        lessonSettings().restoreState(state);
    }
    m_models.useComposed = usesComposed();
    setSystem(std::move(description));
    m_deployed = deployed;
    {
        const QSignalBlocker block(m_interventions);
        m_interventions->setValues(now);
    }
    m_monitor->watch(m_models, m_deployed);
    return {};
}

} // namespace ui
