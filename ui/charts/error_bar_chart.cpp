#include "ui/charts/error_bar_chart.h"

#include "ui/base/palette.h"
#include "ui/charts/figure_menu.h"
#include "ui/charts/nice_axis.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

/// Fraction of a category's width the group of bars takes (QBarSeries::setBarWidth).
constexpr double kGroupWidth = 0.8;

/// The "I" of an error bar at x: a vertical line from value − error to value + error with caps.
QList<QPointF> errorBarShape(double x, double value, double error, double capHalfWidth)
{
    if (!std::isfinite(value) || !std::isfinite(error))
        return {};
    const double low = value - error, high = value + error;
    return {{x - capHalfWidth, low}, {x + capHalfWidth, low}, {x, low},
            {x, high},               {x - capHalfWidth, high}, {x + capHalfWidth, high}};
}

} // namespace

ErrorBarChart::ErrorBarChart(const QString& title, QWidget* parent)
    : QChartView(parent), m_bars(new QBarSeries), m_axisX(new QBarCategoryAxis), m_axisY(new QValueAxis)
{
    addFigureMenu(this);
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    m_bars->setBarWidth(kGroupWidth);
    chart->addSeries(m_bars);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_bars->attachAxis(m_axisX);
    m_bars->attachAxis(m_axisY);
    m_axisY->setLabelFormat(QStringLiteral("%.1f"));
    // Ticks at multiples of 0.2 whatever the range: indices are shares, read against round values.
    m_axisY->setTickType(QValueAxis::TicksDynamic);
    m_axisY->setTickAnchor(0.0);
    m_axisY->setTickInterval(0.2);
    fitValueAxis();
    connect(m_bars, &QBarSeries::hovered, this, &ErrorBarChart::showBarTip);
}

void ErrorBarChart::setCategories(const QStringList& categories)
{
    m_categories = categories;
    m_axisX->clear();
    m_axisX->append(categories);
}

void ErrorBarChart::setErrorMeaning(const QString& meaning)
{
    m_errorMeaning = meaning;
}

void ErrorBarChart::setValueAxisTitle(const QString& title)
{
    m_axisY->setTitleText(title);
}

void ErrorBarChart::setSets(const std::vector<BarSet>& sets)
{
    const bool sameShape = sets.size() == m_sets.size() && m_errorBars.size() == sets.size() * size_t(m_categories.size());
    m_sets = sets;
    if (!sameShape)
        createSeries();
    updateSeries();
}

void ErrorBarChart::createSeries()
{
    m_bars->clear();
    for (QLineSeries* series : m_errorBars) {
        chart()->removeSeries(series);
        delete series;
    }
    m_errorBars.clear();
    for (const BarSet& set : m_sets) {
        auto* bars = new QBarSet(set.name);
        bars->setColor(set.colour);
        bars->setBorderColor(set.colour.darker(130));
        for (int c = 0; c < m_categories.size(); ++c)
            bars->append(0.0);
        m_bars->append(bars);
    }
    for (size_t s = 0; s < m_sets.size(); ++s) {
        for (int c = 0; c < m_categories.size(); ++c) {
            auto* series = new QLineSeries;
            series->setPen(QPen(ui::palette().errorBar, 1.4));
            chart()->addSeries(series);
            series->attachAxis(m_axisX);
            series->attachAxis(m_axisY);
            for (QLegendMarker* marker : chart()->legend()->markers(series))
                marker->setVisible(false);
            m_errorBars.push_back(series);
        }
    }
}

void ErrorBarChart::updateSeries()
{
    const QList<QBarSet*> barSets = m_bars->barSets();
    const double setCount = double(m_sets.size());
    const double barWidth = kGroupWidth / std::max(1.0, setCount);
    for (size_t s = 0; s < m_sets.size(); ++s) {
        const BarSet& set = m_sets[s];
        for (int c = 0; c < m_categories.size(); ++c) {
            const double value = c < set.values.size() ? set.values[c] : std::nan("");
            const double error = c < set.errors.size() ? set.errors[c] : std::nan("");
            barSets[qsizetype(s)]->replace(c, std::isfinite(value) ? value : 0.0);
            // Where QBarSeries puts bar s of category c: the group is centred on c.
            const double x = c - kGroupWidth / 2 + (double(s) + 0.5) * barWidth;
            m_errorBars[s * size_t(m_categories.size()) + size_t(c)]->replace(
                errorBarShape(x, value, error, barWidth / 4));
        }
    }
    fitValueAxis();
}

void ErrorBarChart::fitValueAxis()
{
    double low = 0.0, high = 1.0;
    for (const BarSet& set : m_sets)
        for (qsizetype c = 0; c < set.values.size(); ++c) {
            const double error = c < set.errors.size() && std::isfinite(set.errors[c]) ? set.errors[c] : 0.0;
            if (!std::isfinite(set.values[c]))
                continue;
            low = std::min(low, set.values[c] - error);
            high = std::max(high, set.values[c] + error);
        }
    // Shares (Sobol indices) keep their axis in tenths, and an error bar that barely crosses 0 is
    // clipped rather than adding an empty band below it; other values get a nice axis.
    if (low > -0.5 && high < 1.5) {
        low = std::floor(low * 10.0 + 0.2) / 10.0;
        high = std::ceil(high * 10.0) / 10.0;
        m_axisY->setTickInterval(0.2);
        m_axisY->setLabelFormat(QStringLiteral("%.1f"));
        m_axisY->setRange(low, high);
    } else {
        setNiceRange(m_axisY, low, high, {}, axisLength(this, Qt::Vertical));
    }
}

void ErrorBarChart::showBarTip(bool status, int index, QBarSet* set)
{
    if (!status) {
        QToolTip::hideText();
        return;
    }
    const int s = int(m_bars->barSets().indexOf(set));
    if (s < 0 || size_t(s) >= m_sets.size() || index < 0 || index >= m_categories.size())
        return;
    const BarSet& bars = m_sets[size_t(s)];
    const double value = index < bars.values.size() ? bars.values[index] : std::nan("");
    const double error = index < bars.errors.size() ? bars.errors[index] : std::nan("");
    const QString text = std::isfinite(value)
                             ? tr("%1, %2: %3 ± %4 (%5)")
                                   .arg(m_categories[index], bars.name, QString::number(value, 'f', 3),
                                        QString::number(error, 'f', 3), m_errorMeaning)
                             : tr("%1, %2: not computed yet").arg(m_categories[index], bars.name);
    QToolTip::showText(QCursor::pos(), text, this);
}

} // namespace ui
