#pragma once
// What a user sees cut off: the visible labels, buttons and combo boxes under a widget whose
// text does not fit the room they were given.

#include <QAbstractButton>
#include <QComboBox>
#include <QLabel>
#include <QStringList>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QWidget>

namespace emu::test {

/// "ClassName 'text': needs W×H, has w×h" for each widget under `root` (itself included) whose
/// text is clipped; empty when everything fits. One pixel of rounding is forgiven.
inline QStringList clippedTexts(QWidget* root)
{
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    QStringList clipped;
    const auto report = [&](const QWidget* w, const QString& text, QSize needed) {
        const QSize has = w->size();
        if (needed.width() > has.width() + 1 || needed.height() > has.height() + 1)
            clipped << QStringLiteral("%1 '%2': needs %3x%4, has %5x%6")
                           .arg(QString::fromLatin1(w->metaObject()->className()), text.left(60))
                           .arg(needed.width())
                           .arg(needed.height())
                           .arg(has.width())
                           .arg(has.height());
    };
    for (QWidget* w : widgets) {
        if (!w->isVisible() || w->width() <= 0)
            continue;
        if (auto* label = qobject_cast<QLabel*>(w); label && !label->text().isEmpty()) {
            QSize needed = label->sizeHint();
            if (label->wordWrap())
                needed = QSize(std::min(needed.width(), label->width()), label->heightForWidth(label->width()));
            report(label, label->text(), needed);
        } else if (auto* button = qobject_cast<QAbstractButton*>(w); button && !button->text().isEmpty()) {
            report(button, button->text(), button->sizeHint());
        } else if (auto* combo = qobject_cast<QComboBox*>(w); combo && !combo->currentText().isEmpty()) {
            QStyleOptionComboBox option;
            option.initFrom(combo);
            option.editable = combo->isEditable();
            const QRect field =
                combo->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, combo);
            const int text = combo->fontMetrics().horizontalAdvance(combo->currentText());
            if (text > field.width() + 1)
                clipped << QStringLiteral("QComboBox '%1': needs %2 px of text, has %3")
                               .arg(combo->currentText())
                               .arg(text)
                               .arg(field.width());
        }
    }
    return clipped;
}

} // namespace emu::test
