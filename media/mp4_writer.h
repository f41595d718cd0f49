#pragma once
// MP4 with H.264 video through FFmpeg: libswscale turns RGBA into YUV 4:2:0, libavcodec's H.264
// encoder (libx264 in Debian's FFmpeg) compresses, libavformat writes the MP4 with its index at
// the front ("faststart"), so presentation programs and browsers start playing at once. The
// picture must have an even width and height (4:2:0 halves both for the colour planes).

#include "media/frame_writer.h"

#include <string>

struct AVCodecContext;
struct AVFormatContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
struct SwsContext;

namespace media {

class Mp4Writer : public FrameWriter
{
public:
    /// Opens the encoder and creates the file; throws MediaError when this FFmpeg has no H.264
    /// encoder, the size is odd or the file cannot be written.
    Mp4Writer(const std::string& path, const FrameFormat& format);
    /// Frees everything; without finish() the file is incomplete.
    ~Mp4Writer() override;

    void addFrame(const std::uint8_t* rgba, std::ptrdiff_t stride) override;
    void finish() override;

    /// The name of the H.264 encoder FFmpeg offers ("libx264"), or empty when it has none.
    static std::string h264EncoderName();

private:
    /// Sends a frame (nullptr: flush) to the encoder and writes the packets it returns.
    void encode(AVFrame* frame);
    void release();
    [[noreturn]] void fail(const std::string& what, int error);

    std::string m_path;
    AVFormatContext* m_format = nullptr;
    AVCodecContext* m_codec = nullptr;
    AVStream* m_stream = nullptr;
    AVFrame* m_frame = nullptr;
    AVPacket* m_packet = nullptr;
    SwsContext* m_scaler = nullptr;
    bool m_headerWritten = false;
    bool m_finished = false;
};

} // namespace media
