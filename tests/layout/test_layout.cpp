// The layout of the source tree, drawn from the code: which room includes which, and the house
// rules that keep the rooms apart (docs/layout.md). A room is a folder of engine/ or ui/ (every
// lesson folder belongs to ui/lessons), or app/ or media/ as a whole. Rooms are ordered
// bottom-up; a file may include its own room and rooms below it, never one above it or beside it
// at the same height, so the include graph has no upward arrows and no cycles.

#include "engine/sim/simulator_registry.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <map>

namespace {

const QString kSourceDir = QStringLiteral(EMUPLAY_SOURCE_DIR);

/// Height of each room: a file includes only rooms of a lower height (or its own room).
const std::map<QString, int>& roomHeights()
{
    static const std::map<QString, int> heights = {
        {"media", 0},
        {"engine/core", 0},
        {"engine/optim", 1}, {"engine/model", 1}, {"engine/data", 1}, {"engine/design", 1},
        {"engine/functions", 2}, {"engine/gp", 2}, {"engine/sensitivity", 2},
        {"engine/mf", 3}, {"engine/dgp", 3}, {"engine/bo", 3},
        {"engine/sim", 4}, {"engine/mfbo", 4},
        {"engine/dynamics", 5}, {"engine/external", 5},
        {"engine/studies", 6}, {"engine/system", 6},
        {"engine/sandbox", 7},
        {"ui/base", 10},
        {"ui/charts", 11},
        {"ui/models", 12},
        {"ui/panels", 13},
        {"ui/lessons", 14},
        {"ui/tutorials", 15},
        {"ui/recording", 16},
        {"ui/shell", 17},
        {"app", 20},
    };
    return heights;
}

/// The product's source folders (the tests and benchmarks may include any room).
const QStringList kProductFolders = {"engine", "ui", "app", "media"};

struct SourceFile
{
    QString path; ///< relative to the source folder, with '/'
    QString text;
};

const std::vector<SourceFile>& productSources()
{
    static const std::vector<SourceFile> files = [] {
        std::vector<SourceFile> out;
        for (const QString& folder : kProductFolders) {
            QDirIterator it(kSourceDir + '/' + folder, {"*.h", "*.cpp"}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    qFatal("cannot read %s", qPrintable(path));
                out.push_back({path.mid(kSourceDir.size() + 1), QString::fromUtf8(file.readAll())});
            }
        }
        std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.path < b.path; });
        return out;
    }();
    return files;
}

/// The room of a path (a file or an included header).
QString roomOf(const QString& path)
{
    const QStringList parts = path.split('/');
    if (parts[0] == "engine" || parts[0] == "ui")
        return parts.size() > 2 ? parts[0] + '/' + parts[1] : parts[0];
    return parts[0];
}

/// The project headers a file includes ("engine/...", "ui/...", "app/...", "media/...").
QStringList projectIncludes(const QString& text)
{
    static const QRegularExpression include(QStringLiteral("^#include \"((engine|ui|app|media)/[^\"]+)\""),
                                            QRegularExpression::MultilineOption);
    QStringList out;
    for (auto it = include.globalMatch(text); it.hasNext();)
        out << it.next().captured(1);
    return out;
}

} // namespace

class TestLayout : public QObject
{
    Q_OBJECT

private slots:
    void everyRoomHasAHeight()
    {
        QVERIFY(productSources().size() > 300);
        QStringList unknown;
        for (const SourceFile& file : productSources()) {
            const QString room = roomOf(file.path);
            if (!roomHeights().count(room) && !unknown.contains(room))
                unknown << room;
        }
        QVERIFY2(unknown.isEmpty(), qPrintable("rooms missing from roomHeights(): " + unknown.join(", ")));
    }

