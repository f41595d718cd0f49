#pragma once
// Lesson "Multi-fidelity in 1-D": a cheap low-fidelity function and an expensive high-fidelity
// one. The user chooses where to run each (click; the fidelity from the toolbar, Shift for the
// other one), and three emulators of the high fidelity are fitted and overlaid: a GP on the
// high-fidelity points only, the linear (AR1) multi-fidelity model and the nonlinear one
// (NARGP). A scatter of f_H against f_L shows why the nonlinear model wins when their relation
// is not a straight line.

#include "ui/lessons/lesson_page.h"

#include "engine/studies/multi_fidelity_study.h"

#include <QList>
#include <QPointF>

#include <map>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QUndoStack;

namespace ui {

class BandChart;

class MultiFidelity1dPage : public LessonPage
{
    Q_OBJECT
public:
    /// The data: points of each fidelity (x, f(x)).
    struct Data
    {
        QList<QPointF> low;
        QList<QPointF> high;
    };
    /// What the three fits predict on the grid.
    struct Fits
    {
        std::vector<double> grid;
        std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> bands; ///< model → (mean, sd)
        std::map<std::string, double> relativeError; ///< model → ‖m − f_H‖ / ‖f_H‖ on the grid
        std::vector<double> rho;                      ///< linear model's ρ
    };

    explicit MultiFidelity1dPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QUndoStack* undoStack() override { return m_undo; }
    QWidget* figure() override;
    QString dataCsv() const override;
    bool acceptsCsv() const override { return true; }
    /// Runs from a CSV file with columns x, fidelity (0 low, 1 high) and y, as Export data
    /// writes them; undoable.
    QString importCsv(const QString& csvText, const QString& sourceName) override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

    const Data& data() const { return m_data; }
    const std::optional<Fits>& fits() const { return m_fits; }
    /// Runs the simulator of `level` (0 low, 1 high) at x and adds the point (undoable).
    void addPoint(int level, double x);
    /// Removes the point nearest to x (either fidelity; undoable).
    void removePointNear(double x);
    /// Selects a problem ("forrester", "nonlinear-sin") and resets to its default design.
    void setProblem(const QString& id);
    BandChart* chart() const { return m_chart; }

private:
    const emu::MultiFidelityProblem& problem() const;
    void resetData();
    void editData(const QString& description, const Data& after);
    void setData(const Data& data);
    void refit();
    void drawData();
    void drawFits();

    QComboBox* m_problem;
    QComboBox* m_fidelity;
    std::map<std::string, QCheckBox*> m_show;
    QCheckBox* m_showTruth;
    BandChart* m_chart;
    BandChart* m_scatter;
    QLabel* m_summary;
    QUndoStack* m_undo;
    Data m_data;
    std::optional<Fits> m_fits;
};

} // namespace ui
