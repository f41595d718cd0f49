#include "ui/shell/session_keeper.h"

#include "ui/base/shortcuts.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QWidget>

namespace ui {

namespace {
constexpr int kRecentCount = 8;
constexpr int kAutosaveMinutes = 3;
const QString kRecentKey = QStringLiteral("recentSessions");
} // namespace

SessionKeeper::SessionKeeper(QWidget* window, std::function<QString(const QString&)> save,
                             std::function<QString(const QString&)> load, bool interactive)
    : QObject(window), m_window(window), m_save(std::move(save)), m_load(std::move(load)),
      m_interactive(interactive), m_autosaveTimer(new QTimer(this))
{
    if (m_interactive)
        m_recent = QSettings().value(kRecentKey).toStringList();
    m_autosaveTimer->setInterval(kAutosaveMinutes * 60 * 1000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &SessionKeeper::autosave);
    m_autosaveTimer->start();
}

void SessionKeeper::addActions(QMenu* file)
{
    QAction* open = file->addAction(tr("&Open session..."), this, &SessionKeeper::openDialog);
    open->setShortcuts(portableShortcuts(QKeySequence::Open, QKeySequence(tr("Ctrl+O"))));
    open->setToolTip(tr("Reopen a saved session: every page as it was"));
    m_recentMenu = file->addMenu(tr("Recent sessions"));
    QAction* save = file->addAction(tr("&Save session"), this, [this] { saveDialog(m_path.isEmpty()); });
    save->setShortcuts(portableShortcuts(QKeySequence::Save, QKeySequence(tr("Ctrl+S"))));
    save->setToolTip(tr("Save every page's data, settings and history"));
    QAction* saveAs = file->addAction(tr("Save session &as..."), this, [this] { saveDialog(true); });
    saveAs->setShortcuts(portableShortcuts(QKeySequence::SaveAs, QKeySequence(tr("Ctrl+Shift+S"))));
    rebuildRecentMenu();
}

void SessionKeeper::markModified()
{
    setModified(true);
}

void SessionKeeper::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    m_window->setWindowModified(modified);
    emit modifiedChanged(modified);
}

QString SessionKeeper::saveTo(const QString& path)
{
    if (const QString error = m_save(path); !error.isEmpty())
        return error;
    m_path = path;
    setModified(false);
    remember(path);
    removeAutosave(); // everything is in the session's own file now
    if (auto* window = qobject_cast<QMainWindow*>(m_window))
        window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return {};
}

QString SessionKeeper::open(const QString& path)
{
    if (!confirmDiscard())
        return tr("Not opened: the unsaved changes were kept.");
    const QString error = m_load(path);
    if (!error.isEmpty())
        return error;
    m_path = path;
    setModified(false);
    remember(path);
    return {};
}

bool SessionKeeper::confirmDiscard()
{
    if (!m_modified || !m_interactive)
        return true;
    const auto answer = QMessageBox::question(
        m_window, tr("Unsaved changes"), tr("Save the changes to this session first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Discard)
        return true;
    saveDialog(m_path.isEmpty());
    return !m_modified; // false if the save was cancelled or failed
}

void SessionKeeper::saveDialog(bool askForPath)
{
    QString path = m_path;
    if (askForPath) {
        path = QFileDialog::getSaveFileName(m_window, tr("Save session"),
                                            m_path.isEmpty() ? QStringLiteral("session.emuplay") : m_path,
                                            tr("Sessions (*.emuplay)"));
        if (path.isEmpty())
            return;
    }
    if (const QString error = saveTo(path); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Save session"), error);
}

void SessionKeeper::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), {},
                                                      tr("Sessions (*.emuplay *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = open(path); !error.isEmpty())
        QMessageBox::warning(m_window, tr("Open session"), error);
}

void SessionKeeper::remember(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recent.removeAll(absolute);
    m_recent.prepend(absolute);
    while (m_recent.size() > kRecentCount)
        m_recent.removeLast();
    if (m_interactive)
        QSettings().setValue(kRecentKey, m_recent);
    rebuildRecentMenu();
}

void SessionKeeper::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    for (const QString& path : m_recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (const QString error = open(path); !error.isEmpty())
                QMessageBox::warning(m_window, tr("Open session"), error);
        })->setToolTip(path);
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

bool SessionKeeper::autosave()
{
    if (m_autosavePath.isEmpty() || !m_modified)
        return false;
    return m_save(m_autosavePath).isEmpty(); // a failed autosave must not interrupt the user
}

bool SessionKeeper::hasRecoverableWork() const
{
    return !m_autosavePath.isEmpty() && QFile::exists(m_autosavePath);
}

QString SessionKeeper::offerRecovery()
{
    if (!hasRecoverableWork())
        return {};
    if (m_interactive) {
        const QString when = QFileInfo(m_autosavePath).lastModified().toString(QStringLiteral("d MMM yyyy, HH:mm"));
        const auto answer = QMessageBox::question(
            m_window, tr("Recover unsaved work"),
            tr("Emulation Playground did not close properly last time. Restore the work autosaved on %1?").arg(when),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer != QMessageBox::Yes) {
            removeAutosave();
            return {};
        }
    }
    const QString error = m_load(m_autosavePath);
    if (error.isEmpty())
        setModified(true); // recovered work is not in any session file yet
    return error;
}

void SessionKeeper::removeAutosave()
{
    if (!m_autosavePath.isEmpty())
        QFile::remove(m_autosavePath);
}

} // namespace ui
