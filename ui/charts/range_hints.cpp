#include "ui/charts/range_hints.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QToolTip>

namespace ui {

namespace {

constexpr int kHintMilliseconds = 5000;

/// The field's text if `typed` were typed now, replacing the selection or at the cursor.
QString textAfterTyping(const QLineEdit& edit, const QString& typed)
{
    QString text = edit.text();
    if (edit.hasSelectedText())
        return text.replace(edit.selectionStart(), edit.selectedText().size(), typed);
    return text.insert(edit.cursorPosition(), typed);
}

QValidator::State validity(const QAbstractSpinBox& box, QString text)
{
    int position = 0;
    return box.validate(text, position);
}

/// The number the user typed, without prefix, suffix and spaces.
QString cleanText(const QAbstractSpinBox& box)
{
    if (const auto* spin = qobject_cast<const QSpinBox*>(&box))
        return spin->cleanText();
    if (const auto* spin = qobject_cast<const QDoubleSpinBox*>(&box))
        return spin->cleanText();
    return box.text();
}

bool isEnter(const QKeyEvent& key)
{
    return key.key() == Qt::Key_Return || key.key() == Qt::Key_Enter;
}

} // namespace

RangeHints::RangeHints(QObject* parent) : QObject(parent), m_hint(std::make_unique<QLabel>(nullptr, Qt::ToolTip))
{
    m_hint->setObjectName(QStringLiteral("rangeHint"));
    m_hint->setPalette(QToolTip::palette()); // looks like a tooltip
    m_hint->setAutoFillBackground(true);
    m_hint->setFrameStyle(QFrame::Box | QFrame::Plain);
    m_hint->setMargin(4);
    m_hideTimer.setSingleShot(true);
    connect(&m_hideTimer, &QTimer::timeout, m_hint.get(), &QWidget::hide);
    qApp->installEventFilter(this);
}

RangeHints::~RangeHints()
{
    // Destroying the hint window sends events; this filter must not see them with half its
    // members gone.
    qApp->removeEventFilter(this);
}

QString RangeHints::shownHint() const
{
    return m_hint->isVisible() ? m_hint->text() : QString();
}

QString RangeHints::rangeText(const QAbstractSpinBox* box)
{
    const QLocale locale = box->locale();
    if (const auto* spin = qobject_cast<const QSpinBox*>(box))
        return tr("from %1 to %2%3").arg(locale.toString(spin->minimum()), locale.toString(spin->maximum()), spin->suffix());
    if (const auto* spin = qobject_cast<const QDoubleSpinBox*>(box))
        return tr("from %1 to %2%3")
            .arg(locale.toString(spin->minimum(), 'f', spin->decimals()),
                 locale.toString(spin->maximum(), 'f', spin->decimals()), spin->suffix());
    return {};
}

bool RangeHints::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    // Event types first: this sees every event of the application.
    if ((type == QEvent::Move || type == QEvent::Hide || type == QEvent::WindowDeactivate) &&
        watched == m_fieldWindow) {
        m_hint->hide(); // it would float where the field no longer is
        return false;
    }
    if (type != QEvent::KeyPress && type != QEvent::FocusOut && type != QEvent::ToolTip)
        return false; // the common case
    auto* box = qobject_cast<QAbstractSpinBox*>(watched);
    if (!box && qobject_cast<QLineEdit*>(watched)) // the field's own text line has the focus
        box = qobject_cast<QAbstractSpinBox*>(watched->parent());
    const QString range = box ? rangeText(box) : QString();
    if (range.isEmpty())
        return false;

    if (type == QEvent::ToolTip) {
        const QString own = box->toolTip();
        QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(),
                           own.isEmpty() ? tr("Allowed: %1").arg(range) : tr("%1\nAllowed: %2").arg(own, range), box);
        return true;
    }
    const auto* edit = box->findChild<QLineEdit*>();
    if (!edit || box->isReadOnly())
        return false;
    if (type == QEvent::KeyPress) {
        const auto& key = static_cast<const QKeyEvent&>(*event);
        if (!key.text().isEmpty() && key.text().at(0).isPrint() &&
            validity(*box, textAfterTyping(*edit, key.text())) == QValidator::Invalid)
            show(box, tr("\"%1\" is not allowed here (allowed: %2).").arg(textAfterTyping(*edit, key.text()).trimmed(), range));
        else if (isEnter(key))
            hintIfRefused(box, *edit, range);
    } else { // focus out
        hintIfRefused(box, *edit, range);
    }
    return false;
}

void RangeHints::hintIfRefused(QAbstractSpinBox* box, const QLineEdit& edit, const QString& range)
{
    if (validity(*box, edit.text()) != QValidator::Intermediate)
        return; // acceptable: the field takes it
    const QString number = cleanText(*box);
    show(box, number.isEmpty() ? tr("The field is empty; it keeps its previous value (allowed: %1).").arg(range)
                               : tr("%1 is outside the allowed range, %2; the field keeps its previous value.")
                                     .arg(number, range));
}

void RangeHints::show(QAbstractSpinBox* box, const QString& text)
{
    m_hint->setText(text);
    m_hint->adjustSize();
    m_hint->move(box->mapToGlobal(QPoint(0, box->height())));
    m_fieldWindow = box->window();
    m_hint->show();
    m_hideTimer.start(kHintMilliseconds);
}

} // namespace ui
