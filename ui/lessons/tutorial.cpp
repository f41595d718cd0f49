#include "ui/lessons/tutorial.h"

#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/tutorial_events.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QRegularExpression>

#include <cmath>
#include <set>

namespace ui {

namespace {

// Sizes no real tutorial comes near: they keep a corrupt or hostile file from taking the
// program's memory or the screen.
constexpr qint64 kMaxFileBytes = 1 << 20;
constexpr int kMaxSteps = 60;
constexpr int kMaxTextLength = 20000;
constexpr int kMaxTitleLength = 200;
constexpr int kMaxMinutes = 180;
constexpr int kMaxCount = 100;

/// Why a file is rejected; thrown inside the parser only.
struct Rejection
{
    QString message;
};

[[noreturn]] void reject(const QString& message)
{
    throw Rejection{message};
}

int lineOf(const QByteArray& bytes, qsizetype offset)
{
    return 1 + int(bytes.left(offset).count('\n'));
}

QString requireString(const QJsonObject& object, const QString& key, const QString& where,
                      int maxLength, bool required = true)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && !required)
        return {};
    if (!value.isString())
        reject(QObject::tr("%1: \"%2\" must be a text").arg(where, key));
    const QString text = value.toString().trimmed();
    if (required && text.isEmpty())
        reject(QObject::tr("%1: \"%2\" is empty").arg(where, key));
    if (text.size() > maxLength)
        reject(QObject::tr("%1: \"%2\" is longer than %3 characters").arg(where, key).arg(maxLength));
    return text;
}

int requireInteger(const QJsonObject& object, const QString& key, const QString& where, int low,
                   int high)
{
    const QJsonValue value = object.value(key);
    const double number = value.toDouble(-1.0);
    // The range first: converting a number beyond int's range to int is undefined.
    if (!value.isDouble() || !(number >= low && number <= high) || number != std::trunc(number))
        reject(QObject::tr("%1: \"%2\" must be a whole number from %3 to %4")
                   .arg(where, key)
                   .arg(low)
                   .arg(high));
    return int(number);
}

TutorialAction parseAction(const QJsonValue& value, const LessonInfo& lesson, const QString& where)
{
    if (!value.isObject())
        reject(QObject::tr("%1: \"action\" must be an object").arg(where));
    const QJsonObject object = value.toObject();
    TutorialAction action;
    action.event = requireString(object, QStringLiteral("event"), where, kMaxTitleLength);
    if (!tutorial_events::all().contains(action.event))
        reject(QObject::tr("%1: unknown event \"%2\"; events: %3")
                   .arg(where, action.event, tutorial_events::all().join(QStringLiteral(", "))));
    if (!lesson.events.contains(action.event))
        reject(QObject::tr("%1: the page \"%2\" never reports \"%3\"; it reports: %4")
                   .arg(where, lesson.id, action.event,
                        lesson.events.isEmpty() ? QObject::tr("nothing")
                                                : lesson.events.join(QStringLiteral(", "))));
    action.count = object.contains(QStringLiteral("count"))
                       ? requireInteger(object, QStringLiteral("count"), where, 1, kMaxCount)
                       : 1;
    action.hint = requireString(object, QStringLiteral("hint"), where, kMaxTextLength, false);
    if (action.hint.isEmpty())
        action.hint = tutorial_events::defaultHint(action.event);
    return action;
}

TutorialStep parseStep(const QJsonValue& value, const QString& where)
{
    if (!value.isObject())
        reject(QObject::tr("%1 must be an object").arg(where));
    const QJsonObject object = value.toObject();
    TutorialStep step;
    step.title = requireString(object, QStringLiteral("title"), where, kMaxTitleLength);
    step.text = requireString(object, QStringLiteral("text"), where, kMaxTextLength);
    step.page = requireString(object, QStringLiteral("page"), where, kMaxTitleLength);
    const LessonInfo* lesson = findLesson(step.page);
    if (!lesson || !lesson->isAvailable())
        reject(QObject::tr("%1: unknown lesson page \"%2\"").arg(where, step.page));
    const QJsonValue highlight = object.value(QStringLiteral("highlight"));
    if (!highlight.isUndefined()) {
        if (!highlight.isArray())
            reject(QObject::tr("%1: \"highlight\" must be a list of widget names").arg(where));
        for (const QJsonValue& name : highlight.toArray()) {
            if (!name.isString() || name.toString().isEmpty())
                reject(QObject::tr("%1: \"highlight\" must be a list of widget names").arg(where));
            step.highlight.append(name.toString());
        }
    }
    if (object.contains(QStringLiteral("action")))
        step.action = parseAction(object.value(QStringLiteral("action")), *lesson, where);
    return step;
}

