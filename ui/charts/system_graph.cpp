#include "ui/charts/system_graph.h"

#include "ui/base/palette.h"
#include "ui/charts/figure_menu.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

constexpr double kPad = SystemGraphBox::kPad;
constexpr double kDotRadius = 3.0;      // the ports on the edges of a box
constexpr double kArrowLength = 8.0;
constexpr double kStrongestTint = 0.55; // how far a box with share 1 goes from paper to the tint

QColor mix(const QColor& from, const QColor& to, double t)
{
    return QColor::fromRgbF(float(from.redF() + t * (to.redF() - from.redF())),
                            float(from.greenF() + t * (to.greenF() - from.greenF())),
                            float(from.blueF() + t * (to.blueF() - from.blueF())));
}

int indexAt(const QList<QRectF>& rects, const QPointF& pos)
{
    for (int i = 0; i < rects.size(); ++i)
        if (rects[i].contains(pos))
            return i;
    return -1;
}

bool setText(QStringList& texts, int index, const QString& text)
{
    if (index < 0 || index >= texts.size() || texts[index] == text)
        return false;
    texts[index] = text;
    return true;
}

/// Draws a name, small and muted above a text when `twoLines`, in `room` (a port's row, a tag);
/// nothing when the room is too low for it.
void drawNameAndText(QPainter& painter, const QRectF& room, const QString& name, const QString& text, bool twoLines,
                     const SystemGraphFonts& fonts, Qt::Alignment alignment)
{
    const Palette& colours = ui::palette();
    const QFont& nameFont = twoLines ? fonts.small : fonts.port;
    const QFontMetricsF nameMetrics(nameFont), textMetrics(fonts.port);
    const double height = nameMetrics.height() + (twoLines ? textMetrics.height() : 0.0);
    if (room.height() + 0.5 < height || room.width() <= 0.0)
        return;
    const double top = room.center().y() - height / 2.0;
    painter.setFont(nameFont);
    painter.setPen(twoLines ? mix(colours.ink, colours.paper, 0.4) : colours.ink);
    painter.drawText(QRectF(room.left(), top, room.width(), nameMetrics.height()), alignment | Qt::AlignVCenter,
                     nameMetrics.elidedText(name, Qt::ElideRight, room.width()));
    if (text.isEmpty())
        return;
    painter.setFont(fonts.port);
    painter.setPen(colours.ink);
    painter.drawText(QRectF(room.left(), top + nameMetrics.height(), room.width(), textMetrics.height()),
                     alignment | Qt::AlignVCenter, textMetrics.elidedText(text, Qt::ElideRight, room.width()));
}

} // namespace

SystemGraph::SystemGraph(QWidget* parent) : QWidget(parent)
{
    addFigureMenu(this);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("System graph"));
}

void SystemGraph::setGraph(const QStringList& systemInputs, const QList<SystemGraphNode>& nodes,
                           const QList<SystemGraphEdge>& edges, const QList<SystemGraphSource>& systemOutputs)
{
    m_inputs = systemInputs;
    m_nodes = nodes;
    m_edges = edges;
    m_outputs = systemOutputs;
    m_portTexts.clear();
    QStringList names;
    for (const SystemGraphNode& node : nodes) {
        m_portTexts.append(QStringList(node.outputs.size(), QString()));
        names << node.name;
    }
    m_inputTexts = QStringList(systemInputs.size(), QString());
    m_outputTexts = QStringList(systemOutputs.size(), QString());
    m_shares = QList<double>(nodes.size(), -1.0);
    m_selected = -1;
    QStringList outputs;
    for (int o = 0; o < systemOutputs.size(); ++o)
        outputs << outputName(o);
    const QString list = QStringLiteral(", ");
    setAccessibleDescription(tr("Components: %1. System inputs: %2. System outputs: %3.")
                                 .arg(names.join(list), systemInputs.join(list), outputs.join(list)));
    contentsChanged();
}

void SystemGraph::setPortText(int node, int port, const QString& text)
{
    if (node >= 0 && node < m_portTexts.size() && setText(m_portTexts[node], port, text))
        contentsChanged();
}

void SystemGraph::setInputText(int input, const QString& text)
{
    if (setText(m_inputTexts, input, text))
        contentsChanged();
}

void SystemGraph::setOutputText(int output, const QString& text)
{
    if (setText(m_outputTexts, output, text))
        contentsChanged();
}

