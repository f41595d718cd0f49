#include "ui/pages/welcome_page.h"

#include "ui/lesson_registry.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ui {

namespace {

QFrame* makeCard(const LessonInfo& lesson, WelcomePage* page)
{
    auto* card = new QFrame;
    card->setObjectName(QStringLiteral("lessonCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setMinimumWidth(180);
    auto* layout = new QVBoxLayout(card);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(lesson.title));
    title->setWordWrap(true);
    auto* summary = new QLabel(lesson.summary);
    summary->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(summary, 1);
    auto* open = new QPushButton(lesson.isAvailable() ? QObject::tr("Open") : QObject::tr("Coming soon"));
    open->setEnabled(lesson.isAvailable());
    open->setObjectName(QStringLiteral("open-%1").arg(lesson.id));
    open->setToolTip(lesson.isAvailable() ? QObject::tr("Open the lesson \"%1\"").arg(lesson.title)
                                          : QObject::tr("This lesson is being built"));
    QObject::connect(open, &QPushButton::clicked, page, [page, id = lesson.id] { emit page->openLesson(id); });
    layout->addWidget(open, 0, Qt::AlignLeft);
    return card;
}

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
        "by emulating the car's dynamics, mix cheap and expensive simulators, and finally stack "
        "Gaussian processes into deep GPs.</p>"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    layout->addWidget(intro);

    for (const QString& group : lessonGroups()) {
        auto* heading = new QLabel(QStringLiteral("<h3>%1</h3>").arg(group));
        layout->addWidget(heading);
        auto* grid = new QGridLayout;
        int column = 0, row = 0;
        for (const LessonInfo& lesson : lessons()) {
            if (lesson.group != group)
                continue;
            grid->addWidget(makeCard(lesson, this), row, column);
            if (++column == 3) {
                column = 0;
                ++row;
            }
        }
        for (int c = 0; c < 3; ++c)
            grid->setColumnStretch(c, 1);
        layout->addLayout(grid);
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
