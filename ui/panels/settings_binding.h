#pragma once
// Widgets bound to a lesson's settings (ui/models/lesson_settings.h), both ways: the user's edit
// sets the setting; a change of the setting (a restored session, a test, a tutorial) shows in
// the widget without the widget's own signals firing. Each function also declares the setting,
// with the widget's range or items and its current value as the default, so a page states each
// setting once, where it builds the widget.

#include "engine/sim/linear_controller.h"

#include <QString>

class QAbstractButton;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace ui {

class LessonSettings;

/// A whole number in the spin box's range.
void bindInt(LessonSettings& settings, const QString& key, QSpinBox* box);
/// A whole number in the slider's range.
void bindInt(LessonSettings& settings, const QString& key, QSlider* slider);
/// A number in the spin box's range.
void bindNumber(LessonSettings& settings, const QString& key, QDoubleSpinBox* box);
/// A choice among the combo box's item data (string ids).
void bindChoice(LessonSettings& settings, const QString& key, QComboBox* combo);
/// A switch: a checkable button's state.
void bindFlag(LessonSettings& settings, const QString& key, QAbstractButton* button);

class ControllerEditor;

/// A linear controller's gains "thetaP", "thetaV" and "theta0" (ControllerDomain), changed
/// together when the user edits one.
void bindController(LessonSettings& settings, ControllerEditor* editor);
/// The controller the settings hold (bound with bindController()).
emu::LinearController controllerSetting(const LessonSettings& settings);
/// Sets the three gains, clamped to the domain, as one change; returns the refusal (not finite).
QString setControllerSetting(LessonSettings& settings, const emu::LinearController& controller);

} // namespace ui
