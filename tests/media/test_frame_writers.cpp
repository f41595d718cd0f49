// The GIF and MP4 writers: files written frame by frame are read back with giflib and FFmpeg,
// with the right number of frames, the right size, the right timing and the pictures drawn.

#include "common/decoded_video.h"
#include "media/colour_quantizer.h"
#include "media/frame_writer.h"
#include "media/gif_writer.h"
#include "media/mp4_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <numeric>

using emu::test::DecodedVideo;

namespace {

constexpr int kWidth = 96;
constexpr int kHeight = 64;
constexpr int kSquare = 16;

/// Frame k: a smooth background (many colours) and a red square moving right 6 pixels a frame.
std::vector<std::uint8_t> testFrame(int k)
{
    std::vector<std::uint8_t> rgba(size_t(kWidth) * kHeight * 4);
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x) {
            std::uint8_t* p = rgba.data() + 4 * (size_t(y) * kWidth + x);
            const bool square = x >= 6 * k && x < 6 * k + kSquare && y >= 24 && y < 24 + kSquare;
            p[0] = square ? 220 : std::uint8_t(40 + 2 * x);
            p[1] = square ? 20 : std::uint8_t(60 + 3 * y);
            p[2] = square ? 30 : std::uint8_t(200 - x);
            p[3] = 255;
        }
    return rgba;
}

void writeFrames(const std::string& path, int frames, int fps)
{
    std::unique_ptr<media::FrameWriter> writer =
        media::openFrameWriter(path, {kWidth, kHeight, fps});
    for (int k = 0; k < frames; ++k)
        writer->addFrame(testFrame(k).data(), 4 * kWidth);
    writer->finish();
}

/// The mean colour of the square's inside in frame k (a margin keeps video blur out).
std::array<double, 3> squareColour(const DecodedVideo& video, int k)
{
    std::array<double, 3> sum{};
    int n = 0;
    for (int y = 28; y < 24 + kSquare - 4; ++y)
        for (int x = 6 * k + 4; x < 6 * k + kSquare - 4; ++x, ++n)
            for (int c = 0; c < 3; ++c)
                sum[size_t(c)] += video.pixel(k, x, y)[c];
    for (double& s : sum)
        s /= n;
    return sum;
}

} // namespace

class TestFrameWriters : public QObject
{
    Q_OBJECT
private slots:
    void containerFollowsTheExtension()
    {
        QCOMPARE(media::containerForPath("/tmp/a.gif"), std::optional(media::Container::Gif));
        QCOMPARE(media::containerForPath("slides/Car.MP4"), std::optional(media::Container::Mp4));
        QVERIFY(!media::containerForPath("car.png"));
        QVERIFY(!media::containerForPath("dir.gif/car"));
        QVERIFY_THROWS_EXCEPTION(media::MediaError,
                                 media::openFrameWriter("/tmp/car.avi", {8, 8, 10}));
    }

