#pragma once
// Animated GIF (GIF89a, looping forever) through giflib. Each frame gets its own palette of up
// to 256 colours (ColourQuantizer). Only the rectangle that changed since the previous frame is
// stored, drawn over the previous picture, so an animation of a small moving part of a large
// page stays small. GIF counts time in hundredths of a second: frame k lasts
// round(100(k+1)/fps) − round(100k/fps) of them, so the total duration is exact. Browsers slow
// down frames shorter than 2/100 s, so the frame rate is at most 50.

#include "media/colour_quantizer.h"
#include "media/frame_writer.h"

#include <vector>

struct GifFileType;

namespace media {

class GifWriter : public FrameWriter
{
public:
    /// Creates (or replaces) the file; throws MediaError if it cannot, or for a size or rate
    /// GIF cannot hold (1 … 65535 pixels a side, 1 … 50 frames a second).
    GifWriter(const std::string& path, const FrameFormat& format);
    /// Closes the file if finish() was not called (the animation may then be incomplete).
    ~GifWriter() override;

    void addFrame(const std::uint8_t* rgba, std::ptrdiff_t stride) override;
    void finish() override;

    static constexpr int kMaxFps = 50;

private:
    /// The part of the frame that differs from the previous one: {left, top, width, height}, or
    /// a width of 0 when nothing does.
    std::array<int, 4> changedRectangle(const std::uint8_t* rgba, std::ptrdiff_t stride) const;
    void writeFrame(const std::uint8_t* rgba, std::ptrdiff_t stride, const std::array<int, 4>& rect,
                    int delayCentiseconds);
    void writeUnchangedFrame(int delayCentiseconds);
    void fail(const std::string& what, int error);

    std::string m_path;
    GifFileType* m_gif = nullptr;
    ColourQuantizer m_quantizer;
    std::vector<std::uint8_t> m_previous; ///< the previous frame, tightly packed RGBA
};

} // namespace media
