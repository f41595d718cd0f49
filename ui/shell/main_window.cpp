#include "ui/shell/main_window.h"

#include "ui/base/file_writing.h"
#include "ui/base/focus_ring.h"
#include "ui/base/job_runner.h"
#include "ui/base/shortcuts.h"
#include "ui/charts/range_hints.h"
#include "ui/lessons/lesson_page.h"
#include "ui/lessons/lesson_registry.h"
#include "ui/lessons/tutorial.h"
#include "ui/shell/about.h"
#include "ui/shell/job_status_widget.h"
#include "ui/shell/presenter_mode.h"
#include "ui/shell/session_file.h"
#include "ui/shell/session_keeper.h"
#include "ui/tutorials/tutorial_panel.h"
#include "ui/tutorials/widget_highlight.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QStyle>
#include <QTreeWidget>
#include <QUndoGroup>
#include <QUndoStack>

#include <algorithm>

namespace ui {

namespace {
constexpr int kLessonIdRole = Qt::UserRole;

/// A lesson's whole title and its summary: the title may be cut in a narrowed navigator.
QString navigatorToolTip(const LessonInfo& lesson)
{
    return QStringLiteral("<b>%1</b><br>%2").arg(lesson.title.toHtmlEscaped(), lesson.summary);
}
} // namespace

MainWindow::MainWindow(bool rememberSettings, QWidget* parent)
    : QMainWindow(parent), m_jobs(new JobRunner(this)), m_navigator(new QTreeWidget),
      m_stack(new QStackedWidget), m_explanation(new QTextBrowser),
      m_navigatorDock(new QDockWidget(tr("Lessons"), this)),
      m_explanationDock(new QDockWidget(tr("Explanation"), this)),
      m_tutorialDock(new QDockWidget(tr("Tutorial"), this)), m_tutorialPanel(new TutorialPanel),
      m_highlight(new WidgetHighlight(this)),
      m_presenter(new PresenterMode(
          this, [this] { return presenterCaption(); }, [this](int direction) { presenterStep(direction); })),
      m_undoGroup(new QUndoGroup(this)),
      m_sessions(new SessionKeeper(
          this, [this](const QString& path) { return saveSession(path); },
          [this](const QString& path) { return loadSession(path); }, rememberSettings)),
      m_rememberSettings(rememberSettings)
{
    if (rememberSettings) { // tests and screenshots never autosave
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (QDir().mkpath(dir))
            m_sessions->setAutosavePath(dir + QStringLiteral("/autosave.emuplay"));
    }
    qApp->installEventFilter(this); // user input, to tell edits from a page's own start-up work
    new RangeHints(this);            // every number field shows its range when it refuses a value
    setWindowTitle(tr("Emulation Playground"));
    setCentralWidget(m_stack);

    m_navigatorDock->setObjectName(QStringLiteral("navigatorDock"));
    m_navigatorDock->setWidget(m_navigator);
    m_navigatorDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::LeftDockWidgetArea, m_navigatorDock);

    m_explanationDock->setObjectName(QStringLiteral("explanationDock"));
    m_explanation->setOpenExternalLinks(true);
    m_explanation->setMinimumWidth(240);
    m_explanationDock->setWidget(m_explanation);
    m_explanationDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::RightDockWidgetArea, m_explanationDock);
    buildTutorialPanel();
    new FocusRing(this); // where the keyboard focus is, for keyboard users

    auto* jobStatus = new JobStatusWidget(m_jobs, this);
    statusBar()->addPermanentWidget(jobStatus);
    connect(jobStatus, &JobStatusWidget::message, this, &MainWindow::showStatus);

    buildNavigator();
    buildMenus();
    resize(1280, 800);
    resizeDocks({m_navigatorDock, m_explanationDock}, {m_navigator->minimumWidth(), 260}, Qt::Horizontal);
    restoreSettings();
    m_tutorialDock->hide(); // a saved window layout may have shown it: no tutorial runs at start
}

MainWindow::~MainWindow()
{
    m_jobs->cancelAll();
    // The pages cancel their jobs as they go: they go first, while the job runner (an older
    // child, which Qt would delete before them) is still there.
    delete takeCentralWidget();
}

