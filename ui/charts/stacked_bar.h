#pragma once
// A horizontal bar filling, segment by segment, towards a total: a budget spent on several
// things (the runs of each fidelity), the part left over empty. Each segment is labelled inside
// when its label fits, and every segment's label is in the tooltip.

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

namespace ui {

class StackedBar : public QWidget
{
    Q_OBJECT
public:
    struct Segment
    {
        double value = 0.0; ///< ≥ 0, in the total's units
        QColor colour;
        QString label;      ///< e.g. "track 75"
    };

    explicit StackedBar(QWidget* parent = nullptr);

    /// The segments, left to right, out of `total` (> 0; segments beyond it are clipped).
    void setSegments(const QList<Segment>& segments, double total);
    const QList<Segment>& segments() const { return m_segments; }
    double total() const { return m_total; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<Segment> m_segments;
    double m_total = 1.0;
};

} // namespace ui
