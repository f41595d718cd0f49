#pragma once
// Contour lines of a scalar field sampled on a regular grid, by marching squares.
// The field is given as rows × columns values; (column, row) are grid coordinates, mapped to
// the caller's units afterwards. Each contour is returned as independent line segments, which
// is all a painter needs.

#include <QLineF>
#include <QList>
#include <QVector>

namespace ui {

struct ContourLevel
{
    double level = 0.0;
    QList<QLineF> segments; ///< in grid coordinates: x = column index, y = row index
};

/// Segments where the field crosses each level. values has rows*columns entries, row-major.
QList<ContourLevel> contourLines(const QVector<double>& values, int rows, int columns, const QVector<double>& levels);

/// `count` evenly spaced levels strictly inside [minimum, maximum].
QVector<double> evenLevels(double minimum, double maximum, int count);

} // namespace ui
