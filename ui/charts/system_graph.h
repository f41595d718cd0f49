#pragma once
// A system of components drawn as boxes and arrows: the free system inputs as tags on the left,
// each component as a box (its name, one row per output with a short text such as "101 ± 4",
// a dot per input), wires from output rows to input dots, and the system's outputs as tags on
// the right. A lesson on deployed systems shows with it how a decision flows downstream and
// which component matters (a tint and a share per box); a click or Enter on a box asks the page
// to show that component. Plain Qt structs only: this room knows no engine type.

#include "ui/charts/system_graph_layout.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

namespace ui {

class SystemGraph : public QWidget
{
    Q_OBJECT
public:
    explicit SystemGraph(QWidget* parent = nullptr);

    /// Replaces the whole graph: free inputs (tags on the left), components, wires, and the ports
    /// reported as the system's outputs (tags on the right); texts, shares and selection reset.
    /// Wires with bad indices are ignored; a cycle is drawn, never followed for ever.
    void setGraph(const QStringList& systemInputs, const QList<SystemGraphNode>& nodes,
                  const QList<SystemGraphEdge>& edges, const QList<SystemGraphSource>& systemOutputs);
    /// A short text beside output port `port` of `node` (e.g. "101 ± 4"); empty hides it.
    void setPortText(int node, int port, const QString& text);
    /// A short text in the tag of system input `input` (e.g. "= 1.0").
    void setInputText(int input, const QString& text);
    /// A short text in the tag of system output `output`.
    void setOutputText(int output, const QString& text);
    /// How much a node matters for what the page shows, in [0, 1]: tints its box (paper at 0) and
    /// fills a bar with a percentage in it; negative: neither.
    void setNodeShare(int node, double share);
    /// Marks a node with a thick highlight border (−1: none). Emits nothing.
    void setSelectedNode(int node);
    int selectedNode() const { return m_selected; }

    /// Where node `node` is drawn, in widget coordinates (empty for a bad index): for tests,
    /// tutorials and clicks.
    QRectF nodeRect(int node) const { return layout().nodes.value(node); }
    /// Where the tag of system input `input` is drawn.
    QRectF inputRect(int input) const { return layout().inputs.value(input); }
    /// Where the tag of system output `output` is drawn.
    QRectF outputRect(int output) const { return layout().outputs.value(output); }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// A click on a box (which also selects it), or Enter or Space on the selected box. The arrow
    /// keys move the selection: Left and Right between columns, Up and Down within one.
    void nodeClicked(int node);
    /// A click on the tag of a system input.
    void inputClicked(int input);

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    /// The layout for the current size and contents, recomputed only when one of them changed.
    const SystemGraphLayout& layout() const;
    SystemGraphShape shape() const;
    void contentsChanged();
    void paintBox(QPainter& painter, int node, const QRectF& box) const;
    void paintTag(QPainter& painter, const QRectF& tag, const QString& name, const QString& text,
                  const QColor& hue) const;
    SystemGraphBox boxOf(int node, const SystemGraphFonts& fonts) const;
    /// The name of the port a system output reports.
    QString outputName(int output) const;
    void moveSelection(int key);

    QStringList m_inputs;
    QList<SystemGraphNode> m_nodes;
    QList<SystemGraphEdge> m_edges;
    QList<SystemGraphSource> m_outputs;
    QList<QStringList> m_portTexts; // per node, per output port
    QStringList m_inputTexts;
    QStringList m_outputTexts;
    QList<double> m_shares;
    int m_selected = -1;
    mutable SystemGraphLayout m_layout;
    mutable QSize m_layoutSize;
    mutable bool m_layoutValid = false;
};

} // namespace ui
