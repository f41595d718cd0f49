#pragma once
// A dialog that sets up the user's own simulator: the program (and its arguments), the inputs
// it takes (names and bounds) and a timeout. The result is an objective for BoSession.

#include "ui/bo_session.h"

#include <QDialog>

class QDoubleSpinBox;
class QLineEdit;
class QTableWidget;

namespace ui {

class ExternalProgramDialog : public QDialog
{
    Q_OBJECT
public:
    /// inputs: how many parameters the caller needs (e.g. 2 for the 2-D lesson); with
    /// resizable, the user may add and remove inputs (at least one).
    ExternalProgramDialog(int inputs, QWidget* parent = nullptr, bool resizable = false);

    /// Fills the fields (program line "path arg1 arg2", parameters as name → (low, high)).
    void setValues(const QString& programLine, const QList<std::tuple<QString, double, double>>& parameters,
                   double timeoutSeconds);
    /// The objective for the fields as they are; throws emu::Error with a message for the user.
    BoObjective objective() const;
    QString programLine() const;
    QList<std::tuple<QString, double, double>> parameters() const;
    double timeoutSeconds() const;

    void accept() override;

private:
    void addInputRow();

    QLineEdit* m_program;
    QTableWidget* m_parameters;
    QDoubleSpinBox* m_timeout;
};

/// The objective of a program line ("path arg1 arg2") with these inputs; throws emu::Error.
BoObjective externalObjective(const QString& programLine,
                              const QList<std::tuple<QString, double, double>>& parameters, double timeoutSeconds);

} // namespace ui
