#include "ui/lessons/bo_1d/bo_1d_page.h"

#include "engine/functions/function_registry.h"
#include "ui/charts/curve_chart.h"
#include "ui/charts/posterior_chart.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/bo_session.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/bo_controls.h"
#include "ui/panels/settings_binding.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

constexpr int kGridSize = 400;

/// The 1-D objectives offered: every registered function that has (or accepts) one input.
QList<QPair<QString, QString>> oneDimensionalFunctions()
{
    QList<QPair<QString, QString>> result;
    for (const emu::FunctionInfo& info : emu::functionRegistry())
        if (info.defaultDimension == 1 || info.variableDimension)
            result.append({QString::fromStdString(info.id), QString::fromStdString(info.displayName)});
    return result;
}

QVector<double> toQVector(const emu::Vector& v)
{
    return QVector<double>(v.data(), v.data() + v.size());
}

} // namespace

QStringList Bo1dPage::tutorialEvents()
{
    return {tutorial_events::kEvaluation};
}

Bo1dPage::Bo1dPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_session(new BoSession(jobs, QStringLiteral("bo-1d"), this)),
      m_controls(new BoControls(m_session, this)), m_posterior(new PosteriorChart),
      m_acquisitionChart(new CurveChart(tr("Acquisition: its maximum is the next point"))),
      m_function(new QComboBox), m_showObjective(new QCheckBox(tr("Show the objective")))
{
    auto* toolbar = new QToolBar;
    m_controls->addToToolbar(toolbar);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("  Click on the top chart to evaluate a point yourself")));

    for (const auto& [id, name] : oneDimensionalFunctions())
        m_function->addItem(name, id);
    m_function->setToolTip(tr("The function to minimise. Bayesian optimisation only sees the values it evaluates."));
    m_showObjective->setChecked(true);
    m_showObjective->setToolTip(tr("Hide it to play fair: the optimiser never sees it"));

    m_posterior->setObjectName(QStringLiteral("posteriorChart"));
    m_acquisitionChart->setObjectName(QStringLiteral("acquisitionChart"));
    m_posterior->setAxisTitles(tr("x"), tr("f(x)"));
    m_posterior->setToolTip(tr("GP posterior of the objective. Click to evaluate the objective at that x."));
    m_acquisitionChart->setAxisTitles(tr("x"), tr("acquisition"));
    m_acquisitionChart->setToolTip(tr("The red point is the acquisition's maximum: the next point to evaluate"));
    m_acquisitionChart->setMinimumHeight(200);
    m_acquisitionChart->setYScale({.margin = 0.08}); // room above the maximum's marker

    auto* objectiveBox = new QGroupBox(tr("Objective"));
    auto* objectiveLayout = new QVBoxLayout(objectiveBox);
    objectiveLayout->addWidget(m_function);
    objectiveLayout->addWidget(m_showObjective);

    auto* left = new QVBoxLayout;
    left->addWidget(m_posterior, 3);
    left->addWidget(m_acquisitionChart, 2);
    auto* right = new QVBoxLayout;
    right->addWidget(objectiveBox);
    right->addWidget(m_controls->panel());
    right->addWidget(m_controls->convergenceChart(), 1);
    layOutPage(toolbar, left, right, 270);

    connect(m_session, &BoSession::changed, this, &Bo1dPage::redraw);
    connect(m_session, &BoSession::evaluated, this, [this] { reportEvent(tutorial_events::kEvaluation); });
    connect(m_session, &BoSession::failed, this, [this](const QString& message) { emit statusMessage(message, 8000); });
    connect(m_controls, &BoControls::resetRequested, this, &Bo1dPage::reset);
    bindChoice(lessonSettings(), QStringLiteral("function"), m_function);
    bindFlag(lessonSettings(), QStringLiteral("showObjective"), m_showObjective);
    connect(&lessonSettings(), &LessonSettings::changed, this, [this](const QString& key) {
        if (key == QLatin1String("function"))
            reset();
        else if (key == QLatin1String("showObjective"))
            redraw();
    }); // a restored state: restoreState() starts from its points
    connect(m_posterior, &PosteriorChart::pointAdded, this, [this](double x, double) {
        emu::Matrix X(1, 1);
        X(0, 0) = x;
        m_session->evaluateAt(X);
    });
    reset();
}

bool Bo1dPage::startAnimation()
{
    reset();
    m_controls->play();
    return true;
}

