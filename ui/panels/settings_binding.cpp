#include "ui/panels/settings_binding.h"

#include "ui/models/lesson_settings.h"
#include "ui/panels/controller_editor.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

/// Calls show(widget) whenever `key` changes in `settings`, with the widget's signals blocked.
template <class Widget, class Show>
void showChanges(LessonSettings& settings, const QString& key, Widget* widget, Show show)
{
    QObject::connect(&settings, &LessonSettings::changed, widget, [&settings, key, widget, show](const QString& k) {
        if (!k.isEmpty() && k != key)
            return;
        const QSignalBlocker block(widget);
        show(widget, settings.value(key));
    });
}

} // namespace

void bindInt(LessonSettings& settings, const QString& key, QSpinBox* box)
{
    settings.addInt(key, box->minimum(), box->maximum(), box->value());
    QObject::connect(box, &QSpinBox::valueChanged, &settings, [&settings, key](int v) { settings.set(key, v); });
    showChanges(settings, key, box, [](QSpinBox* b, const QVariant& v) { b->setValue(v.toInt()); });
}

void bindInt(LessonSettings& settings, const QString& key, QSlider* slider)
{
    settings.addInt(key, slider->minimum(), slider->maximum(), slider->value());
    QObject::connect(slider, &QSlider::valueChanged, &settings, [&settings, key](int v) { settings.set(key, v); });
    showChanges(settings, key, slider, [](QSlider* s, const QVariant& v) { s->setValue(v.toInt()); });
}

void bindNumber(LessonSettings& settings, const QString& key, QDoubleSpinBox* box)
{
    settings.addNumber(key, box->minimum(), box->maximum(), box->value());
    QObject::connect(box, &QDoubleSpinBox::valueChanged, &settings,
                     [&settings, key](double v) { settings.set(key, v); });
    showChanges(settings, key, box, [](QDoubleSpinBox* b, const QVariant& v) { b->setValue(v.toDouble()); });
}

void bindChoice(LessonSettings& settings, const QString& key, QComboBox* combo)
{
    QStringList ids;
    for (int i = 0; i < combo->count(); ++i)
        ids << combo->itemData(i).toString();
    settings.addChoice(key, ids, combo->currentData().toString());
    QObject::connect(combo, &QComboBox::currentIndexChanged, &settings,
                     [&settings, key, combo](int i) { settings.set(key, combo->itemData(i).toString()); });
    showChanges(settings, key, combo,
                [](QComboBox* c, const QVariant& v) { c->setCurrentIndex(c->findData(v.toString())); });
}

void bindFlag(LessonSettings& settings, const QString& key, QAbstractButton* button)
{
    settings.addFlag(key, button->isChecked());
    QObject::connect(button, &QAbstractButton::toggled, &settings, [&settings, key](bool on) { settings.set(key, on); });
    showChanges(settings, key, button, [](QAbstractButton* b, const QVariant& v) { b->setChecked(v.toBool()); });
}

namespace {

const QString kThetaP = QStringLiteral("thetaP");
const QString kThetaV = QStringLiteral("thetaV");
const QString kTheta0 = QStringLiteral("theta0");

} // namespace

void bindController(LessonSettings& settings, ControllerEditor* editor)
{
    using D = emu::ControllerDomain;
    const emu::LinearController shown = editor->controller();
    settings.addNumber(kThetaP, D::thetaPMin, D::thetaPMax, shown.thetaP);
    settings.addNumber(kThetaV, D::thetaVMin, D::thetaVMax, shown.thetaV);
    settings.addNumber(kTheta0, D::theta0Min, D::theta0Max, shown.theta0);
    QObject::connect(editor, &ControllerEditor::changed, &settings,
                     [&settings](const emu::LinearController& c) { setControllerSetting(settings, c); });
    QObject::connect(&settings, &LessonSettings::changed, editor, [&settings, editor](const QString& key) {
        if (key.isEmpty() || key == kThetaP || key == kThetaV || key == kTheta0)
            editor->setController(controllerSetting(settings)); // emits nothing
    });
}

emu::LinearController controllerSetting(const LessonSettings& settings)
{
    return {settings.number(kThetaP), settings.number(kThetaV), settings.number(kTheta0)};
}

QString setControllerSetting(LessonSettings& settings, const emu::LinearController& controller)
{
    using D = emu::ControllerDomain;
    // Clamped as the editor clamps: its three decimals can overshoot the domain's edge.
    const auto clamped = [](double v, double lo, double hi) { return std::isfinite(v) ? std::clamp(v, lo, hi) : v; };
    return settings.setValues(QJsonObject{{kThetaP, clamped(controller.thetaP, D::thetaPMin, D::thetaPMax)},
                                          {kThetaV, clamped(controller.thetaV, D::thetaVMin, D::thetaVMax)},
                                          {kTheta0, clamped(controller.theta0, D::theta0Min, D::theta0Max)}});
}

} // namespace ui
