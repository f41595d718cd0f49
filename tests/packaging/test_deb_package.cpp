// The Debian package of this build tree: cpack -G DEB into a temporary folder, then dpkg-deb
// lists its files and control fields, and the programs extracted from it must run.

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

namespace {

struct Run
{
    int exitCode = -1; ///< -1: did not start, crashed or timed out (see err)
    QByteArray out;
    QString err;
};

Run run(const QString& program, const QStringList& args, int timeoutMs = 60000)
{
    QProcess process;
    // The extracted programs must find their libraries where the package's Depends put them,
    // not through a path this shell happens to have.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("LD_LIBRARY_PATH"));
    process.setProcessEnvironment(env);
    process.start(program, args);
    Run r;
    const QString command = program + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    if (!process.waitForStarted()) {
        r.err = QStringLiteral("could not start: ") + command;
        return r;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        r.err = QStringLiteral("timed out: ") + command;
        return r;
    }
    r.out = process.readAllStandardOutput();
    r.err = QString::fromUtf8(process.readAllStandardError());
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (r.exitCode != 0)
        r.err = command + QStringLiteral(" exited with ") + QString::number(r.exitCode) +
                QStringLiteral(":\n") + QString::fromUtf8(r.out) + r.err;
    return r;
}

/// Control fields of `dpkg-deb -f` ("Name: value" lines; continuation lines are dropped).
QMap<QString, QString> parseFields(const QByteArray& text)
{
    QMap<QString, QString> fields;
    for (const QString& line : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        const int colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0 && !line.front().isSpace())
            fields.insert(line.left(colon), line.mid(colon + 1).trimmed());
    }
    return fields;
}

} // namespace

class TestDebPackage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void fileNameIsNameVersionArchitecture();
    void holdsTheProgramsLauncherAndIcon_data();
    void holdsTheProgramsLauncherAndIcon();
    void holdsNothingElse();
    void controlFields();
    void dependsOnTheLibrariesTheProgramsLink_data();
    void dependsOnTheLibrariesTheProgramsLink();
    void programsCarryNoRunpath();
    void extractedCliRuns();
    void extractedGuiRendersAPage();

private:
    QTemporaryDir m_dir;
    QString m_deb;
    QString m_root;                 ///< where the package is extracted
    QMap<QString, QString> m_modes; ///< path in the package (no leading "./") → mode, "-rwxr-xr-x"
    QMap<QString, QString> m_fields;
    QString m_architecture;
};

void TestDebPackage::initTestCase()
{
    // A Debian project: scripts/setup.sh installs these, so their absence is a failure.
    const QString dpkgDeb = QStandardPaths::findExecutable(QStringLiteral("dpkg-deb"));
    QVERIFY2(!dpkgDeb.isEmpty(), "dpkg-deb not found: it reads the package (it comes with dpkg, "
                                 "on every Debian system)");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("dpkg-shlibdeps")).isEmpty(),
             "dpkg-shlibdeps not found: cpack needs it for the package's Depends (Debian package "
             "dpkg-dev; scripts/setup.sh installs what is missing)");
    QVERIFY2(QFileInfo::exists(QStringLiteral(EMUPLAY_CPACK_CONFIG)),
             "no CPackConfig.cmake in the build tree: is cmake/Packaging.cmake included?");
    QVERIFY(m_dir.isValid());

    const Run arch = run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")});
    QVERIFY2(arch.exitCode == 0, qPrintable(arch.err));
    m_architecture = QString::fromUtf8(arch.out).trimmed();

    const QString out = m_dir.filePath(QStringLiteral("out"));
    const Run cpack = run(QStringLiteral(EMUPLAY_CPACK_PATH),
                          {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                           QStringLiteral(EMUPLAY_CPACK_CONFIG), QStringLiteral("-B"), out},
                          180000);
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.err));
    const QStringList debs = QDir(out).entryList({QStringLiteral("*.deb")}, QDir::Files);
    QVERIFY2(
        debs.size() == 1,
        qPrintable(QStringLiteral("cpack made %1 .deb files in %2").arg(debs.size()).arg(out)));
    m_deb = QDir(out).filePath(debs.front());

    const Run contents = run(dpkgDeb, {QStringLiteral("-c"), m_deb});
    QVERIFY2(contents.exitCode == 0, qPrintable(contents.err));
    // "-rwxr-xr-x root/root  1234 2024-01-01 12:00 ./usr/bin/emuplay"
    static const QRegularExpression entry(
        QStringLiteral(R"(^(\S+)\s+\S+\s+\d+\s+\S+\s+\S+\s+\./(.*)$)"));
    for (const QString& line :
         QString::fromUtf8(contents.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = entry.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(QStringLiteral("unexpected dpkg-deb -c line: ") + line));
        m_modes.insert(m.captured(2), m.captured(1));
    }

    const Run fields = run(dpkgDeb, {QStringLiteral("-f"), m_deb});
    QVERIFY2(fields.exitCode == 0, qPrintable(fields.err));
    m_fields = parseFields(fields.out);

    m_root = m_dir.filePath(QStringLiteral("root"));
    const Run extract = run(dpkgDeb, {QStringLiteral("-x"), m_deb, m_root});
    QVERIFY2(extract.exitCode == 0, qPrintable(extract.err));
}