int MainWindow::navigatorWidth() const
{
    // Every title whole: its text, its indentation (groups are decorated too), the item's
    // margins, the frame and room for a vertical scroll bar; 250 px at least.
    int widest = 250;
    for (QTreeWidgetItemIterator it(m_navigator); *it; ++it) {
        int depth = 1;
        for (const QTreeWidgetItem* parent = (*it)->parent(); parent; parent = parent->parent())
            ++depth;
        widest = std::max(widest, depth * m_navigator->indentation() +
                                      QFontMetrics((*it)->font(0)).horizontalAdvance((*it)->text(0)) + 8 +
                                      2 * m_navigator->frameWidth() +
                                      m_navigator->style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    }
    return widest;
}

void MainWindow::buildNavigator()
{
    m_navigator->setHeaderHidden(true);
    for (const LessonInfo& lesson : lessons()) {
        if (!lesson.group.isEmpty())
            continue;
        auto* item = new QTreeWidgetItem(m_navigator, {lesson.title});
        item->setData(0, kLessonIdRole, lesson.id);
        item->setToolTip(0, navigatorToolTip(lesson));
    }
    for (const QString& group : lessonGroups()) {
        auto* groupItem = new QTreeWidgetItem(m_navigator, {group});
        groupItem->setFlags(Qt::ItemIsEnabled);
        QFont bold = groupItem->font(0);
        bold.setBold(true);
        groupItem->setFont(0, bold);
        for (const LessonInfo& lesson : lessons()) {
            if (lesson.group != group)
                continue;
            const QString title = lesson.isAvailable() ? lesson.title : tr("%1 (coming)").arg(lesson.title);
            auto* item = new QTreeWidgetItem(groupItem, {title});
            item->setData(0, kLessonIdRole, lesson.id);
            item->setToolTip(0, navigatorToolTip(lesson));
            if (!lesson.isAvailable()) {
                item->setFlags(Qt::ItemIsEnabled); // visible and explained, not selectable
                item->setForeground(0, m_navigator->palette().brush(QPalette::Disabled, QPalette::Text));
            }
        }
    }
    m_navigator->expandAll();
    m_navigator->setMinimumWidth(navigatorWidth());
    connect(m_navigator, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { onNavigatorItem(item); });
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_sessions->addActions(file);
    file->addSeparator();
    m_importCsv = file->addAction(tr("&Import CSV..."), QKeySequence(tr("Ctrl+I")), this,
                                  &MainWindow::importCsvDialog);
    m_importCsv->setStatusTip(tr("Load data points from a CSV file into this lesson"));
    file->addAction(tr("Export &figure..."), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportFigureDialog)
        ->setStatusTip(tr("Save the lesson's figure as PNG or SVG"));
    m_exportData = file->addAction(tr("Export &data..."), QKeySequence(tr("Ctrl+Shift+E")), this,
                                   &MainWindow::exportDataDialog);
    m_exportData->setStatusTip(tr("Save the lesson's data as CSV"));
    QAction* exportAnimation = file->addAction(tr("Export &animation..."), this, &MainWindow::exportAnimationDialog);
    exportAnimation->setObjectName(QStringLiteral("exportAnimationAction"));
    exportAnimation->setStatusTip(tr("Record the lesson's animation as an animated GIF or an MP4 video"));
    // Queued: showLesson() sets the lesson id around the page change.
    connect(m_stack, &QStackedWidget::currentChanged, exportAnimation, [this, exportAnimation] {
        const LessonInfo* lesson = findLesson(m_currentId);
        exportAnimation->setEnabled(lesson && lesson->animated);
    }, Qt::QueuedConnection);
    file->addSeparator();
    file->addAction(tr("Open &tutorial..."), this, &MainWindow::chooseTutorialFile)
        ->setStatusTip(tr("Start a guided tutorial from a file (a teacher's own, see Help > Tutorials)"));
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)
        ->setShortcuts(portableShortcuts(QKeySequence::Quit, QKeySequence(tr("Ctrl+Q"))));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(portableShortcuts(QKeySequence::Undo, QKeySequence(tr("Ctrl+Z"))));
    QAction* redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(portableShortcuts(QKeySequence::Redo, QKeySequence(tr("Ctrl+Shift+Z"))));
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_navigatorDock->toggleViewAction());
    view->addAction(m_explanationDock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Previous lesson"), QKeySequence(tr("Ctrl+PgUp")), this, [this] { stepLesson(-1); });
    view->addAction(tr("&Next lesson"), QKeySequence(tr("Ctrl+PgDown")), this, [this] { stepLesson(+1); });
    view->addSeparator();
    QAction* fullScreen = view->addAction(tr("&Full screen"), this, [this](bool on) {
        on ? showFullScreen() : showNormal();
    });
    fullScreen->setShortcuts(portableShortcuts(QKeySequence::FullScreen, QKeySequence(Qt::Key_F11)));
    fullScreen->setCheckable(true);
    QAction* presenter = view->addAction(tr("&Presenter mode"), QKeySequence(Qt::Key_F5), m_presenter,
                                         &PresenterMode::setActive);
    presenter->setCheckable(true);
    presenter->setToolTip(tr("Full screen for a class: large fonts (Ctrl+= / Ctrl+-), Page Down steps, hold L "
                             "for a laser pointer, Esc leaves"));
    connect(m_presenter, &PresenterMode::activeChanged, presenter, &QAction::setChecked);
    addAction(presenter); // F5 must work while the menu bar is hidden

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Lesson help"), this, [this] {
        m_explanationDock->show();
        m_explanationDock->raise();
    })->setShortcuts(portableShortcuts(QKeySequence::HelpContents, QKeySequence(Qt::Key_F1)));
    addTutorialMenu(help);
    help->addSeparator();
    help->addAction(tr("&About Emulation Playground"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::restoreSettings()
{
    if (!m_rememberSettings) {
        showLesson(QStringLiteral("welcome"));
        return;
    }
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QString last = settings.value(QStringLiteral("window/lesson"), QStringLiteral("welcome")).toString();
    if (!showLesson(last))
        showLesson(QStringLiteral("welcome"));
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::MouseButtonPress || type == QEvent::KeyPress || type == QEvent::Wheel)
        m_userActed = true;
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::pageEdited()
{
    // Pages also report what their own opening computations did; only what follows the user's
    // input makes the session worth saving.
    if (m_userActed)
        m_sessions->markModified();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_sessions->confirmDiscard()) {
        event->ignore();
        return;
    }
    m_sessions->removeAutosave(); // a clean exit: nothing to recover next time
    if (m_rememberSettings) {
        QSettings settings;
        settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("window/state"), saveState());
        settings.setValue(QStringLiteral("window/lesson"), m_currentId);
    }
    m_jobs->cancelAll();
    event->accept();
}

