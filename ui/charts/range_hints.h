#pragma once
// Visible limits for every number field (QSpinBox, QDoubleSpinBox) of the application. A spin
// box silently refuses a keystroke that would leave its range, and silently puts back its old
// value when the user leaves it with a number below its minimum; the user is left wondering.
// RangeHints watches all of them at once (an application-wide event filter, so fields created
// later, in dialogs or by a page, are covered too) and then shows, under the field, the range
// and what happened. Hovering a field adds its range to the tooltip.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

class QAbstractSpinBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace ui {

class RangeHints : public QObject
{
    Q_OBJECT
public:
    /// Watches every spin box of the application while this object lives.
    explicit RangeHints(QObject* parent = nullptr);
    ~RangeHints() override;

    /// The hint on screen now, or empty.
    QString shownHint() const;

    /// "from 1 to 500 steps": the field's range in its own units; empty for other spin boxes.
    static QString rangeText(const QAbstractSpinBox* box);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// After Enter or leaving the field: a number the field will not take (below its minimum,
    /// or nothing) is named with the range.
    void hintIfRefused(QAbstractSpinBox* box, const QLineEdit& edit, const QString& range);
    void show(QAbstractSpinBox* box, const QString& text);

    // A window of its own rather than a QToolTip: a tooltip hides at the release of the very
    // key whose press it explains.
    std::unique_ptr<QLabel> m_hint;
    QTimer m_hideTimer;
    /// The window of the field the hint explains: the hint goes when it moves, hides or closes.
    QPointer<QWidget> m_fieldWindow;
};

} // namespace ui
