#pragma once
// A 1-D chart of a Gaussian-process-like posterior: mean, ±2σ band, sample curves, an optional
// true function, and the data points. The user edits the data with the mouse:
//   left click on empty space  → pointAdded(x, y)
//   drag a point               → pointDragged(index, x, y) while moving, pointMoved(...) on release
//   right click on a point     → pointRemoved(index)   (Delete removes the point under the mouse)
//   right click elsewhere      → the figure menu (Export as PNG / SVG, Copy)
// The chart never owns the data: the page decides what an edit means (and makes it undoable).
// Curves are updated with QXYSeries::replace, never rebuilt.

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QVector>

#include <vector>

class QAreaSeries;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ui {

class PosteriorChart : public QChartView
{
    Q_OBJECT
public:
    explicit PosteriorChart(QWidget* parent = nullptr);

    /// Mean and standard deviation at the grid xs (same lengths); the band is mean ± 2·sd.
    void setPosterior(const QVector<double>& xs, const QVector<double>& mean, const QVector<double>& sd);
    /// Sample curves on the grid xs; an empty list hides them.
    void setSamples(const QVector<double>& xs, const std::vector<QVector<double>>& samples);
    /// The true function on the grid xs; empty hides it.
    void setTruth(const QVector<double>& xs, const QVector<double>& ys);
    /// The observed data points.
    void setData(const QList<QPointF>& points);
    /// Highlighted points (e.g. the next point Bayesian optimisation will evaluate).
    void setHighlights(const QList<QPointF>& points, const QString& name);
    /// A straight guide line through these points (e.g. a tangent); empty hides it.
    void setGuideLine(const QList<QPointF>& points, const QString& name);
    /// With false, the data cannot be dragged or removed: every left click is pointAdded
    /// (for charts whose points come from elsewhere, e.g. simulator runs).
    void setPointsEditable(bool editable) { m_pointsEditable = editable; }
    /// Fixes the x range (clicks are accepted inside it) and the initial y range.
    void setRanges(double xMin, double xMax, double yMin, double yMax);
    /// Keeps the y range still while the user edits the data: the curves are clipped to it and
    /// only a data point outside it widens it (a click at the same height must land at the same
    /// value). rescaleY() lets the range follow everything again.
    void holdYRange();
    /// Fits the y range to everything shown (the page's range at least) and stops holding it.
    void rescaleY();
    bool isYRangeHeld() const { return m_holdY; }
    /// Axis titles.
    void setAxisTitles(const QString& x, const QString& y);
    /// Index of the data point within `pixels` of the widget position, or -1.
    int pointNear(const QPoint& widgetPos, double pixels = 8.0) const;
    /// Widget position of a chart value (for tests and tooltips).
    QPoint toWidget(const QPointF& value) const;
    /// Chart value at a widget position.
    QPointF toValue(const QPoint& widgetPos) const;

signals:
    void pointAdded(double x, double y);
    void pointDragged(int index, double x, double y);
    void pointMoved(int index, QPointF from, QPointF to);
    void pointRemoved(int index);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    bool insidePlot(const QPointF& value) const;
    void fitAxes();

    QLineSeries* m_mean;
    QLineSeries* m_upper;
    QLineSeries* m_lower;
    QAreaSeries* m_band;
    QLineSeries* m_truth;
    QScatterSeries* m_points;
    QScatterSeries* m_highlights;
    QLineSeries* m_guide;
    std::vector<QLineSeries*> m_samples;
    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    QList<QPointF> m_data;
    double m_xMin = 0.0;
    double m_xMax = 1.0;
    double m_yMin = -3.0;
    double m_yMax = 3.0;
    bool m_pointsEditable = true;
    bool m_holdY = false;
    bool m_rightClickRemoved = false; ///< the last right click removed a point: no menu for it
    int m_dragIndex = -1;
    QPointF m_dragStart;
};

} // namespace ui