    void includesPointDown()
    {
        QStringList wrong;
        for (const SourceFile& file : productSources()) {
            const QString from = roomOf(file.path);
            if (!roomHeights().count(from))
                continue; // everyRoomHasAHeight() reports it
            for (const QString& header : projectIncludes(file.text)) {
                const QString to = roomOf(header);
                if (to == from)
                    continue;
                if (!roomHeights().count(to) || roomHeights().at(to) >= roomHeights().at(from))
                    wrong << file.path + " -> " + header;
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("includes upward or sideways:\n  " + wrong.join("\n  ")));
    }

    void engineAndMediaKnowNoQt()
    {
        static const QRegularExpression qtInclude(QStringLiteral("^#include <Q"),
                                                  QRegularExpression::MultilineOption);
        QStringList wrong;
        for (const SourceFile& file : productSources())
            if ((file.path.startsWith("engine/") || file.path.startsWith("media/"))
                && qtInclude.match(file.text).hasMatch())
                wrong << file.path;
        QVERIFY2(wrong.isEmpty(), qPrintable("Qt included in: " + wrong.join(", ")));
    }

    void chartsKnowNoEngineType()
    {
        QStringList wrong;
        for (const SourceFile& file : productSources())
            if (roomOf(file.path) == "ui/charts")
                for (const QString& header : projectIncludes(file.text))
                    if (header.startsWith("engine/"))
                        wrong << file.path + " -> " + header;
        QVERIFY2(wrong.isEmpty(), qPrintable("charts including the engine:\n  " + wrong.join("\n  ")));
    }

    void detailHeadersStayInTheirRoom()
    {
        QStringList wrong;
        for (const SourceFile& file : productSources())
            for (const QString& header : projectIncludes(file.text))
                if (header.contains("/detail/") && roomOf(header) != roomOf(file.path))
                    wrong << file.path + " -> " + header;
        QVERIFY2(wrong.isEmpty(), qPrintable("private headers used outside their room:\n  " + wrong.join("\n  ")));
    }

    void lessonsIncludeNoOtherLesson()
    {
        // ui/lessons/<lesson>/...: a lesson may use the lessons room's shared files
        // (ui/lessons/*.h), never another lesson's folder.
        auto lessonOf = [](const QString& path) {
            const QStringList parts = path.split('/');
            return parts.size() > 3 && parts[1] == "lessons" ? parts[2] : QString();
        };
        QStringList wrong;
        for (const SourceFile& file : productSources()) {
            const QString lesson = lessonOf(file.path);
            if (lesson.isEmpty())
                continue;
            for (const QString& header : projectIncludes(file.text))
                if (!lessonOf(header).isEmpty() && lessonOf(header) != lesson)
                    wrong << file.path + " -> " + header;
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("lessons including each other:\n  " + wrong.join("\n  ")));
    }

    void noFileIsOver500Lines()
    {
        // A longer file is asking to be split by responsibility (docs/layout.md).
        QStringList wrong;
        for (const SourceFile& file : productSources()) {
            const qsizetype lines = file.text.count('\n');
            if (lines > 500)
                wrong << QStringLiteral("%1 (%2 lines)").arg(file.path).arg(lines);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("files over 500 lines: " + wrong.join(", ")));
    }

    void coloursComeFromThePalette()
    {
        // One module names every colour (ui/base/palette.h), so a theme can replace them all.
        static const QRegularExpression literal(
            QStringLiteral("QColor\\(\\s*\\d|Qt::(black|white|gray|darkGray|lightGray|red|green|blue|"
                           "darkRed|darkGreen|darkBlue|cyan|magenta|yellow)\\b|\"#[0-9a-fA-F]{6}"));
        QStringList wrong;
        for (const SourceFile& file : productSources()) {
            if (!file.path.startsWith("ui/") || file.path.startsWith("ui/base/palette."))
                continue;
            const QStringList lines = file.text.split('\n');
            for (qsizetype i = 0; i < lines.size(); ++i)
                if (literal.match(lines[i]).hasMatch())
                    wrong << QStringLiteral("%1:%2: %3").arg(file.path).arg(i + 1).arg(lines[i].trimmed());
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("colours outside the palette:\n  " + wrong.join("\n  ")));
    }

    void uiNamesNoSimulator()
    {
        // Pages choose simulators by role (simulator_registry.h). A simulator id may appear in
        // ui/ only as a key of a session file: `{"low", ...}` or `.value("low")`.
        QVERIFY(emu::simulatorRegistry().size() >= 3);
        QStringList wrong;
        for (const SourceFile& file : productSources()) {
            if (!file.path.startsWith("ui/"))
                continue;
            const QStringList lines = file.text.split('\n');
            for (qsizetype i = 0; i < lines.size(); ++i)
                for (const emu::SimulatorInfo& info : emu::simulatorRegistry()) {
                    const QString quoted = '"' + QString::fromStdString(info.id) + '"';
                    const QString& line = lines[i];
                    if (line.contains(quoted) && !line.contains('{' + quoted + ',')
                        && !line.contains("value("))
                        wrong << QStringLiteral("%1:%2: %3").arg(file.path).arg(i + 1).arg(line.trimmed());
                }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable("simulator ids in ui/:\n  " + wrong.join("\n  ")));
    }
};

QTEST_APPLESS_MAIN(TestLayout)
#include "test_layout.moc"
