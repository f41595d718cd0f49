#pragma once
// Base of every lesson page. A page builds its default demo in its constructor (so it shows
// something interesting at once) and offers what the main window's menus can act on:
// undo stack, figure export, data export/import and session state. Heavy work goes through the
// shared JobRunner.

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

class QLayout;
class QUndoStack;
class QVBoxLayout;

namespace ui {

class JobRunner;
class LessonSettings;

class LessonPage : public QWidget
{
    Q_OBJECT
public:
    explicit LessonPage(JobRunner* jobs, QWidget* parent = nullptr);

    /// The page's undo stack for data edits, or nullptr when it has nothing to undo.
    virtual QUndoStack* undoStack() { return nullptr; }
    /// The widget that File > Export figure renders (the whole page by default).
    virtual QWidget* figure() { return this; }
    /// The page's data as CSV with a header line; empty when the page has no data to export.
    virtual QString dataCsv() const { return {}; }
    /// Whether File > Import CSV makes sense on this page.
    virtual bool acceptsCsv() const { return false; }
    /// Loads data from CSV text; returns an error message for the user, or empty on success.
    virtual QString importCsv(const QString& csvText, const QString& sourceName);
    /// The page's settings by name (none on some pages): the widgets bound to them show them;
    /// sessions, tests and tutorials read and set them here.
    LessonSettings& lessonSettings() { return *m_settings; }
    const LessonSettings& lessonSettings() const { return *m_settings; }
    /// Everything needed to restore the page, for session files (by default its settings).
    virtual QJsonObject saveState() const;
    /// Restores a saved state; returns an error message, or empty on success. Must leave the
    /// page unchanged when it fails. By default restores the settings.
    virtual QString restoreState(const QJsonObject& state);

    /// Presenter mode's clicker: +1 steps the page's loop or replay forwards, −1 back. Returns
    /// false when there is nothing (more) to step that way, and the presenter moves on to the
    /// next or previous lesson (the default: pages without a loop).
    virtual bool presenterStep(int direction)
    {
        Q_UNUSED(direction);
        return false;
    }

    /// The events (tutorial_events.h) the page reports with reportEvent(); a page that reports
    /// some declares its own tutorialEvents(), which the lesson registry reads.
    static QStringList tutorialEvents() { return {}; }

    /// Whether the page has an animation or a loop that File > Export animation can record; a
    /// page that has one declares its own hasAnimation() returning true (the registry reads it)
    /// and overrides startAnimation().
    static bool hasAnimation() { return false; }
    /// Starts the page's animation or loop from its beginning, for a recording; false when the
    /// page has none (or cannot start it now), in which case nothing changed.
    virtual bool startAnimation() { return false; }

signals:
    /// A message for the status bar.
    void statusMessage(const QString& text, int timeoutMs = 4000);
    /// Something a guided tutorial may wait for happened (an id of tutorial_events.h).
    void eventReported(const QString& event);
    /// The user asked from this page to open lesson `id` (the shell shows it).
    void lessonRequested(const QString& id);
    /// The user asked from this page to start tutorial `id` (the shell starts it).
    void tutorialRequested(const QString& id);

protected:
    JobRunner* jobs() const { return m_jobs; }
    void reportEvent(const QString& event) { emit eventReported(event); }
    /// The usual frame of a page: `toolbar` on top; below it `main` (taking the spare room) with
    /// `side` on its right, in a column `sideWidth` pixels wide. Returns the page's layout, for
    /// what goes below (a hint line).
    QVBoxLayout* layOutPage(QWidget* toolbar, QLayout* main, QLayout* side, int sideWidth);
    QVBoxLayout* layOutPage(QWidget* toolbar, QWidget* main, QLayout* side, int sideWidth);

private:
    JobRunner* m_jobs;
    LessonSettings* m_settings;
};

} // namespace ui
