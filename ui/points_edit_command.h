#pragma once
// One undoable edit of a page's data points: the whole list before and after. Adding, moving,
// removing, sampling and clearing points are all this one command, so undo/redo has one code
// path. (Data sets on these pages are small; copying them is cheaper than getting it wrong.)

#include <QList>
#include <QPointF>
#include <QUndoCommand>

#include <functional>

namespace ui {

class PointsEditCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const QList<QPointF>&)>;

    /// `apply` installs a point list on the page. If alreadyApplied, the first redo() does
    /// nothing (the page showed `after` live, e.g. while dragging).
    PointsEditCommand(const QString& text, QList<QPointF> before, QList<QPointF> after, Apply apply,
                      bool alreadyApplied = false)
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
    QList<QPointF> m_before;
    QList<QPointF> m_after;
    Apply m_apply;
    bool m_skipFirstRedo;
};

} // namespace ui
