#pragma once
// A grouped bar chart with an error bar (±1 standard error) on every bar: one group per category,
// one bar per set in each group. Qt Charts has no error bars, so each is a small line series
// (an "I" shape) placed where QBarSeries puts its bar. Hovering a bar shows its value ± error.

#include <QChartView>
#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QLineSeries;
class QValueAxis;

namespace ui {

class ErrorBarChart : public QChartView
{
    Q_OBJECT
public:
    /// One bar per category: values with their standard errors (NaN = not known yet).
    struct BarSet
    {
        QString name;
        QColor colour;
        QList<double> values;
        QList<double> errors;
    };

    explicit ErrorBarChart(const QString& title = {}, QWidget* parent = nullptr);

    /// The groups along the x axis; call before setSets().
    void setCategories(const QStringList& categories);
    /// Replaces the sets (same count keeps the series and only moves the bars).
    void setSets(const std::vector<BarSet>& sets);
    void setValueAxisTitle(const QString& title);
    /// What an error bar spans, for the bars' tooltips (by default "±1 standard error").
    void setErrorMeaning(const QString& meaning);
    QValueAxis* valueAxis() const { return m_axisY; }
    /// The sets as shown, for tests.
    const std::vector<BarSet>& sets() const { return m_sets; }

private:
    /// Creates the bar sets and error-bar series when the number of sets or categories changed.
    void createSeries();
    /// Moves the bars and error bars to m_sets' values (replace(): no series is recreated).
    void updateSeries();
    /// The value axis spans 0 … 1 and every bar ± error: in steps of 0.1 for shares, nice
    /// steps for anything wider.
    void fitValueAxis();
    /// Tooltip of a bar: its set, category, value ± error.
    void showBarTip(bool status, int index, QBarSet* set);

    QString m_errorMeaning = tr("±1 standard error");
    QBarSeries* m_bars;
    QBarCategoryAxis* m_axisX;
    QValueAxis* m_axisY;
    QStringList m_categories;
    std::vector<BarSet> m_sets;
    std::vector<QLineSeries*> m_errorBars;
};

} // namespace ui
