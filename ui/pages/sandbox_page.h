#pragma once
// Lesson "Your own simulator": Bayesian optimisation (or, with the model-variance acquisition,
// experimental design) of a function of any number of inputs: a benchmark to start with, or a
// program of your own. Every evaluation is listed in a table; the best point so far is shown
// with the convergence chart.

#include "ui/external_program_dialog.h"
#include "ui/lesson_page.h"

#include <QList>
#include <optional>
#include <tuple>

class QComboBox;
class QLabel;
class QTableWidget;

namespace ui {

class BoControls;
class BoSession;

class SandboxPage : public LessonPage
{
    Q_OBJECT
public:
    explicit SandboxPage(JobRunner* jobs, QWidget* parent = nullptr);

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    BoSession* session() const { return m_session; }
    /// Optimises the user's program with these inputs; returns an error, or empty.
    QString useExternalProgram(const QString& programLine, const QList<std::tuple<QString, double, double>>& parameters,
                               double timeoutSeconds);
    /// Rows of the evaluation table.
    int tableRows() const;

private:
    void reset();
    void chooseProgram();
    void redraw();

    BoSession* m_session;
    BoControls* m_controls;
    QComboBox* m_function;
    QTableWidget* m_table;
    QLabel* m_best;
    std::optional<ExternalProgramSettings> m_external;
};

} // namespace ui
