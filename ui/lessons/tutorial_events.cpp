#include "ui/lessons/tutorial_events.h"

#include <QObject>

#include <utility>
#include <vector>

namespace ui::tutorial_events {

namespace {

/// Every event with what the user does to cause it.
const std::vector<std::pair<QString, QString>>& events()
{
    static const std::vector<std::pair<QString, QString>> table = {
        {kPointsChanged, QObject::tr("Add, move or remove a data point")},
        {kFitted, QObject::tr("Fit the model")},
        {kEvaluation, QObject::tr("Evaluate one more point (Step)")},
        {kEpisode, QObject::tr("Drive the car with another controller")},
        {kDesignStep, QObject::tr("Add one more design point (Step)")},
        {kEmulatorTrained, QObject::tr("Train the emulator")},
        {kCompared, QObject::tr("Compare the emulator with the simulator")},
        {kComparisonFinished, QObject::tr("Run the comparison and wait for its last row")},
        {kLayersChanged, QObject::tr("Change the layers or draw new samples")},
        {kTuringAsked, QObject::tr("Click the chart to place Turing's pace")},
        {kSensitivityComputed, QObject::tr("Press Compute and wait for both results")},
        {kSimulatorRun, QObject::tr("Press Play, or click an emulator's chart, and wait for the run")},
        {kEmulatorAdded, QObject::tr("Choose an input and an output and press Add emulator")},
        {kSuggestionAccepted, QObject::tr("Press Suggest, then Run it")},
        {kRunChosen, QObject::tr("Click a simulator's chart to run it there")},
        {kBudgetSpent, QObject::tr("Spend the whole budget (Play)")},
        {kEffectPredicted, QObject::tr("Move a decision's slider")},
        {kEffectMeasured, QObject::tr("Press Run it and wait for the measured change")},
        {kChangeNoticed, QObject::tr("Inject a change and play the days until the monitor notices it")},
        {kComponentChanged, QObject::tr("Change a component's settings and retrain it")},
    };
    return table;
}

} // namespace

QStringList all()
{
    QStringList ids;
    for (const auto& [id, hint] : events())
        ids.append(id);
    return ids;
}

QString defaultHint(const QString& event)
{
    for (const auto& [id, hint] : events())
        if (id == event)
            return hint;
    return event;
}

} // namespace ui::tutorial_events
