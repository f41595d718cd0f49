#pragma once
// What a lesson page reports for a guided tutorial to wait on ("press Step until ..."): a small
// fixed vocabulary, so that a tutorial file can be checked when it is loaded. A page reports an
// event with LessonPage::reportEvent(); the lesson registry lists which events each page reports.

#include <QString>
#include <QStringList>

namespace ui::tutorial_events {

inline const QString kPointsChanged = QStringLiteral("points-changed");     ///< data added, moved or removed
inline const QString kFitted = QStringLiteral("fitted");                    ///< hyperparameters fitted
inline const QString kEvaluation = QStringLiteral("evaluation");            ///< one more point of an optimisation loop evaluated
inline const QString kEpisode = QStringLiteral("episode");                  ///< the car drove an episode with a new controller
inline const QString kDesignStep = QStringLiteral("design-step");           ///< one more point of an experimental design shown
inline const QString kEmulatorTrained = QStringLiteral("emulator-trained"); ///< a dynamics emulator was trained
inline const QString kCompared = QStringLiteral("compared");                ///< emulator and simulator compared
inline const QString kComparisonFinished = QStringLiteral("comparison-finished"); ///< every emulator of a comparison is in
inline const QString kLayersChanged = QStringLiteral("layers-changed");     ///< a deep GP's layers redrawn
inline const QString kTuringAsked = QStringLiteral("turing-asked");         ///< Turing's pace placed on the Olympic chart
inline const QString kSensitivityComputed = QStringLiteral("sensitivity-computed"); ///< Sobol indices in, on the emulator and the simulator
inline const QString kSimulatorRun = QStringLiteral("simulator-run");       ///< a sandbox run finished and fed every emulator
inline const QString kEmulatorAdded = QStringLiteral("emulator-added");     ///< an emulator card was added to the sandbox
inline const QString kSuggestionAccepted = QStringLiteral("suggestion-accepted"); ///< a suggested run was accepted and run
inline const QString kRunChosen = QStringLiteral("run-chosen");             ///< the user chose a run's input and fidelity
inline const QString kBudgetSpent = QStringLiteral("budget-spent");         ///< a cost-aware run spent its whole budget
inline const QString kEffectPredicted = QStringLiteral("effect-predicted"); ///< a decision moved and its downstream change predicted
inline const QString kEffectMeasured = QStringLiteral("effect-measured");   ///< a predicted change measured by paired runs
inline const QString kChangeNoticed = QStringLiteral("change-noticed");     ///< the monitor noticed an injected change
inline const QString kComponentChanged = QStringLiteral("component-changed"); ///< a changed component's emulators adapted

/// Every event id, for validating tutorial files.
QStringList all();
/// What the user does to cause the event, for a step whose file gives no hint.
QString defaultHint(const QString& event);

} // namespace ui::tutorial_events
