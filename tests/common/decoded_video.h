#pragma once
// Reads back what the animation writers wrote, with the same libraries, for tests: every frame
// of a GIF (giflib's DGifSlurp, each frame drawn over the previous picture as the writer asks)
// or of an MP4 (libavformat + libavcodec, converted to RGBA by libswscale).

#include <gif_lib.h>
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace emu::test {

struct DecodedVideo
{
    std::string error; ///< empty when the file was read
    int width = 0;
    int height = 0;
    std::vector<std::vector<std::uint8_t>> frames; ///< RGBA, width × height each
    std::vector<int> delays;                       ///< GIF only: each frame's time in 1/100 s
    std::string codec;                             ///< MP4 only: the video codec's name

    const std::uint8_t* pixel(int frame, int x, int y) const
    {
        return frames[size_t(frame)].data() + 4 * (size_t(y) * size_t(width) + size_t(x));
    }
};

inline DecodedVideo decodeGif(const std::string& path)
{
    DecodedVideo video;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    if (!gif) {
        video.error = "cannot open " + path + ": " + GifErrorString(error);
        return video;
    }
    if (DGifSlurp(gif) == GIF_ERROR) {
        video.error = "cannot read " + path + ": " + GifErrorString(gif->Error);
        DGifCloseFile(gif, &error);
        return video;
    }
    video.width = gif->SWidth;
    video.height = gif->SHeight;
    std::vector<std::uint8_t> canvas(size_t(video.width) * size_t(video.height) * 4, 0);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& image = gif->SavedImages[i];
        const GifImageDesc& d = image.ImageDesc;
        const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
        GraphicsControlBlock control{};
        control.TransparentColor = NO_TRANSPARENT_COLOR;
        DGifSavedExtensionToGCB(gif, i, &control);
        video.delays.push_back(control.DelayTime);
        if (!map || d.Left + d.Width > video.width || d.Top + d.Height > video.height) {
            video.error =
                "frame " + std::to_string(i) + " has no palette or lies outside the picture";
            break;
        }
        for (int y = 0; y < d.Height; ++y)
            for (int x = 0; x < d.Width; ++x) {
                const int index = image.RasterBits[y * d.Width + x];
                if (index == control.TransparentColor)
                    continue;
                const GifColorType c = map->Colors[index];
                std::uint8_t* out = canvas.data() + 4 * (size_t(d.Top + y) * size_t(video.width) +
                                                         size_t(d.Left + x));
                out[0] = c.Red;
                out[1] = c.Green;
                out[2] = c.Blue;
                out[3] = 255;
            }
        video.frames.push_back(canvas);
    }
    DGifCloseFile(gif, &error);
    return video;
}

inline DecodedVideo decodeMp4(const std::string& path)
{
    DecodedVideo video;
    AVFormatContext* format = nullptr;
    if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) {
        video.error = "cannot open " + path;
        return video;
    }
    const AVCodec* decoder = nullptr;
    const int streamIndex =
        avformat_find_stream_info(format, nullptr) < 0
            ? -1
            : av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    AVCodecContext* codec = streamIndex >= 0 ? avcodec_alloc_context3(decoder) : nullptr;
    if (!codec ||
        avcodec_parameters_to_context(codec, format->streams[streamIndex]->codecpar) < 0 ||
        avcodec_open2(codec, decoder, nullptr) < 0) {
        video.error = "no decodable video stream in " + path;
        avcodec_free_context(&codec);
        avformat_close_input(&format);
        return video;
    }
    video.codec = decoder->name;
    video.width = codec->width;
    video.height = codec->height;
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    SwsContext* scaler = nullptr;
    auto receive = [&] {
        while (avcodec_receive_frame(codec, frame) == 0) {
            scaler = sws_getCachedContext(scaler, frame->width, frame->height,
                                          AVPixelFormat(frame->format), video.width, video.height,
                                          AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr);
            std::vector<std::uint8_t> rgba(size_t(video.width) * size_t(video.height) * 4);
            std::uint8_t* out[1] = {rgba.data()};
            const int outStride[1] = {4 * video.width};
            sws_scale(scaler, frame->data, frame->linesize, 0, frame->height, out, outStride);
            video.frames.push_back(std::move(rgba));
        }
    };
    while (av_read_frame(format, packet) >= 0) {
        if (packet->stream_index == streamIndex && avcodec_send_packet(codec, packet) >= 0)
            receive();
        av_packet_unref(packet);
    }
    avcodec_send_packet(codec, nullptr); // flush the frames the decoder still holds
    receive();
    sws_freeContext(scaler);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    avformat_close_input(&format);
    return video;
}

/// Decodes by the file's extension (.gif, else MP4).
inline DecodedVideo decodeVideo(const std::string& path)
{
    const bool gif = path.size() > 4 && path.compare(path.size() - 4, 4, ".gif") == 0;
    return gif ? decodeGif(path) : decodeMp4(path);
}

/// Number of distinct RGB colours in a frame.
inline int distinctColours(const std::vector<std::uint8_t>& rgba)
{
    std::set<std::uint32_t> colours;
    for (size_t i = 0; i + 3 < rgba.size(); i += 4)
        colours.insert(std::uint32_t(rgba[i]) << 16 | std::uint32_t(rgba[i + 1]) << 8 |
                       rgba[i + 2]);
    return int(colours.size());
}

/// Mean absolute difference per channel between two frames of the same size (RGB only).
inline double meanAbsoluteDifference(const std::vector<std::uint8_t>& a,
                                     const std::vector<std::uint8_t>& b)
{
    double sum = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (i % 4 == 3)
            continue;
        sum += std::abs(int(a[i]) - int(b[i]));
        ++count;
    }
    return count ? sum / double(count) : 0.0;
}

} // namespace emu::test
