// libFuzzer target: the tutorial reader (ui/tutorials/tutorial). Any file must give a tutorial
// that keeps the reader's promises (a lower-case id, 1 to 60 steps, each on a built lesson page,
// actions only on events that page reports) or one message naming the file, never a crash or a
// hang. scripts/fuzz.sh runs it; test_fuzz_corpus_tutorial replays the corpus.

#include "tests/fuzz/fuzz_promise.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/tutorial.h"

#include <QByteArray>

#include <cstdint>

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.json");
    QString error;
    const std::optional<ui::Tutorial> tutorial = ui::parseTutorial(bytes, source, &error);
    if (!tutorial) {
        require(error.startsWith(source));
        return 0;
    }
    require(error.isEmpty() && !tutorial->id.isEmpty() && !tutorial->title.isEmpty());
    require(!tutorial->steps.empty() && tutorial->steps.size() <= 60);
    for (const ui::TutorialStep& step : tutorial->steps) {
        const ui::LessonInfo* lesson = ui::findLesson(step.page);
        require(lesson && lesson->isAvailable());
        if (step.action)
            require(lesson->events.contains(step.action->event) && step.action->count >= 1 &&
                    !step.action->hint.isEmpty());
    }
    return 0;
}
