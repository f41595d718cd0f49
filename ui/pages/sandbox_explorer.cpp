#include "ui/pages/sandbox_explorer.h"

#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "ui/jobs/job_runner.h"
#include "ui/tutorials/tutorial_events.h"
#include "ui/widgets/emulator_card.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

const QString kRunJob = QStringLiteral("sandbox-run");
const QString kSuggestJob = QStringLiteral("sandbox-suggest");
const QString kProgramItem = QStringLiteral("program");
constexpr int kDesignRuns = 12; ///< runs of "Run at random" and of the opening design

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

/// "name = value, …" of a point.
QString describePoint(const std::vector<std::string>& names, const emu::RowVector& x)
{
    QStringList parts;
    for (std::size_t j = 0; j < names.size(); ++j)
        parts << QStringLiteral("%1 = %2").arg(qs(names[j])).arg(x(emu::Index(j)), 0, 'g', 4);
    return parts.join(QStringLiteral(", "));
}

/// What a batch of runs on a worker gives back: the rows that ran, and the first failure's
/// message with the number of points that failed.
struct BatchResult
{
    emu::Matrix X;
    emu::Matrix Y;
    QString error;
    int failed = 0;
};

} // namespace

SandboxExplorer::SandboxExplorer(JobRunner* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_simulatorMenu(new QComboBox), m_inputsBox(new QWidget),
      m_play(new QPushButton(tr("▶ Play"))), m_statusLabel(new QLabel), m_cardInput(new QComboBox),
      m_cardOutput(new QComboBox), m_target(new QComboBox), m_direction(new QComboBox),
      m_suggest(new QPushButton(tr("Suggest"))), m_accept(new QPushButton(tr("Run it"))),
      m_suggestionLabel(new QLabel), m_table(new QTableWidget), m_cardGrid(new QGridLayout)
{
    for (const emu::SandboxSimulatorInfo& info : emu::sandboxSimulators()) {
        m_simulatorMenu->addItem(qs(info.displayName), qs(info.id));
        m_simulatorMenu->setItemData(m_simulatorMenu->count() - 1, qs(info.description), Qt::ToolTipRole);
    }
    m_simulatorMenu->addItem(tr("Your program..."), kProgramItem);
    m_simulatorMenu->setToolTip(tr("What to run: the mountain car, a benchmark, or a program of your own"));
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
    leftWidget->setFixedWidth(290);

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
    body->addWidget(leftWidget);
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
    useSimulator(QStringLiteral("car:classic"));
    addEmulator(1, 0); // reward against thetaV
    addEmulator(2, 0); // reward against theta0
    runDesign(kDesignRuns, 0);
}

QString SandboxExplorer::useSimulator(const QString& id)
{
    try {
        install(emu::makeSandboxSimulator(id.toStdString()), std::nullopt, id);
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString SandboxExplorer::useProgram(const ExternalProgramSettings& settings)
{
    try {
        install(emu::makeProgramSimulator(settings.simulatorSettings()), settings, QString());
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void SandboxExplorer::install(std::unique_ptr<emu::SandboxSimulator> simulator,
                              std::optional<ExternalProgramSettings> program, const QString& id)
{
    ++m_generation;
    m_jobs->cancel(kRunJob);
    m_jobs->cancel(kSuggestJob);
    setRunning(false);
    m_simulator = std::move(simulator);
    m_program = std::move(program);
    m_simulatorId = id;
    {
        const QSignalBlocker block(m_simulatorMenu);
        m_simulatorMenu->setCurrentIndex(m_simulatorMenu->findData(id.isEmpty() ? kProgramItem : id));
    }
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
    if (const QString error = useSimulator(id); !error.isEmpty())
        emit statusMessage(error, 8000);
}

void SandboxExplorer::chooseProgram()
{
    ExternalProgramDialog dialog(2, this, true, true);
    if (m_program)
        dialog.setSettings(*m_program);
    if (dialog.exec() == QDialog::Accepted) {
        if (const QString error = useProgram(dialog.settings()); !error.isEmpty())
            emit statusMessage(error, 8000);
        return;
    }
    const QSignalBlocker block(m_simulatorMenu); // cancelled: show what is still in use
    m_simulatorMenu->setCurrentIndex(m_simulatorMenu->findData(m_program ? kProgramItem : m_simulatorId));
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

void SandboxExplorer::play()
{
    emu::RowVector x(m_inputs.size());
    for (int j = 0; j < m_inputs.size(); ++j)
        x(j) = input(j);
    runPoints(emu::Matrix(x), tr("Running %1 at %2").arg(qs(m_simulator->name()), describePoint(m_runs.inputNames, x)));
}

void SandboxExplorer::runDesign(int count, std::uint64_t seed)
{
    runPoints(emu::makeDesign("lhs", m_simulator->inputs(), count, seed),
              tr("Running %1 at %2 points").arg(qs(m_simulator->name())).arg(count));
}

void SandboxExplorer::runPoints(const emu::Matrix& X, const QString& label)
{
    if (m_running)
        return;
    setRunning(true);
    m_status = label + QStringLiteral("...");
    m_statusLabel->setText(m_status);
    std::shared_ptr<emu::SandboxSimulator> simulator = m_simulator->clone();
    m_jobs->run(
        kRunJob, label,
        [simulator, X](emu::Progress& progress) {
            const std::vector<emu::SandboxOutcome> outcomes =
                simulator->runBatch(X, simulator->parallelRuns(), progress);
            progress.checkCancelled();
            BatchResult out{emu::Matrix(0, X.cols()), emu::Matrix(0, emu::Index(simulator->outputs().size())), {}, 0};
            for (emu::Index i = 0; i < X.rows(); ++i) {
                const emu::SandboxOutcome& outcome = outcomes[std::size_t(i)];
                if (!outcome.error.empty()) { // this point gives no run; the others count
                    if (out.error.isEmpty())
                        out.error = QString::fromStdString(outcome.error);
                    ++out.failed;
                    continue;
                }
                out.X.conservativeResize(out.X.rows() + 1, Eigen::NoChange);
                out.Y.conservativeResize(out.Y.rows() + 1, Eigen::NoChange);
                out.X.bottomRows(1) = X.row(i);
                out.Y.bottomRows(1) = outcome.outputs;
            }
            return out;
        },
        [this, generation = m_generation](BatchResult result) {
            if (generation == m_generation)
                runFinished(result.X, result.Y, result.error, result.failed);
        },
        [this, generation = m_generation](const QString& error) {
            if (generation != m_generation)
                return;
            setRunning(false);
            m_status = error.isEmpty() ? tr("Cancelled.") : tr("Failed: %1").arg(error);
            m_statusLabel->setText(m_status);
        });
}

void SandboxExplorer::runFinished(const emu::Matrix& X, const emu::Matrix& Y, const QString& error, int failed)
{
    setRunning(false);
    for (emu::Index i = 0; i < X.rows(); ++i)
        m_runs.append(X.row(i), Y.row(i));
    if (failed > 0) {
        m_status = X.rows() == 0 ? tr("Failed (no point added): %1").arg(error)
                                 : tr("Failed at %1 of %2 points (no point added for them; %3 in all): %4")
                                       .arg(failed)
                                       .arg(X.rows() + failed)
                                       .arg(m_runs.size())
                                       .arg(error);
        emit statusMessage(m_status, 8000);
    } else if (X.rows() == 1) {
        m_status = tr("Finished run %1: %2.").arg(m_runs.size()).arg(describePoint(m_runs.outputNames, Y.row(0)));
    } else {
        m_status = tr("Finished %1 runs (%2 in all).").arg(X.rows()).arg(m_runs.size());
    }
    m_suggestion.reset();
    refreshRuns();
    showSuggestion();
    if (X.rows() > 0)
        emit eventReported(tutorial_events::kSimulatorRun);
}

void SandboxExplorer::setRunning(bool running)
{
    m_running = running;
    m_inputsBox->setEnabled(!running);
    m_play->setEnabled(!running);
    m_accept->setEnabled(!running && m_suggestion.has_value());
    for (EmulatorCard* card : m_cards)
        card->setRunning(running);
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

void SandboxExplorer::resetAll()
{
    ++m_generation;
    m_jobs->cancel(kRunJob);
    m_jobs->cancel(kSuggestJob);
    setRunning(false);
    m_runs = emu::SandboxRuns::empty(m_runs.inputNames, m_runs.outputNames);
    m_suggestion.reset();
    for (EmulatorCard* card : m_cards) {
        const emu::InputOutputEmulator& e = card->emulator();
        card->setFirstRun(0);
        card->setEmulator(emu::InputOutputEmulator(e.input(), e.output(), e.lower(), e.upper()));
    }
    m_status = tr("Ready: no runs.");
    refreshRuns();
    showSuggestion();
}

void SandboxExplorer::refreshRuns()
{
    for (EmulatorCard* card : m_cards)
        card->setRuns(m_runs);
    m_statusLabel->setText(m_status);
    QStringList headers;
    for (const auto* names : {&m_runs.inputNames, &m_runs.outputNames})
        for (const std::string& name : *names)
            headers << qs(name);
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(m_runs.size()));
    const int inputs = int(m_runs.inputNames.size());
    for (int i = 0; i < int(m_runs.size()); ++i)
        for (int c = 0; c < int(headers.size()); ++c) {
            const double value = c < inputs ? m_runs.X(i, c) : m_runs.Y(i, c - inputs);
            m_table->setItem(i, c, new QTableWidgetItem(QString::number(value, 'g', 3)));
        }
    m_table->scrollToBottom();
}

void SandboxExplorer::suggest()
{
    if (m_runs.size() < 2) {
        m_suggestionLabel->setText(tr("Run the simulator at least twice first."));
        return;
    }
    m_suggest->setEnabled(false);
    m_suggestionLabel->setText(tr("Fitting the emulator over all inputs..."));
    m_jobs->run(
        kSuggestJob, tr("Suggesting the next run"),
        [space = m_simulator->inputs(), runs = m_runs, output = m_target->currentIndex(),
         maximise = m_direction->currentData().toBool(), seed = quint64(m_runs.size())](emu::Progress&) {
            return emu::suggestSandboxRun(space, runs, output, maximise, seed);
        },
        [this, generation = m_generation](emu::SandboxSuggestion s) {
            if (generation != m_generation)
                return;
            m_suggestion = std::move(s);
            showSuggestion();
        },
        [this](const QString& error) {
            m_suggest->setEnabled(true);
            if (!error.isEmpty())
                m_suggestionLabel->setText(tr("No suggestion: %1").arg(error));
        });
}

void SandboxExplorer::showSuggestion()
{
    m_suggest->setEnabled(true);
    m_accept->setEnabled(!m_running && m_suggestion.has_value());
    if (!m_suggestion) {
        m_suggestionLabel->setText(tr("Suggest asks a GP over all %1 inputs where to run next.")
                                       .arg(m_simulator->inputs().dimension()));
        return;
    }
    const QString output = m_target->currentText();
    m_suggestionLabel->setText(tr("Run at %1. The emulator expects %2 = %3 ± %4 there (best so far %5).")
                                   .arg(describePoint(m_runs.inputNames, m_suggestion->x), output)
                                   .arg(m_suggestion->mean, 0, 'g', 4)
                                   .arg(2 * m_suggestion->sd, 0, 'g', 3)
                                   .arg(m_suggestion->bestSoFar, 0, 'g', 4));
}

void SandboxExplorer::acceptSuggestion()
{
    if (!m_suggestion || m_running)
        return;
    for (int j = 0; j < m_inputs.size(); ++j)
        setInput(j, m_suggestion->x(j));
    play();
    emit eventReported(tutorial_events::kSuggestionAccepted);
}

} // namespace ui
