#include "ui/charts/pinball_plot.h"

#include "ui/base/palette.h"
#include "ui/charts/colour_bar.h"
#include "ui/charts/figure_menu.h"
#include "ui/charts/nice_axis.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ui {

PinballPlot::PinballPlot(QWidget* parent) : QWidget(parent)
{
    addFigureMenu(this);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PinballPlot::setStages(const std::vector<std::vector<double>>& means, const std::vector<std::vector<double>>& sds,
                            const QStringList& stageNames)
{
    m_means = means;
    m_sds = sds;
    m_names = stageNames;
    update();
}

void PinballPlot::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    const size_t stages = m_means.size();
    if (stages < 2 || m_means.front().empty())
        return;
    const size_t balls = m_means.front().size();
    const QFontMetrics metrics(font());
    int widestName = 0;
    for (const QString& name : m_names)
        widestName = std::max(widestName, metrics.horizontalAdvance(name));
    const double left = widestName + 22.0, right = width() - 24.0, top = 16, bottom = height() - metrics.height() - 14.0;

    // Each stage's scale spans its means ± 2 sd (and a little room), with round ticks inside.
    std::vector<NiceTicks> scales(stages);
    for (size_t s = 0; s < stages; ++s) {
        double low = INFINITY, high = -INFINITY;
        for (size_t b = 0; b < balls; ++b) {
            const double sd = s < m_sds.size() && b < m_sds[s].size() ? m_sds[s][b] : 0.0;
            low = std::min(low, m_means[s][b] - 2 * sd);
            high = std::max(high, m_means[s][b] + 2 * sd);
        }
        scales[s] = fittingTicks(low, high, {.targetTicks = 4, .expand = false, .margin = 0.03}, right - left, metrics,
                                 Qt::Horizontal);
    }
    const auto rowY = [&](size_t s) { return top + (bottom - top) * double(s) / double(stages - 1); };
    const auto toX = [&](size_t s, double v) {
        return left + (right - left) * (v - scales[s].low) / (scales[s].high - scales[s].low);
    };

    // Rows with their names.
    for (size_t s = 0; s < stages; ++s) {
        const double y = rowY(s);
        painter.setPen(QPen(palette().color(QPalette::Mid), 1));
        painter.drawLine(QPointF(left, y), QPointF(right, y));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(4, y - metrics.height() / 2.0, left - 14, metrics.height()), Qt::AlignRight,
                         s < size_t(m_names.size()) ? m_names[int(s)] : QString());
    }
    // Paths, bars and balls, coloured by the input.
    for (size_t b = 0; b < balls; ++b) {
        const QColor colour = viridis(balls > 1 ? double(b) / double(balls - 1) : 0.5);
        QColor path = colour;
        path.setAlpha(150);
        for (size_t s = 0; s + 1 < stages; ++s) {
            painter.setPen(QPen(path, 1.5));
            painter.drawLine(QPointF(toX(s, m_means[s][b]), rowY(s)), QPointF(toX(s + 1, m_means[s + 1][b]), rowY(s + 1)));
        }
        for (size_t s = 0; s < stages; ++s) {
            const double x = toX(s, m_means[s][b]);
            const double sd = s < m_sds.size() && b < m_sds[s].size() ? m_sds[s][b] : 0.0;
            if (sd > 0) {
                QColor bar = colour;
                bar.setAlpha(90);
                painter.setPen(QPen(bar, 4, Qt::SolidLine, Qt::RoundCap));
                painter.drawLine(QPointF(toX(s, m_means[s][b] - 2 * sd), rowY(s)),
                                 QPointF(toX(s, m_means[s][b] + 2 * sd), rowY(s)));
            }
            painter.setPen(QPen(ui::palette().paper, 1));
            painter.setBrush(colour);
            painter.drawEllipse(QPointF(x, rowY(s)), 4.5, 4.5);
        }
    }
    // Each row's scale, under the row, drawn last so that the paths do not hide it.
    QColor labelBackground = palette().color(QPalette::Base);
    labelBackground.setAlpha(200);
    for (size_t s = 0; s < stages; ++s) {
        const double y = rowY(s);
        for (double t : tickValues(scales[s])) {
            const double x = toX(s, t);
            const QString label = tickLabel(t, scales[s].decimals);
            const QRectF box(x - metrics.horizontalAdvance(label) / 2.0 - 2, y + 6, metrics.horizontalAdvance(label) + 4,
                             metrics.height());
            painter.setPen(QPen(palette().color(QPalette::Text), 1));
            painter.drawLine(QPointF(x, y + 1), QPointF(x, y + 5));
            painter.fillRect(box, labelBackground);
            painter.drawText(box, Qt::AlignCenter, label);
        }
    }
}

} // namespace ui
