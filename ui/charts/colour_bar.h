#pragma once
// The colour scale of the app (viridis) and its colour bar: a vertical strip from the lowest
// value (bottom) to the highest (top) with round ticks and labels on its right. Heat maps paint
// one beside their plot; ColourBar stands beside any chart whose points are coloured by a value.

#include "ui/charts/nice_axis.h"

#include <QColor>
#include <QWidget>

class QPainter;
class QRectF;

namespace ui {

/// The viridis colour map at t ∈ [0, 1] (perceptually uniform, readable in grey).
QColor viridis(double t);

/// The ticks of a colour bar `height` pixels tall over [low, high].
NiceTicks colourBarTicks(double low, double high, double height, const QFontMetrics& metrics);

/// Width a colour bar of `barWidth` pixels takes with these tick labels beside it.
int colourBarWidth(const NiceTicks& ticks, int barWidth, const QFontMetrics& metrics);

/// Paints the strip in `bar` (low at the bottom) with its ticks and labels to the right.
void paintColourBar(QPainter& painter, const QRectF& bar, double low, double high,
                    const NiceTicks& ticks);

/// A stand-alone colour bar with a title above it, e.g. "action u" beside a scatter coloured by u.
class ColourBar : public QWidget
{
    Q_OBJECT
public:
    explicit ColourBar(QWidget* parent = nullptr);

    /// The values the colours run over.
    void setRange(double low, double high);
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    double low() const { return m_low; }
    double high() const { return m_high; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QRectF barRect() const;

    double m_low = 0.0;
    double m_high = 1.0;
    QString m_title;
};

} // namespace ui
