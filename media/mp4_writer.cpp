#include "media/mp4_writer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace media {

namespace {

std::string avError(int error)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(error, text, sizeof text);
    return text;
}

const AVCodec* findH264Encoder()
{
    // libx264 first: avcodec_find_encoder may also list hardware encoders that need a device.
    if (const AVCodec* codec = avcodec_find_encoder_by_name("libx264"))
        return codec;
    return avcodec_find_encoder(AV_CODEC_ID_H264);
}

} // namespace

std::string Mp4Writer::h264EncoderName()
{
    const AVCodec* codec = findH264Encoder();
    return codec ? std::string(codec->name) : std::string();
}

Mp4Writer::Mp4Writer(const std::string& path, const FrameFormat& format)
    : FrameWriter(format), m_path(path)
{
    if (format.width < 2 || format.height < 2 || format.width % 2 != 0 || format.height % 2 != 0)
        throw MediaError("H.264 video needs an even width and height of at least 2 pixels, not " +
                         std::to_string(format.width) + "×" + std::to_string(format.height));
    if (format.fps < 1 || format.fps > 240)
        throw MediaError("the frame rate must be 1 to 240 frames a second, not " +
                         std::to_string(format.fps));
    av_log_set_level(AV_LOG_ERROR); // FFmpeg's notes (x264's statistics) would flood the terminal
    const AVCodec* codec = findH264Encoder();
    if (!codec)
        throw MediaError("this FFmpeg (libavcodec " LIBAVCODEC_IDENT
                         ") has no H.264 encoder, so no MP4 can be "
                         "written; install libavcodec with libx264 (Debian's libavcodec59 has it) "
                         "or save a .gif");

    int status = avformat_alloc_output_context2(&m_format, nullptr, "mp4", path.c_str());
    if (status < 0 || !m_format)
        fail("cannot set up an MP4 file", status);
    m_stream = avformat_new_stream(m_format, nullptr);
    m_codec = avcodec_alloc_context3(codec);
    m_frame = av_frame_alloc();
    m_packet = av_packet_alloc();
    if (!m_stream || !m_codec || !m_frame || !m_packet)
        fail("out of memory", AVERROR(ENOMEM));

    m_codec->width = format.width;
    m_codec->height = format.height;
    m_codec->time_base = AVRational{1, format.fps};
    m_codec->framerate = AVRational{format.fps, 1};
    m_codec->pix_fmt = AV_PIX_FMT_YUV420P;
    m_codec->gop_size = 2 * format.fps; // a key frame every 2 s: slides can seek
    m_codec->thread_count = 1;          // leave the other core to the program being recorded
    m_codec->color_range = AVCOL_RANGE_MPEG;
    m_codec->colorspace = AVCOL_SPC_SMPTE170M; // what libswscale's default conversion produces
    m_codec->color_primaries = AVCOL_PRI_SMPTE170M;
    m_codec->color_trc = AVCOL_TRC_SMPTE170M;
    if (m_format->oformat->flags & AVFMT_GLOBALHEADER)
        m_codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    // libx264's own options; another encoder ignores what it does not know.
    av_opt_set(m_codec->priv_data, "preset", "veryfast", 0);
    av_opt_set(m_codec->priv_data, "tune", "animation", 0);
    av_opt_set(m_codec->priv_data, "crf", "20", 0);
    status = avcodec_open2(m_codec, codec, nullptr);
    if (status < 0)
        fail(std::string("cannot open the H.264 encoder ") + codec->name, status);
    status = avcodec_parameters_from_context(m_stream->codecpar, m_codec);
    if (status < 0)
        fail("cannot describe the video stream", status);
    m_stream->time_base = m_codec->time_base;
    m_stream->avg_frame_rate = m_codec->framerate;

    m_frame->format = AV_PIX_FMT_YUV420P;
    m_frame->width = format.width;
    m_frame->height = format.height;
    status = av_frame_get_buffer(m_frame, 0);
    if (status < 0)
        fail("cannot allocate a video frame", status);
    m_scaler =
        sws_getContext(format.width, format.height, AV_PIX_FMT_RGBA, format.width, format.height,
                       AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!m_scaler)
        fail("cannot set up the RGBA to YUV conversion", AVERROR(EINVAL));

    status = avio_open(&m_format->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (status < 0)
        fail("cannot create the file", status);
    AVDictionary* options = nullptr;
    av_dict_set(&options, "movflags", "+faststart", 0);
    status = avformat_write_header(m_format, &options);
    av_dict_free(&options);
    if (status < 0)
        fail("cannot write the MP4 header", status);
    m_headerWritten = true;
}

Mp4Writer::~Mp4Writer()
{
    release();
}

void Mp4Writer::release()
{
    sws_freeContext(m_scaler);
    m_scaler = nullptr;
    av_packet_free(&m_packet);
    av_frame_free(&m_frame);
    avcodec_free_context(&m_codec);
    if (m_format) {
        if (m_format->pb)
            avio_closep(&m_format->pb);
        avformat_free_context(m_format);
        m_format = nullptr;
    }
    m_stream = nullptr;
}

void Mp4Writer::fail(const std::string& what, int error)
{
    release();
    throw MediaError(what + " (" + m_path + "): " + avError(error));
}

void Mp4Writer::addFrame(const std::uint8_t* rgba, std::ptrdiff_t stride)
{
    if (m_finished || !m_codec)
        throw MediaError("the video " + m_path + " is already finished");
    checkFrame(rgba, stride);
    int status = av_frame_make_writable(m_frame);
    if (status < 0)
        fail("cannot reuse the video frame", status);
    const std::uint8_t* const source[1] = {rgba};
    const int sourceStride[1] = {int(stride)};
    sws_scale(m_scaler, source, sourceStride, 0, format().height, m_frame->data, m_frame->linesize);
    m_frame->pts = frameCount();
    encode(m_frame);
    countFrame();
}

void Mp4Writer::encode(AVFrame* frame)
{
    int status = avcodec_send_frame(m_codec, frame);
    if (status < 0)
        fail("cannot encode frame " + std::to_string(frameCount() + 1), status);
    while (true) {
        status = avcodec_receive_packet(m_codec, m_packet);
        if (status == AVERROR(EAGAIN) || status == AVERROR_EOF)
            return;
        if (status < 0)
            fail("cannot encode frame " + std::to_string(frameCount() + 1), status);
        av_packet_rescale_ts(m_packet, m_codec->time_base, m_stream->time_base);
        m_packet->stream_index = m_stream->index;
        status = av_interleaved_write_frame(m_format, m_packet); // takes the packet's data
        if (status < 0)
            fail("cannot write to the file", status);
    }
}

void Mp4Writer::finish()
{
    if (m_finished)
        return;
    if (!m_codec)
        throw MediaError("the video " + m_path + " could not be written");
    if (frameCount() == 0) {
        release();
        throw MediaError("no frame was recorded for " + m_path);
    }
    encode(nullptr);
    const int status = av_write_trailer(m_format);
    if (status < 0)
        fail("cannot finish the MP4 file", status);
    m_finished = true;
    release();
}

} // namespace media
