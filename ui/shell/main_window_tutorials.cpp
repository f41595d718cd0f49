// MainWindow, continued: the guided tutorials' panel beside the page, its menu and its steps.

#include "ui/shell/main_window.h"

#include "ui/lessons/lesson_page.h"
#include "ui/lessons/tutorial.h"
#include "ui/tutorials/tutorial_panel.h"
#include "ui/tutorials/widget_highlight.h"

#include <QDockWidget>
#include <QMenu>

#include <algorithm>

namespace ui {

void MainWindow::buildTutorialPanel()
{
    m_tutorialDock->setObjectName(QStringLiteral("tutorialDock"));
    m_tutorialDock->setWidget(m_tutorialPanel);
    m_tutorialDock->setFeatures(QDockWidget::DockWidgetMovable); // the panel's Close ends the tutorial
    addDockWidget(Qt::RightDockWidgetArea, m_tutorialDock);
    splitDockWidget(m_tutorialDock, m_explanationDock, Qt::Vertical); // the tutorial above
    m_tutorialDock->hide();
    connect(m_tutorialPanel, &TutorialPanel::showPageRequested, this, &MainWindow::showTutorialStep);
    // Queued: once the dock is laid out with the new text.
    connect(m_tutorialPanel, &TutorialPanel::contentChanged, this, &MainWindow::fitTutorialDock, Qt::QueuedConnection);
    connect(m_tutorialPanel, &TutorialPanel::ended, this, [this](bool finished) {
        m_highlight->clear();
        m_tutorialDock->hide();
        showStatus(finished ? tr("Tutorial finished: every lesson stays as you left it.") : tr("Tutorial closed."), 5000);
    });
}

void MainWindow::addTutorialMenu(QMenu* help)
{
    QMenu* menu = help->addMenu(tr("&Tutorials"));
    const TutorialLibrary& library = bundledTutorials();
    for (const Tutorial& tutorial : library.tutorials)
        menu->addAction(tr("%1 (%2 min)").arg(tutorial.title).arg(tutorial.minutes), this,
                        [this, id = tutorial.id] { startTutorial(id); })
            ->setStatusTip(tutorial.summary);
    for (const QString& error : library.errors) {
        qWarning("tutorial not loaded: %s", qPrintable(error));
        menu->addAction(tr("Not loaded: %1").arg(error))->setEnabled(false);
    }
}

bool MainWindow::startTutorial(const QString& id)
{
    for (const Tutorial& tutorial : bundledTutorials().tutorials)
        if (tutorial.id == id) {
            m_tutorialDock->show();
            m_tutorialDock->raise();
            m_tutorialPanel->start(tutorial);
            return true;
        }
    return false;
}

void MainWindow::showTutorialStep(const QString& pageId, const QStringList& highlight)
{
    if (!showLesson(pageId))
        return;
    const QStringList missing = m_highlight->highlight(currentPage(), highlight);
    if (!missing.isEmpty()) // a tutorial file naming a widget that does not exist: say so, go on
        qWarning("tutorial step on %s: no widget named %s", qPrintable(pageId),
                 qPrintable(missing.join(QStringLiteral(", "))));
}

void MainWindow::fitTutorialDock()
{
    if (!m_tutorialDock->isVisible() || !m_explanationDock->isVisible() || m_tutorialDock->isFloating())
        return;
    // Both docks are named: resizeDocks() spreads a difference over the docks it is given. The
    // tutorial's title bar counts; the explanation keeps a third.
    const int both = m_tutorialDock->height() + m_explanationDock->height();
    const int titleBar = m_tutorialDock->height() - m_tutorialPanel->height();
    const int wanted = std::min(m_tutorialPanel->neededHeight() + titleBar, 2 * both / 3);
    resizeDocks({m_tutorialDock, m_explanationDock}, {wanted, both - wanted}, Qt::Vertical);
}


} // namespace ui
