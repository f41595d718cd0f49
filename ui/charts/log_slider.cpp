#include "ui/charts/log_slider.h"

#include <QGridLayout>
#include <QLabel>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {
constexpr int kSteps = 1000;
}

LogSlider::LogSlider(const QString& name, double minimum, double maximum, QWidget* parent)
    : QWidget(parent), m_min(minimum), m_max(maximum), m_value(minimum),
      m_slider(new QSlider(Qt::Horizontal, this)), m_valueLabel(new QLabel(this))
{
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(name, this), 0, 0);
    layout->addWidget(m_valueLabel, 0, 1, Qt::AlignRight);
    layout->addWidget(m_slider, 1, 0, 1, 2);
    m_slider->setRange(0, kSteps);
    m_valueLabel->setMinimumWidth(60);
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        m_value = fromPosition(position);
        showValue();
        emit valueChanged(m_value);
    });
    showValue();
}

void LogSlider::setValue(double value)
{
    m_value = std::isfinite(value) ? std::clamp(value, m_min, m_max) : m_min;
    const QSignalBlocker block(m_slider);
    m_slider->setValue(toPosition(m_value));
    showValue();
}

double LogSlider::fromPosition(int position) const
{
    const double t = double(position) / kSteps;
    return std::exp(std::log(m_min) + t * (std::log(m_max) - std::log(m_min)));
}

int LogSlider::toPosition(double value) const
{
    const double t = (std::log(value) - std::log(m_min)) / (std::log(m_max) - std::log(m_min));
    return int(std::lround(t * kSteps));
}

void LogSlider::showValue()
{
    m_valueLabel->setText(QString::number(m_value, 'g', 3));
}

} // namespace ui