void SystemGraph::setNodeShare(int node, double share)
{
    if (node < 0 || node >= m_shares.size())
        return;
    const double value = std::isfinite(share) && share >= 0.0 ? std::min(share, 1.0) : -1.0;
    const bool bar = (value >= 0.0) != (m_shares[node] >= 0.0); // the bar takes a line of the box
    m_shares[node] = value;
    bar ? contentsChanged() : update();
}

void SystemGraph::setSelectedNode(int node)
{
    const int selected = node >= 0 && node < m_nodes.size() ? node : -1;
    if (selected == m_selected)
        return;
    m_selected = selected;
    update();
}

QSize SystemGraph::sizeHint() const
{
    return layout().wanted.toSize().expandedTo(QSize(240, 160));
}

QSize SystemGraph::minimumSizeHint() const
{
    // Any size will do: the boxes shrink, then their names are cut, and the texts last.
    return {200, 120};
}

void SystemGraph::contentsChanged()
{
    m_layoutValid = false;
    updateGeometry();
    update();
}

const SystemGraphLayout& SystemGraph::layout() const
{
    if (!m_layoutValid || m_layoutSize != size()) {
        m_layout = layoutSystemGraph(shape(), QSizeF(size()));
        m_layoutSize = size();
        m_layoutValid = true;
    }
    return m_layout;
}

SystemGraphBox SystemGraph::boxOf(int node, const SystemGraphFonts& fonts) const
{
    return SystemGraphBox(m_nodes[node], m_portTexts[node], m_shares[node] >= 0.0, fonts);
}

SystemGraphShape SystemGraph::shape() const
{
    const SystemGraphFonts fonts(font());
    SystemGraphShape shape;
    for (int n = 0; n < m_nodes.size(); ++n) {
        const SystemGraphBox box = boxOf(n, fonts);
        shape.nodes.append(box.size);
        shape.inputPorts.append(box.fractions(false));
        shape.outputPorts.append(box.fractions(true));
    }
    for (int i = 0; i < m_inputs.size(); ++i)
        shape.inputs.append(systemGraphTagSize(m_inputs[i], m_inputTexts[i], fonts));
    for (int o = 0; o < m_outputs.size(); ++o)
        shape.outputTags.append(systemGraphTagSize(outputName(o), m_outputTexts[o], fonts));
    shape.edges = m_edges;
    shape.outputs = m_outputs;
    return shape;
}

QString SystemGraph::outputName(int output) const
{
    const SystemGraphSource from = m_outputs.value(output);
    return from.node < 0 ? m_inputs.value(from.port) : m_nodes.value(from.node).outputs.value(from.port);
}

bool SystemGraph::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const int node = indexAt(layout().nodes, help->pos()), input = indexAt(layout().inputs, help->pos()),
              output = indexAt(layout().outputs, help->pos());
    const auto withText = [](const QString& name, const QString& text) { return (name + ' ' + text).trimmed(); };
    QString tip;
    if (node >= 0)
        tip = m_nodes[node].tooltip.isEmpty() ? m_nodes[node].name : m_nodes[node].tooltip;
    else if (input >= 0)
        tip = withText(m_inputs[input], m_inputTexts[input]);
    else if (const int from = m_outputs.value(output).node; output >= 0)
        tip = withText(from >= 0 ? m_nodes[from].name + '.' + outputName(output) : outputName(output),
                       m_outputTexts[output]);
    if (tip.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
    } else {
        QToolTip::showText(help->globalPos(), tip, this);
    }
    return true;
}

void SystemGraph::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        contentsChanged();
    QWidget::changeEvent(event);
}

void SystemGraph::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    const bool arrow = key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Up || key == Qt::Key_Down;
    if (arrow && !m_nodes.isEmpty()) {
        moveSelection(key);
        return;
    }
    if (m_selected >= 0 && (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Space)) {
        emit nodeClicked(m_selected);
        return;
    }
    QWidget::keyPressEvent(event);
}

