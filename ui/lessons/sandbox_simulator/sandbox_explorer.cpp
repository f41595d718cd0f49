// SandboxExplorer: its widgets, the choice of simulator and the emulator cards; running the
// simulator and suggesting runs are in sandbox_explorer_runs.cpp.

#include "ui/lessons/sandbox_simulator/sandbox_explorer.h"

#include "engine/core/errors.h"
#include "ui/base/job_runner.h"
#include "ui/lessons/sandbox_simulator/detail/sandbox_explorer_shared.h"
#include "ui/lessons/tutorial_events.h"
#include "ui/models/value_edit_command.h"
#include "ui/panels/emulator_card.h"
#include "ui/panels/side_column.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

using detail::kRunJob;
using detail::kSuggestJob;
using detail::qs;

const QString kProgramItem = QStringLiteral("program");
const QString kSystemItem = QStringLiteral("system");
constexpr int kDesignRuns = 12; ///< runs of "Run at random" and of the opening design

} // namespace

SandboxExplorer::SandboxExplorer(JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_simulatorMenu(new QComboBox), m_inputsBox(new QWidget),
      m_play(new QPushButton(tr("▶ Play"))), m_statusLabel(new QLabel), m_cardInput(new QComboBox),
      m_cardOutput(new QComboBox), m_target(new QComboBox), m_direction(new QComboBox),
      m_suggest(new QPushButton(tr("Suggest"))), m_accept(new QPushButton(tr("Run it"))),
      m_suggestionLabel(new QLabel), m_table(new QTableWidget), m_cardGrid(new QGridLayout),
      m_undo(new QUndoStack(this))
{
    for (const emu::SandboxSimulatorInfo& info : emu::sandboxSimulators()) {
        m_simulatorMenu->addItem(qs(info.displayName), qs(info.id));
        m_simulatorMenu->setItemData(m_simulatorMenu->count() - 1, qs(info.description), Qt::ToolTipRole);
    }
    m_simulatorMenu->addItem(tr("Your program..."), kProgramItem);
    m_simulatorMenu->addItem(tr("A system file..."), kSystemItem);
    m_simulatorMenu->setItemData(m_simulatorMenu->count() - 1,
                                 tr("A system of components (emuplay-system JSON): its interventions are the inputs, "
                                    "its outputs the outputs"),
                                 Qt::ToolTipRole);
    m_simulatorMenu->setToolTip(tr("What to run: the mountain car, a benchmark, a program of your own or a system file"));
    auto* importButton = new QPushButton(tr("Import runs..."));
    auto* exportRuns = new QPushButton(tr("Export runs..."));
    auto* exportEmulators = new QPushButton(tr("Export emulators..."));
    auto* reset = new QPushButton(tr("Reset all"));
    importButton->setToolTip(tr("Add runs from a CSV file with a column per input and output"));
    reset->setToolTip(tr("Forget every run; the emulators start afresh"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Simulator")));
    top->addWidget(m_simulatorMenu);
    top->addStretch(1);
    for (QPushButton* b : {importButton, exportRuns, exportEmulators, reset})
        top->addWidget(b);

    auto* design = new QPushButton(tr("Run %1 at random").arg(kDesignRuns));
    design->setToolTip(tr("%1 runs spread over the inputs (a Latin hypercube), to start the emulators").arg(kDesignRuns));
    m_play->setToolTip(tr("Run the simulator at these inputs"));
    auto* runButtons = new QHBoxLayout;
    runButtons->addWidget(m_play);
    runButtons->addWidget(design);
    m_statusLabel->setWordWrap(true);
    auto* inputsGroup = new QGroupBox(tr("Inputs"));
    auto* inputsLayout = new QVBoxLayout(inputsGroup);
    inputsLayout->addWidget(m_inputsBox);
    inputsLayout->addLayout(runButtons);
    inputsLayout->addWidget(m_statusLabel);

    m_direction->addItem(tr("Maximise"), true);
    m_direction->addItem(tr("Minimise"), false);
    m_suggest->setToolTip(tr("Fit a GP over all inputs and find where expected improvement is largest"));
    m_accept->setToolTip(tr("Run the simulator at the suggestion"));
    m_accept->setEnabled(false);
    m_suggestionLabel->setWordWrap(true);
    auto* optimiseGroup = new QGroupBox(tr("Optimise an output"));
    auto* optimiseForm = new QFormLayout(optimiseGroup);
    optimiseForm->addRow(tr("Output"), m_target);
    optimiseForm->addRow(tr("Goal"), m_direction);
    auto* suggestButtons = new QHBoxLayout;
    suggestButtons->addWidget(m_suggest);
    suggestButtons->addWidget(m_accept);
    optimiseForm->addRow(suggestButtons);
    optimiseForm->addRow(m_suggestionLabel);

    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Every run in order"));
    auto* left = new QVBoxLayout;
    left->addWidget(inputsGroup);
    left->addWidget(optimiseGroup);
    left->addWidget(m_table, 1);
    auto* leftWidget = new QWidget;
    leftWidget->setLayout(left);

    auto* addCard = new QPushButton(tr("Add emulator"));
    addCard->setToolTip(tr("A GP of the output against the input, trained on every run"));
    auto* cardBar = new QHBoxLayout;
    cardBar->addWidget(new QLabel(tr("Emulate")));
    cardBar->addWidget(m_cardOutput);
    cardBar->addWidget(new QLabel(tr("against")));
    cardBar->addWidget(m_cardInput);
    cardBar->addWidget(addCard);
    cardBar->addStretch(1);
    auto* cardsWidget = new QWidget;
    cardsWidget->setLayout(m_cardGrid);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // cards take the width there is
    scroll->setWidget(cardsWidget);
    auto* right = new QVBoxLayout;
    right->addLayout(cardBar);
    right->addWidget(scroll, 1);

    auto* body = new QHBoxLayout;
    body->addWidget(new SideColumn(leftWidget, 290));
    body->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(body, 1);

    connect(m_simulatorMenu, &QComboBox::activated, this, &SandboxExplorer::chooseSimulator);
    connect(importButton, &QPushButton::clicked, this, &SandboxExplorer::importFile);
    connect(exportRuns, &QPushButton::clicked, this, [this] { exportFile(false); });
    connect(exportEmulators, &QPushButton::clicked, this, [this] { exportFile(true); });
    connect(reset, &QPushButton::clicked, this, &SandboxExplorer::resetAll);
    connect(m_play, &QPushButton::clicked, this, &SandboxExplorer::play);
    connect(design, &QPushButton::clicked, this, [this] { runDesign(kDesignRuns, quint64(m_runs.size())); });
    connect(addCard, &QPushButton::clicked, this,
            [this] { addEmulator(m_cardInput->currentIndex(), m_cardOutput->currentIndex()); });
    connect(m_suggest, &QPushButton::clicked, this, &SandboxExplorer::suggest);
    connect(m_accept, &QPushButton::clicked, this, &SandboxExplorer::acceptSuggestion);
    for (QComboBox* menu : {m_target, m_direction})
        connect(menu, &QComboBox::currentIndexChanged, this, [this] {
            m_suggestion.reset();
            showSuggestion();
        });

    // Names for the guided tutorials' highlights.
    m_simulatorMenu->setObjectName(QStringLiteral("simulatorMenu"));
    importButton->setObjectName(QStringLiteral("importRunsButton"));
    inputsGroup->setObjectName(QStringLiteral("inputsGroup"));
    m_play->setObjectName(QStringLiteral("playButton"));
    m_statusLabel->setObjectName(QStringLiteral("runStatus"));
    scroll->setObjectName(QStringLiteral("emulatorCards"));
    addCard->setObjectName(QStringLiteral("addEmulatorButton"));
    optimiseGroup->setObjectName(QStringLiteral("optimiseGroup"));
    m_table->setObjectName(QStringLiteral("runsTable"));

    // Something to look at from the start: the car, two emulators of its reward, and a design
    // whose seed gives some runs that reach the goal (4 of 12) besides those that do not.
    const SandboxSource car = SandboxSource::builtIn(QStringLiteral("car:classic"));
    install(car.makeSimulator(), car);
    addEmulator(1, 0); // reward against thetaV
    addEmulator(2, 0); // reward against theta0
    runDesign(kDesignRuns, 0);
}

QString SandboxExplorer::useSimulator(const QString& id)
{
    return switchTo(SandboxSource::builtIn(id));
}

QString SandboxExplorer::useProgram(const ExternalProgramSettings& settings)
{
    return switchTo(SandboxSource::ofProgram(settings));
}

QString SandboxExplorer::useSystemFile(const SandboxSystemFile& file)
{
    return switchTo(SandboxSource::ofSystem(file));
}

QString SandboxExplorer::switchTo(const SandboxSource& source)
{
    const QString key = source.key();
    const QString leftKey = m_source.key();
    if (key == leftKey) {
        showSourceName();
        return {};
    }
    std::unique_ptr<emu::SandboxSimulator> simulator;
    try {
        simulator = source.makeSimulator();
    } catch (const emu::Error& e) {
        showSourceName();
        return QString::fromUtf8(e.what());
    }
    const QJsonObject before = saveState();
    const QString left = qs(m_simulator->name());
    const emu::Index leftRuns = m_runs.size();
    const qsizetype leftCards = m_cards.size();
    if (leftRuns > 0 || leftCards > 0)
        m_kept.insert(leftKey, currentState());
    const QJsonObject kept = m_kept.take(key);
    // A kept state that no longer loads (e.g. the program's file changed) gives a fresh start.
    if (kept.isEmpty() || !restoreCurrent(kept).isEmpty())
        install(std::move(simulator), source);
    pushUndo(tr("Switch to %1").arg(qs(m_simulator->name())), before);
    if (leftRuns > 0 || leftCards > 0)
        emit statusMessage(tr("The %1 runs and %2 emulators of %3 are kept: choose it again to bring them back, "
                              "or Undo.")
                               .arg(leftRuns)
                               .arg(leftCards)
                               .arg(left),
                           8000);
    return {};
}

void SandboxExplorer::pushUndo(const QString& text, const QJsonObject& before)
{
    m_undo->push(new ValueEditCommand<QJsonObject>(
        text, before, saveState(), [this](const QJsonObject& state) { restoreWhole(state); }, true));
}

void SandboxExplorer::showSourceName()
{
    const int programItem = m_simulatorMenu->findData(kProgramItem);
    const int systemItem = m_simulatorMenu->findData(kSystemItem);
    m_simulatorMenu->setItemText(programItem, m_source.program
                                                  ? tr("Your program: %1...").arg(QFileInfo(qs(m_simulator->name())).fileName())
                                                  : tr("Your program..."));
    m_simulatorMenu->setItemText(systemItem, m_source.system ? tr("System: %1...").arg(m_source.system->name)
                                                             : tr("A system file..."));
    const QSignalBlocker block(m_simulatorMenu);
    m_simulatorMenu->setCurrentIndex(m_source.program  ? programItem
                                     : m_source.system ? systemItem
                                                       : m_simulatorMenu->findData(m_source.builtInId));
}

void SandboxExplorer::install(std::unique_ptr<emu::SandboxSimulator> simulator, SandboxSource source)
{
    ++m_generation;
    m_jobs->cancel(kRunJob);
    m_jobs->cancel(kSuggestJob);
    setRunning(false);
    m_simulator = std::move(simulator);
    m_source = std::move(source);
    showSourceName();
    m_runs = emu::SandboxRuns::empty(m_simulator->inputs().names(), m_simulator->outputs());
    m_suggestion.reset();
    for (EmulatorCard* card : m_cards)
        card->deleteLater();
    m_cards.clear();

    delete m_inputsBox->layout();
    qDeleteAll(m_inputsBox->findChildren<QWidget*>(Qt::FindDirectChildrenOnly));
    m_inputs.clear();
    auto* form = new QFormLayout(m_inputsBox);
    form->setContentsMargins(0, 0, 0, 0);
    const emu::ParameterSpace& space = m_simulator->inputs();
    for (emu::Index j = 0; j < space.dimension(); ++j) {
        const emu::Parameter& p = space.parameter(j);
        auto* field = new QDoubleSpinBox;
        const double width = p.upper - p.lower;
        field->setDecimals(std::max(2, 3 - int(std::floor(std::log10(width)))));
        field->setRange(p.lower, p.upper);
        field->setSingleStep(width / 50);
        field->setValue(p.lower + width / 2);
        field->setToolTip(tr("%1, from %2 to %3").arg(qs(p.name)).arg(p.lower).arg(p.upper));
        form->addRow(qs(p.name), field);
        m_inputs.append(field);
        connect(field, &QDoubleSpinBox::valueChanged, this, [this, j](double value) {
            for (EmulatorCard* card : m_cards)
                if (card->emulator().input() == j)
                    card->setCurrentInput(value);
        });
    }
    for (QComboBox* menu : {m_cardInput, m_cardOutput, m_target}) {
        const QSignalBlocker block(menu);
        menu->clear();
    }
    for (const std::string& name : space.names())
        m_cardInput->addItem(qs(name));
    for (const std::string& name : m_simulator->outputs()) {
        m_cardOutput->addItem(qs(name));
        m_target->addItem(qs(name));
    }
    m_status = tr("Ready: %1, %2 inputs and %3 outputs.")
                   .arg(qs(m_simulator->name()))
                   .arg(space.dimension())
                   .arg(m_simulator->outputs().size());
    refreshRuns();
    showSuggestion();
}

void SandboxExplorer::chooseSimulator()
{
    const QString id = m_simulatorMenu->currentData().toString();
    if (id == kProgramItem) {
        chooseProgram();
        return;
    }
    if (id == kSystemItem) {
        chooseSystemFile();
        return;
    }
    if (const QString error = useSimulator(id); !error.isEmpty())
        emit statusMessage(error, 8000);
}

void SandboxExplorer::chooseProgram()
{
    ExternalProgramDialog dialog(2, this, true, true);
    if (m_source.program)
        dialog.setSettings(*m_source.program);
    if (dialog.exec() == QDialog::Accepted) {
        if (const QString error = useProgram(dialog.settings()); !error.isEmpty())
            emit statusMessage(error, 8000);
        return;
    }
    showSourceName(); // cancelled: show what is still in use
}

void SandboxExplorer::chooseSystemFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a system file"), QString(),
                                                      tr("System files (*.json);;All files (*)"));
    if (path.isEmpty()) {
        showSourceName();
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showSourceName();
        emit statusMessage(tr("Cannot open %1: %2").arg(path, file.errorString()), 8000);
        return;
    }
    if (const QString error = useSystemFile({QFileInfo(path).fileName(), QString::fromUtf8(file.readAll())});
        !error.isEmpty())
        emit statusMessage(error, 10000);
}

double SandboxExplorer::input(int j) const
{
    return m_inputs.at(j)->value();
}

void SandboxExplorer::setInput(int j, double value)
{
    m_inputs.at(j)->setValue(value); // the spin box clamps to the bounds
}

QString SandboxExplorer::statusText() const
{
    return m_status;
}

EmulatorCard* SandboxExplorer::addEmulator(int input, int output)
{
    const emu::ParameterSpace& space = m_simulator->inputs();
    if (input < 0 || input >= space.dimension() || output < 0 || output >= int(m_simulator->outputs().size()))
        return nullptr;
    const emu::Parameter& p = space.parameter(input);
    auto* card = new EmulatorCard(emu::InputOutputEmulator(input, output, p.lower, p.upper), qs(p.name),
                                  qs(m_simulator->outputs()[std::size_t(output)]));
    card->setCurrentInput(this->input(input));
    card->setRuns(m_runs);
    card->setRunning(m_running);
    connect(card, &EmulatorCard::runRequested, this, [this](int j, double x) {
        setInput(j, x);
        play();
    });
    connect(card, &EmulatorCard::fitRequested, this, [this, card] { fitCard(card); });
    connect(card, &EmulatorCard::clearRequested, this, [this, card] {
        card->setFirstRun(int(m_runs.size()));
        card->setRuns(m_runs);
    });
    connect(card, &EmulatorCard::removeRequested, this, [this, card] { removeEmulator(card); });
    m_cards.append(card);
    layOutCards();
    emit eventReported(tutorial_events::kEmulatorAdded);
    return card;
}

void SandboxExplorer::removeEmulator(EmulatorCard* card)
{
    if (!m_cards.removeOne(card))
        return;
    m_jobs->cancel(QStringLiteral("sandbox-fit-%1").arg(quintptr(card)));
    card->deleteLater();
    layOutCards();
}

void SandboxExplorer::layOutCards()
{
    for (EmulatorCard* card : m_cards)
        m_cardGrid->removeWidget(card);
    for (int i = 0; i < m_cards.size(); ++i)
        m_cardGrid->addWidget(m_cards[i], i, 0);
    m_cardGrid->setRowStretch(int(m_cards.size()), 1); // cards keep their height at the top
}

void SandboxExplorer::fitCard(EmulatorCard* card)
{
    if (card->emulator().size() < 2) {
        emit statusMessage(tr("Fitting needs at least two runs on this card"), 6000);
        return;
    }
    const QString key = QStringLiteral("sandbox-fit-%1").arg(quintptr(card));
    m_jobs->run(
        key, tr("Fitting %1").arg(card->title()),
        [emulator = card->emulator(), seed = quint64(m_runs.size())](emu::Progress&) mutable {
            emulator.fit(seed);
            return emulator;
        },
        [this, card, generation = m_generation](emu::InputOutputEmulator fitted) {
            if (generation != m_generation || !m_cards.contains(card))
                return;
            card->setEmulator(fitted);
            emit eventReported(tutorial_events::kFitted);
        },
        [this](const QString& error) {
            if (!error.isEmpty())
                emit statusMessage(tr("The fit failed: %1").arg(error), 8000);
        });
}

} // namespace ui
