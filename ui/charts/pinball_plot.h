#pragma once
// The pinball plot of a deep GP: evenly spaced inputs dropped through the layers like balls.
// Each stage (the input, then every layer's output) is a horizontal row with its own scale;
// each ball's mean position is drawn on every row, joined to the next row, with a bar of ±2
// standard deviations showing the uncertainty added at that step. Balls are coloured by their
// input, so one sees which inputs are squeezed together or torn apart by the layers.

#include <QStringList>
#include <QWidget>

#include <vector>

namespace ui {

class PinballPlot : public QWidget
{
    Q_OBJECT
public:
    explicit PinballPlot(QWidget* parent = nullptr);

    /// stages[s] holds every ball's mean at stage s (same length for all stages), sds likewise.
    void setStages(const std::vector<std::vector<double>>& means, const std::vector<std::vector<double>>& sds,
                   const QStringList& stageNames);
    QSize sizeHint() const override { return {420, 300}; }
    QSize minimumSizeHint() const override { return {240, 180}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<std::vector<double>> m_means;
    std::vector<std::vector<double>> m_sds;
    QStringList m_names;
};

} // namespace ui
