#pragma once
// An undoable edit of a list of 2-D points (see ValueEditCommand).

#include "ui/models/value_edit_command.h"

#include <QList>
#include <QPointF>

namespace ui {

using PointsEditCommand = ValueEditCommand<QList<QPointF>>;

} // namespace ui
