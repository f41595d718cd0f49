#include "ui/panels/settings_binding.h"

#include "ui/models/lesson_settings.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalBlocker>
#include <QSpinBox>

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

} // namespace ui
