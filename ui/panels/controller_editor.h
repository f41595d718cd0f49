#pragma once
// Three sliders with spin boxes for the linear controller u = clip(θ0 + θp·p + θv·v, −1, 1),
// each limited to the controller's domain. Used wherever a page lets the user set a controller.

#include "engine/sim/linear_controller.h"

#include <QWidget>

#include <array>

class QDoubleSpinBox;
class QSlider;

namespace ui {

class ControllerEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ControllerEditor(QWidget* parent = nullptr);

    emu::LinearController controller() const;
    /// Shows a controller (clamped to the domain) without emitting changed().
    void setController(const emu::LinearController& controller);

signals:
    /// The user changed a parameter.
    void changed(const emu::LinearController& controller);

private:
    struct Row
    {
        QSlider* slider = nullptr;
        QDoubleSpinBox* spin = nullptr;
        double minimum = 0.0;
        double maximum = 0.0;
    };
    void setRowValue(Row& row, double value);

    std::array<Row, 3> m_rows; ///< θp, θv, θ0 (the engine's parameter order)
};

} // namespace ui
