// libFuzzer target: the session reader (MainWindow::restoreSession and every page's
// restoreState behind it), in one offscreen main window kept across inputs. Any file must be
// restored or refused with a message, never crash or hang; and a refused file changes nothing:
// every page open before it saves exactly the same state after it (the all-or-nothing promise).
// scripts/fuzz.sh runs it; test_fuzz_corpus_session replays the corpus.

#include "tests/fuzz/fuzz_promise.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

namespace {

ui::MainWindow& window()
{
    static QApplication* app = [] {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        static int argc = 1;
        static char name[] = "fuzz_session";
        static char* argv[] = {name, nullptr};
        return new QApplication(argc, argv);
    }();
    static ui::MainWindow* window = new ui::MainWindow(false); // no QSettings: nothing kept between runs
    (void)app;
    return *window;
}

QJsonObject sessionOf(const ui::MainWindow& w)
{
    return QJsonDocument::fromJson(w.sessionJson()).object();
}

} // namespace

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    ui::MainWindow& w = window();
    const QJsonObject before = sessionOf(w);
    const QString error =
        w.restoreSession(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), QStringLiteral("fuzz.emuplay"));
    if (!error.isEmpty()) {
        const QJsonObject after = sessionOf(w);
        require(after.value("lesson") == before.value("lesson"));
        const QJsonObject pagesBefore = before.value("pages").toObject();
        const QJsonObject pagesAfter = after.value("pages").toObject();
        for (auto page = pagesBefore.begin(); page != pagesBefore.end(); ++page)
            require(pagesAfter.value(page.key()) == page.value());
    }
    QCoreApplication::processEvents(); // let the pages' jobs deliver, as the event loop would
    return 0;
}