void Bo1dPage::reset()
{
    const BoObjective objective = benchmarkObjective(functionId().toStdString(), 1);
    const emu::ParameterSpace& space = objective.space;
    m_posterior->setRanges(space.lowerBounds()(0), space.upperBounds()(0), 0.0, 0.0);
    m_acquisitionChart->setXRange(space.lowerBounds()(0), space.upperBounds()(0));
    m_session->start(objective, m_controls->acquisitionId().toStdString(), m_controls->initialPoints(),
                     m_controls->seed());
}

void Bo1dPage::redraw()
{
    m_controls->refresh();
    if (!m_session->hasLoop())
        return;
    const BoObjective& objective = m_session->objective();
    const emu::Vector xs = emu::Vector::LinSpaced(kGridSize, objective.space.lowerBounds()(0),
                                                  objective.space.upperBounds()(0));
    const emu::Matrix grid = xs;
    const bool showObjective = lessonSettings().flag(QStringLiteral("showObjective"));
    m_posterior->setTruth(showObjective ? toQVector(xs) : QVector<double>(),
                          showObjective ? toQVector(objective.evaluate(grid)) : QVector<double>());

    const emu::BoState& state = m_session->loop().state();
    QList<QPointF> data;
    for (emu::Index i = 0; i < state.size(); ++i)
        data.append(QPointF(state.X(i, 0), state.y(i)));
    m_posterior->setData(data);

    const emu::Model& model = m_session->loop().model();
    if (state.size() == 0) {
        m_posterior->setPosterior({}, {}, {});
        return;
    }
    const emu::Prediction prediction = model.predict(grid);
    m_posterior->setPosterior(toQVector(xs), toQVector(prediction.mean),
                              toQVector(prediction.variance.cwiseMax(0.0).cwiseSqrt()));

    const emu::Matrix& next = m_session->suggestion();
    if (next.rows() == 0) {
        m_posterior->setHighlights({}, {});
        m_acquisitionChart->setMarker(std::nullopt);
        m_drawnArgmax = std::nan("");
        return;
    }
    const emu::Vector acquisition = m_session->loop().acquisition().evaluate(model, grid);
    m_acquisitionChart->setCurve(toQVector(xs), toQVector(acquisition));
    const double nextValue = m_session->loop().acquisition().evaluate(model, next)(0);
    m_drawnArgmax = next(0, 0);
    m_acquisitionChart->setMarker(QPointF(m_drawnArgmax, nextValue));
    m_posterior->setHighlights({QPointF(m_drawnArgmax, model.predict(next).mean(0))}, tr("next point"));
}

QString Bo1dPage::dataCsv() const
{
    return m_session->historyCsv();
}

QString Bo1dPage::functionId() const
{
    return lessonSettings().choice(QStringLiteral("function"));
}

QJsonObject Bo1dPage::saveState() const
{
    QJsonObject state = lessonSettings().saveState();
    state.insert(QStringLiteral("run"), m_controls->saveState());
    m_session->writeHistory(state);
    return state;
}

QString Bo1dPage::restoreState(const QJsonObject& state)
{
    const QJsonObject run = state.value(QStringLiteral("run")).toObject();
    for (const QString& error : {lessonSettings().check(state), m_controls->settings().check(run)})
        if (!error.isEmpty())
            return error;
    const QString function = lessonSettings().restoredValue(state, QStringLiteral("function")).toString();
    const BoObjective objective = benchmarkObjective(function.toStdString(), 1);
    BoHistory history;
    if (const QString error = BoSession::readHistory(state, objective.space, history); !error.isEmpty())
        return error;
    lessonSettings().restoreState(state);
    m_controls->restoreState(run);
    m_posterior->setRanges(objective.space.lowerBounds()(0), objective.space.upperBounds()(0), 0.0, 0.0);
    m_acquisitionChart->setXRange(objective.space.lowerBounds()(0), objective.space.upperBounds()(0));
    m_session->startFrom(objective, m_controls->acquisitionId().toStdString(), history, m_controls->seed());
    return {};
}

bool Bo1dPage::presenterStep(int direction)
{
    if (direction < 0)
        return false;
    m_session->step();
    return true;
}

QString Bo1dPage::importCsv(const QString& csvText, const QString& sourceName)
{
    return m_session->importCsv(csvText, sourceName, m_controls->seed());
}

} // namespace ui
