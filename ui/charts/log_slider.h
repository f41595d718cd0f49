#pragma once
// A labelled slider for a positive quantity on a logarithmic scale (lengthscales, variances):
// equal slider steps multiply the value by equal factors, so 0.01 and 100 are both reachable.

#include <QWidget>

class QLabel;
class QSlider;

namespace ui {

class LogSlider : public QWidget
{
    Q_OBJECT
public:
    LogSlider(const QString& name, double minimum, double maximum, QWidget* parent = nullptr);

    double value() const { return m_value; }
    /// Sets the value (clamped to the range) without emitting valueChanged.
    void setValue(double value);
    double minimum() const { return m_min; }
    double maximum() const { return m_max; }
    QSlider* slider() const { return m_slider; }

signals:
    /// The user moved the slider.
    void valueChanged(double value);

private:
    double fromPosition(int position) const;
    int toPosition(double value) const;
    void showValue();

    double m_min;
    double m_max;
    double m_value;
    QSlider* m_slider;
    QLabel* m_valueLabel;
};

} // namespace ui
