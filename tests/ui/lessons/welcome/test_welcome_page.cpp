// The Welcome page: a card per lesson and per bundled tutorial, whose buttons ask the shell to
// open the lesson or start the tutorial.

#include "common/page_test.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/tutorial.h"
#include "ui/lessons/welcome/welcome_page.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

using ui::WelcomePage;

class TestWelcomePage : public QObject, public emu::test::PageTest<WelcomePage>
{
    Q_OBJECT
private slots:
    void init() { QVERIFY(openPage()); }
    void cleanup() { closePage(); }

    void everyBuiltLessonHasAnOpenButtonThatRequestsIt()
    {
        QSignalSpy requested(m_page.get(), &ui::LessonPage::lessonRequested);
        int built = 0;
        for (const ui::LessonInfo& lesson : ui::lessons()) {
            if (lesson.group.isEmpty())
                continue; // the Welcome page itself: no card
            auto* open = m_page->findChild<QPushButton*>("open-" + lesson.id);
            QVERIFY2(open, qPrintable(lesson.id));
            QCOMPARE(open->isEnabled(), lesson.isAvailable());
            if (!lesson.isAvailable())
                continue;
            ++built;
            QTest::mouseClick(open, Qt::LeftButton);
            QCOMPARE(requested.size(), built);
            QCOMPARE(requested.last().at(0).toString(), lesson.id);
        }
        QVERIFY(built >= 13);
    }

    void everyTutorialHasAStartButtonThatRequestsIt()
    {
        QSignalSpy requested(m_page.get(), &ui::LessonPage::tutorialRequested);
        const auto& tutorials = ui::bundledTutorials().tutorials;
        QVERIFY(tutorials.size() >= 8);
        for (const ui::Tutorial& tutorial : tutorials) {
            auto* start = m_page->findChild<QPushButton*>("start-tutorial-" + tutorial.id);
            QVERIFY2(start, qPrintable(tutorial.id));
            QTest::mouseClick(start, Qt::LeftButton);
            QCOMPARE(requested.last().at(0).toString(), tutorial.id);
        }
        QCOMPARE(requested.size(), qsizetype(tutorials.size()));
    }
};

QTEST_MAIN(TestWelcomePage)
#include "test_welcome_page.moc"
