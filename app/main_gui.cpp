// emuplay: the Emulation Playground GUI.
//   emuplay [--page ID]                      open at a lesson
//   emuplay --screenshot DIR [--page ID]     render pages to PNG files and exit
//   emuplay [--screenshot DIR] --tutorial ID start a guided tutorial (and render its first step)

#include "engine/core/memory.h"
#include "engine/core/version.h"
#include "ui/main_window.h"
#include "ui/presenter_mode.h"
#include "ui/screenshot.h"
#include "ui/session_keeper.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Emulation Playground"));
    QApplication::setOrganizationName(QStringLiteral("EmulationPlayground"));
    QApplication::setApplicationVersion(QStringLiteral(EMUPLAY_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/emuplay.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Interactive playground for statistical emulation."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Render pages to PNG files in <dir> and exit."),
                                        QStringLiteral("dir"));
    const QCommandLineOption page(QStringLiteral("page"), QStringLiteral("Lesson to open (or to render)."),
                                  QStringLiteral("id"));
    const QCommandLineOption tutorial(QStringLiteral("tutorial"), QStringLiteral("Guided tutorial to start."),
                                      QStringLiteral("id"));
    const QCommandLineOption presenter(QStringLiteral("presenter"),
                                       QStringLiteral("Start in presenter mode (full screen, large fonts; Esc leaves)."));
    parser.addOption(screenshot);
    parser.addOption(page);
    parser.addOption(tutorial);
    parser.addOption(presenter);
    parser.process(app);

    // Screenshots must not depend on (or change) the user's remembered window layout.
    ui::MainWindow window(/*rememberSettings=*/!parser.isSet(screenshot));
    QString pageId = parser.value(page);
    if (parser.isSet(tutorial)) {
        if (!window.startTutorial(parser.value(tutorial))) {
            std::fprintf(stderr, "emuplay: unknown tutorial \"%s\" (see Help > Tutorials)\n",
                         qPrintable(parser.value(tutorial)));
            return 2;
        }
        pageId = window.currentLessonId(); // the first step's page
    }
    if (parser.isSet(screenshot)) {
        window.resize(1280, 800);
        window.show();
        window.presenterMode()->setActive(parser.isSet(presenter));
        int exitCode = 0;
        QTimer::singleShot(0, &window, [&] {
            const ui::ScreenshotResult result =
                ui::takeScreenshots(window, parser.value(screenshot), pageId);
            for (const QString& path : result.written)
                std::printf("%s\n", qPrintable(path));
            if (!result.error.isEmpty()) {
                std::fprintf(stderr, "emuplay: %s\n", qPrintable(result.error));
                exitCode = 2;
            }
            app.exit(exitCode);
        });
        return app.exec();
    }
    if (parser.isSet(page) && !parser.isSet(tutorial) && !window.showLesson(parser.value(page))) {
        std::fprintf(stderr, "emuplay: unknown or unfinished lesson \"%s\"\n", qPrintable(parser.value(page)));
        return 2;
    }
    window.show();
    window.presenterMode()->setActive(parser.isSet(presenter));
    QTimer::singleShot(0, &window, [&window] { // after a crash, offer the autosaved work back
        if (const QString error = window.sessions()->offerRecovery(); !error.isEmpty())
            QMessageBox::warning(&window, QObject::tr("Recover unsaved work"), error);
    });
    return app.exec();
}
