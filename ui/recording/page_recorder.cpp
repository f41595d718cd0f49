#include "ui/recording/page_recorder.h"

#include "media/frame_writer.h"
#include "media/gif_writer.h"
#include "ui/lessons/lesson_page.h"

#include <QFile>
#include <QPainter>
#include <QPixmap>

#include <cmath>

namespace ui {

namespace {

constexpr int kMinSide = 16;
constexpr int kMaxSide = 3840;
constexpr double kMaxSeconds = 600.0;
constexpr int kMaxFps = 60;
constexpr qint64 kMaxQueuedBytes = qint64(512) << 20; ///< frames waiting for the encoder, at most

QSize evenSize(QSize size)
{
    return QSize(size.width() / 2 * 2, size.height() / 2 * 2);
}

} // namespace

PageRecorder::PageRecorder(LessonPage* page, const RecordingSettings& settings, QObject* parent)
    : QObject(parent), m_page(page), m_settings(settings)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PageRecorder::capture);
}

PageRecorder::~PageRecorder()
{
    if (m_running) {
        m_cancelled = true;
        stopWorker();
        m_writer.reset();
        QFile::remove(m_settings.path);
    }
}

QString PageRecorder::checkSettings(const RecordingSettings& settings)
{
    const std::optional<media::Container> container =
        media::containerForPath(settings.path.toStdString());
    if (!container)
        return tr("Name the file .gif or .mp4: \"%1\" has neither extension.").arg(settings.path);
    const int maxFps = *container == media::Container::Gif ? media::GifWriter::kMaxFps : kMaxFps;
    if (settings.fps < 1 || settings.fps > maxFps)
        return tr("The frame rate must be 1 to %1 frames a second for %2, not %3.")
            .arg(maxFps)
            .arg(*container == media::Container::Gif ? QStringLiteral("GIF")
                                                     : QStringLiteral("MP4"))
            .arg(settings.fps);
    if (!(settings.seconds > 0.0) || settings.seconds > kMaxSeconds)
        return tr("The length must be more than 0 and at most %1 seconds, not %2.")
            .arg(kMaxSeconds)
            .arg(settings.seconds);
    if (std::lround(settings.seconds * settings.fps) < 1)
        return tr("%1 s at %2 frames a second is not one frame.")
            .arg(settings.seconds)
            .arg(settings.fps);
    if (!settings.size.isEmpty() &&
        (settings.size.width() < kMinSide || settings.size.height() < kMinSide ||
         settings.size.width() > kMaxSide || settings.size.height() > kMaxSide))
        return tr("The size must be %1 to %2 pixels a side, not %3×%4.")
            .arg(kMinSide)
            .arg(kMaxSide)
            .arg(settings.size.width())
            .arg(settings.size.height());
    return {};
}

QString PageRecorder::start()
{
    if (m_running)
        return tr("A recording is already running.");
    if (const QString error = checkSettings(m_settings); !error.isEmpty())
        return error;
    m_size = evenSize(m_settings.size.isEmpty() ? m_page->size() : m_settings.size);
    if (m_size.width() < kMinSide || m_size.height() < kMinSide)
        return tr("The page is too small to record (%1×%2).")
            .arg(m_page->width())
            .arg(m_page->height());
    m_total = int(std::lround(m_settings.seconds * m_settings.fps));
    try {
        m_writer = media::openFrameWriter(
            m_settings.path.toStdString(),
            media::FrameFormat{m_size.width(), m_size.height(), m_settings.fps});
    } catch (const media::MediaError& e) {
        return QString::fromUtf8(e.what());
    }
    if (!m_page->startAnimation()) {
        m_writer.reset();
        QFile::remove(m_settings.path);
        return tr("This page has no animation to record.");
    }
    m_background = m_page->palette().color(m_page->backgroundRole());
    m_running = true;
    m_captured = 0;
    m_encoded = 0;
    m_cancelled = false;
    m_inputDone = false;
    m_worker = std::thread([this] { encodeLoop(); });
    m_clock.start();
    capture(); // frame 0 at once
    if (m_running && m_captured < m_total)
        m_timer.start(std::max(1, 1000 / m_settings.fps));
    return {};
}

void PageRecorder::capture()
{
    if (!m_running || m_cancelled)
        return;
    const int due = std::min<int>(m_total, int(m_clock.elapsed() * m_settings.fps / 1000) + 1);
    if (m_captured >= due)
        return;
    bool backlog = false;
    {
        std::lock_guard lock(m_mutex);
        backlog =
            !m_last.isNull() && qint64(m_queue.size()) * m_last.sizeInBytes() > kMaxQueuedBytes;
    }
    if (!backlog || m_last.isNull())
        m_last = m_page->grab().toImage(); // the only work on the GUI thread
    {
        std::lock_guard lock(m_mutex);
        for (; m_captured < due; ++m_captured)
            m_queue.push_back(m_last); // repeats share the pixels
        if (m_captured >= m_total)
            m_inputDone = true;
    }
    m_wake.notify_one();
    emit progressed(m_captured, m_encoded, m_total);
    if (m_captured >= m_total)
        m_timer.stop();
}

void PageRecorder::encodeLoop()
{
    QString error;
    QImage canvas(m_size, QImage::Format_RGBA8888);
    QImage previousSource;
    try {
        while (true) {
            QImage frame;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock,
                            [this] { return m_cancelled || !m_queue.empty() || m_inputDone; });
                if (m_cancelled)
                    return;
                if (m_queue.empty())
                    break; // every frame is in
                frame = std::move(m_queue.front());
                m_queue.pop_front();
            }
            if (frame.isNull() || frame.cacheKey() != previousSource.cacheKey()) {
                previousSource = frame;
                // Scale to fit, keep the aspect, centre on the page's background.
                canvas.fill(m_background);
                const QImage scaled =
                    frame.size() == m_size
                        ? frame
                        : frame.scaled(m_size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
                QPainter painter(&canvas);
                painter.drawImage(QPoint((m_size.width() - scaled.width()) / 2,
                                         (m_size.height() - scaled.height()) / 2),
                                  scaled);
            }
            m_writer->addFrame(canvas.constBits(), canvas.bytesPerLine());
            const int encoded = ++m_encoded;
            QMetaObject::invokeMethod(
                this, [this, encoded] { emit progressed(m_captured, encoded, m_total); },
                Qt::QueuedConnection);
        }
        m_writer->finish();
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    QMetaObject::invokeMethod(
        this, [this, error] { endWith(error); }, Qt::QueuedConnection);
}

void PageRecorder::stopWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
    }
    m_wake.notify_one();
    if (m_worker.joinable())
        m_worker.join();
}

void PageRecorder::endWith(const QString& error)
{
    if (!m_running)
        return;
    m_timer.stop();
    stopWorker();
    m_writer.reset();
    m_running = false;
    m_last = QImage();
    if (!error.isEmpty())
        QFile::remove(m_settings.path);
    emit finished(error);
}

void PageRecorder::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    m_wasCancelled = true;
    endWith(tr("cancelled"));
}

} // namespace ui
