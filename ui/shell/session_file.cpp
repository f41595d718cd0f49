#include "ui/shell/session_file.h"

#include "ui/lessons/lesson_registry.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace ui {

namespace {

const QString kSessionFormat = QStringLiteral("emuplay-session");
constexpr int kSessionVersion = 1;
constexpr qint64 kMaxSessionBytes = 256LL * 1024 * 1024; ///< far above any real session (a few MB)

} // namespace

QByteArray sessionFileBytes(const SessionContents& contents)
{
    const QJsonObject root{{"format", kSessionFormat},
                           {"version", kSessionVersion},
                           {"lesson", contents.lesson},
                           {"pages", contents.pages}};
    return QJsonDocument(root).toJson();
}

QString readSessionFile(const QString& path, QByteArray& bytes)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QObject::tr("Cannot open %1: %2").arg(path, file.errorString());
    if (file.size() > kMaxSessionBytes)
        return QObject::tr("%1 is %2 MB, too large for a session file (at most %3 MB).")
            .arg(name)
            .arg(file.size() / (1024 * 1024))
            .arg(kMaxSessionBytes / (1024 * 1024));
    bytes = file.readAll();
    return {};
}

QString parseSessionFile(const QByteArray& bytes, const QString& name, SessionContents& contents)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (doc.isNull())
        return QObject::tr("%1 is not a session file: %2 at byte %3")
            .arg(name, parseError.errorString())
            .arg(parseError.offset);
    const QJsonObject root = doc.object();
    if (root.value("format").toString() != kSessionFormat)
        return QObject::tr("%1 is not an Emulation Playground session file.").arg(name);
    if (root.value("version").toInt() > kSessionVersion)
        return QObject::tr("%1 was written by a newer version of Emulation Playground.").arg(name);
    const QJsonObject pages = root.value("pages").toObject();
    for (auto it = pages.begin(); it != pages.end(); ++it) {
        const LessonInfo* lesson = findLesson(it.key());
        if (!lesson || !lesson->isAvailable())
            return QObject::tr("The session refers to an unknown lesson \"%1\".").arg(it.key());
        if (!it.value().isObject())
            return QObject::tr("%1: the state of \"%2\" is not a JSON object.").arg(name, it.key());
    }
    contents.lesson = root.value("lesson").toString();
    contents.pages = pages;
    return {};
}

} // namespace ui