    void gifHasEveryFrameAndItsTiming()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("square.gif").toStdString();
        writeFrames(path, 12, 30);
        const DecodedVideo video = emu::test::decodeGif(path);
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(video.width, kWidth);
        QCOMPARE(video.height, kHeight);
        QCOMPARE(int(video.frames.size()), 12);
        // 12 frames at 30 fps last 0.4 s: 3, 4, 3, 3, 4, 3, ... hundredths adding up exactly.
        QCOMPARE(std::accumulate(video.delays.begin(), video.delays.end(), 0), 40);
        for (int delay : video.delays)
            QVERIFY(delay == 3 || delay == 4);
        for (int k = 0; k < 12; ++k) {
            QVERIFY2(emu::test::distinctColours(video.frames[size_t(k)]) > 50,
                     "the background is flat");
            const auto square = squareColour(video, k);
            QVERIFY2(square[0] > 200 && square[1] < 40 && square[2] < 50,
                     qPrintable(QString::number(k)));
            // Every frame is the picture given, up to the palette's rounding.
            QVERIFY2(emu::test::meanAbsoluteDifference(video.frames[size_t(k)], testFrame(k)) < 3.0,
                     qPrintable(QString::number(k)));
        }
    }

    void gifKeepsUnchangedFrames()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("still.gif").toStdString();
        media::GifWriter writer(path, {kWidth, kHeight, 10});
        for (int k = 0; k < 5; ++k)
            writer.addFrame(testFrame(k < 3 ? 0 : 1).data(), 4 * kWidth);
        writer.finish();
        const DecodedVideo video = emu::test::decodeGif(path);
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(int(video.frames.size()), 5);
        QCOMPARE(std::accumulate(video.delays.begin(), video.delays.end(), 0), 50);
        QVERIFY(video.frames[1] == video.frames[0]);
        QVERIFY(video.frames[4] == video.frames[3]);
        QVERIFY(video.frames[3] != video.frames[2]);
    }

    void gifRefusesWhatItCannotHold()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.gif").toStdString();
        QVERIFY_THROWS_EXCEPTION(media::MediaError, media::GifWriter(path, {kWidth, kHeight, 60}));
        QVERIFY_THROWS_EXCEPTION(media::MediaError, media::GifWriter(path, {0, kHeight, 10}));
        QVERIFY_THROWS_EXCEPTION(media::MediaError,
                                 media::GifWriter("/no/such/dir/a.gif", {8, 8, 10}));
        media::GifWriter empty(path, {8, 8, 10});
        QVERIFY_THROWS_EXCEPTION(media::MediaError, empty.finish());
    }

    void mp4HasEveryFrameAndThePicture()
    {
        const std::string encoder = media::Mp4Writer::h264EncoderName();
        QVERIFY2(!encoder.empty(), "libavcodec has no H.264 encoder");
        QTemporaryDir dir;
        const std::string path = dir.filePath("square.mp4").toStdString();
        writeFrames(path, 12, 30);
        const DecodedVideo video = emu::test::decodeMp4(path);
        QVERIFY2(video.error.empty(), video.error.c_str());
        QCOMPARE(video.codec, std::string("h264"));
        QCOMPARE(video.width, kWidth);
        QCOMPARE(video.height, kHeight);
        QCOMPARE(int(video.frames.size()), 12);
        for (int k = 0; k < 12; ++k) {
            QVERIFY2(emu::test::distinctColours(video.frames[size_t(k)]) > 50,
                     "the background is flat");
            const auto square = squareColour(video, k);
            QVERIFY2(square[0] > 180 && square[1] < 70 && square[2] < 80,
                     qPrintable(QStringLiteral("frame %1: %2 %3 %4")
                                    .arg(k)
                                    .arg(square[0])
                                    .arg(square[1])
                                    .arg(square[2])));
            QVERIFY2(emu::test::meanAbsoluteDifference(video.frames[size_t(k)], testFrame(k)) < 8.0,
                     qPrintable(QString::number(k)));
        }
    }

    void mp4RefusesAnOddSize()
    {
        QTemporaryDir dir;
        try {
            media::Mp4Writer writer(dir.filePath("odd.mp4").toStdString(),
                                    {kWidth + 1, kHeight, 25});
            QFAIL("an odd width was accepted");
        } catch (const media::MediaError& e) {
            QVERIFY2(std::string(e.what()).find("even") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(media::MediaError,
                                 media::Mp4Writer("/no/such/dir/a.mp4", {kWidth, kHeight, 25}));
    }

    void quantizerKeepsFewColoursExactly()
    {
        // 200 distinct colours fit a palette: each comes back exactly.
        std::vector<std::uint8_t> rgba(200 * 4);
        for (int i = 0; i < 200; ++i) {
            rgba[size_t(4 * i)] = std::uint8_t(i);
            rgba[size_t(4 * i + 1)] = std::uint8_t(255 - i);
            rgba[size_t(4 * i + 2)] = std::uint8_t((i * 7) % 256);
        }
        media::ColourQuantizer quantizer;
        const media::IndexedImage image = quantizer.quantize(rgba.data(), 200 * 4, 200, 1);
        QCOMPARE(int(image.palette.size()), 200);
        for (int i = 0; i < 200; ++i) {
            const media::Rgb c = image.palette[image.indices[size_t(i)]];
            QCOMPARE(int(c.r), i);
            QCOMPARE(int(c.g), 255 - i);
            QCOMPARE(int(c.b), (i * 7) % 256);
        }
        // Many colours are cut down to 256 entries that stay close to them.
        const std::vector<std::uint8_t> frame = testFrame(0);
        const media::IndexedImage many =
            quantizer.quantize(frame.data(), 4 * kWidth, kWidth, kHeight);
        QCOMPARE(int(many.palette.size()), 256);
        double error = 0.0;
        for (size_t i = 0; i < many.indices.size(); ++i) {
            const media::Rgb c = many.palette[many.indices[i]];
            error += std::abs(c.r - frame[4 * i]) + std::abs(c.g - frame[4 * i + 1]) +
                     std::abs(c.b - frame[4 * i + 2]);
        }
        QVERIFY2(error / (3.0 * double(many.indices.size())) < 3.0,
                 qPrintable(QString::number(error)));
    }
};

QTEST_GUILESS_MAIN(TestFrameWriters)
#include "test_frame_writers.moc"
