#include "media/frame_writer.h"

#include "media/gif_writer.h"
#include "media/mp4_writer.h"

#include <algorithm>
#include <cctype>

namespace media {

void FrameWriter::checkFrame(const std::uint8_t* rgba, std::ptrdiff_t stride) const
{
    if (!rgba)
        throw MediaError("no pixels given for frame " + std::to_string(m_frames + 1));
    if (stride < std::ptrdiff_t(4) * m_format.width)
        throw MediaError("frame rows of " + std::to_string(stride) + " bytes are too short for " +
                         std::to_string(m_format.width) + " RGBA pixels");
}

std::optional<Container> containerForPath(const std::string& path)
{
    const std::size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || path.find_first_of("/\\", dot) != std::string::npos)
        return std::nullopt;
    std::string extension = path.substr(dot + 1);
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (extension == "gif")
        return Container::Gif;
    if (extension == "mp4")
        return Container::Mp4;
    return std::nullopt;
}

std::unique_ptr<FrameWriter> openFrameWriter(const std::string& path, const FrameFormat& format)
{
    const std::optional<Container> container = containerForPath(path);
    if (!container)
        throw MediaError("cannot tell the format of \"" + path + "\": name it .gif or .mp4");
    if (*container == Container::Gif)
        return std::make_unique<GifWriter>(path, format);
    return std::make_unique<Mp4Writer>(path, format);
}

} // namespace media
