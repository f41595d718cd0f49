#pragma once
// The session file: the lesson on screen and the state of every opened page, as JSON,
//   {"format": "emuplay-session", "version": 1, "lesson": ID, "pages": {ID: {...}, ...}}
// Reading checks everything that does not need the pages themselves (the format, the version,
// known lessons, each page's state an object); the main window then restores the pages, all or
// nothing.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace ui {

struct SessionContents
{
    QString lesson;    ///< the lesson on screen
    QJsonObject pages; ///< lesson id -> the page's state (LessonPage::saveState())
};

/// The file's bytes for `contents`.
QByteArray sessionFileBytes(const SessionContents& contents);
/// Reads the file at `path` into `bytes`; an error for the user (cannot open, too large), or
/// empty.
QString readSessionFile(const QString& path, QByteArray& bytes);
/// Parses and checks a session file's bytes (`name`: the file, for messages) into `contents`;
/// an error for the user, or empty.
QString parseSessionFile(const QByteArray& bytes, const QString& name, SessionContents& contents);

} // namespace ui
