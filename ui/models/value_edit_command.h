#pragma once
// One undoable edit of a page's data, whatever its type: the whole value before and after.
// Adding, moving, removing, sampling and clearing data are all this one command, so undo/redo
// has one code path. (Data sets on these pages are small; copying them is cheaper than getting
// it wrong.)

#include <QUndoCommand>

#include <functional>

namespace ui {

template <class Value>
class ValueEditCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const Value&)>;

    /// `apply` installs a value on the page. If alreadyApplied, the first redo() does nothing
    /// (the page showed `after` live, e.g. while dragging).
    ValueEditCommand(const QString& text, Value before, Value after, Apply apply, bool alreadyApplied = false)
        : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply)),
          m_skipFirstRedo(alreadyApplied)
    {
    }

    void undo() override { m_apply(m_before); }
    void redo() override
    {
        if (m_skipFirstRedo) {
            m_skipFirstRedo = false;
            return;
        }
        m_apply(m_after);
    }

private:
    Value m_before;
    Value m_after;
    Apply m_apply;
    bool m_skipFirstRedo;
};

} // namespace ui
