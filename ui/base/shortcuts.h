#pragma once
// Shortcuts that work on every desktop. Qt's standard keys come from the platform theme, and
// some are empty where no desktop theme is loaded (QKeySequence::SaveAs, Quit and FullScreen
// under a bare X11 window manager): an action given only those has no shortcut there.

#include <QKeySequence>
#include <QList>

namespace ui {

/// `portable` (the sequence the README documents) first, then the platform's other bindings
/// of `key`, without repeats.
QList<QKeySequence> portableShortcuts(QKeySequence::StandardKey key, const QKeySequence& portable);

} // namespace ui
