#include "ui/tutorials/tutorial_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QResizeEvent>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

TutorialPanel::TutorialPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_progress(new QProgressBar), m_position(new QLabel), m_stepTitle(new QLabel),
      m_text(new QTextBrowser), m_action(new QLabel), m_back(new QPushButton(tr("Back"))),
      m_next(new QPushButton(tr("Next"))), m_close(new QPushButton(tr("Close")))
{
    m_title->setWordWrap(true);
    m_stepTitle->setWordWrap(true);
    m_action->setWordWrap(true);
    m_action->setTextFormat(Qt::RichText);
    m_text->setOpenExternalLinks(false);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_back->setToolTip(tr("The previous step"));
    m_next->setToolTip(tr("The next step (enabled once the step's task is done)"));
    m_close->setToolTip(tr("End the tutorial; the lessons stay as they are"));
    m_back->setObjectName(QStringLiteral("tutorialBack"));
    m_next->setObjectName(QStringLiteral("tutorialNext"));
    m_next->setDefault(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_close);
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_position);
    layout->addWidget(m_progress);
    layout->addWidget(m_stepTitle);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addLayout(buttons);

    connect(m_back, &QPushButton::clicked, this, &TutorialPanel::back);
    connect(m_next, &QPushButton::clicked, this, &TutorialPanel::next);
    connect(m_close, &QPushButton::clicked, this, &TutorialPanel::close);
}

void TutorialPanel::start(const Tutorial& tutorial)
{
    m_tutorial = tutorial;
    m_done.assign(tutorial.steps.size(), 0);
    m_running = true;
    m_title->setText(tr("<b>Tutorial: %1</b>").arg(tutorial.title.toHtmlEscaped()));
    m_progress->setRange(0, int(tutorial.steps.size()));
    showStep(0);
}

bool TutorialPanel::canGoNext() const
{
    const std::optional<TutorialAction>& action = currentStep().action;
    return !action || actionsDone() >= action->count;
}

void TutorialPanel::next()
{
    if (!m_running || !canGoNext())
        return;
    if (m_step + 1 < int(m_tutorial.steps.size())) {
        showStep(m_step + 1);
        return;
    }
    m_running = false;
    emit ended(true);
}

void TutorialPanel::back()
{
    if (m_running && m_step > 0)
        showStep(m_step - 1);
}

void TutorialPanel::close()
{
    if (!m_running)
        return;
    m_running = false;
    emit ended(false);
}

void TutorialPanel::pageReported(const QString& pageId, const QString& event)
{
    if (!m_running)
        return;
    const TutorialStep& step = currentStep();
    if (!step.action || step.page != pageId || step.action->event != event)
        return;
    ++m_done[size_t(m_step)];
    updateActionLine();
}

void TutorialPanel::showStep(int index)
{
    m_step = index;
    const TutorialStep& step = currentStep();
    const int count = int(m_tutorial.steps.size());
    m_progress->setValue(index + 1);
    const int minutes = minutesLeft();
    m_position->setText(minutes > 0 ? tr("Step %1 of %2 · about %3 min left").arg(index + 1).arg(count).arg(minutes)
                                      : tr("Step %1 of %2").arg(index + 1).arg(count));
    m_stepTitle->setText(QStringLiteral("<b>%1</b>").arg(step.title.toHtmlEscaped()));
    m_text->setHtml(step.text);
    m_back->setEnabled(index > 0);
    m_next->setText(index + 1 == count ? tr("Finish") : tr("Next"));
    updateActionLine();
    emit showPageRequested(step.page, step.highlight);
}

void TutorialPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        emit contentChanged(); // the text wraps anew
}

int TutorialPanel::neededHeight() const
{
    const int text = int(std::ceil(m_text->document()->size().height())) + 2 * m_text->frameWidth();
    return height() - m_text->height() + text;
}

void TutorialPanel::updateActionLine()
{
    const std::optional<TutorialAction>& action = currentStep().action;
    m_next->setEnabled(canGoNext());
    if (!action) {
        m_action->clear();
        m_action->hide();
        emit contentChanged();
        return;
    }
    const int done = std::min(actionsDone(), action->count);
    const QString count = action->count > 1 ? tr(" (%1 of %2)").arg(done).arg(action->count) : QString();
    m_action->setText(canGoNext() ? tr("✓ <b>Done:</b> %1%2. Press Next.").arg(action->hint.toHtmlEscaped(), count)
                                  : tr("<b>Your turn:</b> %1%2.").arg(action->hint.toHtmlEscaped(), count));
    m_action->show();
    emit contentChanged();
}

int TutorialPanel::minutesLeft() const
{
    // The estimate is spread evenly over the steps: what is left of it, rounded up.
    const double perStep = double(m_tutorial.minutes) / double(m_tutorial.steps.size());
    return int(std::ceil(perStep * double(int(m_tutorial.steps.size()) - m_step) - 1e-9));
}

} // namespace ui
