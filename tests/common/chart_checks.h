#pragma once
// What a chart must never show, whatever the scale of its data: a tick label with more than six
// significant digits ("0.0000000000015"), a point drawn outside the plot (a curve running off
// it, a marker gone), or a label Qt Charts elided.

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QRegularExpression>
#include <QStringList>
#include <QValueAxis>
#include <QWidget>
#include <QXYSeries>

#include <functional>

namespace emu::test {

/// Significant digits of a number as written ("0.00015" → 2, "-1.25e-12" → 3, "1500" → 2);
/// -1 if the text is not a number.
inline int significantDigits(QString text)
{
    bool ok = false;
    text.replace(QChar(0x2212), QLatin1Char('-')); // a typographic minus
    text.toDouble(&ok);
    if (!ok)
        return -1;
    QString mantissa = text.section(QRegularExpression(QStringLiteral("[eE]")), 0, 0);
    mantissa.remove(QLatin1Char('-')).remove(QLatin1Char('+'));
    const bool hasPoint = mantissa.contains(QLatin1Char('.'));
    mantissa.remove(QLatin1Char('.'));
    while (mantissa.startsWith(QLatin1Char('0')))
        mantissa.remove(0, 1);
    if (!hasPoint)
        while (mantissa.endsWith(QLatin1Char('0')))
            mantissa.chop(1);
    return std::max(1, int(mantissa.size()));
}

/// Every breach under `root`, one line each ("chart 'title': …"); empty when all is well.
inline QStringList chartProblems(QWidget* root)
{
    QStringList problems;
    for (QChartView* view : root->findChildren<QChartView*>()) {
        if (!view->isVisible())
            continue;
        QChart* chart = view->chart();
        const QString name = QStringLiteral("chart '%1'").arg(chart->title());
        if (chart->scene())
            for (QGraphicsItem* item : chart->scene()->items())
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible()) {
                    const QString shown = text->toPlainText();
                    if (significantDigits(shown) > 6)
                        problems << QStringLiteral("%1: label '%2' has more than 6 significant digits").arg(name, shown);
                    // Qt Charts truncates with "..." (tick labels, axis titles) or "…".
                    if (shown.contains(QChar(0x2026)) || shown.endsWith(QStringLiteral("...")))
                        problems << QStringLiteral("%1: label '%2' elided").arg(name, shown);
                }
        for (QAbstractSeries* s : chart->series()) {
            auto* series = qobject_cast<QXYSeries*>(s);
            if (!series || !series->isVisible())
                continue;
            QValueAxis* x = nullptr;
            QValueAxis* y = nullptr;
            for (QAbstractAxis* axis : series->attachedAxes())
                if (auto* value = qobject_cast<QValueAxis*>(axis))
                    (value->orientation() == Qt::Horizontal ? x : y) = value;
            if (!x || !y)
                continue;
            const double slackX = 1e-9 * (x->max() - x->min()), slackY = 1e-9 * (y->max() - y->min());
            for (const QPointF& p : series->points())
                if (p.x() < x->min() - slackX || p.x() > x->max() + slackX || p.y() < y->min() - slackY ||
                    p.y() > y->max() + slackY) {
                    problems << QStringLiteral("%1: series '%2' has (%3, %4) outside [%5, %6] × [%7, %8]")
                                    .arg(name, series->name())
                                    .arg(p.x())
                                    .arg(p.y())
                                    .arg(x->min())
                                    .arg(x->max())
                                    .arg(y->min())
                                    .arg(y->max());
                    break;
                }
        }
    }
    return problems;
}

/// Runs `step` (one step of a page's loop, true once it is done) `steps` times and checks the
/// charts under `root` after each; the first step's problems, "step N: …", or empty.
inline QString chartProblemsWhileStepping(QWidget* root, int steps, const std::function<bool()>& step)
{
    for (int i = 0; i < steps; ++i) {
        if (!step())
            return QStringLiteral("step %1 did not finish").arg(i + 1);
        QCoreApplication::processEvents();
        if (const QStringList problems = chartProblems(root); !problems.isEmpty())
            return QStringLiteral("step %1:\n").arg(i + 1) + problems.join(QLatin1Char('\n'));
    }
    return {};
}

} // namespace emu::test
