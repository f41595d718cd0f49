#pragma once
// Widgets bound to a lesson's settings (ui/models/lesson_settings.h), both ways: the user's edit
// sets the setting; a change of the setting (a restored session, a test, a tutorial) shows in
// the widget without the widget's own signals firing. Each function also declares the setting,
// with the widget's range or items and its current value as the default, so a page states each
// setting once, where it builds the widget.

#include <QString>

class QAbstractButton;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace ui {

class LessonSettings;

/// A whole number in the spin box's range.
void bindInt(LessonSettings& settings, const QString& key, QSpinBox* box);
/// A number in the spin box's range.
void bindNumber(LessonSettings& settings, const QString& key, QDoubleSpinBox* box);
/// A choice among the combo box's item data (string ids).
void bindChoice(LessonSettings& settings, const QString& key, QComboBox* combo);
/// A switch: a checkable button's state.
void bindFlag(LessonSettings& settings, const QString& key, QAbstractButton* button);

} // namespace ui
