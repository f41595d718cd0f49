#include "ui/base/palette.h"
#include "ui/charts/system_graph.h"
#include "ui/charts/system_graph_layout.h"

#include <QHelpEvent>
#include <QImage>
#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

#include <cmath>

using ui::SystemGraph;
using ui::SystemGraphEdge;
using ui::SystemGraphNode;
using ui::SystemGraphSource;

namespace {

SystemGraphEdge wire(int fromNode, int fromPort, int toNode, int toPort)
{
    return {{fromNode, fromPort}, toNode, toPort};
}

/// A one-day supply chain as the lesson shows it: six components, seven free inputs (two of
/// them feeding components several columns away), four outputs.
void setSupplyChain(SystemGraph& graph)
{
    const QList<SystemGraphNode> nodes{
        {"forecaster", {"window", "bias"}, {"forecast", "forecast_sd"}, "Demand forecaster"},
        {"market", {"noise", "shift"}, {"demand"}, "Market"},
        {"policy", {"forecast", "forecast_sd", "safety_stock"}, {"order"}, "Ordering policy"},
        {"warehouse", {"order", "capacity"}, {"received", "stock", "refused"}, "Warehouse"},
        {"delivery", {"stock", "demand", "fleet"}, {"sold", "stockouts", "waste"}, "Delivery"},
        {"accounts", {"received", "sold", "stockouts", "waste", "fleet", "capacity"}, {"cost", "service_level"}, ""}};
    graph.setGraph({"window", "safety_stock", "capacity", "fleet", "demand_noise", "demand_shift", "forecast_bias"},
                   nodes,
                   {wire(-1, 0, 0, 0), wire(-1, 6, 0, 1), wire(-1, 4, 1, 0), wire(-1, 5, 1, 1), wire(0, 0, 2, 0),
                    wire(0, 1, 2, 1), wire(-1, 1, 2, 2), wire(2, 0, 3, 0), wire(-1, 2, 3, 1), wire(3, 1, 4, 0),
                    wire(1, 0, 4, 1), wire(-1, 3, 4, 2), wire(3, 0, 5, 0), wire(4, 0, 5, 1), wire(4, 1, 5, 2),
                    wire(4, 2, 5, 3), wire(-1, 3, 5, 4), wire(-1, 2, 5, 5)},
                   {{5, 0}, {5, 1}, {4, 1}, {4, 2}});
}

void setTexts(SystemGraph& graph)
{
    graph.setPortText(0, 0, QStringLiteral("101 ± 4"));
    graph.setPortText(3, 1, QStringLiteral("110 ± 5"));
    graph.setPortText(5, 1, QStringLiteral("0.95 ± 0.05"));
    graph.setInputText(1, QStringLiteral("= 1.0"));
    graph.setOutputText(0, QStringLiteral("312 ± 35"));
    for (int n = 0; n < 6; ++n)
        graph.setNodeShare(n, 0.1 + 0.15 * n);
    graph.setSelectedNode(3);
}

/// Every box and tag of the graph, for overlap checks.
QList<QRectF> allRects(const SystemGraph& graph, int nodes, int inputs, int outputs)
{
    QList<QRectF> rects;
    for (int n = 0; n < nodes; ++n)
        rects << graph.nodeRect(n);
    for (int i = 0; i < inputs; ++i)
        rects << graph.inputRect(i);
    for (int o = 0; o < outputs; ++o)
        rects << graph.outputRect(o);
    return rects;
}

} // namespace

