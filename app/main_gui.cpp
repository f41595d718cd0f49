// emuplay: the Emulation Playground GUI.
//   emuplay [--page ID]                      open at a lesson
//   emuplay --screenshot DIR [--page ID]     render pages to PNG files and exit
//           [--wait S]                       giving each page up to S seconds to compute (180)
//   emuplay [--screenshot DIR] --tutorial ID start a guided tutorial (and render its first step)
//   emuplay --record FILE --page ID [--seconds S] [--fps F] [--size WxH]
//                                            record the lesson's animation to FILE (.gif or .mp4) and exit

#include "engine/core/memory.h"
#include "engine/core/version.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/panels/live_bo_controls.h"
#include "ui/recording/animation_export.h"
#include "ui/recording/screenshot.h"
#include "ui/shell/main_window.h"
#include "ui/shell/presenter_mode.h"
#include "ui/shell/session_keeper.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

/// "WxH" as a size; an invalid size when the text is not two positive whole numbers.
QSize parseSize(const QString& text)
{
    const QStringList parts = text.toLower().split(QLatin1Char('x'));
    bool okWidth = false;
    bool okHeight = false;
    const QSize size = parts.size() == 2 ? QSize(parts[0].toInt(&okWidth), parts[1].toInt(&okHeight)) : QSize();
    return okWidth && okHeight && size.width() > 0 && size.height() > 0 ? size : QSize();
}

/// The command line: every option, declared once for both the display-less pass (help,
/// version, errors) and the real one.
struct GuiOptions
{
    QCommandLineParser parser;
    const QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                        QStringLiteral("Render pages to PNG files in <dir> and exit."),
                                        QStringLiteral("dir")};
    const QCommandLineOption page{QStringLiteral("page"), QStringLiteral("Lesson to open (or to render)."),
                                  QStringLiteral("id")};
    const QCommandLineOption tutorial{QStringLiteral("tutorial"), QStringLiteral("Guided tutorial to start."),
                                      QStringLiteral("id")};
    const QCommandLineOption record{
        QStringLiteral("record"), QStringLiteral("Record the --page lesson's animation to <file> (.gif or .mp4) and exit."),
        QStringLiteral("file")};
    const QCommandLineOption seconds{QStringLiteral("seconds"), QStringLiteral("Length of the recording (default 5)."),
                                     QStringLiteral("s"), QStringLiteral("5")};
    const QCommandLineOption fps{QStringLiteral("fps"), QStringLiteral("Frames a second of the recording (default 25)."),
                                 QStringLiteral("f"), QStringLiteral("25")};
    const QCommandLineOption size{
        QStringLiteral("size"),
        QStringLiteral("Size of the recording's frames (default: the page's size in a 1280x800 window)."),
        QStringLiteral("WxH")};
    const QCommandLineOption presenter{QStringLiteral("presenter"),
                                       QStringLiteral("Start in presenter mode (full screen, large fonts; Esc leaves).")};
    const QCommandLineOption wait{QStringLiteral("wait"),
                                  QStringLiteral("Longest wait for a page to finish computing before it is rendered or "
                                                 "recorded (default 180)."),
                                  QStringLiteral("s"), QStringLiteral("180")};

    GuiOptions()
    {
        parser.setApplicationDescription(QStringLiteral("Interactive playground for statistical emulation."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({screenshot, wait, page, tutorial, presenter, record, seconds, fps, size});
    }
};

void setApplicationMetadata()
{
    QCoreApplication::setApplicationName(QStringLiteral("Emulation Playground"));
    QCoreApplication::setOrganizationName(QStringLiteral("EmulationPlayground"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EMUPLAY_VERSION));
}

/// --help and --version answered without a display (a QApplication needs one): prints and
/// exits if the command line asks for either. Other errors wait for the QApplication, which
/// first takes its own options (-platform, -style …) off the command line.
void answerWithoutDisplay(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    GuiOptions options;
    options.parser.parse(arguments);
    const QStringList answered{QStringLiteral("help"), QStringLiteral("help-all"), QStringLiteral("version")};
    if (std::none_of(answered.begin(), answered.end(), [&](const QString& o) { return options.parser.isSet(o); }))
        return;
    QCoreApplication core(argc, argv);
    setApplicationMetadata();
    options.parser.process(core); // prints the help, the version or the error, and exits
}

} // namespace

int main(int argc, char* argv[])
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    answerWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    setApplicationMetadata();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/emuplay.svg")));

    GuiOptions options;
    QCommandLineParser& parser = options.parser;
    const QCommandLineOption& screenshot = options.screenshot;
    const QCommandLineOption& page = options.page;
    const QCommandLineOption& tutorial = options.tutorial;
    const QCommandLineOption& record = options.record;
    const QCommandLineOption& seconds = options.seconds;
    const QCommandLineOption& fps = options.fps;
    const QCommandLineOption& size = options.size;
    const QCommandLineOption& presenter = options.presenter;
    const QCommandLineOption& wait = options.wait;
    parser.process(app);
    bool okWait = false;
    const double waitSeconds = parser.value(wait).toDouble(&okWait);
    if (!okWait || !(waitSeconds > 0 && waitSeconds <= 86400)) {
        std::fprintf(stderr,
                     "emuplay: --wait takes seconds, more than 0 and at most 86400, not \"%s\"\n",
                     qPrintable(parser.value(wait)));
        return 2;
    }
    const int waitMs = int(waitSeconds * 1000);

    if (parser.isSet(record)) {
        ui::RecordingSettings settings;
        settings.path = parser.value(record);
        bool okSeconds = false;
        bool okFps = false;
        settings.seconds = parser.value(seconds).toDouble(&okSeconds);
        settings.fps = parser.value(fps).toInt(&okFps);
        settings.size = parser.isSet(size) ? parseSize(parser.value(size)) : QSize();
        QString error;
        if (!parser.isSet(page))
            error = QStringLiteral("--record needs --page ID; pages that can be recorded: %1")
                        .arg(ui::animatedLessonIds().join(QStringLiteral(", ")));
        else if (!okSeconds || !okFps)
            error = QStringLiteral("--seconds and --fps take numbers");
        else if (parser.isSet(size) && !settings.size.isValid())
            error = QStringLiteral("--size takes WIDTHxHEIGHT, e.g. 640x400, not \"%1\"").arg(parser.value(size));
        else
            error = ui::recordablePageError(parser.value(page));
        if (!error.isEmpty()) {
            std::fprintf(stderr, "emuplay: %s\n", qPrintable(error));
            return 2;
        }
        ui::MainWindow window(/*rememberSettings=*/false);
        window.resize(1280, 800);
        window.show();
        int exitCode = 0;
        QTimer::singleShot(0, &window, [&] {
            const ui::RecordResult result = ui::recordLesson(window, parser.value(page), settings, waitMs);
            if (result.error.isEmpty()) {
                std::printf("%s: %d frames, %dx%d, recorded in %.1f s\n", qPrintable(result.path), result.frames,
                            result.size.width(), result.size.height(), double(result.milliseconds) / 1000.0);
            } else {
                std::fprintf(stderr, "emuplay: %s\n", qPrintable(result.error));
                exitCode = 2;
            }
            app.exit(exitCode);
        });
        return app.exec();
    }

    if (!parser.isSet(screenshot)) // a person watches: live loops at a pace they can follow
        ui::LiveBoControls::setDefaultSpeed(ui::LiveBoControls::kWatchableSpeed);
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
                ui::takeScreenshots(window, parser.value(screenshot), pageId, waitMs);
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
