#pragma once
// What the File menu does with session files, around MainWindow's saveSession/loadSession:
//   - Open (Ctrl+O), Save (Ctrl+S: to the session's file, or asks for one), Save As
//     (Ctrl+Shift+S) and Recent sessions (the last eight, remembered with QSettings);
//   - unsaved changes: pages report edits, the title shows [*], and closing the window or
//     opening another session asks first (Save / Discard / Cancel);
//   - an autosave every few minutes while there are unsaved changes, to a file of its own that
//     a clean exit removes: if the program crashed, the next start offers the work back.
// Interactive is off for tests and screenshots: then nothing is asked and QSettings is untouched.

#include <QObject>
#include <QStringList>

#include <functional>

class QMenu;
class QTimer;
class QWidget;

namespace ui {

class SessionKeeper : public QObject
{
    Q_OBJECT
public:
    /// save/load write and read a session file, returning an error for the user or empty.
    SessionKeeper(QWidget* window, std::function<QString(const QString&)> save,
                  std::function<QString(const QString&)> load, bool interactive);

    /// Adds Open, Save, Save As and Recent sessions to the File menu.
    void addActions(QMenu* file);

    /// The session's file (empty until saved or opened).
    QString path() const { return m_path; }
    bool isModified() const { return m_modified; }
    /// Something worth saving changed.
    void markModified();

    /// Saves to `path` and makes it the session's file; returns an error, or empty.
    QString saveTo(const QString& path);
    /// Opens `path` (after asking about unsaved changes); returns an error, or empty.
    QString open(const QString& path);
    /// With unsaved changes, asks whether to save them; false if the user cancelled.
    bool confirmDiscard();
    QStringList recentSessions() const { return m_recent; }

    /// Where the autosave goes; empty turns autosave off (the default when not interactive).
    void setAutosavePath(const QString& path) { m_autosavePath = path; }
    QString autosavePath() const { return m_autosavePath; }
    /// Writes the autosave if there are unsaved changes; true if it wrote one.
    bool autosave();
    /// Whether an autosave from a session that did not end cleanly is waiting.
    bool hasRecoverableWork() const;
    /// Asks (when interactive) and restores the waiting autosave; returns an error, or empty.
    QString offerRecovery();
    /// A clean exit: the autosave is no longer needed.
    void removeAutosave();

signals:
    void modifiedChanged(bool modified);

private:
    void setModified(bool modified);
    void remember(const QString& path);
    void rebuildRecentMenu();
    void saveDialog(bool askForPath);
    void openDialog();

    QWidget* m_window;
    std::function<QString(const QString&)> m_save;
    std::function<QString(const QString&)> m_load;
    bool m_interactive;
    QString m_path;
    bool m_modified = false;
    QStringList m_recent;
    QMenu* m_recentMenu = nullptr;
    QString m_autosavePath;
    QTimer* m_autosaveTimer;
};

} // namespace ui
