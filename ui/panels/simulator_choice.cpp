#include "ui/panels/simulator_choice.h"

#include <QComboBox>

namespace ui {

void addSimulators(QComboBox* combo, emu::SimulatorRole role, bool shortNames)
{
    for (const emu::SimulatorInfo* info : emu::simulatorsWithRole(role)) {
        combo->addItem(QString::fromStdString(shortNames ? info->shortName : info->displayName),
                       QString::fromStdString(info->id));
        combo->setItemData(combo->count() - 1, QString::fromStdString(info->description),
                           Qt::ToolTipRole);
    }
}

QString simulatorShortName(const std::string& id)
{
    const emu::SimulatorInfo* info = emu::simulatorRegistry().find(id);
    return QString::fromStdString(info ? info->shortName : id);
}

} // namespace ui
