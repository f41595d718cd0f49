#include "ui/charts/system_graph_layout.h"

#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <utility>

namespace ui {

namespace {

constexpr double kMargin = 8.0;
constexpr double kWantedGap = 64.0; // between columns at the wanted size
constexpr double kMinGap = 30.0;    // room for a curve and its arrowhead
constexpr double kMaxGap = 130.0;   // wider gaps would only stretch the wires
constexpr double kTightGap = 12.0;  // when even the minimum widths do not fit
constexpr double kBoxGap = 18.0;    // between two boxes (or tags) of a column
constexpr double kLaneGap = 10.0;   // between a lane and its neighbours
constexpr double kSqueezedBoxGap = 4.0;
constexpr double kSqueezedLaneGap = 2.0;

/// A connection between items of neighbouring columns.
struct Link
{
    int item = -1;             ///< the other end
    double fromFraction = 0.5; ///< where it leaves the feeder, as a fraction of its height
    double toFraction = 0.5;   ///< where it enters the target
};

/// What a column holds: a tag, a box, or a lane (a wire passing through).
struct Item
{
    Item(bool lane, int column, const SystemGraphItemSize& size = {}) : lane(lane), column(column), size(size) {}
    bool lane = false;
    int column = 0;
    SystemGraphItemSize size;
    double height = 0.0; // after squeezing
    double top = 0.0;
    QList<Link> feeders;
    QList<Link> targets;
};

bool validSource(const SystemGraphShape& shape, const SystemGraphSource& from)
{
    if (from.node == -1)
        return from.port >= 0 && from.port < shape.inputs.size();
    return from.node >= 0 && from.node < shape.nodes.size() && from.node < shape.outputPorts.size() &&
           from.port >= 0 && from.port < shape.outputPorts[from.node].size();
}

bool validEdge(const SystemGraphShape& shape, const SystemGraphEdge& edge)
{
    return validSource(shape, edge.from) && edge.toNode >= 0 && edge.toNode < shape.nodes.size() &&
           edge.toNode < shape.inputPorts.size() && edge.toPort >= 0 &&
           edge.toPort < shape.inputPorts[edge.toNode].size();
}

/// Columns by longest path, counted from 1, with no empty column.
QList<int> nodeColumns(const SystemGraphShape& shape)
{
    const int count = int(shape.nodes.size());
    QList<int> column(count, 1);
    // Relaxation settles an acyclic graph within `count` rounds. A cycle would raise its columns
    // for ever: they are capped at `count`, and so are the rounds.
    for (int round = 0, changed = 1; changed && round <= count; ++round) {
        changed = 0;
        for (const SystemGraphEdge& edge : shape.edges)
            if (validEdge(shape, edge) && edge.from.node >= 0) {
                const int wanted = std::min(column[edge.from.node] + 1, count);
                changed |= wanted > column[edge.toNode];
                column[edge.toNode] = std::max(column[edge.toNode], wanted);
            }
    }
    const std::set<int> used(column.begin(), column.end());
    const QList<int> order(used.begin(), used.end());
    for (int& c : column)
        c = int(std::lower_bound(order.begin(), order.end(), c) - order.begin()) + 1;
    return column;
}

/// Tops for items of these heights in this order, each as close to its wish as the order, the
/// gaps and [low, high] allow: an isotonic regression (pool adjacent violators) of the wishes
/// less each item's offset from the first.
QList<double> placeInOrder(const QList<double>& wishes, const QList<double>& heights,
                           const QList<double>& gapsAfter, double low, double high)
{
    const qsizetype count = wishes.size();
    QList<double> offsets(count, 0.0);
    for (qsizetype i = 1; i < count; ++i)
        offsets[i] = offsets[i - 1] + heights[i - 1] + gapsAfter[i - 1];
    QList<std::pair<double, int>> blocks; // (sum, size)
    for (qsizetype i = 0; i < count; ++i) {
        blocks.append({wishes[i] - offsets[i], 1});
        while (blocks.size() > 1 && blocks[blocks.size() - 2].first / blocks[blocks.size() - 2].second >
                                        blocks.last().first / blocks.last().second) {
            const auto last = blocks.takeLast();
            blocks.last().first += last.first;
            blocks.last().second += last.second;
        }
    }
    const double highest = count > 0 ? high - offsets.last() - heights.last() : high;
    QList<double> tops;
    for (const auto& [sum, size] : blocks)
        for (int k = 0; k < size; ++k)
            tops.append(std::max(low, std::min(sum / size, highest)) + offsets[tops.size()]);
    return tops;
}

/// Fits the columns into `room`, returns the gap between them. Comfortable gaps come first (the
/// wires need them); room left lets columns show everything, the cheapest first, then the gaps
/// grow. Less room cuts texts; less than the minimum shrinks the gaps, then the items.
double fitWidths(QList<double>& widths, const QList<SystemGraphItemSize>& sizes, double room)
{
    const int gaps = std::max(0, int(sizes.size()) - 1);
    double compact = 0.0, minimum = 0.0;
    QList<int> cheapest;
    widths.clear();
    for (const SystemGraphItemSize& s : sizes) {
        compact += s.compact;
        minimum += s.minimum;
        cheapest.append(int(widths.size()));
        widths.append(s.compact);
    }
    if (compact + gaps * kMinGap <= room) {
        std::stable_sort(cheapest.begin(), cheapest.end(), [&](int a, int b) {
            return sizes[a].wanted - sizes[a].compact < sizes[b].wanted - sizes[b].compact;
        });
        double spare = room - compact - gaps * kWantedGap;
        for (int c : cheapest)
            if (const double extra = sizes[c].wanted - sizes[c].compact; extra <= spare) {
                widths[c] = sizes[c].wanted;
                spare -= extra;
            }
        const double used = std::accumulate(widths.begin(), widths.end(), 0.0);
        return gaps > 0 ? std::clamp((room - used) / gaps, kMinGap, kMaxGap) : 0.0;
    }
    const double t = (room - gaps * kMinGap - minimum) / std::max(compact - minimum, 1e-9);
    for (int c = 0; c < widths.size(); ++c)
        widths[c] = sizes[c].minimum + std::clamp(t, 0.0, 1.0) * (sizes[c].compact - sizes[c].minimum);
    if (t > 0.0)
        return kMinGap;
    const double gap = gaps > 0 ? std::clamp((room - minimum) / gaps, kTightGap, kMinGap) : 0.0;
    const double scale = minimum > 0.0 ? std::clamp((room - gaps * gap) / minimum, 0.0, 1.0) : 0.0;
    for (double& w : widths)
        w *= scale;
    return gap;
}

double widest(const QStringList& texts, const QFontMetricsF& metrics)
{
    double width = 0.0;
    for (const QString& text : texts)
        width = std::max(width, metrics.horizontalAdvance(text));
    return width;
}

/// Widths rounded up to 8 px, so that a text changing by a digit rarely moves the layout.
double roomy(double width)
{
    return 8.0 * std::ceil(width / 8.0);
}

/// The narrowest an item may be: its texts whole (they are the news; names are cut first), and
/// never fewer than a few letters.
double shortest(double compact, double text, const SystemGraphFonts& fonts)
{
    const double letters = 6.0 * QFontMetricsF(fonts.name).averageCharWidth();
    return std::min(compact, std::max(letters, text + 4.0) + 2.0 * SystemGraphBox::kPad);
}

} // namespace

SystemGraphBox::SystemGraphBox(const SystemGraphNode& node, const QStringList& portTexts, bool share,
                               const SystemGraphFonts& fonts)
    : inputs(int(node.inputs.size())), outputs(int(node.outputs.size())),
      texts(std::any_of(portTexts.begin(), portTexts.end(), [](const QString& t) { return !t.isEmpty(); }))
{
    const QFontMetricsF name(fonts.name), port(fonts.port), small(fonts.small);
    row = (texts ? small.height() + port.height() : port.height()) + 4.0;
    nameLine = name.height() + 8.0;
    shareLine = share ? small.height() + 1.0 : 0.0;
    header = nameLine + shareLine;
    body = std::max({outputs * row, inputs * (small.height() + 1.0), row});
    block = texts ? std::max(widest(node.outputs, small), widest(portTexts, port)) : widest(node.outputs, port);
    labels = widest(node.inputs, small);
    const double title = name.horizontalAdvance(node.name) + 2.0 * kPad;
    const double compact = roomy(std::max(title, block + 2.0 * kPad));
    // The input labels show only when there is room for them.
    const double wanted = roomy(std::max(title, (labels > 0.0 ? labels + kLabelGap : 0.0) + block + 2.0 * kPad));
    size = {wanted, compact, shortest(compact, widest(portTexts, port), fonts), header + body + 4.0};
}

SystemGraphItemSize systemGraphTagSize(const QString& name, const QString& text, const SystemGraphFonts& fonts)
{
    const QFontMetricsF port(fonts.port), small(fonts.small);
    const double content = text.isEmpty() ? port.horizontalAdvance(name)
                                          : std::max(small.horizontalAdvance(name), port.horizontalAdvance(text));
    const double width = roomy(content + 2.0 * SystemGraphBox::kPad + 4.0);
    const double height = (text.isEmpty() ? port.height() : small.height() + port.height()) + 8.0;
    return {width, width, shortest(width, port.horizontalAdvance(text), fonts), height};
}

SystemGraphLayout layoutSystemGraph(const SystemGraphShape& shape, const QSizeF& size)
{
    SystemGraphLayout layout;
    const int nodeCount = int(shape.nodes.size());
    layout.columns = nodeColumns(shape);
    const int lastNodeColumn = nodeCount > 0 ? *std::max_element(layout.columns.begin(), layout.columns.end()) : 0;
    const int outputColumn = lastNodeColumn + 1;

    // The items: tags and boxes in their own order, then lanes as the wires need them.
    QList<Item> items;
    QList<int> inputItem, nodeItem, outputItem;
    for (const SystemGraphItemSize& s : shape.inputs) {
        inputItem.append(int(items.size()));
        items.append({false, 0, s});
    }
    for (int n = 0; n < nodeCount; ++n) {
        nodeItem.append(int(items.size()));
        items.append({false, layout.columns[n], shape.nodes[n]});
    }
    for (qsizetype o = 0; o < shape.outputs.size(); ++o) {
        const bool valid = o < shape.outputTags.size() && validSource(shape, shape.outputs[o]);
        outputItem.append(valid ? int(items.size()) : -1);
        if (valid)
            items.append({false, outputColumn, shape.outputTags[o]});
    }
    const auto sourceItem = [&](const SystemGraphSource& from) {
        return from.node < 0 ? inputItem[from.port] : nodeItem[from.node];
    };
    const auto sourceFraction = [&](const SystemGraphSource& from) {
        return from.node < 0 ? 0.5 : shape.outputPorts[from.node][from.port];
    };
    const auto link = [&](int from, int to, double fromFraction, double toFraction) {
        items[from].targets.append({to, fromFraction, toFraction});
        items[to].feeders.append({from, fromFraction, toFraction});
    };
    // The lanes of each source (node, port), by column: the wires from one port share them, so
    // they leave it as one and fan out where their targets are.
    std::map<std::pair<int, int>, std::map<int, int>> lanes;
    const auto connect = [&](const SystemGraphSource& from, int target, double toFraction) {
        int previous = sourceItem(from);
        if (items[previous].column >= items[target].column)
            return; // a wire of a cycle: drawn, but no guide for the layout
        double fromFraction = sourceFraction(from);
        std::map<int, int>& byColumn = lanes[{from.node, from.port}];
        for (int c = items[previous].column + 1; c < items[target].column; ++c) {
            const auto [lane, added] = byColumn.try_emplace(c, int(items.size()));
            if (added) {
                items.append({true, c});
                link(previous, lane->second, fromFraction, 0.0);
            }
            previous = lane->second;
            fromFraction = 0.0;
        }
        link(previous, target, fromFraction, toFraction);
    };
    for (const SystemGraphEdge& edge : shape.edges)
        if (validEdge(shape, edge))
            connect(edge.from, nodeItem[edge.toNode], shape.inputPorts[edge.toNode][edge.toPort]);
    for (qsizetype o = 0; o < shape.outputs.size(); ++o)
        if (outputItem[o] >= 0)
            connect(shape.outputs[o], outputItem[o], 0.5);

    // The order within each column: barycentres of the neighbours' ranks, sweeping right and
    // left in turn. A sweep can make things worse: the order with the fewest crossings is kept.
    QList<QList<int>> columns(outputColumn + 1);
    for (int id = 0; id < items.size(); ++id)
        columns[items[id].column].append(id);
    QList<double> rank(items.size(), 0.0);
    const auto rerank = [&] {
        for (const QList<int>& column : columns)
            for (int r = 0; r < column.size(); ++r)
                rank[column[r]] = r;
    };
    const auto sortColumn = [&](int c, bool byFeeders, int neighbour) {
        QList<std::pair<double, int>> keyed;
        for (int id : columns[c]) {
            const QList<Link>& links = byFeeders ? items[id].feeders : items[id].targets;
            // Unlinked items keep their relative place.
            double key = links.isEmpty() ? (rank[id] + 0.5) * columns[neighbour].size() / columns[c].size() - 0.5 : 0.0;
            for (const Link& l : links)
                key += (rank[l.item] + 0.1 + 0.8 * (byFeeders ? l.fromFraction : l.toFraction)) / links.size();
            keyed.append({key, id});
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (int r = 0; r < keyed.size(); ++r)
            columns[c][r] = keyed[r].second;
        rerank();
    };
    const auto crossings = [&] {
        int count = 0;
        for (int c = 0; c < outputColumn; ++c) {
            QList<std::pair<double, double>> ends;
            for (int id : columns[c])
                for (const Link& l : items[id].targets)
                    ends.append({rank[id] + 0.8 * l.fromFraction, rank[l.item] + 0.8 * l.toFraction});
            for (int i = 0; i < ends.size(); ++i)
                for (int j = i + 1; j < ends.size(); ++j)
                    count += (ends[i].first - ends[j].first) * (ends[i].second - ends[j].second) < 0.0;
        }
        return count;
    };
    rerank();
    QList<QList<int>> best = columns;
    int fewest = crossings();
    for (int sweep = 0; sweep < 8; ++sweep) {
        for (int c = 1; sweep % 2 == 0 && c <= outputColumn; ++c)
            sortColumn(c, true, c - 1);
        for (int c = outputColumn - 1; sweep % 2 == 1 && c >= 0; --c)
            sortColumn(c, false, c + 1);
        if (const int count = crossings(); count < fewest) {
            fewest = count;
            best = columns;
        }
    }
    columns = best;
    rerank();

    // Widths: every item of a column takes the column's width.
    const int first = shape.inputs.isEmpty() ? 1 : 0;
    const int last = columns[outputColumn].isEmpty() ? lastNodeColumn : outputColumn;
    QList<SystemGraphItemSize> columnSizes;
    for (int c = first; c <= last; ++c) {
        SystemGraphItemSize& w = columnSizes.emplace_back();
        for (int id : columns[c])
            w = {std::max(w.wanted, items[id].size.wanted), std::max(w.compact, items[id].size.compact),
                 std::max(w.minimum, items[id].size.minimum), 0.0};
    }
    QList<double> widths;
    const double room = size.width() - 2.0 * kMargin;
    const double gap = columnSizes.isEmpty() ? 0.0 : fitWidths(widths, columnSizes, room);
    const double used = std::accumulate(widths.begin(), widths.end(), 0.0) + gap * std::max(0, last - first);
    QList<double> left(outputColumn + 1, kMargin), right(outputColumn + 1, kMargin);
    for (int c = first; c <= last; ++c) {
        left[c] = c == first ? kMargin + std::max(0.0, (room - used) / 2.0) : right[c - 1] + gap;
        right[c] = left[c] + widths[c - first];
    }

    // Heights: a column too tall for the widget squeezes its gaps first, then its items.
    const double low = kMargin, high = std::max(low + 1.0, size.height() - kMargin);
    double wantedHeight = 0.0;
    QList<QList<double>> gaps(outputColumn + 1);
    for (int c = first; c <= last; ++c) {
        QList<double> squeezed;
        double gapSum = 0.0, squeezedSum = 0.0, heightSum = 0.0;
        for (int i = 0; i < columns[c].size(); ++i) {
            const bool end = i + 1 == columns[c].size();
            const bool lane = !end && (items[columns[c][i]].lane || items[columns[c][i + 1]].lane);
            gapSum += gaps[c].emplace_back(end ? 0.0 : lane ? kLaneGap : kBoxGap);
            squeezedSum += squeezed.emplace_back(end ? 0.0 : lane ? kSqueezedLaneGap : kSqueezedBoxGap);
            heightSum += items[columns[c][i]].size.height;
        }
        wantedHeight = std::max(wantedHeight, heightSum + gapSum);
        const double over = heightSum + gapSum - (high - low);
        const double t = over > 0.0 ? std::max(0.0, 1.0 - over / std::max(gapSum - squeezedSum, 1e-9)) : 1.0;
        const double scale = std::clamp((high - low - squeezedSum) / std::max(heightSum, 1e-9), 0.0, 1.0);
        for (int i = 0; i < columns[c].size(); ++i) {
            gaps[c][i] = squeezed[i] + t * (gaps[c][i] - squeezed[i]);
            items[columns[c][i]].height = items[columns[c][i]].size.height * scale;
        }
    }
    // Positions: first each item as near the ports feeding it as the order allows (those fed by
    // nothing spread evenly); then twice more as near the middle of all its wires, so that the
    // system inputs move to what they feed and the wires straighten.
    const auto portY = [&](int id, double fraction) { return items[id].top + fraction * items[id].height; };
    for (int round = 0; round < 3; ++round)
        for (int c = first; c <= last; ++c) {
            QList<double> wishes, heights;
            for (int i = 0; i < columns[c].size(); ++i) {
                const Item& item = items[columns[c][i]];
                double sum = 0.0;
                for (const Link& l : item.feeders)
                    sum += portY(l.item, l.fromFraction) - l.toFraction * item.height;
                for (const Link& l : round > 0 ? item.targets : QList<Link>())
                    sum += portY(l.item, l.toFraction) - l.fromFraction * item.height;
                const qsizetype count = item.feeders.size() + (round > 0 ? item.targets.size() : 0);
                const double even = low + (i + 0.5) * (high - low) / columns[c].size() - item.height / 2.0;
                wishes.append(count > 0 ? sum / count : even);
                heights.append(item.height);
            }
            const QList<double> tops = placeInOrder(wishes, heights, gaps[c], low, high);
            for (int i = 0; i < columns[c].size(); ++i)
                items[columns[c][i]].top = tops[i];
        }
    // The drawing as a whole in the middle of the height the widget gives it.
    double top = high, bottom = low;
    for (const Item& item : items) {
        top = std::min(top, item.top);
        bottom = std::max(bottom, item.top + item.height);
    }
    for (Item& item : items)
        item.top += (low + high - top - bottom) / 2.0;
    layout.wanted = QSizeF(2.0 * kMargin + std::max(0, last - first) * kWantedGap, 2.0 * kMargin + 1.2 * wantedHeight);
    for (const SystemGraphItemSize& s : columnSizes)
        layout.wanted.rwidth() += s.wanted;

    // Rectangles and routes.
    const auto rectOf = [&](int id) {
        return QRectF(left[items[id].column], items[id].top, right[items[id].column] - left[items[id].column],
                      items[id].height);
    };
    for (int id : inputItem)
        layout.inputs.append(rectOf(id));
    for (int id : nodeItem)
        layout.nodes.append(rectOf(id));
    for (int id : outputItem)
        layout.outputs.append(id >= 0 ? rectOf(id) : QRectF());
    const auto route = [&](const SystemGraphSource& from, int target, double toFraction) {
        const int source = sourceItem(from);
        const QRectF s = rectOf(source), t = rectOf(target);
        QList<QPointF> points{QPointF(s.right(), s.top() + sourceFraction(from) * s.height())};
        const std::map<int, int>& byColumn = lanes[{from.node, from.port}];
        for (int c = items[source].column + 1; c < items[target].column; ++c)
            if (const auto lane = byColumn.find(c); lane != byColumn.end())
                points << QPointF(left[c], items[lane->second].top) << QPointF(right[c], items[lane->second].top);
        points.append(QPointF(t.left(), t.top() + toFraction * t.height()));
        return points;
    };
    for (const SystemGraphEdge& e : shape.edges)
        layout.edgeRoutes.append(validEdge(shape, e) ? route(e.from, nodeItem[e.toNode], shape.inputPorts[e.toNode][e.toPort])
                                                     : QList<QPointF>());
    for (qsizetype o = 0; o < shape.outputs.size(); ++o)
        layout.outputRoutes.append(outputItem[o] >= 0 ? route(shape.outputs[o], outputItem[o], 0.5) : QList<QPointF>());
    return layout;
}

QPainterPath systemGraphWire(const QList<QPointF>& route)
{
    QPainterPath path;
    if (route.size() < 2)
        return path;
    path.moveTo(route.first());
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QPointF from = route[i - 1], to = route[i];
        if (i % 2 == 0) { // a lane through a column
            path.lineTo(to);
            continue;
        }
        // Level at both ends: the wire leaves a port row and enters a dot, or joins a lane,
        // without a kink. A wire running backwards (a cycle) loops out and back.
        const double reach = std::max(std::abs(to.x() - from.x()) * 0.5, 24.0);
        path.cubicTo(from + QPointF(reach, 0.0), to - QPointF(reach, 0.0), to);
    }
    return path;
}

} // namespace ui
