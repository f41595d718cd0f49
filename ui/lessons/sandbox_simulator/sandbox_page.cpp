#include "ui/lessons/sandbox_simulator/sandbox_page.h"

#include "engine/core/errors.h"
#include "engine/functions/function_registry.h"
#include "ui/base/palette.h"
#include "ui/charts/curve_chart.h"
#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/bo_session.h"
#include "ui/models/lesson_settings.h"
#include "ui/panels/bo_controls.h"
#include "ui/panels/external_program_dialog.h"
#include "ui/panels/side_column.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

SandboxPage::SandboxPage(JobRunner* jobs, QWidget* parent)
    : LessonPage(jobs, parent), m_explorer(new SandboxExplorer(jobs)), m_tabs(new QTabWidget),
      m_session(new BoSession(jobs, QStringLiteral("sandbox"), this)),
      m_controls(new BoControls(m_session, this, 10)), m_function(new QComboBox), m_table(new QTableWidget), m_best(new QLabel)
{
    auto* toolbar = new QToolBar;
    m_controls->addToToolbar(toolbar);
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("  Objective ")));
    for (const emu::FunctionInfo& info : emu::functionRegistry())
        if (info.defaultDimension >= 3) // the N-D benchmarks; 1-D and 2-D have lessons of their own
            m_function->addItem(QString::fromStdString(info.displayName), QString::fromStdString(info.id));
    m_function->setToolTip(tr("A benchmark to start with; choose your own program below"));
    toolbar->addWidget(m_function);
    auto* program = new QPushButton(tr("Your program..."));
    program->setToolTip(tr("Any program that reads JSON inputs on standard input and prints a number"));
    toolbar->addWidget(program);

    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(20);
    // The columns share the table's width (the last, "best so far", was cut off); past a
    // dozen inputs the table scrolls sideways instead of squeezing them.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(70);
    m_table->setToolTip(tr("Every evaluation in order; the best one is highlighted"));
    m_best->setWordWrap(true);
    auto* right = new QVBoxLayout;
    right->addWidget(m_controls->panel());
    right->addWidget(m_controls->convergenceChart(), 1);
    auto* rightWidget = new QWidget;
    rightWidget->setLayout(right);
    auto* left = new QVBoxLayout;
    left->addWidget(m_best);
    left->addWidget(m_table, 1);
    auto* body = new QHBoxLayout;
    body->addLayout(left, 1);
    body->addWidget(new SideColumn(rightWidget, 280));
    auto* optimise = new QWidget;
    auto* optimiseLayout = new QVBoxLayout(optimise);
    optimiseLayout->addWidget(toolbar);
    optimiseLayout->addLayout(body, 1);
    m_tabs->addTab(m_explorer, tr("Explore and emulate"));
    m_tabs->addTab(optimise, tr("Optimise automatically"));
    m_tabs->setTabToolTip(0, tr("Run a simulator by hand and watch emulators of its outputs learn"));
    m_tabs->setTabToolTip(1, tr("Bayesian optimisation of one output, step by step or all at once"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    connect(m_explorer, &SandboxExplorer::statusMessage, this, &SandboxPage::statusMessage);
    connect(m_explorer, &SandboxExplorer::eventReported, this, &SandboxPage::reportEvent);

    connect(m_session, &BoSession::changed, this, &SandboxPage::redraw);
    connect(m_session, &BoSession::failed, this, [this](const QString& message) { emit statusMessage(message, 8000); });
    connect(m_controls, &BoControls::resetRequested, this, &SandboxPage::reset);
    connect(m_function, &QComboBox::currentIndexChanged, this, [this] {
        m_external.reset();
        reset();
    });
    connect(program, &QPushButton::clicked, this, &SandboxPage::chooseProgram);
    reset();
}

void SandboxPage::chooseProgram()
{
    ExternalProgramDialog dialog(3, this, true);
    if (m_external)
        dialog.setSettings(*m_external);
    if (dialog.exec() == QDialog::Accepted)
        {
        const ExternalProgramSettings chosen = dialog.settings();
        useExternalProgram(chosen);
    }
}

QString SandboxPage::useExternalProgram(const ExternalProgramSettings& settings)
{
    try {
        settings.objective(); // validate before switching
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    m_external = settings;
    reset();
    return {};
}

void SandboxPage::reset()
{
    const BoObjective objective =
        m_external ? m_external->objective()
                   : benchmarkObjective(m_function->currentData().toString().toStdString());
    m_session->start(objective, m_controls->acquisitionId().toStdString(), m_controls->initialPoints(),
                     m_controls->seed());
}

int SandboxPage::tableRows() const
{
    return m_table->rowCount();
}

void SandboxPage::redraw()
{
    m_controls->refresh();
    if (!m_session->hasLoop())
        return;
    const emu::BoState& state = m_session->loop().state();
    const std::vector<std::string> names = m_session->objective().space.names();
    QStringList headers;
    for (const std::string& name : names)
        headers << QString::fromStdString(name);
    headers << tr("value") << tr("best so far");
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(state.size()));
    const emu::Index best = state.bestIndex();
    for (emu::Index i = 0; i < state.size(); ++i) {
        for (emu::Index j = 0; j < state.X.cols(); ++j)
            m_table->setItem(int(i), int(j), new QTableWidgetItem(QString::number(state.X(i, j), 'g', 5)));
        m_table->setItem(int(i), int(names.size()), new QTableWidgetItem(QString::number(state.y(i), 'g', 6)));
        m_table->setItem(int(i), int(names.size()) + 1, new QTableWidgetItem(QString::number(state.bestSoFar(i), 'g', 6)));
        if (i == best)
            for (int c = 0; c < m_table->columnCount(); ++c)
                m_table->item(int(i), c)->setBackground(ui::palette().tableHighlight);
    }
    m_table->scrollToBottom();
    if (state.size() == 0) {
        m_best->setText(tr("Evaluating the initial design of <b>%1</b>...").arg(m_session->objective().name));
        return;
    }
    QStringList coordinates;
    const emu::RowVector x = state.bestPoint();
    for (size_t j = 0; j < names.size(); ++j)
        coordinates << QStringLiteral("%1 = %2").arg(QString::fromStdString(names[j])).arg(x(emu::Index(j)), 0, 'g', 5);
    m_best->setText(tr("Minimising <b>%1</b> over %2 inputs. Best value <b>%3</b> at %4.")
                        .arg(m_session->objective().name)
                        .arg(names.size())
                        .arg(state.bestValue(), 0, 'g', 6)
                        .arg(coordinates.join(QStringLiteral(", "))));
}

QStringList SandboxPage::tutorialEvents()
{
    return {tutorial_events::kSimulatorRun, tutorial_events::kEmulatorAdded, tutorial_events::kFitted,
            tutorial_events::kSuggestionAccepted};
}

QString SandboxPage::dataCsv() const
{
    return m_tabs->currentWidget() == m_explorer ? m_explorer->runsCsv() : m_session->historyCsv();
}

QString SandboxPage::importCsv(const QString& csvText, const QString& sourceName)
{
    m_tabs->setCurrentWidget(m_explorer);
    return m_explorer->importRunsCsv(csvText, sourceName);
}

QUndoStack* SandboxPage::undoStack()
{
    return m_explorer->undoStack();
}

QJsonObject SandboxPage::saveState() const
{
    QJsonObject state{{"function", m_function->currentData().toString()},
                      {"run", m_controls->saveState()},
                      {"tab", m_tabs->currentIndex()},
                      {"explorer", m_explorer->saveState()}};
    m_session->writeHistory(state);
    if (m_external)
        state["external"] = m_external->toJson();
    return state;
}

QString SandboxPage::restoreState(const QJsonObject& state)
{
    const int function = m_function->findData(state.value("function").toString());
    if (function < 0)
        return tr("unknown function \"%1\"").arg(state.value("function").toString());
    const QJsonObject runSettings = state.value("run").toObject();
    if (const QString error = m_controls->settings().check(runSettings); !error.isEmpty())
        return error;
    SavedBoRun run;
    if (const QString error = readSavedBoRun(state, state.contains("external"),
                                             state.value("function").toString().toStdString(), run);
        !error.isEmpty())
        return error;
    if (state.contains("explorer"))
        if (const QString error = m_explorer->restoreState(state.value("explorer").toObject()); !error.isEmpty())
            return error;
    {
        const QSignalBlocker block(m_function);
        m_function->setCurrentIndex(function);
    }
    m_tabs->setCurrentIndex(state.value("tab").toInt(0));
    m_external = run.external;
    m_controls->restoreState(runSettings);
    m_session->startFrom(run.objective, m_controls->acquisitionId().toStdString(), run.history, m_controls->seed());
    return {};
}

} // namespace ui
