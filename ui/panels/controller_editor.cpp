#include "ui/panels/controller_editor.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {
constexpr int kSliderSteps = 1000;
}

ControllerEditor::ControllerEditor(QWidget* parent) : QWidget(parent)
{
    using D = emu::ControllerDomain;
    const std::array<QString, 3> names = {tr("θp (position gain)"), tr("θv (velocity gain)"), tr("θ0 (bias)")};
    const std::array<QString, 3> tips = {
        tr("How much the car pushes depending on where it is (p)"),
        tr("How much the car pushes in the direction it moves (v): large positive values make it swing"),
        tr("A constant push: positive to the right, negative to the left")};
    const std::array<std::pair<double, double>, 3> ranges = {
        std::pair{D::thetaPMin, D::thetaPMax}, std::pair{D::thetaVMin, D::thetaVMax}, std::pair{D::theta0Min, D::theta0Max}};
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 3; ++i) {
        Row& row = m_rows[size_t(i)];
        row.minimum = ranges[size_t(i)].first;
        row.maximum = ranges[size_t(i)].second;
        row.slider = new QSlider(Qt::Horizontal);
        row.slider->setRange(0, kSliderSteps);
        row.spin = new QDoubleSpinBox;
        row.spin->setRange(row.minimum, row.maximum);
        row.spin->setDecimals(3);
        row.spin->setSingleStep((row.maximum - row.minimum) / 100.0);
        auto* label = new QLabel(names[size_t(i)]);
        for (QWidget* w : std::initializer_list<QWidget*>{label, row.slider, row.spin})
            w->setToolTip(tips[size_t(i)]);
        layout->addWidget(label, 2 * i, 0, 1, 2);
        layout->addWidget(row.slider, 2 * i + 1, 0);
        layout->addWidget(row.spin, 2 * i + 1, 1);
        connect(row.slider, &QSlider::valueChanged, this, [this, i](int position) {
            Row& r = m_rows[size_t(i)];
            const double value = r.minimum + (r.maximum - r.minimum) * position / kSliderSteps;
            const QSignalBlocker block(r.spin);
            r.spin->setValue(value);
            emit changed(controller());
        });
        connect(row.spin, &QDoubleSpinBox::valueChanged, this, [this, i](double value) {
            Row& r = m_rows[size_t(i)];
            const QSignalBlocker block(r.slider);
            r.slider->setValue(int(std::lround((value - r.minimum) / (r.maximum - r.minimum) * kSliderSteps)));
            emit changed(controller());
        });
    }
}

emu::LinearController ControllerEditor::controller() const
{
    return {m_rows[0].spin->value(), m_rows[1].spin->value(), m_rows[2].spin->value()};
}

void ControllerEditor::setRowValue(Row& row, double value)
{
    value = std::isfinite(value) ? std::clamp(value, row.minimum, row.maximum) : 0.0;
    const QSignalBlocker blockSpin(row.spin);
    const QSignalBlocker blockSlider(row.slider);
    row.spin->setValue(value);
    row.slider->setValue(int(std::lround((value - row.minimum) / (row.maximum - row.minimum) * kSliderSteps)));
}

void ControllerEditor::setController(const emu::LinearController& controller)
{
    setRowValue(m_rows[0], controller.thetaP);
    setRowValue(m_rows[1], controller.thetaV);
    setRowValue(m_rows[2], controller.theta0);
}

} // namespace ui
