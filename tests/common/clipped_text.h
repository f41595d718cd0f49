#pragma once
// What a user sees cut off: the visible labels, buttons and combo boxes under a widget whose
// text does not fit the room they were given, and chart texts (titles, tick labels) that Qt
// Charts elided with "…".

#include <QAbstractButton>
#include <QChartView>
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QPushButton>
#include <QStringList>
#include <QStyle>
#include <QStyleOptionButton>
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
        } else if (auto* push = qobject_cast<QPushButton*>(w); push && !push->text().isEmpty()) {
            // A push button's size hint has a minimum width (80 px in most styles) that a short
            // text does not need: the text must fit the rectangle the style draws it in.
            QStyleOptionButton option;
            option.initFrom(push);
            option.text = push->text();
            const QRect contents = push->style()->subElementRect(QStyle::SE_PushButtonContents, &option, push);
            const int icon = push->icon().isNull() ? 0 : push->iconSize().width() + 4;
            const int text = push->fontMetrics().horizontalAdvance(push->text()) + icon;
            if (text > contents.width() + 1)
                clipped << QStringLiteral("QPushButton '%1': needs %2 px of text, has %3")
                               .arg(push->text())
                               .arg(text)
                               .arg(contents.width());
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
    for (QChartView* view : root->findChildren<QChartView*>()) {
        if (!view->isVisible() || !view->chart()->scene())
            continue;
        for (QGraphicsItem* item : view->chart()->scene()->items())
            if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                if (const QString shown = text->toPlainText(); shown.contains(QChar(0x2026)))
                    clipped << QStringLiteral("chart '%1': '%2' elided").arg(view->chart()->title(), shown);
    }
    return clipped;
}

} // namespace emu::test
