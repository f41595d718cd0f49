#pragma once
// Writing a user's file so that a failure never leaves half of it: the data goes to a temporary
// file beside it, which replaces the old file only once every byte is written (QSaveFile). Each
// write is checked for its byte count: Qt 6.4's buffered QSaveFile reports success when the
// system accepted only part of the data (a full disk, a file size limit) and commits the
// truncated file.

#include <QByteArray>
#include <QString>

namespace ui {

/// Writes `data` to `path` all or nothing; returns an error naming the file, or empty.
QString writeWholeFile(const QString& path, const QByteArray& data);

} // namespace ui
