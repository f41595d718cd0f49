#pragma once
// Lesson "Bayesian optimisation in 2-D": heat maps of the GP's posterior mean, its standard
// deviation, the acquisition surface and the objective itself, two side by side (each pane
// switchable), with the evaluated points and the next suggestion on top. Hover for values,
// click to evaluate a point by hand.

#include "ui/lessons/lesson_page.h"
#include "ui/panels/external_program_dialog.h"

#include "engine/core/types.h"

#include <array>
#include <optional>
#include <tuple>

class QComboBox;

namespace ui {

class BoControls;
class BoSession;
class HeatMap;

class Bo2dPage : public LessonPage
{
    Q_OBJECT
public:
    /// What a heat-map pane shows.
    enum class Surface
    {
        Mean,
        StandardDeviation,
        Acquisition,
        Objective
    };

    explicit Bo2dPage(JobRunner* jobs, QWidget* parent = nullptr);
    /// Presenter mode: forwards steps the loop; back is the previous lesson.
    bool presenterStep(int direction) override;
    bool acceptsCsv() const override { return true; }
    /// Evaluations from a CSV file (x, y columns) in place of the ones so far.
    QString importCsv(const QString& csvText, const QString& sourceName) override;
    /// What the page reports to guided tutorials.
    static QStringList tutorialEvents();

    QString dataCsv() const override;
    QJsonObject saveState() const override;
    QString restoreState(const QJsonObject& state) override;

    BoSession* session() const { return m_session; }
    HeatMap* pane(int index) const { return m_maps[size_t(index)]; }
    /// Shows `surface` in pane 0 or 1.
    void showSurface(int pane, Surface surface);
    /// Optimises the user's program (see ExternalProgramDialog); returns an error or empty.
    QString useExternalProgram(const ExternalProgramSettings& settings);
    /// The surface last drawn in a pane (rows × columns over the grid), for tests.
    const emu::Vector& drawnValues(int pane) const { return m_drawn[size_t(pane)]; }

private:
    void reset();
    void chooseExternalProgram();
    bool isExternal() const;
    void redraw();
    emu::Vector surfaceValues(Surface surface, const emu::Matrix& grid) const;

    BoSession* m_session;
    BoControls* m_controls;
    QComboBox* m_function;
    std::array<HeatMap*, 2> m_maps;
    std::array<QComboBox*, 2> m_selectors;
    std::array<emu::Vector, 2> m_drawn;
    std::optional<ExternalProgramSettings> m_external;
    int m_lastFunctionIndex = 0;
};

} // namespace ui