bool MainWindow::showLesson(const QString& id)
{
    const LessonInfo* lesson = findLesson(id);
    if (!lesson || !lesson->isAvailable())
        return false;
    auto it = m_pages.find(id);
    if (it == m_pages.end()) {
        LessonPage* page = lesson->create(m_jobs);
        page->setObjectName(QStringLiteral("page-%1").arg(id));
        // A page's messages are about that page: one from a page in the background (a job that
        // finished after the user moved on) would describe something no longer on screen.
        connect(page, &LessonPage::statusMessage, this, [this, page](const QString& text, int timeoutMs) {
            if (page == currentPage())
                showStatus(text, timeoutMs);
        });
        connect(page, &LessonPage::lessonRequested, this, &MainWindow::showLesson);
        connect(page, &LessonPage::tutorialRequested, this, &MainWindow::startTutorial);
        connect(page, &LessonPage::eventReported, m_tutorialPanel,
                [this, id](const QString& event) { m_tutorialPanel->pageReported(id, event); });
        connect(page, &LessonPage::eventReported, this, &MainWindow::pageEdited);
        if (QUndoStack* stack = page->undoStack()) {
            m_undoGroup->addStack(stack);
            connect(stack, &QUndoStack::indexChanged, this, &MainWindow::pageEdited);
        }
        m_stack->addWidget(page);
        it = m_pages.emplace(id, page).first;
    }
    if (id != m_currentId)
        statusBar()->clearMessage(); // the previous page's message goes with it
    m_currentId = id;
    m_stack->setCurrentWidget(it->second);
    m_undoGroup->setActiveStack(it->second->undoStack());
    m_explanation->setHtml(lessonExplanation(*lesson));
    setWindowTitle(tr("%1[*] — Emulation Playground").arg(lesson->title)); // [*]: unsaved changes
    updatePageActions();
    m_presenter->pageChanged();

    // Keep the navigator in step when the lesson was opened some other way (card, session).
    for (QTreeWidgetItemIterator item(m_navigator); *item; ++item)
        if ((*item)->data(0, kLessonIdRole).toString() == id && m_navigator->currentItem() != *item) {
            QSignalBlocker block(m_navigator);
            m_navigator->setCurrentItem(*item);
        }
    return true;
}