Tutorial parseDocument(const QByteArray& bytes, const QString& source)
{
    if (bytes.size() > kMaxFileBytes)
        reject(QObject::tr("%1: the file is larger than %2 KiB; a tutorial is a few KiB of text")
                   .arg(source)
                   .arg(kMaxFileBytes / 1024));
    if (bytes.trimmed().isEmpty())
        reject(QObject::tr("%1: the file is empty").arg(source));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        reject(QObject::tr("%1, line %2: not valid JSON (%3)")
                   .arg(source)
                   .arg(lineOf(bytes, parseError.offset))
                   .arg(parseError.errorString()));
    if (!document.isObject())
        reject(QObject::tr("%1: a tutorial file holds one JSON object").arg(source));
    const QJsonObject root = document.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (!format.isDouble() || format.toDouble() < 1 || format.toDouble() != double(format.toInt()))
        reject(QObject::tr("%1: \"format\" must be a whole number (this program reads format %2)")
                   .arg(source)
                   .arg(kTutorialFormat));
    if (format.toInt() > kTutorialFormat)
        reject(QObject::tr("%1: written for a newer Emulation Playground (format %2; this one "
                           "reads format %3)")
                   .arg(source)
                   .arg(format.toInt())
                   .arg(kTutorialFormat));

    Tutorial tutorial;
    tutorial.id = requireString(root, QStringLiteral("id"), source, kMaxTitleLength);
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    if (!idPattern.match(tutorial.id).hasMatch())
        reject(QObject::tr("%1: the id \"%2\" must be lower-case words joined by hyphens")
                   .arg(source, tutorial.id));
    tutorial.title = requireString(root, QStringLiteral("title"), source, kMaxTitleLength);
    tutorial.summary = requireString(root, QStringLiteral("summary"), source, kMaxTextLength);
    tutorial.minutes = requireInteger(root, QStringLiteral("minutes"), source, 1, kMaxMinutes);
    const QJsonValue steps = root.value(QStringLiteral("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        reject(QObject::tr("%1: \"steps\" must be a non-empty list").arg(source));
    if (steps.toArray().size() > kMaxSteps)
        reject(QObject::tr("%1: more than %2 steps").arg(source).arg(kMaxSteps));
    int number = 1;
    for (const QJsonValue& step : steps.toArray())
        tutorial.steps.push_back(parseStep(step, QObject::tr("%1, step %2").arg(source).arg(number++)));
    return tutorial;
}

} // namespace

std::optional<Tutorial> parseTutorial(const QByteArray& bytes, const QString& source,
                                      QString* error)
{
    try {
        return parseDocument(bytes, source);
    } catch (const Rejection& rejection) {
        if (error)
            *error = rejection.message;
        return std::nullopt;
    }
}

std::optional<Tutorial> readTutorialFile(const QString& path, QString* error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (file.size() > kMaxFileBytes) { // not read into memory at all
        *error = QObject::tr("%1: the file is larger than %2 KiB; a tutorial is a few KiB of text")
                     .arg(name)
                     .arg(kMaxFileBytes / 1024);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QObject::tr("%1: cannot be read (%2)").arg(name, file.errorString());
        return std::nullopt;
    }
    return parseTutorial(file.readAll(), name, error);
}

TutorialLibrary loadTutorials(const QString& directory)
{
    TutorialLibrary library;
    std::set<QString> ids;
    const QDir dir(directory);
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QString error;
        std::optional<Tutorial> tutorial = readTutorialFile(dir.filePath(name), &error);
        if (tutorial && !ids.insert(tutorial->id).second)
            error = QObject::tr("%1: another file already has the id \"%2\"").arg(name, tutorial->id);
        if (!error.isEmpty())
            library.errors.append(error);
        else
            library.tutorials.push_back(std::move(*tutorial));
    }
    return library;
}

QString userTutorialFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/tutorials");
}

const TutorialLibrary& bundledTutorials()
{
    static const TutorialLibrary library = loadTutorials(QStringLiteral(":/tutorials"));
    return library;
}

} // namespace ui