void SystemGraph::moveSelection(int key)
{
    const SystemGraphLayout& l = layout();
    // Nothing selected yet: any arrow selects the first box in reading order, the top one of the
    // leftmost column.
    const bool fresh = m_selected < 0;
    const int column = fresh ? 0 : l.columns[m_selected];
    const double y = fresh ? 0.0 : l.nodes[m_selected].center().y();
    // Left and Right: the nearest column that way, and in it the box nearest in height; Up and
    // Down: the next box of the column.
    const double none = std::numeric_limits<double>::infinity();
    int best = -1;
    double bestScore = none;
    for (int n = 0; n < m_nodes.size(); ++n) {
        const int c = l.columns[n];
        const int steps = key == Qt::Key_Left ? column - c : c - column;
        const double dy = l.nodes[n].center().y() - y, ahead = key == Qt::Key_Up ? -dy : dy;
        const bool vertical = key == Qt::Key_Up || key == Qt::Key_Down;
        const double score = fresh              ? c * 1e6 + dy
                             : n == m_selected ? none
                             : vertical        ? (c == column && ahead > 0.0 ? ahead : none)
                                               : (steps > 0 ? steps * 1e6 + std::abs(dy) : none);
        if (score < bestScore) {
            bestScore = score;
            best = n;
        }
    }
    if (best >= 0)
        setSelectedNode(best);
}

void SystemGraph::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    const bool clickable = indexAt(layout().nodes, pos) >= 0 || indexAt(layout().inputs, pos) >= 0;
    setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void SystemGraph::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (const int node = indexAt(layout().nodes, event->position()); node >= 0) {
            setSelectedNode(node); // the keyboard goes on from the box clicked
            emit nodeClicked(node);
            return;
        }
        if (const int input = indexAt(layout().inputs, event->position()); input >= 0) {
            emit inputClicked(input);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void SystemGraph::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    const Palette& colours = ui::palette();
    const SystemGraphLayout& l = layout();

    // Wires under the boxes; those of the selected box last, darker, so they can be followed.
    const QColor plainWire = mix(colours.ink, colours.paper, 0.55);
    const QColor inputWire = mix(colours.series[1], colours.ink, 0.1);
    const auto wire = [&](const QList<QPointF>& route, const QColor& colour, bool strong, double inset) {
        if (route.size() < 2)
            return;
        painter.setPen(QPen(colour, strong ? 2.0 : 1.3, Qt::SolidLine, Qt::RoundCap));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(systemGraphWire(route));
        // The arrowhead: the wire ends level, so it points right, its tip on the dot's rim.
        const QPointF tip = route.last() - QPointF(inset, 0.0);
        const double half = strong ? 4.5 : 3.8;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(QPolygonF{tip, tip - QPointF(kArrowLength, half), tip - QPointF(kArrowLength, -half)});
    };
    for (const bool strong : {false, true}) {
        for (int e = 0; e < m_edges.size(); ++e) {
            const SystemGraphEdge& edge = m_edges[e];
            const bool related = m_selected >= 0 && (edge.toNode == m_selected || edge.from.node == m_selected);
            if (related == strong)
                wire(l.edgeRoutes.value(e), strong ? colours.ink : edge.from.node < 0 ? inputWire : plainWire, strong,
                     kDotRadius + 0.5);
        }
        for (int o = 0; o < m_outputs.size(); ++o)
            if ((m_selected >= 0 && m_outputs[o].node == m_selected) == strong)
                wire(l.outputRoutes.value(o), strong ? colours.ink : plainWire, strong, 0.0);
    }
    for (int n = 0; n < m_nodes.size(); ++n)
        paintBox(painter, n, l.nodes[n]);
    for (int i = 0; i < m_inputs.size(); ++i)
        paintTag(painter, l.inputs[i], m_inputs[i], m_inputTexts[i], colours.series[1]);
    for (int o = 0; o < m_outputs.size(); ++o)
        if (!l.outputs[o].isEmpty())
            paintTag(painter, l.outputs[o], outputName(o), m_outputTexts[o], colours.series[2]);
}

