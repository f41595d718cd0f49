#pragma once
// The main window: lesson navigator (left), the current lesson page (centre), its explanation
// (right), job progress in the status bar, and the application menus that act on the page.

#include "ui/lessons/tutorial.h"
#include "ui/recording/lesson_host.h"

#include <QMainWindow>

#include <array>
#include <map>

class QDockWidget;
class QMenu;
class QStackedWidget;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;
class QUndoGroup;

namespace ui {

class JobRunner;
class LessonPage;
class PresenterMode;
class SessionKeeper;
class TutorialPanel;
class WidgetHighlight;

class MainWindow : public QMainWindow, public LessonHost
{
    Q_OBJECT
public:
    /// rememberSettings: restore and save geometry and last lesson with QSettings (off for
    /// screenshots and tests, which must neither depend on nor change the user's settings).
    explicit MainWindow(bool rememberSettings = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Shows the lesson with this id, creating its page on first use; false if unknown or not built.
    bool showLesson(const QString& id) override;
    /// The id of the lesson on screen.
    QString currentLessonId() const { return m_currentId; }
    /// The page on screen (never null after construction).
    LessonPage* currentPage() const override;
    JobRunner* jobRunner() const override { return m_jobs; }
    QWidget* hostWindow() override { return this; }

    /// Starts the bundled tutorial with this id in the tutorial panel; false if unknown.
    bool startTutorial(const QString& id);
    /// Starts the tutorial in a file of the user's; returns a message naming the file and the
    /// fault if it cannot (nothing starts then), or empty.
    QString openTutorial(const QString& path);
    TutorialPanel* tutorialPanel() const { return m_tutorialPanel; }
    PresenterMode* presenterMode() const { return m_presenter; }
    /// Save, Save As, recent files, unsaved changes and autosave.
    SessionKeeper* sessions() const { return m_sessions; }
    /// Draws the current tutorial step's frames over the page's widgets.
    const WidgetHighlight* tutorialHighlight() const { return m_highlight; }

    /// Writes the session (current lesson and every opened page's state) as JSON; returns an error or empty.
    QString saveSession(const QString& path) const;
    /// The session as saveSession writes it.
    QByteArray sessionJson() const;
    /// Reads a session file; a malformed file changes nothing. Returns the errors, or empty.
    QString loadSession(const QString& path);
    /// Restores a session from its JSON text (`name`: the file, for messages); all or nothing,
    /// like loadSession.
    QString restoreSession(const QByteArray& json, const QString& name);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildNavigator();
    void buildMenus();
    void restoreSettings();
    void onNavigatorItem(QTreeWidgetItem* item);
    void updatePageActions();
    void showStatus(const QString& text, int timeoutMs);
    /// A page reported an edit or its undo stack moved: the session may have unsaved changes.
    void pageEdited();
    void importCsvDialog();
    void exportFigureDialog();
    void exportDataDialog();
    void exportAnimationDialog();
    void showAbout();
    void stepLesson(int delta);
    /// A presenter's clicker: steps the page's loop, or moves to the next or previous lesson.
    void presenterStep(int direction);
    /// The lesson's title and one-line summary, for presenter mode's caption.
    QString presenterCaption() const;
    void buildTutorialPanel();
    void addTutorialMenu(QMenu* help);
    void runTutorial(const Tutorial& tutorial);
    /// The bundled tutorials, then the user's.
    std::array<const TutorialLibrary*, 2> tutorialLibraries() const;
    /// File > Open tutorial: asks for a file, then openTutorial().
    void chooseTutorialFile();
    /// The navigator's width that shows every lesson's title whole.
    int navigatorWidth() const;
    /// Gives the tutorial's step text the height it needs, taken from the explanation below.
    void fitTutorialDock();
    void showTutorialStep(const QString& pageId, const QStringList& highlight);

    JobRunner* m_jobs;
    QTreeWidget* m_navigator;
    QStackedWidget* m_stack;
    QTextBrowser* m_explanation;
    QDockWidget* m_navigatorDock;
    QDockWidget* m_explanationDock;
    QDockWidget* m_tutorialDock;
    TutorialPanel* m_tutorialPanel;
    TutorialLibrary m_userTutorials; ///< userTutorialFolder()'s, loaded at start
    WidgetHighlight* m_highlight;
    PresenterMode* m_presenter;
    QUndoGroup* m_undoGroup;
    std::map<QString, LessonPage*> m_pages;
    QString m_currentId;
    QAction* m_importCsv = nullptr;
    QAction* m_exportData = nullptr;
    SessionKeeper* m_sessions;
    bool m_userActed = false; ///< the user clicked or typed since the program started
    bool m_rememberSettings;
};

} // namespace ui
