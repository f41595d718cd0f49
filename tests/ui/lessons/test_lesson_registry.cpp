// The lesson list against the lesson folders: every lesson lives in ui/lessons/<id with _>/
// with its explanation, serves it, and has its page test in tests/ui/lessons/<same folder>/.
// A lesson added without them fails here (docs/layout.md, "Add a lesson").

#include "ui/lessons/lesson_registry.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QtTest>

namespace {

const QString kSourceDir = QStringLiteral(EMUPLAY_SOURCE_DIR);

QString folderOf(const ui::LessonInfo& lesson)
{
    return QString(lesson.id).replace('-', '_');
}

} // namespace

class TestLessonRegistry : public QObject
{
    Q_OBJECT
private slots:
    void idsAreUnique()
    {
        QSet<QString> ids;
        for (const ui::LessonInfo& lesson : ui::lessons()) {
            QVERIFY2(!ids.contains(lesson.id), qPrintable(lesson.id));
            ids.insert(lesson.id);
        }
        QVERIFY(ids.size() >= 14);
    }

    void everyLessonHasItsFolderExplanationAndPageTest()
    {
        QStringList missing;
        for (const ui::LessonInfo& lesson : ui::lessons()) {
            const QString folder = folderOf(lesson);
            const QString html = QStringLiteral("ui/lessons/%1/%2.html").arg(folder, lesson.id);
            if (!QFile::exists(kSourceDir + '/' + html))
                missing << html;
            if (!QFile::exists(QStringLiteral(":/lessons/%1.html").arg(lesson.id)))
                missing << ":/lessons/" + lesson.id + ".html (not served)";
            const QDir tests(kSourceDir + "/tests/ui/lessons/" + folder);
            if (tests.entryList({"test_*.cpp"}, QDir::Files).isEmpty())
                missing << "tests/ui/lessons/" + folder + "/test_*.cpp";
        }
        QVERIFY2(missing.isEmpty(), qPrintable("missing:\n  " + missing.join("\n  ")));
    }

    void everyLessonFolderIsAListedLesson()
    {
        QSet<QString> listed;
        for (const ui::LessonInfo& lesson : ui::lessons())
            listed.insert(folderOf(lesson));
        const QStringList folders =
            QDir(kSourceDir + "/ui/lessons").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY(!folders.isEmpty());
        for (const QString& folder : folders)
            QVERIFY2(listed.contains(folder), qPrintable("ui/lessons/" + folder + " is no lesson"));
    }

};

QTEST_MAIN(TestLessonRegistry)
#include "test_lesson_registry.moc"
