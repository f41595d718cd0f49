// MainWindow, continued: the guided tutorials' panel beside the page, its menu and its steps.

#include "ui/shell/main_window.h"

#include "ui/lessons/lesson_page.h"
#include "ui/lessons/tutorial.h"
#include "ui/tutorials/tutorial_panel.h"
#include "ui/tutorials/widget_highlight.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

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
    m_userTutorials = loadTutorials(userTutorialFolder());
    QMenu* menu = help->addMenu(tr("&Tutorials"));
    for (const TutorialLibrary* library : tutorialLibraries()) {
        if (library == &m_userTutorials && !(library->tutorials.empty() && library->errors.isEmpty()))
            menu->addSection(tr("Yours (%1)").arg(QDir::toNativeSeparators(userTutorialFolder())));
        for (const Tutorial& tutorial : library->tutorials)
            menu->addAction(tr("%1 (%2 min)").arg(tutorial.title).arg(tutorial.minutes), this,
                            [this, tutorial] { runTutorial(tutorial); })
                ->setStatusTip(tutorial.summary);
        for (const QString& error : library->errors) {
            qWarning("tutorial not loaded: %s", qPrintable(error));
            menu->addAction(tr("Not loaded: %1").arg(error))->setEnabled(false);
        }
    }
    menu->addSeparator();
    menu->addAction(tr("Open tutorial..."), this, &MainWindow::chooseTutorialFile)
        ->setStatusTip(tr("Start a tutorial from a file; tutorials in %1 are listed here")
                           .arg(QDir::toNativeSeparators(userTutorialFolder())));
}

std::array<const TutorialLibrary*, 2> MainWindow::tutorialLibraries() const
{
    return {&bundledTutorials(), &m_userTutorials};
}

bool MainWindow::startTutorial(const QString& id)
{
    for (const TutorialLibrary* library : tutorialLibraries())
        for (const Tutorial& tutorial : library->tutorials)
            if (tutorial.id == id) {
                runTutorial(tutorial);
                return true;
            }
    return false;
}

void MainWindow::runTutorial(const Tutorial& tutorial)
{
    m_tutorialDock->show();
    m_tutorialDock->raise();
    m_tutorialPanel->start(tutorial);
}

QString MainWindow::openTutorial(const QString& path)
{
    QString error;
    const std::optional<Tutorial> tutorial = readTutorialFile(path, &error);
    if (!tutorial)
        return error;
    runTutorial(*tutorial);
    return {};
}

void MainWindow::chooseTutorialFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open tutorial"), userTutorialFolder(),
                                                      tr("Tutorials (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = openTutorial(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Open tutorial"), tr("This tutorial cannot be started:\n%1").arg(error));
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
