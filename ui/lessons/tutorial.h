#pragma once
// A guided tutorial: a sequence of steps, each on a lesson page, with a text, the page's
// controls to highlight and, optionally, an action the user must perform before Next (an event
// the page reports, a number of times). Tutorials are data: JSON files, one per tutorial, in the
// folder of the lesson they start on (ui/lessons/*/NN-name.json), that a teacher can write
// without touching the code:
//
//   { "format": 1, "id": "gaussian-processes", "title": "...", "summary": "...", "minutes": 5,
//     "steps": [ { "title": "...", "text": "<p>HTML</p>", "page": "gaussian-processes",
//                  "highlight": ["objectName", ...],
//                  "action": { "event": "points-changed", "count": 3, "hint": "..." } } ] }
//
// Files are checked when loaded: known lesson pages, events those pages report, sane sizes. A
// broken file gives one message naming the file and the place; the other files still load.
// Besides the bundled ones, the program loads a user's folder (userTutorialFolder()) and opens
// single files (File > Open tutorial).

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace ui {

struct TutorialAction
{
    QString event;  ///< tutorial_events.h id the step's page must report
    int count = 1;  ///< how many times
    QString hint;   ///< what to do, for the user
};

struct TutorialStep
{
    QString title;
    QString text;          ///< rich text (HTML)
    QString page;          ///< lesson id (lesson_registry.h)
    QStringList highlight; ///< object names of the page's widgets to draw attention to
    std::optional<TutorialAction> action; ///< none: Next is enabled at once
};

struct Tutorial
{
    QString id;
    QString title;
    QString summary;
    int minutes = 0; ///< estimated duration of the whole tutorial
    std::vector<TutorialStep> steps;
};

/// The newest file format this program reads.
constexpr int kTutorialFormat = 1;

/// Parses and checks one tutorial file. On failure returns nullopt and sets *error to a message
/// that names `source` and the line or step at fault.
std::optional<Tutorial> parseTutorial(const QByteArray& bytes, const QString& source,
                                      QString* error);

struct TutorialLibrary
{
    std::vector<Tutorial> tutorials; ///< in file-name order
    QStringList errors;              ///< one per file that did not load
};

/// Reads and checks one tutorial file (at most 1 MiB); on failure returns nullopt and sets
/// *error to a message naming the file.
std::optional<Tutorial> readTutorialFile(const QString& path, QString* error);
/// Every *.json file in `directory` (the bundled ones are in ":/tutorials").
TutorialLibrary loadTutorials(const QString& directory);
/// Where a teacher puts tutorials of their own, loaded at start beside the bundled ones:
/// <the user's application data>/tutorials (~/.local/share/EmulationPlayground/Emulation
/// Playground/tutorials on Linux).
QString userTutorialFolder();
/// The bundled tutorials, loaded once.
const TutorialLibrary& bundledTutorials();

} // namespace ui
