#pragma once
// A heat map of a scalar field over a 2-D box, with contour lines, a colour bar, axes, and
// points drawn on top (evaluated points, a highlighted marker such as the next suggestion).
// Hovering shows the value under the mouse; clicking emits the clicked coordinates, so pages
// can use the map as an input ("evaluate here", "use this controller").

#include "ui/charts/colour_bar.h"

#include <QImage>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <QWidget>

#include <optional>

namespace ui {

class HeatMap : public QWidget
{
    Q_OBJECT
public:
    explicit HeatMap(QWidget* parent = nullptr);

    /// The field: rows × columns values, row-major; row 0 lies at yMin, column 0 at xMin.
    void setField(double xMin, double xMax, double yMin, double yMax, const QVector<double>& values, int rows,
                  int columns);
    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y);
    void setColourBarTitle(const QString& title);
    /// Colours start at 0 for a non-negative quantity (standard deviation, expected improvement):
    /// the bar then shows how large the values are, not only how they spread.
    void setColourFromZero(bool fromZero);
    /// Points drawn on top (white dots with a dark border).
    void setPoints(const QList<QPointF>& points);
    /// A highlighted point (red star), e.g. the next suggestion; nullopt hides it.
    void setMarker(std::optional<QPointF> marker);
    /// The plot is at most this many times as tall as it is wide (1.25 unless set): a thin tall
    /// column is hard to read, but a page whose map stands in a tall frame may allow more.
    void setMaxAspect(double tallness);
    /// Number of contour levels (0 hides contours).
    void setContourCount(int count);

    /// Field value at a coordinate (nearest grid cell), NaN outside.
    double valueAt(const QPointF& value) const;
    /// Widget position of a coordinate, and back.
    QPointF toWidget(const QPointF& value) const;
    QPointF toValue(const QPointF& widgetPos) const;
    /// The rectangle of the plot area in widget coordinates.
    QRectF plotRect() const;
    QSize sizeHint() const override { return {420, 360}; }
    QSize minimumSizeHint() const override { return {200, 160}; }

signals:
    /// The user clicked inside the plot at this coordinate.
    void clicked(QPointF value);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Frame;
    /// Where the plot goes and which ticks its axes and colour bar show, for the current size.
    Frame frame() const;
    QPointF toWidget(const QPointF& value, const QRectF& plot) const;
    void rebuildImage();

    double m_xMin = 0, m_xMax = 1, m_yMin = 0, m_yMax = 1;
    QVector<double> m_values;
    int m_rows = 0;
    int m_columns = 0;
    double m_low = 0, m_high = 1;
    QImage m_image;
    QString m_title;
    QString m_xTitle;
    QString m_yTitle;
    QString m_barTitle;
    QList<QPointF> m_points;
    std::optional<QPointF> m_marker;
    double m_maxAspect = 1.25;
    int m_contourCount = 8;
    bool m_colourFromZero = false;
};

} // namespace ui
