#include "ui/lessons/bo_2d/bo_2d_page.h"

#include "engine/core/errors.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/heat_map.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/bo_session.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/bo_controls.h"
#include "ui/panels/external_program_dialog.h"
#include "ui/panels/side_column.h"

#include <QComboBox>
#include <QStandardItemModel>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kGrid = 100; // 100×100 surfaces

struct FunctionChoice
{
    const char* id;
    const char* name;
};
const FunctionChoice kFunctions[] = {{"branin", "Branin"}, {"six-hump-camel", "Six-hump camel"}};

QString surfaceName(Bo2dPage::Surface surface)
{
    switch (surface) {
    case Bo2dPage::Surface::Mean: return QObject::tr("Posterior mean");
    case Bo2dPage::Surface::StandardDeviation: return QObject::tr("Standard deviation");
    case Bo2dPage::Surface::Acquisition: return QObject::tr("Acquisition");
    case Bo2dPage::Surface::Objective: return QObject::tr("Objective (hidden from the optimiser)");
    }
    return {};
}

/// The grid's points as rows, x1 varying fastest (row-major over the heat map).
emu::Matrix gridPoints(const emu::ParameterSpace& space)
{
    const emu::Vector lower = space.lowerBounds(), upper = space.upperBounds();
    emu::Matrix points(kGrid * kGrid, 2);
    for (int r = 0; r < kGrid; ++r)
        for (int c = 0; c < kGrid; ++c) {
            points(r * kGrid + c, 0) = lower(0) + (upper(0) - lower(0)) * c / (kGrid - 1);
            points(r * kGrid + c, 1) = lower(1) + (upper(1) - lower(1)) * r / (kGrid - 1);
        }
    return points;
}

} // namespace

QStringList Bo2dPage::tutorialEvents()
{
    return {tutorial_events::kEvaluation};
}

Bo2dPage::Bo2dPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_session(new BoSession(jobs, QStringLiteral("bo-2d"), this)),
      m_controls(new BoControls(m_session, this, 5)), m_function(new QComboBox), m_maps{new HeatMap, new HeatMap},
      m_selectors{new QComboBox, new QComboBox}
{
    auto* toolbar = new QToolBar;
    m_controls->addToToolbar(toolbar);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("  Click on a map to evaluate a point yourself")));

    for (const FunctionChoice& f : kFunctions)
        m_function->addItem(tr(f.name), QString::fromLatin1(f.id));
    m_function->addItem(tr("Your program..."), QStringLiteral("cmd"));
    m_function->setItemData(m_function->count() - 1, tr("Optimise a simulator of your own: any program that reads "
                                                        "JSON inputs and prints a number"),
                            Qt::ToolTipRole);
    m_function->setToolTip(tr("The function to minimise"));

    auto* maps = new QHBoxLayout;
    for (int i = 0; i < 2; ++i) {
        QComboBox* selector = m_selectors[size_t(i)];
        for (Surface s : {Surface::Mean, Surface::StandardDeviation, Surface::Acquisition, Surface::Objective})
            selector->addItem(surfaceName(s), int(s));
        selector->setToolTip(tr("What this map shows"));
        HeatMap* map = m_maps[size_t(i)];
        map->setObjectName(QStringLiteral("surfaceMap%1").arg(i + 1));
        map->setAxisTitles(QStringLiteral("x1"), QStringLiteral("x2"));
        map->setToolTip(tr("White dots: evaluated points. Red star: the next point. Click to evaluate there."));
        auto* column = new QVBoxLayout;
        column->addWidget(selector);
        column->addWidget(map, 1);
        maps->addLayout(column, 1);
        connect(selector, &QComboBox::currentIndexChanged, this, &Bo2dPage::redraw);
        connect(map, &HeatMap::clicked, this, [this](QPointF at) {
            emu::Matrix X(1, 2);
            X << at.x(), at.y();
            m_session->evaluateAt(X);
        });
    }
    m_selectors[0]->setCurrentIndex(int(Surface::Mean));
    m_selectors[1]->setCurrentIndex(int(Surface::Acquisition));

    // The maps take the whole width (two 2-D maps side by side need it); the settings and the
    // convergence chart go underneath.
    auto* objectiveBox = new QGroupBox(tr("Objective"));
    auto* objectiveLayout = new QVBoxLayout(objectiveBox);
    objectiveLayout->addWidget(m_function);
    auto* settings = new QWidget;
    auto* settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(0, 0, 0, 0);
    settingsLayout->addWidget(objectiveBox);
    settingsLayout->addWidget(m_controls->panel(), 1);
    m_controls->convergenceChart()->setMinimumHeight(200);
    // A chart view asks for most of the screen; here the maps come first.
    m_controls->convergenceChart()->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(new SideColumn(settings, 230));
    bottom->addWidget(m_controls->convergenceChart(), 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addLayout(maps, 3);
    layout->addLayout(bottom, 2);

    connect(m_session, &BoSession::changed, this, &Bo2dPage::redraw);
    connect(m_session, &BoSession::evaluated, this, [this] { reportEvent(tutorial_events::kEvaluation); });
    connect(m_session, &BoSession::failed, this, [this](const QString& message) { emit statusMessage(message, 8000); });
    connect(m_controls, &BoControls::resetRequested, this, &Bo2dPage::reset);
    connect(m_function, &QComboBox::currentIndexChanged, this, [this] {
        if (isExternal())
            chooseExternalProgram();
        else
            reset();
    });
    reset();
}

