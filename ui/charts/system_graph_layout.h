#pragma once
// Where the boxes, tags and wires of a system graph go (SystemGraph draws them): a layered
// layout after Sugiyama. Columns follow the longest path, so every wire runs left to right; a
// wire that skips columns gets a lane through each column it crosses, so it passes between the
// boxes instead of through them (wires from one port share their lanes and fan out where their
// targets are); the order within a column follows the barycentre of what feeds it and of what
// it feeds, which removes most crossings; the boxes then sit as close as the order allows to the
// ports feeding them, so most wires are nearly straight. The layout is a pure function of sizes
// and wiring, tested alone; the sizes come from the anatomy of boxes and tags, here too.

#include <QFont>
#include <QFontMetricsF>
#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace ui {

/// Where a wire starts: output `port` of node `node`, or system input number `port` (node −1).
struct SystemGraphSource
{
    int node = -1;
    int port = 0;
};

/// A wire from a source to input `toPort` of node `toNode`.
struct SystemGraphEdge
{
    SystemGraphSource from;
    int toNode = 0;
    int toPort = 0;
};

/// The widths a box or tag may take, widest first, and its height.
struct SystemGraphItemSize
{
    double wanted = 0.0;  ///< everything shown, input labels included
    double compact = 0.0; ///< every text whole, the optional ones left out
    double minimum = 0.0; ///< texts cut: only when the widget is narrower than the compact graph
    double height = 0.0;
};

/// What the layout needs to know of a graph: sizes, port heights and wiring.
struct SystemGraphShape
{
    QList<SystemGraphItemSize> inputs; ///< the tags of the system inputs
    QList<SystemGraphItemSize> nodes;
    QList<QList<double>> inputPorts;  ///< per node, each input dot's height as a fraction of the box's
    QList<QList<double>> outputPorts; ///< per node, each output row's height as a fraction
    QList<SystemGraphEdge> edges;
    QList<SystemGraphSource> outputs; ///< the system outputs, one tag each
    QList<SystemGraphItemSize> outputTags;
};

/// A component: its name, its input and output ports, and the tooltip of its box.
struct SystemGraphNode
{
    QString name;
    QStringList inputs;
    QStringList outputs;
    QString tooltip;
};

/// The fonts of a graph: the widget's for port rows and tags, bold for names, one point smaller
/// (never under 8 pt) for input labels, shares, and port names above their texts.
struct SystemGraphFonts
{
    explicit SystemGraphFonts(const QFont& base) : name(base), port(base), small(base)
    {
        name.setBold(true);
        if (base.pointSizeF() > 0.0)
            small.setPointSizeF(std::max(8.0, base.pointSizeF() - 1.0));
    }
    QFont name;
    QFont port;
    QFont small;
};

/// The inside of a box at its natural height, and the widths it may take. A header holds the
/// name (and the share's bar under it); below, the output rows and the input dots each spread
/// evenly over the body. An output row holds its port's name and, below it when the box has any
/// text, its text: lines are cheap and width is not, a graph being much wider than tall.
struct SystemGraphBox
{
    static constexpr double kPad = 7.0;       ///< text from the sides of a box or a tag
    static constexpr double kLabelGap = 15.0; ///< between the input labels and the output rows

    SystemGraphBox(const SystemGraphNode& node, const QStringList& texts, bool share, const SystemGraphFonts& fonts);
    double outputY(int port) const { return header + (port + 0.5) * body / std::max(outputs, 1); }
    double inputY(int input) const { return header + (input + 0.5) * body / std::max(inputs, 1); }
    /// The heights of the input dots (or output rows), as fractions of the box's.
    QList<double> fractions(bool outputRows) const
    {
        QList<double> list;
        for (int i = 0; i < (outputRows ? outputs : inputs); ++i)
            list.append((outputRows ? outputY(i) : inputY(i)) / size.height);
        return list;
    }

    int inputs = 0;
    int outputs = 0;
    bool texts = false; ///< whether any output has a text
    double row = 0.0;
    double nameLine = 0.0;
    double shareLine = 0.0;
    double header = 0.0;
    double body = 0.0;
    double block = 0.0;  ///< the width of the output rows
    double labels = 0.0; ///< the width of the input labels
    SystemGraphItemSize size;
};

/// The size of a tag: its name, small above its text when it has one.
SystemGraphItemSize systemGraphTagSize(const QString& name, const QString& text, const SystemGraphFonts& fonts);

/// Where everything goes, in widget coordinates.
struct SystemGraphLayout
{
    QList<QRectF> inputs;
    QList<QRectF> nodes;
    QList<QRectF> outputs;
    QList<int> columns; ///< per node, counted from 1 (the system inputs' tags are column 0)
    /// Per edge: its start, a pair of points per column it crosses (its lane), its end; empty
    /// for an edge with a bad index.
    QList<QList<QPointF>> edgeRoutes;
    QList<QList<QPointF>> outputRoutes; ///< the same, from a port to its system output's tag
    QSizeF wanted; ///< a size at which every item has its wanted width and room around it
};

/// Places the graph in a widget of `size`; never loops on cycles, ignores bad indices.
SystemGraphLayout layoutSystemGraph(const SystemGraphShape& shape, const QSizeF& size);

/// The wire along a route: straight through its lanes, smooth cubic curves between them.
QPainterPath systemGraphWire(const QList<QPointF>& route);

} // namespace ui
