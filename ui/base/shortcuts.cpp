#include "ui/base/shortcuts.h"

namespace ui {

QList<QKeySequence> portableShortcuts(QKeySequence::StandardKey key, const QKeySequence& portable)
{
    QList<QKeySequence> shortcuts{portable};
    for (const QKeySequence& binding : QKeySequence::keyBindings(key))
        if (!binding.isEmpty() && !shortcuts.contains(binding))
            shortcuts.append(binding);
    return shortcuts;
}

} // namespace ui
