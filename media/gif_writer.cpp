#include "media/gif_writer.h"

#include <gif_lib.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace media {

namespace {

std::string gifError(int error)
{
    const char* text = GifErrorString(error);
    return text ? std::string(text) : "giflib error " + std::to_string(error);
}

/// Hundredths of a second from the start to the start of frame k.
long long startCentiseconds(long long k, int fps)
{
    return std::llround(100.0 * double(k) / double(fps));
}

} // namespace

GifWriter::GifWriter(const std::string& path, const FrameFormat& format)
    : FrameWriter(format), m_path(path)
{
    if (format.width < 1 || format.height < 1 || format.width > 65535 || format.height > 65535)
        throw MediaError("a GIF must be 1 to 65535 pixels a side, not " +
                         std::to_string(format.width) + "×" + std::to_string(format.height));
    if (format.fps < 1 || format.fps > kMaxFps)
        throw MediaError("a GIF plays 1 to " + std::to_string(kMaxFps) + " frames a second, not " +
                         std::to_string(format.fps));
    // Opened here rather than by EGifOpenFileName, which makes the file readable by its owner only.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        throw MediaError("cannot create " + path + ": " + std::strerror(errno));
    int error = 0;
    m_gif = EGifOpenFileHandle(fd, &error);
    if (!m_gif) {
        ::close(fd);
        throw MediaError("cannot create " + path + ": " + gifError(error));
    }
    EGifSetGifVersion(m_gif, true);
    if (EGifPutScreenDesc(m_gif, format.width, format.height, 8, 0, nullptr) == GIF_ERROR)
        fail("cannot write the GIF header", m_gif->Error);
    // The Netscape application extension: loop forever (count 0).
    const GifByteType loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(m_gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
        EGifPutExtensionBlock(m_gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(m_gif) == GIF_ERROR)
        fail("cannot write the GIF loop extension", m_gif->Error);
}

GifWriter::~GifWriter()
{
    if (m_gif) {
        int error = 0;
        EGifCloseFile(m_gif, &error);
    }
}

void GifWriter::fail(const std::string& what, int error)
{
    if (m_gif) {
        int ignored = 0;
        EGifCloseFile(m_gif, &ignored);
        m_gif = nullptr;
    }
    throw MediaError(what + " (" + m_path + "): " + gifError(error));
}

void GifWriter::addFrame(const std::uint8_t* rgba, std::ptrdiff_t stride)
{
    if (!m_gif)
        throw MediaError("the GIF " + m_path + " is already finished");
    checkFrame(rgba, stride);
    const int k = frameCount();
    const int delay =
        int(startCentiseconds(k + 1, format().fps) - startCentiseconds(k, format().fps));
    writeFrame(rgba, stride, changedRectangle(rgba, stride), delay);

    const std::size_t row = std::size_t(format().width) * 4;
    m_previous.resize(row * std::size_t(format().height));
    for (int y = 0; y < format().height; ++y)
        std::memcpy(m_previous.data() + row * std::size_t(y), rgba + std::ptrdiff_t(y) * stride,
                    row);
    countFrame();
}

std::array<int, 4> GifWriter::changedRectangle(const std::uint8_t* rgba,
                                               std::ptrdiff_t stride) const
{
    const int width = format().width;
    const int height = format().height;
    if (m_previous.empty())
        return {0, 0, width, height};
    const std::size_t row = std::size_t(width) * 4;
    auto differs = [&](int x, int y) {
        return std::memcmp(rgba + std::ptrdiff_t(y) * stride + 4 * x,
                           m_previous.data() + row * std::size_t(y) + 4 * std::size_t(x), 3) != 0;
    };
    int top = 0;
    while (top < height && std::memcmp(rgba + std::ptrdiff_t(top) * stride,
                                       m_previous.data() + row * std::size_t(top), row) == 0)
        ++top;
    if (top == height)
        return {0, 0, 0, 0}; // nothing changed
    int bottom = height - 1;
    while (std::memcmp(rgba + std::ptrdiff_t(bottom) * stride,
                       m_previous.data() + row * std::size_t(bottom), row) == 0)
        --bottom;
    int left = width;
    int right = -1;
    for (int y = top; y <= bottom; ++y) {
        for (int x = 0; x < left; ++x)
            if (differs(x, y)) {
                left = x;
                break;
            }
        for (int x = width - 1; x > right; --x)
            if (differs(x, y)) {
                right = x;
                break;
            }
    }
    if (right < left) // rows differ in alpha only, which GIF does not store
        return {0, 0, 0, 0};
    return {left, top, right - left + 1, bottom - top + 1};
}

void GifWriter::writeFrame(const std::uint8_t* rgba, std::ptrdiff_t stride,
                           const std::array<int, 4>& rect, int delayCentiseconds)
{
    if (rect[2] == 0) {
        writeUnchangedFrame(delayCentiseconds);
        return;
    }
    const auto [left, top, width, height] = rect;
    const std::uint8_t* origin = rgba + std::ptrdiff_t(top) * stride + 4 * left;
    IndexedImage image = m_quantizer.quantize(origin, stride, width, height);

    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT; // the next frame draws over this one
    control.UserInputFlag = false;
    control.DelayTime = delayCentiseconds;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    if (EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_ERROR)
        fail("cannot write frame " + std::to_string(frameCount() + 1), m_gif->Error);

    int size = 2; // a GIF palette has a power-of-two size
    while (size < int(image.palette.size()))
        size *= 2;
    std::vector<GifColorType> colours(size_t(size), GifColorType{0, 0, 0});
    for (std::size_t i = 0; i < image.palette.size(); ++i)
        colours[i] = GifColorType{image.palette[i].r, image.palette[i].g, image.palette[i].b};
    ColorMapObject* map = GifMakeMapObject(size, colours.data());
    if (!map)
        fail("out of memory for a palette", E_GIF_ERR_NOT_ENOUGH_MEM);
    const int status = EGifPutImageDesc(m_gif, left, top, width, height, false, map);
    GifFreeMapObject(map); // giflib copies the map
    if (status == GIF_ERROR)
        fail("cannot write frame " + std::to_string(frameCount() + 1), m_gif->Error);
    for (int y = 0; y < height; ++y) {
        GifPixelType* line = image.indices.data() + std::size_t(y) * std::size_t(width);
        if (EGifPutLine(m_gif, line, width) == GIF_ERROR)
            fail("cannot write frame " + std::to_string(frameCount() + 1), m_gif->Error);
    }
}

void GifWriter::writeUnchangedFrame(int delayCentiseconds)
{
    // One transparent pixel: the picture stays as it is for the frame's time.
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.DelayTime = delayCentiseconds;
    control.TransparentColor = 0;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    const GifColorType colours[2] = {{0, 0, 0}, {0, 0, 0}};
    ColorMapObject* map = GifMakeMapObject(2, colours);
    if (!map)
        fail("out of memory for a palette", E_GIF_ERR_NOT_ENOUGH_MEM);
    GifPixelType transparent = 0;
    const bool ok = EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) != GIF_ERROR &&
                    EGifPutImageDesc(m_gif, 0, 0, 1, 1, false, map) != GIF_ERROR &&
                    EGifPutLine(m_gif, &transparent, 1) != GIF_ERROR;
    GifFreeMapObject(map);
    if (!ok)
        fail("cannot write frame " + std::to_string(frameCount() + 1), m_gif->Error);
}

void GifWriter::finish()
{
    if (!m_gif)
        return;
    if (frameCount() == 0) {
        // A GIF needs at least one image: an empty animation is refused rather than written broken.
        int ignored = 0;
        EGifCloseFile(m_gif, &ignored);
        m_gif = nullptr;
        throw MediaError("no frame was recorded for " + m_path);
    }
    int error = 0;
    const int status = EGifCloseFile(m_gif, &error);
    m_gif = nullptr;
    if (status == GIF_ERROR)
        throw MediaError("cannot finish " + m_path + ": " + gifError(error));
}

} // namespace media