LessonPage* MainWindow::currentPage() const
{
    return qobject_cast<LessonPage*>(m_stack->currentWidget());
}

void MainWindow::onNavigatorItem(QTreeWidgetItem* item)
{
    if (!item)
        return;
    const QString id = item->data(0, kLessonIdRole).toString();
    if (id.isEmpty())
        return;
    if (!showLesson(id)) {
        const LessonInfo* lesson = findLesson(id);
        if (lesson)
            m_explanation->setHtml(lessonExplanation(*lesson));
        showStatus(tr("This lesson is not built yet."), 3000);
    }
}

void MainWindow::updatePageActions()
{
    LessonPage* page = currentPage();
    m_importCsv->setEnabled(page && page->acceptsCsv());
    m_exportData->setEnabled(page && !page->dataCsv().isNull());
}

void MainWindow::showStatus(const QString& text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::stepLesson(int delta)
{
    std::vector<QString> ids;
    for (const LessonInfo& lesson : lessons())
        if (lesson.isAvailable())
            ids.push_back(lesson.id);
    const auto it = std::find(ids.begin(), ids.end(), m_currentId);
    const int index = it == ids.end() ? 0 : int(it - ids.begin());
    const int count = int(ids.size());
    showLesson(ids[size_t(((index + delta) % count + count) % count)]);
}

void MainWindow::presenterStep(int direction)
{
    if (!currentPage()->presenterStep(direction))
        stepLesson(direction);
}

QString MainWindow::presenterCaption() const
{
    const LessonInfo* lesson = findLesson(m_currentId);
    return lesson ? QStringLiteral("<b>%1</b> &nbsp; %2").arg(lesson->title.toHtmlEscaped(), lesson->summary.toHtmlEscaped())
                  : QString();
}

QString MainWindow::saveSession(const QString& path) const
{
    return writeWholeFile(path, sessionJson());
}

QByteArray MainWindow::sessionJson() const
{
    SessionContents contents{m_currentId, {}};
    for (const auto& [id, page] : m_pages) {
        const QJsonObject state = page->saveState();
        if (!state.isEmpty())
            contents.pages.insert(id, state);
    }
    return sessionFileBytes(contents);
}

QString MainWindow::loadSession(const QString& path)
{
    QByteArray bytes;
    if (const QString error = readSessionFile(path, bytes); !error.isEmpty())
        return error;
    return restoreSession(bytes, QFileInfo(path).fileName());
}

QString MainWindow::restoreSession(const QByteArray& json, const QString& name)
{
    SessionContents contents;
    if (const QString error = parseSessionFile(json, name, contents); !error.isEmpty())
        return error;
    const QJsonObject& pages = contents.pages;
    // All or nothing: if a page refuses its state, the pages restored before it get back the
    // state they had, so a bad file changes nothing.
    const QString shownBefore = m_currentId;
    std::vector<std::pair<LessonPage*, QJsonObject>> previous;
    QStringList errors;
    for (auto it = pages.begin(); it != pages.end() && errors.isEmpty(); ++it) {
        showLesson(it.key());
        LessonPage* page = m_pages.at(it.key());
        previous.emplace_back(page, page->saveState());
        if (const QString error = page->restoreState(it.value().toObject()); !error.isEmpty())
            errors << tr("%1 in %2: %3").arg(findLesson(it.key())->title, name, error);
    }
    if (!errors.isEmpty()) {
        for (const auto& [page, state] : previous)
            if (!state.isEmpty())
                page->restoreState(state);
        showLesson(shownBefore);
        return errors.join('\n');
    }
    if (!showLesson(contents.lesson))
        showLesson(QStringLiteral("welcome"));
    // The pages' computations after a restore (a BO page's next suggestion, a refit) report
    // edits when they end: the click that opened the file must not count them as the user's.
    m_userActed = false;
    return {};
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Emulation Playground"), aboutText());
}

} // namespace ui
