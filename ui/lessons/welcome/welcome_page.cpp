#include "ui/lessons/welcome/welcome_page.h"

#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/tutorial.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ui {

namespace {

/// A card: a bold title, lines of text (the last one takes the spare height) and a button.
QFrame* makeCard(const QString& objectName, const QString& title, const QStringList& lines, QPushButton* button)
{
    auto* card = new QFrame;
    card->setObjectName(objectName);
    card->setFrameShape(QFrame::StyledPanel);
    card->setMinimumWidth(180);
    auto* layout = new QVBoxLayout(card);
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    heading->setWordWrap(true);
    layout->addWidget(heading);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        auto* line = new QLabel(lines[i]);
        line->setWordWrap(true);
        layout->addWidget(line, i + 1 == lines.size() ? 1 : 0);
    }
    layout->addWidget(button, 0, Qt::AlignLeft);
    return card;
}

QFrame* makeLessonCard(const LessonInfo& lesson, WelcomePage* page)
{
    auto* open = new QPushButton(lesson.isAvailable() ? QObject::tr("Open") : QObject::tr("Coming soon"));
    open->setEnabled(lesson.isAvailable());
    open->setObjectName(QStringLiteral("open-%1").arg(lesson.id));
    open->setToolTip(lesson.isAvailable() ? QObject::tr("Open the lesson \"%1\"").arg(lesson.title)
                                          : QObject::tr("This lesson is being built"));
    QObject::connect(open, &QPushButton::clicked, page, [page, id = lesson.id] { emit page->lessonRequested(id); });
    return makeCard(QStringLiteral("lessonCard"), lesson.title, {lesson.summary}, open);
}

QFrame* makeTutorialCard(const Tutorial& tutorial, WelcomePage* page)
{
    auto* start = new QPushButton(QObject::tr("Start"));
    start->setObjectName(QStringLiteral("start-tutorial-%1").arg(tutorial.id));
    start->setToolTip(QObject::tr("Start the guided tutorial \"%1\"").arg(tutorial.title));
    QObject::connect(start, &QPushButton::clicked, page, [page, id = tutorial.id] { emit page->tutorialRequested(id); });
    const QString length = QObject::tr("about %1 min · %2 steps").arg(tutorial.minutes).arg(tutorial.steps.size());
    return makeCard(QStringLiteral("tutorialCard"), tutorial.title, {length, tutorial.summary}, start);
}

/// Cards in rows of three.
class CardGrid
{
public:
    explicit CardGrid(QVBoxLayout* parent) : m_grid(new QGridLayout)
    {
        for (int c = 0; c < kColumns; ++c)
            m_grid->setColumnStretch(c, 1);
        parent->addLayout(m_grid);
    }
    void add(QWidget* card)
    {
        m_grid->addWidget(card, m_count / kColumns, m_count % kColumns);
        ++m_count;
    }

private:
    static constexpr int kColumns = 3;
    QGridLayout* m_grid;
    int m_count = 0;
};

} // namespace

WelcomePage::WelcomePage(JobRunner* jobs, QWidget* parent) : LessonPage(jobs, parent)
{
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    auto* intro = new QLabel(tr(
        "<h1>Emulation Playground</h1>"
        "<p>An <b>emulator</b> is a fast statistical model of a slow simulator. Fit a Gaussian "
        "process to a few simulator runs and it predicts the rest, with error bars. Those error "
        "bars tell you where to run the simulator next: that is <b>experimental design</b> and "
        "<b>Bayesian optimisation</b>.</p>"
        "<p>The lessons follow a story: learn what a Gaussian process is, optimise with it, tune "
        "the controller of a car that must swing up a hill, do it with far fewer simulator calls "
        "by emulating the car's dynamics, mix cheap and expensive simulators, stack Gaussian "
        "processes into deep GPs, and finally emulate a whole deployed system to see a decision's "
        "effects downstream before paying for it.</p>"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    layout->addWidget(intro);

    const TutorialLibrary& tutorials = bundledTutorials();
    if (!tutorials.tutorials.empty()) {
        layout->addWidget(new QLabel(tr("<h3>Guided tutorials</h3>")));
        CardGrid grid(layout);
        for (const Tutorial& tutorial : tutorials.tutorials)
            grid.add(makeTutorialCard(tutorial, this));
    }
    for (const QString& group : lessonGroups()) {
        layout->addWidget(new QLabel(QStringLiteral("<h3>%1</h3>").arg(group)));
        CardGrid grid(layout);
        for (const LessonInfo& lesson : lessons())
            if (lesson.group == group)
                grid.add(makeLessonCard(lesson, this));
    }
    layout->addStretch(1);

    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

} // namespace ui
