#pragma once
// The guided-tutorial panel: the current step's title and text, how far along the tutorial is
// (step k of n, minutes left), the action the step waits for with a count, Back / Next / Close.
// The panel decides nothing about pages: it asks for a step's lesson page (showPageRequested)
// and counts the events the main window forwards from the page on screen (pageReported).

#include "ui/lessons/tutorial.h"

#include <QWidget>

#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace ui {

class TutorialPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TutorialPanel(QWidget* parent = nullptr);

    /// Starts `tutorial` at its first step.
    void start(const Tutorial& tutorial);
    bool isRunning() const { return m_running; }
    const Tutorial& tutorial() const { return m_tutorial; }
    int stepIndex() const { return m_step; }
    const TutorialStep& currentStep() const { return m_tutorial.steps[size_t(m_step)]; }
    /// Times the current step's event has been reported since the step was shown.
    int actionsDone() const { return m_done[size_t(m_step)]; }
    bool canGoNext() const;
    /// The panel's height at which the step text shows whole at the panel's present width.
    int neededHeight() const;

    /// Goes to the next step (or finishes on the last one) if the step's action is done.
    void next();
    void back();
    /// Ends the tutorial.
    void close();

public slots:
    /// The page `pageId` reported `event` (LessonPage::eventReported).
    void pageReported(const QString& pageId, const QString& event);

signals:
    /// Show this lesson page and draw attention to these of its widgets.
    void showPageRequested(const QString& pageId, const QStringList& highlight);
    /// The step text or the action line changed: neededHeight() may have changed.
    void contentChanged();
    /// The tutorial ended: finished (the last step's Next) or closed.
    void ended(bool finished);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void showStep(int index);
    void updateActionLine();
    int minutesLeft() const;

    QLabel* m_title;
    QProgressBar* m_progress;
    QLabel* m_position; ///< step k of n, minutes left: beside the bar, where it stays readable
    QLabel* m_stepTitle;
    QTextBrowser* m_text;
    QLabel* m_action;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_close;
    Tutorial m_tutorial;
    std::vector<int> m_done; ///< per step: times its event was reported (kept when going back)
    int m_step = 0;
    bool m_running = false;
};

} // namespace ui