class TestSystemGraph : public QObject
{
    Q_OBJECT
private slots:
    void chainRunsLeftToRight()
    {
        SystemGraph graph;
        graph.resize(800, 400);
        graph.setGraph({"x", "y"}, {{"a", {"in"}, {"out"}, ""}, {"b", {"in"}, {"out"}, ""}, {"c", {"in", "y"}, {"out"}, ""}},
                       {wire(-1, 0, 0, 0), wire(0, 0, 1, 0), wire(1, 0, 2, 0), wire(-1, 1, 2, 1)}, {{2, 0}});
        QVERIFY(graph.nodeRect(0).right() < graph.nodeRect(1).left());
        QVERIFY(graph.nodeRect(1).right() < graph.nodeRect(2).left());
        for (int input = 0; input < 2; ++input)
            QVERIFY(graph.inputRect(input).right() < graph.nodeRect(0).left());
        QVERIFY(graph.nodeRect(2).right() < graph.outputRect(0).left());
    }
    void siblingsShareAColumnWithoutOverlapping()
    {
        SystemGraph graph;
        graph.resize(600, 400);
        graph.setGraph({}, {{"a", {}, {"p", "q"}, ""}, {"b", {"in"}, {"out"}, ""}, {"c", {"in"}, {"out"}, ""}},
                       {wire(0, 0, 1, 0), wire(0, 1, 2, 0)}, {});
        QCOMPARE(graph.nodeRect(1).left(), graph.nodeRect(2).left());
        QVERIFY(graph.nodeRect(1).left() > graph.nodeRect(0).right());
        QVERIFY(!graph.nodeRect(1).intersects(graph.nodeRect(2)));
        // Fed from the upper port, b sits above c.
        QVERIFY(graph.nodeRect(1).bottom() < graph.nodeRect(2).top());
    }
    void boxesNeverOverlapAndStayInside_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("small") << QSize(400, 300);
        QTest::newRow("large") << QSize(1200, 700);
        QTest::newRow("wide and low") << QSize(1000, 200);
    }
    void boxesNeverOverlapAndStayInside()
    {
        QFETCH(QSize, size);
        SystemGraph graph;
        setSupplyChain(graph);
        setTexts(graph);
        graph.resize(size);
        const QList<QRectF> rects = allRects(graph, 6, 7, 4);
        const QRectF inside = QRectF(QPointF(0, 0), QSizeF(size)).adjusted(-0.01, -0.01, 0.01, 0.01);
        for (int i = 0; i < rects.size(); ++i) {
            QVERIFY2(!rects[i].isEmpty(), qPrintable(QString::number(i)));
            QVERIFY2(inside.contains(rects[i]), qPrintable(QString::number(i)));
            for (int j = i + 1; j < rects.size(); ++j) {
                const QRectF common = rects[i].intersected(rects[j]);
                QVERIFY2(common.width() < 0.01 || common.height() < 0.01, qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
            }
        }
    }
    void wiresPassBetweenBoxes()
    {
        // fleet feeds delivery (column 4) and accounts (column 5): its wire needs lanes through the
        // columns it crosses, and no lane may run through a box.
        ui::SystemGraphShape shape;
        for (int n = 0; n < 6; ++n)
            shape.nodes.append({100, 100, 60, 60});
        for (int i = 0; i < 7; ++i)
            shape.inputs.append({80, 80, 50, 24});
        const QList<int> inputs{2, 2, 3, 2, 3, 6}, outputs{2, 1, 1, 3, 3, 2};
        for (int n = 0; n < 6; ++n) {
            QList<double> in, out;
            for (int i = 0; i < inputs[n]; ++i)
                in << (i + 0.5) / inputs[n];
            for (int o = 0; o < outputs[n]; ++o)
                out << (o + 0.5) / outputs[n];
            shape.inputPorts << in;
            shape.outputPorts << out;
        }
        shape.edges = {wire(-1, 0, 0, 0), wire(0, 0, 2, 0), wire(2, 0, 3, 0), wire(3, 1, 4, 0), wire(4, 0, 5, 1),
                       wire(-1, 3, 4, 2), wire(-1, 3, 5, 4), wire(1, 0, 4, 1)};
        const ui::SystemGraphLayout layout = ui::layoutSystemGraph(shape, QSizeF(1000, 520));
        QCOMPARE(layout.columns, (QList<int>{1, 1, 2, 3, 4, 5}));
        const QList<QPointF>& toAccounts = layout.edgeRoutes[6];
        QCOMPARE(toAccounts.size(), 2 + 2 * 4); // start, a lane in each of columns 1 to 4, end
        for (const QList<QPointF>& route : layout.edgeRoutes)
            for (int i = 1; i + 1 < route.size(); i += 2) {
                QCOMPARE(route[i].y(), route[i + 1].y());
                for (const QRectF& box : layout.nodes)
                    QVERIFY(!box.contains((route[i] + route[i + 1]) / 2.0));
            }
        const QPainterPath path = ui::systemGraphWire(toAccounts);
        QCOMPARE(path.pointAtPercent(0.0), toAccounts.first());
        QCOMPARE(path.pointAtPercent(1.0), toAccounts.last());
    }
    void clicksEmitTheBoxAndTheTag()
    {
        SystemGraph graph;
        setSupplyChain(graph);
        graph.resize(1000, 520);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QSignalSpy nodes(&graph, &SystemGraph::nodeClicked);
        QSignalSpy inputs(&graph, &SystemGraph::inputClicked);
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.nodeRect(4).center().toPoint());
        QCOMPARE(nodes.count(), 1);
        QCOMPARE(nodes.first().first().toInt(), 4);
        QCOMPARE(graph.selectedNode(), 4);
        QTest::mouseClick(&graph, Qt::LeftButton, {}, graph.inputRect(3).center().toPoint());
        QCOMPARE(inputs.count(), 1);
        QCOMPARE(inputs.first().first().toInt(), 3);
        QCOMPARE(nodes.count(), 1);
        // Empty space emits nothing.
        QTest::mouseClick(&graph, Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(nodes.count() + inputs.count(), 2);
    }
    void keyboardMovesAndActivates()
    {
        // a feeds b (upper port) and d (lower port); b feeds c.
        SystemGraph graph;
        graph.setGraph({}, {{"a", {}, {"p", "q"}, ""}, {"b", {"in"}, {"out"}, ""}, {"c", {"in"}, {}, ""}, {"d", {"in"}, {}, ""}},
                       {wire(0, 0, 1, 0), wire(0, 1, 3, 0), wire(1, 0, 2, 0)}, {});
        graph.resize(700, 400);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QCOMPARE(graph.focusPolicy(), Qt::StrongFocus);
        graph.setFocus();
        QSignalSpy clicked(&graph, &SystemGraph::nodeClicked);
        QTest::keyClick(&graph, Qt::Key_Return); // nothing selected: nothing to activate
        QCOMPARE(clicked.count(), 0);
        QTest::keyClick(&graph, Qt::Key_Right); // the first arrow selects the first box
        QCOMPARE(graph.selectedNode(), 0);
        QTest::keyClick(&graph, Qt::Key_Right);
        QVERIFY(graph.selectedNode() == 1 || graph.selectedNode() == 3);
        QTest::keyClick(&graph, Qt::Key_Up);
        QCOMPARE(graph.selectedNode(), 1);
        QTest::keyClick(&graph, Qt::Key_Down);
        QCOMPARE(graph.selectedNode(), 3);
        QTest::keyClick(&graph, Qt::Key_Down); // the bottom of the column: stays
        QCOMPARE(graph.selectedNode(), 3);
        QTest::keyClick(&graph, Qt::Key_Enter);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().first().toInt(), 3);
        QTest::keyClick(&graph, Qt::Key_Up);
        QTest::keyClick(&graph, Qt::Key_Right);
        QTest::keyClick(&graph, Qt::Key_Space);
        QCOMPARE(clicked.last().first().toInt(), 2);
        QTest::keyClick(&graph, Qt::Key_Left);
        QTest::keyClick(&graph, Qt::Key_Left);
        QCOMPARE(graph.selectedNode(), 0);
        // Selecting from code emits nothing.
        graph.setSelectedNode(2);
        QCOMPARE(clicked.count(), 2);
        graph.setSelectedNode(17);
        QCOMPARE(graph.selectedNode(), -1);
    }
    void cyclesAndBadIndicesAreSurvived()
    {
        SystemGraph graph;
        graph.setGraph({"x"}, {{"a", {"in", "back"}, {"out"}, ""}, {"b", {"in"}, {"out"}, ""}, {"c", {"in"}, {"out"}, ""}},
                       {wire(-1, 0, 0, 0), wire(0, 0, 1, 0), wire(1, 0, 2, 0), wire(2, 0, 0, 1), wire(1, 0, 1, 0),
                        wire(7, 0, 1, 0), wire(0, 5, 1, 0), wire(-1, 3, 2, 0), wire(-2, 0, 2, 0), wire(0, 0, 99, 0),
                        wire(0, 0, 2, 4), wire(0, 0, -1, 0)},
                       {{2, 0}, {9, 0}, {-1, 5}, {-1, 0}});
        graph.setPortText(8, 0, "x");
        graph.setPortText(0, 3, "x");
        graph.setInputText(-1, "x");
        graph.setOutputText(4, "x");
        graph.setNodeShare(5, 0.5);
        graph.setNodeShare(1, std::nan(""));
        graph.resize(500, 300);
        QVERIFY(!graph.grab().isNull());
        for (int n = 0; n < 3; ++n)
            QVERIFY(QRectF(graph.rect()).contains(graph.nodeRect(n)));
        QVERIFY(graph.nodeRect(3).isNull());
        QVERIFY(graph.outputRect(1).isNull());
        // An empty graph, and a graph squeezed to nothing.
        graph.setGraph({}, {}, {}, {});
        QVERIFY(!graph.grab().isNull());
        setSupplyChain(graph);
        graph.resize(10, 10);
        QVERIFY(!graph.grab().isNull());
    }
    void rendersTextsAndShares()
    {
        SystemGraph graph;
        setSupplyChain(graph);
        setTexts(graph);
        graph.resize(1000, 520);
        const QImage image = graph.grab().toImage();
        const QColor background = image.pixelColor(0, 0);
        int different = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                different += image.pixelColor(x, y) != background;
        QVERIFY2(different > 5000, qPrintable(QString::number(different)));
        // The selected box has a border in the highlight colour, the others not.
        const auto distance = [](const QColor& a, const QColor& b) {
            return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
        };
        const QColor highlight = ui::palette().highlight;
        const auto topEdge = [&](int node) {
            return image.pixelColor(QPoint(int(graph.nodeRect(node).center().x()), int(graph.nodeRect(node).top())));
        };
        QVERIFY2(distance(topEdge(3), highlight) < 60, qPrintable(topEdge(3).name()));
        QVERIFY2(distance(topEdge(2), highlight) > 150, qPrintable(topEdge(2).name()));
    }
    void tooltipsNameWhatIsUnderTheMouse()
    {
        SystemGraph graph;
        setSupplyChain(graph);
        setTexts(graph);
        graph.resize(1000, 520);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        const auto tipAt = [&](const QPointF& pos) {
            QHelpEvent help(QEvent::ToolTip, pos.toPoint(), graph.mapToGlobal(pos.toPoint()));
            QApplication::sendEvent(&graph, &help);
            return QToolTip::text();
        };
        QCOMPARE(tipAt(graph.nodeRect(0).center()), QStringLiteral("Demand forecaster"));
        QCOMPARE(tipAt(graph.nodeRect(5).center()), QStringLiteral("accounts")); // no tooltip: the name
        QCOMPARE(tipAt(graph.inputRect(1).center()), QStringLiteral("safety_stock = 1.0"));
        QCOMPARE(tipAt(graph.outputRect(0).center()), QStringLiteral("accounts.cost 312 ± 35"));
    }
    void describesItselfForAccessibility()
    {
        SystemGraph graph;
        setSupplyChain(graph);
        QCOMPARE(graph.accessibleName(), QStringLiteral("System graph"));
        QVERIFY(graph.accessibleDescription().contains(QStringLiteral("forecaster")));
        QVERIFY(graph.accessibleDescription().contains(QStringLiteral("accounts")));
        QVERIFY(graph.sizeHint().width() > graph.minimumSizeHint().width());
    }
};

QTEST_MAIN(TestSystemGraph)
#include "test_system_graph.moc"
