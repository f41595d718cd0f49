#pragma once
// Records a lesson page's animation to an animated GIF or an MP4 (File > Export animation and
// `emuplay --record`). The page's animation is started (LessonPage::startAnimation); a timer on
// the GUI thread grabs the page at the frame rate for the chosen time, and a worker thread
// scales each picture to the chosen size (aspect kept, centred on the page's background) and
// encodes it (media::FrameWriter), so the GUI thread only grabs. Frames follow the wall clock:
// when a grab comes late, the frames it missed repeat the last picture and the file plays at
// the page's own speed. If the encoder falls far behind, frames repeat rather than pile up.

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace media {
class FrameWriter;
}

namespace ui {

class LessonPage;

/// What to record and how.
struct RecordingSettings
{
    QString path; ///< .gif or .mp4 (the extension chooses the format)
    double seconds = 5.0;
    int fps = 25;
    QSize size; ///< of the file's frames; empty: the page's size (rounded down to even)
};

class PageRecorder : public QObject
{
    Q_OBJECT
public:
    PageRecorder(LessonPage* page, const RecordingSettings& settings, QObject* parent = nullptr);
    /// Cancels a recording still running (and removes its file).
    ~PageRecorder() override;

    /// Checks the settings, creates the file, starts the page's animation and the capture.
    /// Returns an error for the user (nothing started), or empty.
    QString start();
    /// Stops capturing and encoding; the unfinished file is removed; finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }
    /// Whether the recording ended by cancel().
    bool wasCancelled() const { return m_wasCancelled; }
    /// Frames the file will hold: seconds × fps.
    int frameCount() const { return m_total; }
    /// The size of the file's frames (known after start()).
    QSize frameSize() const { return m_size; }

    /// The error start() would give for these settings (format, rate, duration, size), or empty.
    static QString checkSettings(const RecordingSettings& settings);

signals:
    /// `captured` frames grabbed and `encoded` written, of `total`.
    void progressed(int captured, int encoded, int total);
    /// The recording ended: error is empty when the file is complete, else what went wrong
    /// ("cancelled" after cancel()).
    void finished(const QString& error);

private:
    void capture();
    void encodeLoop();
    void endWith(const QString& error);
    void stopWorker();

    LessonPage* m_page;
    RecordingSettings m_settings;
    QSize m_size;
    int m_total = 0;
    int m_captured = 0;
    bool m_running = false;
    bool m_wasCancelled = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QImage m_last;
    QColor m_background;

    std::unique_ptr<media::FrameWriter> m_writer;
    std::thread m_worker;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<QImage> m_queue; ///< frames waiting for the encoder (repeats share their pixels)
    bool m_inputDone = false;   ///< every frame is queued
    std::atomic<bool> m_cancelled{false};
    std::atomic<int> m_encoded{0};
};

} // namespace ui
