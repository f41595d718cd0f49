#include "ui/shell/job_status_widget.h"

#include "ui/base/job_runner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace ui {

JobStatusWidget::JobStatusWidget(JobRunner* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_text(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(160);
    m_cancel->setShortcut(Qt::Key_Escape);
    m_cancel->setToolTip(tr("Stop the running computation (Esc); its result is discarded"));
    setVisible(false);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!m_key.isEmpty())
            m_runner->cancel(m_key);
    });
    connect(runner, &JobRunner::started, this, &JobStatusWidget::onStarted);
    connect(runner, &JobRunner::progressed, this, &JobStatusWidget::onProgressed);
    connect(runner, &JobRunner::failed, this, [this](const QString&, const QString& error) {
        emit message(tr("Failed: %1").arg(error), 10000);
    });
    connect(runner, &JobRunner::cancelled, this, [this](const QString& key) {
        if (key == m_key && !m_runner->isBusy())
            emit message(tr("%1: cancelled").arg(m_label), 3000);
    });
    connect(runner, &JobRunner::idle, this, [this] {
        m_key.clear();
        setVisible(false);
    });
}

void JobStatusWidget::onStarted(const QString& key, const QString& label)
{
    m_key = key;
    m_label = label;
    m_text->setText(label);
    m_bar->setValue(0);
    setVisible(true);
}

void JobStatusWidget::onProgressed(const QString& key, double fraction, const QString& stage)
{
    if (key != m_key)
        return;
    m_bar->setValue(int(fraction * 1000));
    m_text->setText(stage.isEmpty() ? m_label : m_label + QStringLiteral(": ") + stage);
}

} // namespace ui
