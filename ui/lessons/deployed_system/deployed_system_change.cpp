// The deployed-system page after a change: a component retrained or reconfigured once the
// emulators were trained (deployed_system_page.h).

#include "ui/lessons/deployed_system/deployed_system_page.h"

#include "engine/core/errors.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/lesson_settings.h"

#include <QLabel>

#include <memory>

namespace ui {

namespace {

/// "history_seed 7 → 8, spread 12 → 10" for the parameters that differ.
QString changedParameters(const emu::SystemComponentSpec& before, const emu::SystemComponentSpec& after)
{
    const emu::SystemComponentType& type = emu::systemComponentTypes().at(after.type);
    QStringList parts;
    for (const auto& [name, value] : after.parameters) {
        double fallback = value;
        for (const emu::ComponentParameterInfo& info : type.parameters)
            if (info.name == name)
                fallback = info.defaultValue;
        const double old = before.parameter(name, fallback);
        if (old != value)
            parts << QStringLiteral("%1 %2 → %3")
                         .arg(QString::fromStdString(name), QString::number(old, 'g', 4), QString::number(value, 'g', 4));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString DeployedSystemPage::changeComponent(int component, const std::vector<std::pair<std::string, double>>& parameters)
{
    if (!m_models.isReady())
        return tr("The emulators are still being trained: change the component once they are ready.");
    if (component < 0 || std::size_t(component) >= m_description.components.size())
        return tr("There is no component %1.").arg(component);
    emu::SystemDescription changed = m_description;
    emu::SystemComponentSpec& spec = changed.components[std::size_t(component)];
    spec.parameters = parameters;
    const QString what = changedParameters(m_description.components[std::size_t(component)], spec);
    if (what.isEmpty())
        return tr("Nothing changed: set a different value first.");
    std::shared_ptr<const emu::System> system;
    try {
        system = std::make_shared<const emu::System>(changed); // checks every value before anything changes
    } catch (const emu::Error& e) {
        return QString::fromStdString(e.what());
    }
    emu::SystemEmulatorSettings settings;
    settings.runs = lessonSettings().intValue(QStringLiteral("runs"));
    settings.seed = std::uint64_t(lessonSettings().intValue(QStringLiteral("seed")));
    const QString name = QString::fromStdString(spec.name);
    m_status->setText(tr("%1 changed (%2): adapting the emulators…").arg(name, what));
    startTraining(
        changed,
        [system, before = m_models, settings](emu::Progress& progress) {
            SystemModels models = before;
            emu::ChildProgress first(progress, 0.0, 0.2, "component-wise, the changed component");
            models.composed = std::make_shared<const emu::ComponentwiseEmulator>(
                before.composed->adaptedTo(*system, settings, first.get()));
            emu::ChildProgress second(progress, 0.2, 1.0, "whole system");
            models.whole = std::make_shared<const emu::WholeSystemEmulator>(*system, settings, second.get());
            models.system = system;
            return models;
        },
        [this, name, what](const SystemModels& models) {
            const emu::Index kept = models.system->componentCount() - models.composed->componentsTrained();
            const QString unit = QString::fromStdString(m_description.costUnit);
            return tr("%1 changed (%2). Component-wise: %1 alone retrained on %3 runs (%4 %5), the other %6 "
                      "components' emulators kept. Whole system: retrained on %7 runs of the whole system (%8 %5).")
                .arg(name, what)
                .arg(lessonSettings().intValue(QStringLiteral("runs")))
                .arg(QString::number(models.composed->trainingCost(), 'g', 4), unit)
                .arg(kept)
                .arg(models.whole->runs())
                .arg(QString::number(models.whole->cost(), 'g', 4));
        },
        tutorial_events::kComponentChanged);
    return {};
}

} // namespace ui
