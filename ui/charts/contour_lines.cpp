#include "ui/charts/contour_lines.h"

#include <array>
#include <cmath>

namespace ui {

namespace {

/// Where the level crosses the edge from a (value va) to b (value vb), linearly interpolated.
QPointF crossing(QPointF a, QPointF b, double va, double vb, double level)
{
    const double t = (level - va) / (vb - va);
    return a + t * (b - a);
}

} // namespace

QList<ContourLevel> contourLines(const QVector<double>& values, int rows, int columns, const QVector<double>& levels)
{
    QList<ContourLevel> result;
    if (rows < 2 || columns < 2 || values.size() != qsizetype(rows) * columns)
        return result;
    auto at = [&](int r, int c) { return values[qsizetype(r) * columns + c]; };
    for (double level : levels) {
        ContourLevel contour{level, {}};
        for (int r = 0; r + 1 < rows; ++r) {
            for (int c = 0; c + 1 < columns; ++c) {
                // Corners counter-clockwise from the top-left of the cell.
                const std::array<QPointF, 4> p = {QPointF(c, r), QPointF(c + 1, r), QPointF(c + 1, r + 1),
                                                  QPointF(c, r + 1)};
                const std::array<double, 4> v = {at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)};
                if (!std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2]) || !std::isfinite(v[3]))
                    continue;
                // Points where the level crosses the cell's four edges.
                QList<QPointF> hits;
                for (int e = 0; e < 4; ++e) {
                    const int f = (e + 1) % 4;
                    const bool aboveE = v[e] >= level;
                    const bool aboveF = v[f] >= level;
                    if (aboveE != aboveF)
                        hits.append(crossing(p[e], p[f], v[e], v[f], level));
                }
                if (hits.size() == 2) {
                    contour.segments.append(QLineF(hits[0], hits[1]));
                } else if (hits.size() == 4) {
                    // Saddle: decide the pairing by the value at the cell centre.
                    const double centre = 0.25 * (v[0] + v[1] + v[2] + v[3]);
                    // hits are on the top, right, bottom and left edges, in that order.
                    if ((centre >= level) == (v[0] >= level)) {
                        // The centre joins corners 0 and 2: cut off corners 1 and 3.
                        contour.segments.append(QLineF(hits[0], hits[1]));
                        contour.segments.append(QLineF(hits[2], hits[3]));
                    } else {
                        // Corners 0 and 2 are islands.
                        contour.segments.append(QLineF(hits[0], hits[3]));
                        contour.segments.append(QLineF(hits[1], hits[2]));
                    }
                }
            }
        }
        result.append(contour);
    }
    return result;
}

QVector<double> evenLevels(double minimum, double maximum, int count)
{
    QVector<double> levels;
    if (count < 1 || !(maximum > minimum))
        return levels;
    for (int i = 1; i <= count; ++i)
        levels.append(minimum + (maximum - minimum) * i / (count + 1));
    return levels;
}

} // namespace ui