void TestDebPackage::fileNameIsNameVersionArchitecture()
{
    QCOMPARE(QFileInfo(m_deb).fileName(),
             QStringLiteral("emuplay_%1_%2.deb")
                 .arg(QStringLiteral(EMUPLAY_PACKAGE_VERSION), m_architecture));
}

void TestDebPackage::holdsTheProgramsLauncherAndIcon_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("executable");
    QTest::newRow("GUI") << "usr/bin/emuplay" << true;
    QTest::newRow("CLI") << "usr/bin/emuplay-cli" << true;
    QTest::newRow("desktop file") << "usr/share/applications/emuplay.desktop" << false;
    QTest::newRow("icon") << "usr/share/icons/hicolor/scalable/apps/emuplay.svg" << false;
}

void TestDebPackage::holdsTheProgramsLauncherAndIcon()
{
    QFETCH(QString, path);
    QFETCH(bool, executable);
    QVERIFY2(m_modes.contains(path), qPrintable(path + QStringLiteral(" is not in the package")));
    const QString mode = m_modes.value(path);
    QVERIFY2(mode.startsWith(QLatin1Char('-')),
             qPrintable(path + QStringLiteral(" is no regular file: ") + mode));
    // Everyone may read (and run) what the package installs; only root may change it.
    QCOMPARE(mode, executable ? QStringLiteral("-rwxr-xr-x") : QStringLiteral("-rw-r--r--"));
    QVERIFY(QFileInfo(QDir(m_root).filePath(path)).size() > 0);
}

void TestDebPackage::holdsNothingElse()
{
    QStringList files;
    for (auto it = m_modes.cbegin(); it != m_modes.cend(); ++it)
        if (!it.value().startsWith(QLatin1Char('d')))
            files << it.key();
    files.sort();
    QCOMPARE(files, QStringList({"usr/bin/emuplay", "usr/bin/emuplay-cli",
                                 "usr/share/applications/emuplay.desktop",
                                 "usr/share/icons/hicolor/scalable/apps/emuplay.svg"}));
}

void TestDebPackage::controlFields()
{
    QCOMPARE(m_fields.value("Package"), QStringLiteral("emuplay"));
    QCOMPARE(m_fields.value("Version"), QStringLiteral(EMUPLAY_PACKAGE_VERSION));
    QCOMPARE(m_fields.value("Architecture"), m_architecture);
    QCOMPARE(m_fields.value("Section"), QStringLiteral("science"));
    static const QRegularExpression maintainer(QStringLiteral(R"(^\S.* <\S+@\S+>$)"));
    QVERIFY2(maintainer.match(m_fields.value("Maintainer")).hasMatch(),
             qPrintable(m_fields.value("Maintainer")));
    QVERIFY(!m_fields.value("Description").isEmpty());
    QVERIFY(m_fields.value("Installed-Size").toInt() > 0);
}

void TestDebPackage::dependsOnTheLibrariesTheProgramsLink_data()
{
    QTest::addColumn<QString>("package"); // a Debian package name's start (bookworm: libqt6core6)
    QTest::newRow("Qt Core") << "libqt6core6";
    QTest::newRow("Qt GUI") << "libqt6gui6";
    QTest::newRow("Qt Widgets") << "libqt6widgets6";
    QTest::newRow("Qt Charts") << "libqt6charts6";
    QTest::newRow("Qt SVG") << "libqt6svg6";
    QTest::newRow("Box2D") << "libbox2d";
    QTest::newRow("C library") << "libc6";
    QTest::newRow("C++ library") << "libstdc++6";
}

