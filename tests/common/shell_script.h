#pragma once
// Small shell-script simulators and launchers for the tests of external programs.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace emu::test {

/// Writes an executable shell script (`#!/bin/sh` and body) into dir and returns its path.
inline QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body);
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

} // namespace emu::test
