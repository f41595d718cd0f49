#pragma once
// Visible limits for every number field (QSpinBox, QDoubleSpinBox) of the application. A spin
// box silently refuses a keystroke that would leave its range, and silently puts back its old
// value when the user leaves it with a number below its minimum; the user is left wondering.
// RangeHints watches all of them at once (an application-wide event filter, so fields created
// later, in dialogs or by a page, are covered too) and then shows, under the field, the range
// and what happened. Hovering a field adds its range to the tooltip.

#include <QObject>
#include <QString>

class QAbstractSpinBox;
class QLineEdit;

namespace ui {

class RangeHints : public QObject
{
    Q_OBJECT
public:
    /// Watches every spin box of the application while this object lives.
    explicit RangeHints(QObject* parent = nullptr);

    /// The last hint shown (for tests; tooltips are short-lived).
    QString lastHint() const { return m_lastHint; }

    /// "from 1 to 500 steps": the field's range in its own units; empty for other spin boxes.
    static QString rangeText(const QAbstractSpinBox* box);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// After Enter or leaving the field: a number the field will not take (below its minimum,
    /// or nothing) is named with the range.
    void hintIfRefused(QAbstractSpinBox* box, const QLineEdit& edit, const QString& range);
    void show(QAbstractSpinBox* box, const QString& text);

    QString m_lastHint;
};

} // namespace ui