void SystemGraph::paintBox(QPainter& painter, int node, const QRectF& box) const
{
    const Palette& colours = ui::palette();
    const SystemGraphFonts fonts(font());
    const QFontMetricsF name(fonts.name), small(fonts.small);
    const SystemGraphNode& spec = m_nodes[node];
    const SystemGraphBox inside = boxOf(node, fonts);
    // A box squeezed below its natural height keeps its proportions; what no longer fits is
    // left out rather than drawn over its neighbours.
    const double scale = box.height() / inside.size.height;
    const double share = m_shares[node];
    const QColor border = mix(colours.ink, colours.paper, 0.45);
    const QColor tint = colours.scaleStops[4]; // a share is a magnitude: the colour scale's hue
    painter.setPen(m_selected == node ? QPen(colours.highlight, 3.0) : QPen(border, 1.2));
    painter.setBrush(share >= 0.0 ? mix(colours.paper, tint, kStrongestTint * share) : colours.paper);
    painter.drawRoundedRect(box, 5.0, 5.0);

    painter.save();
    painter.setClipRect(box.adjusted(1.0, 1.0, -1.0, -1.0)); // no text ever leaves its box
    const double inner = std::max(0.0, box.width() - 2.0 * kPad);
    const double nameLine = inside.nameLine * scale;
    if (nameLine >= name.height()) {
        painter.setFont(fonts.name);
        painter.setPen(colours.ink);
        painter.drawText(QRectF(box.left() + kPad, box.top(), inner, nameLine), Qt::AlignLeft | Qt::AlignVCenter,
                         name.elidedText(spec.name, Qt::ElideRight, inner));
    }
    if (share >= 0.0) {
        // The share as a bar under the name, with its percentage when there is room for both.
        const QString percent = QStringLiteral("%1%").arg(std::lround(100.0 * share));
        const double width = small.horizontalAdvance(percent) + 5.0;
        const bool text = inner >= 2.0 * width && inside.shareLine * scale >= small.height();
        const QRectF line(box.left() + kPad, box.top() + nameLine - 3.0 * scale, inner, inside.shareLine * scale);
        const QRectF track(line.left(), line.center().y() - 2.0, inner - (text ? width : 0.0), 4.0);
        painter.setPen(Qt::NoPen);
        painter.setBrush(mix(colours.paper, tint, 0.25));
        painter.drawRoundedRect(track, 2.0, 2.0);
        painter.setBrush(tint);
        painter.drawRoundedRect(QRectF(track.topLeft(), QSizeF(track.width() * share, track.height())), 2.0, 2.0);
        if (text) {
            painter.setFont(fonts.small);
            painter.setPen(colours.ink);
            painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, percent);
        }
    }
    painter.setPen(QPen(mix(border, colours.paper, 0.5), 1.0));
    painter.drawLine(QPointF(box.left(), box.top() + inside.header * scale - 2.0),
                     QPointF(box.right(), box.top() + inside.header * scale - 2.0));
    // Output inside beside their ports; input labels on the left only where they fit beside them.
    const double block = std::min(inner, inside.block);
    const double pitch = scale * inside.body / std::max(inside.outputs, 1);
    for (int p = 0; p < inside.outputs; ++p) {
        const QRectF row(box.right() - kPad - block, box.top() + inside.outputY(p) * scale - pitch / 2.0, block, pitch);
        drawNameAndText(painter, row, spec.outputs[p], m_portTexts[node][p], inside.texts, fonts, Qt::AlignRight);
    }
    const double inputPitch = scale * inside.body / std::max(inside.inputs, 1);
    if (inside.labels > 0.0 && inside.labels + inside.kLabelGap + block <= inner + 0.5 && inputPitch >= small.height()) {
        painter.setFont(fonts.small);
        painter.setPen(mix(colours.ink, colours.paper, 0.4));
        for (int i = 0; i < inside.inputs; ++i)
            painter.drawText(QRectF(box.left() + kPad, box.top() + inside.inputY(i) * scale - inputPitch / 2.0,
                                    inside.labels, inputPitch),
                             Qt::AlignLeft | Qt::AlignVCenter, spec.inputs[i]);
    }
    painter.restore();

    // Ports on the edges: hollow dots where wires arrive, filled ones where they leave.
    painter.setPen(QPen(border, 1.2));
    painter.setBrush(colours.paper);
    for (int i = 0; i < inside.inputs; ++i)
        painter.drawEllipse(QPointF(box.left(), box.top() + inside.inputY(i) * scale), kDotRadius, kDotRadius);
    painter.setBrush(border);
    for (int p = 0; p < inside.outputs; ++p)
        painter.drawEllipse(QPointF(box.right(), box.top() + inside.outputY(p) * scale), kDotRadius - 0.4,
                            kDotRadius - 0.4);
}

void SystemGraph::paintTag(QPainter& painter, const QRectF& tag, const QString& name, const QString& text,
                           const QColor& hue) const
{
    const Palette& colours = ui::palette();
    painter.setPen(QPen(mix(hue, colours.ink, 0.25), 1.2));
    painter.setBrush(mix(colours.paper, hue, 0.16));
    painter.drawRoundedRect(tag, 6.0, 6.0);
    painter.save();
    painter.setClipRect(tag);
    drawNameAndText(painter, tag.adjusted(kPad, 0.0, -kPad, 0.0), name, text, !text.isEmpty(), SystemGraphFonts(font()),
                    Qt::AlignHCenter);
    painter.restore();
}

} // namespace ui