bool Bo2dPage::isExternal() const
{
    return m_function->currentData().toString() == QStringLiteral("cmd");
}

void Bo2dPage::chooseExternalProgram()
{
    ExternalProgramDialog dialog(2, this);
    if (m_external)
        dialog.setSettings(*m_external);
    if (dialog.exec() != QDialog::Accepted) {
        const QSignalBlocker block(m_function);
        m_function->setCurrentIndex(m_lastFunctionIndex);
        return;
    }
    {
        const ExternalProgramSettings chosen = dialog.settings();
        useExternalProgram(chosen);
    }
}

QString Bo2dPage::useExternalProgram(const ExternalProgramSettings& settings)
{
    try {
        settings.objective(); // validate before switching
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    m_external = settings;
    {
        const QSignalBlocker block(m_function);
        m_function->setCurrentIndex(m_function->findData(QStringLiteral("cmd")));
    }
    reset();
    return {};
}

void Bo2dPage::showSurface(int pane, Surface surface)
{
    m_selectors[size_t(pane)]->setCurrentIndex(m_selectors[size_t(pane)]->findData(int(surface)));
}

void Bo2dPage::reset()
{
    m_lastFunctionIndex = m_function->currentIndex();
    // The user's program is too expensive to draw on a grid: its map is not offered.
    for (QComboBox* selector : m_selectors) {
        auto* model = qobject_cast<QStandardItemModel*>(selector->model());
        if (QStandardItem* item = model ? model->item(selector->findData(int(Surface::Objective))) : nullptr)
            item->setEnabled(!isExternal());
        if (isExternal() && selector->currentData().toInt() == int(Surface::Objective)) {
            const QSignalBlocker block(selector);
            selector->setCurrentIndex(selector->findData(int(Surface::Mean)));
        }
    }
    const BoObjective objective =
        isExternal() ? m_external->objective()
                     : benchmarkObjective(m_function->currentData().toString().toStdString());
    for (HeatMap* map : m_maps) {
        const std::vector<std::string> names = objective.space.names();
        map->setAxisTitles(QString::fromStdString(names[0]), QString::fromStdString(names[1]));
    }
    m_session->start(objective, m_controls->acquisitionId().toStdString(), m_controls->initialPoints(),
                     m_controls->seed());
}

emu::Vector Bo2dPage::surfaceValues(Surface surface, const emu::Matrix& grid) const
{
    const emu::BayesianOptimizationLoop& loop = m_session->loop();
    switch (surface) {
    case Surface::Objective:
        if (isExternal()) // 10,000 runs of the user's program: never
            return emu::Vector::Constant(grid.rows(), std::nan(""));
        return m_session->objective().evaluate(grid);
    case Surface::Mean: return loop.model().predict(grid).mean;
    case Surface::StandardDeviation: return loop.model().predict(grid).variance.cwiseMax(0.0).cwiseSqrt();
    case Surface::Acquisition:
        // The acquisition is only ready once the loop has suggested with the current data.
        if (m_session->suggestion().rows() == 0)
            return emu::Vector::Constant(grid.rows(), std::nan(""));
        return loop.acquisition().evaluate(loop.model(), grid);
    }
    return {};
}

void Bo2dPage::redraw()
{
    m_controls->refresh();
    if (!m_session->hasLoop())
        return;
    const emu::ParameterSpace& space = m_session->objective().space;
    const emu::BoState& state = m_session->loop().state();
    QList<QPointF> points;
    for (emu::Index i = 0; i < state.size(); ++i)
        points.append(QPointF(state.X(i, 0), state.X(i, 1)));
    std::optional<QPointF> next;
    if (m_session->suggestion().rows() > 0)
        next = QPointF(m_session->suggestion()(0, 0), m_session->suggestion()(0, 1));
    const emu::Matrix grid = gridPoints(space);
    const emu::Vector lower = space.lowerBounds(), upper = space.upperBounds();
    for (size_t i = 0; i < 2; ++i) {
        const auto surface = Surface(m_selectors[i]->currentData().toInt());
        const bool haveModel = state.size() > 0 || surface == Surface::Objective;
        m_drawn[i] = haveModel ? surfaceValues(surface, grid) : emu::Vector::Constant(grid.rows(), std::nan(""));
        m_maps[i]->setColourFromZero(surface == Surface::StandardDeviation);
        m_maps[i]->setField(lower(0), upper(0), lower(1), upper(1),
                            QVector<double>(m_drawn[i].data(), m_drawn[i].data() + m_drawn[i].size()), kGrid, kGrid);
        m_maps[i]->setTitle(surfaceName(surface));
        m_maps[i]->setPoints(points);
        m_maps[i]->setMarker(next);
    }
}

QString Bo2dPage::dataCsv() const
{
    return m_session->historyCsv();
}

QJsonObject Bo2dPage::saveState() const
{
    const QJsonObject external = m_external ? m_external->toJson() : QJsonObject();
    QJsonObject state{{"function", m_function->currentData().toString()},
                      {"external", external},
                      {"run", m_controls->saveState()},
                      {"panes", QJsonArray{m_selectors[0]->currentData().toInt(), m_selectors[1]->currentData().toInt()}}};
    m_session->writeHistory(state);
    return state;
}

QString Bo2dPage::restoreState(const QJsonObject& state)
{
    const int functionIndex = m_function->findData(state.value("function").toString());
    if (functionIndex < 0)
        return tr("unknown function \"%1\"").arg(state.value("function").toString());
    const QJsonObject runSettings = state.value("run").toObject();
    if (const QString error = m_controls->settings().check(runSettings); !error.isEmpty())
        return error;
    SavedBoRun run;
    const bool useExternal = state.value("function").toString() == QStringLiteral("cmd");
    if (const QString error = readSavedBoRun(state, useExternal, state.value("function").toString().toStdString(), run);
        !error.isEmpty())
        return error;
    if (useExternal && run.external->parameters.size() != 2)
        return tr("the lesson needs two inputs for the program");
    {
        const QSignalBlocker block(m_function);
        m_function->setCurrentIndex(functionIndex);
    }
    m_lastFunctionIndex = functionIndex;
    m_external = run.external;
    m_controls->restoreState(runSettings);
    const QJsonArray panes = state.value("panes").toArray();
    for (int i = 0; i < 2 && i < panes.size(); ++i) {
        const int index = m_selectors[size_t(i)]->findData(panes[i].toInt());
        if (index >= 0) {
            const QSignalBlocker block(m_selectors[size_t(i)]);
            m_selectors[size_t(i)]->setCurrentIndex(index);
        }
    }
    m_session->startFrom(run.objective, m_controls->acquisitionId().toStdString(), run.history, m_controls->seed());
    return {};
}

bool Bo2dPage::presenterStep(int direction)
{
    if (direction < 0)
        return false;
    m_session->step();
    return true;
}

QString Bo2dPage::importCsv(const QString& csvText, const QString& sourceName)
{
    return m_session->importCsv(csvText, sourceName, m_controls->seed());
}

} // namespace ui
