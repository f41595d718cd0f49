#include "media/colour_quantizer.h"

#include "media/frame_writer.h"

#include <algorithm>
#include <numeric>

namespace media {

namespace {

int binOf(const std::uint8_t* pixel)
{
    return (pixel[0] >> 2) << 12 | (pixel[1] >> 2) << 6 | (pixel[2] >> 2);
}

/// An occupied histogram bin during median cut.
struct Entry
{
    int bin = 0;
    std::uint64_t count = 0;
    std::array<std::uint64_t, 3> sum{};

    double mean(int channel) const { return double(sum[size_t(channel)]) / double(count); }
};

/// A box of the median cut: entries [begin, end).
struct Box
{
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint64_t count = 0;
    int channel = 0;    ///< the channel with the widest range
    double range = 0.0; ///< that range
};

void measure(Box& box, const std::vector<Entry>& entries)
{
    box.count = 0;
    std::array<double, 3> low{255.0, 255.0, 255.0};
    std::array<double, 3> high{0.0, 0.0, 0.0};
    for (std::size_t i = box.begin; i < box.end; ++i) {
        box.count += entries[i].count;
        for (int c = 0; c < 3; ++c) {
            low[size_t(c)] = std::min(low[size_t(c)], entries[i].mean(c));
            high[size_t(c)] = std::max(high[size_t(c)], entries[i].mean(c));
        }
    }
    box.range = -1.0;
    for (int c = 0; c < 3; ++c)
        if (high[size_t(c)] - low[size_t(c)] > box.range) {
            box.range = high[size_t(c)] - low[size_t(c)];
            box.channel = c;
        }
}

Rgb meanColour(const std::vector<Entry>& entries, std::size_t begin, std::size_t end)
{
    std::array<std::uint64_t, 3> sum{};
    std::uint64_t count = 0;
    for (std::size_t i = begin; i < end; ++i) {
        count += entries[i].count;
        for (size_t c = 0; c < 3; ++c)
            sum[c] += entries[i].sum[c];
    }
    auto channel = [&](size_t c) { return std::uint8_t((sum[c] + count / 2) / count); };
    return Rgb{channel(0), channel(1), channel(2)};
}

} // namespace

ColourQuantizer::ColourQuantizer() : m_bins(kBins), m_lookup(kBins, 0) {}

IndexedImage ColourQuantizer::quantize(const std::uint8_t* rgba, std::ptrdiff_t stride, int width,
                                       int height, int maxColours)
{
    if (width <= 0 || height <= 0)
        throw MediaError("cannot quantize an empty image");
    maxColours = std::clamp(maxColours, 2, 256);

    std::vector<int> occupied;
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* pixel = rgba + std::ptrdiff_t(y) * stride;
        for (int x = 0; x < width; ++x, pixel += 4) {
            Bin& bin = m_bins[size_t(binOf(pixel))];
            if (bin.count++ == 0)
                occupied.push_back(binOf(pixel));
            bin.r += pixel[0];
            bin.g += pixel[1];
            bin.b += pixel[2];
        }
    }

    std::vector<Entry> entries;
    entries.reserve(occupied.size());
    for (int b : occupied) {
        Bin& bin = m_bins[size_t(b)];
        entries.push_back(Entry{b, bin.count, {bin.r, bin.g, bin.b}});
        bin = Bin{}; // ready for the next image
    }

    std::vector<Box> boxes{Box{0, entries.size()}};
    measure(boxes.front(), entries);
    while (int(boxes.size()) < maxColours) {
        // The box whose cut helps most: many pixels spread over a wide range of one channel.
        auto widest = boxes.end();
        double best = 0.0;
        for (auto it = boxes.begin(); it != boxes.end(); ++it) {
            const double score = double(it->count) * it->range;
            if (it->end - it->begin > 1 && score > best) {
                best = score;
                widest = it;
            }
        }
        if (widest == boxes.end())
            break; // every box is one bin: the palette is exact up to the bins
        Box box = *widest;
        const int channel = box.channel;
        std::sort(entries.begin() + std::ptrdiff_t(box.begin),
                  entries.begin() + std::ptrdiff_t(box.end),
                  [channel](const Entry& a, const Entry& b) {
                      return a.mean(channel) < b.mean(channel);
                  });
        std::uint64_t below = 0;
        std::size_t cut = box.begin;
        while (cut < box.end - 1 && below + entries[cut].count <= box.count / 2)
            below += entries[cut++].count;
        cut = std::max(cut, box.begin + 1); // both halves keep at least one bin
        Box low{box.begin, cut};
        Box high{cut, box.end};
        measure(low, entries);
        measure(high, entries);
        *widest = low;
        boxes.push_back(high);
    }

    IndexedImage image;
    image.palette.reserve(boxes.size());
    for (std::size_t k = 0; k < boxes.size(); ++k) {
        image.palette.push_back(meanColour(entries, boxes[k].begin, boxes[k].end));
        for (std::size_t i = boxes[k].begin; i < boxes[k].end; ++i)
            m_lookup[size_t(entries[i].bin)] = std::uint8_t(k);
    }
    image.indices.resize(size_t(width) * size_t(height));
    std::uint8_t* out = image.indices.data();
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* pixel = rgba + std::ptrdiff_t(y) * stride;
        for (int x = 0; x < width; ++x, pixel += 4)
            *out++ = m_lookup[size_t(binOf(pixel))];
    }
    return image;
}

} // namespace media
