#pragma once
// Animations for slides, written frame by frame: every frame has the same size and arrives as
// RGBA pixels (8 bits a channel, rows top to bottom). GifWriter writes an animated GIF (giflib),
// Mp4Writer an MP4 holding H.264 video (FFmpeg's libavformat/libavcodec). Plain C++: no Qt, no
// engine, no threads of its own; callers that must stay responsive run a writer on a worker.
// Failures throw MediaError with a message for the user (what failed, on which file).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace media {

/// A writer could not be opened, was given a bad frame, or could not write its file.
class MediaError : public std::runtime_error
{
public:
    explicit MediaError(const std::string& message) : std::runtime_error(message) {}
};

/// The size and rate every frame of one animation shares.
struct FrameFormat
{
    int width = 0;  ///< pixels
    int height = 0; ///< pixels
    int fps = 25;   ///< frames per second
};

/// Base of the animation writers.
class FrameWriter
{
public:
    virtual ~FrameWriter() = default;
    FrameWriter(const FrameWriter&) = delete;
    FrameWriter& operator=(const FrameWriter&) = delete;

    /// Appends a frame of format().width × format().height RGBA pixels; `stride` is the number
    /// of bytes from the start of one row to the next (at least 4 × width).
    virtual void addFrame(const std::uint8_t* rgba, std::ptrdiff_t stride) = 0;
    /// Writes what is pending and closes the file. No frame may follow.
    virtual void finish() = 0;

    const FrameFormat& format() const { return m_format; }
    /// Frames added so far.
    int frameCount() const { return m_frames; }

protected:
    explicit FrameWriter(const FrameFormat& format) : m_format(format) {}
    /// Throws MediaError unless the frame pointer and stride fit the format.
    void checkFrame(const std::uint8_t* rgba, std::ptrdiff_t stride) const;
    void countFrame() { ++m_frames; }

private:
    FrameFormat m_format;
    int m_frames = 0;
};

/// The kinds of file the writers produce.
enum class Container
{
    Gif,
    Mp4
};

/// The container a file name asks for by its extension (.gif, .mp4; any case), if any.
std::optional<Container> containerForPath(const std::string& path);

/// Opens the writer for `path`'s extension; throws MediaError for another extension or when the
/// file cannot be written.
std::unique_ptr<FrameWriter> openFrameWriter(const std::string& path, const FrameFormat& format);

} // namespace media
