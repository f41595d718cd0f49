#pragma once
// The status-bar face of the JobRunner: the label of the running job, a progress bar and a
// Cancel button (Esc). Hidden when nothing runs; failures are shown as status messages.

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class JobRunner;

class JobStatusWidget : public QWidget
{
    Q_OBJECT
public:
    JobStatusWidget(JobRunner* runner, QWidget* parent = nullptr);

    /// The key of the job whose progress is shown (empty when idle).
    QString currentKey() const { return m_key; }

signals:
    /// A message for the status bar (a job failed or was cancelled).
    void message(const QString& text, int timeoutMs);

private:
    void onStarted(const QString& key, const QString& label);
    void onProgressed(const QString& key, double fraction, const QString& stage);

    JobRunner* m_runner;
    QString m_key;
    QString m_label;
    QLabel* m_text;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
};

} // namespace ui
