#pragma once
// Reduces an RGBA image to at most 256 colours for GIF, by median cut:
//
//   1. a histogram of the pixels over 64 levels a channel (the 6 high bits), keeping each bin's
//      pixel count and the sums of its exact colours;
//   2. if at most `maxColours` bins are occupied, every bin is a palette entry (its mean colour,
//      which is the exact colour when the bin holds one colour: flat user-interface colours
//      come out unchanged);
//   3. otherwise the occupied bins are split into boxes: repeatedly the box with the largest
//      (pixel count × widest channel range) is sorted along that channel and cut where half of
//      its pixels lie on each side, until there are maxColours boxes; each box's palette entry
//      is the pixel-weighted mean colour of its bins.
//
// Pixels then take their bin's palette entry (no dithering: dithering adds noise that GIF's
// compression pays for, and slides of charts have few colours). Alpha is ignored.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace media {

/// One colour of a palette.
struct Rgb
{
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
};

/// An image as palette indices.
struct IndexedImage
{
    std::vector<Rgb> palette;          ///< 1 … maxColours entries
    std::vector<std::uint8_t> indices; ///< width × height, rows top to bottom
};

class ColourQuantizer
{
public:
    ColourQuantizer();

    /// Palette and indices of the width × height RGBA pixels at `rgba` (rows `stride` bytes
    /// apart); maxColours is 2 … 256.
    IndexedImage quantize(const std::uint8_t* rgba, std::ptrdiff_t stride, int width, int height,
                          int maxColours = 256);

private:
    struct Bin
    {
        std::uint64_t count = 0;
        std::uint64_t r = 0;
        std::uint64_t g = 0;
        std::uint64_t b = 0;
    };
    static constexpr int kBins = 1 << 18; ///< 6 bits a channel

    std::vector<Bin> m_bins;            ///< reused between calls (cleared for occupied bins only)
    std::vector<std::uint8_t> m_lookup; ///< bin → palette index
};

} // namespace media
