#include "ui/base/file_writing.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace ui {

QString writeWholeFile(const QString& path, const QByteArray& data)
{
    QSaveFile file(path);
    // Unbuffered, so that write() returns what the system really took.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return QCoreApplication::translate("ui", "Cannot write %1: %2").arg(path, file.errorString());
    qint64 written = 0;
    while (written < data.size()) {
        const qint64 n = file.write(data.constData() + written, data.size() - written);
        if (n <= 0) {
            const QString reason = file.errorString();
            file.cancelWriting();
            return QCoreApplication::translate("ui", "Cannot write %1: %2 (the previous file is unchanged)")
                .arg(path, reason);
        }
        written += n;
    }
    if (!file.commit())
        return QCoreApplication::translate("ui", "Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace ui