void TestDebPackage::dependsOnTheLibrariesTheProgramsLink()
{
    QFETCH(QString, package);
    const QString depends = m_fields.value("Depends");
    QVERIFY2(!depends.isEmpty(), "no Depends: did dpkg-shlibdeps run?");
    const QStringList entries = depends.split(QLatin1Char(','));
    const bool found = std::any_of(entries.begin(), entries.end(), [&](const QString& e) {
        return e.trimmed().startsWith(package);
    });
    QVERIFY2(found, qPrintable(package + QStringLiteral(" is missing from Depends: ") + depends));
    // Running the programs needs the libraries, never their headers.
    QVERIFY2(!depends.contains(QStringLiteral("-dev")), qPrintable(depends));
}

void TestDebPackage::programsCarryNoRunpath()
{
    // The build tree's programs find libraries through a RUNPATH into it, and Qt's project
    // set-up gives installed ones $ORIGIN/../lib; a packaged program uses the system's paths
    // only, where its Depends put the libraries (app/CMakeLists.txt clears INSTALL_RPATH).
    for (const char* program : {"usr/bin/emuplay", "usr/bin/emuplay-cli"}) {
        const Run dynamic =
            run(QStringLiteral("readelf"),
                {QStringLiteral("-d"), QDir(m_root).filePath(QLatin1String(program))});
        QVERIFY2(dynamic.exitCode == 0, qPrintable(dynamic.err));
        QVERIFY2(!dynamic.out.contains("RPATH") && !dynamic.out.contains("RUNPATH"),
                 qPrintable(QString::fromUtf8(dynamic.out)));
    }
}

void TestDebPackage::extractedCliRuns()
{
    const QString cli = QDir(m_root).filePath(QStringLiteral("usr/bin/emuplay-cli"));

    const Run version = run(cli, {QStringLiteral("--version")});
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QCOMPARE(QString::fromUtf8(version.out).trimmed(),
             QStringLiteral("emuplay-cli " EMUPLAY_PACKAGE_VERSION));

    const Run info = run(cli, {QStringLiteral("info")});
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    const QJsonObject json = QJsonDocument::fromJson(info.out).object();
    QCOMPARE(json.value("version").toString(), QStringLiteral(EMUPLAY_PACKAGE_VERSION));
    QVERIFY(!json.value("libraries").toObject().value("box2d").toString().isEmpty());
    QVERIFY(!json.value("kernels").toArray().isEmpty());

    // One episode on the Box2D car: the engine and the Box2D library work, not only --version.
    const Run episode = run(cli, {QStringLiteral("mountain-car"), QStringLiteral("simulate"),
                                  QStringLiteral("--theta"), QStringLiteral("0,0,10"),
                                  QStringLiteral("--simulator"), QStringLiteral("box2d")});
    QVERIFY2(episode.exitCode == 0, qPrintable(episode.err));
    const QJsonObject trace = QJsonDocument::fromJson(episode.out).object();
    QCOMPARE(trace.value("simulator").toString(), QStringLiteral("box2d"));
    QVERIFY(trace.value("steps").toInt() > 0);
}

void TestDebPackage::extractedGuiRendersAPage()
{
    const QString gui = QDir(m_root).filePath(QStringLiteral("usr/bin/emuplay"));
    const Run version = run(gui, {QStringLiteral("--version")});
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QVERIFY2(version.out.contains(EMUPLAY_PACKAGE_VERSION), version.out.constData());

    const QString shots = m_dir.filePath(QStringLiteral("shots"));
    const Run screenshot = run(gui, {QStringLiteral("--screenshot"), shots,
                                     QStringLiteral("--page"), QStringLiteral("welcome")});
    QVERIFY2(screenshot.exitCode == 0, qPrintable(screenshot.err));
    const QStringList written =
        QString::fromUtf8(screenshot.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(written.size(), 1);
    QVERIFY2(QFileInfo(written.front()).size() > 0, qPrintable(written.front()));
}

QTEST_GUILESS_MAIN(TestDebPackage)
#include "test_deb_package.moc"
