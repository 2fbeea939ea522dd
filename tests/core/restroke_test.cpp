#include "core/augment/restroke.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

constexpr int kSide = 28;

// A "7": a bar and a diagonal, drawn with a round pen of the given width, in 28 x 28.
std::vector<float> seven(double pen) {
    std::vector<float> image(kSide * kSide, 0.0f);
    const auto segmentDistance = [](double px, double py, double ax, double ay, double bx,
                                    double by) {
        const double dx = bx - ax, dy = by - ay;
        const double t =
            std::clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
        return std::hypot(px - ax - t * dx, py - ay - t * dy);
    };
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const double px = x + 0.5, py = y + 0.5;
            const double d = std::min(segmentDistance(px, py, 7, 6, 21, 6),
                                      segmentDistance(px, py, 21, 6, 12, 23));
            image[std::size_t(y * kSide + x)] =
                static_cast<float>(std::clamp(pen / 2 + 0.5 - d, 0.0, 1.0));
        }
    return image;
}

double inkMass(const Eigen::VectorXf& image) {
    return image.sum();
}

TEST(Restroke, AnEmptyImageStaysEmpty) {
    const std::vector<float> empty(kSide * kSide, 0.0f);
    const Eigen::VectorXf result = restroke(empty.data(), kSide, kSide);
    ASSERT_EQ(result.size(), kSide * kSide);
    EXPECT_EQ(result.cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Restroke, ThinAndFatPensGiveNearlyTheSameStrokes) {
    // The point of restroking: the pen's width in the source no longer matters.
    const Eigen::VectorXf thin = restroke(seven(1.6).data(), kSide, kSide);
    const Eigen::VectorXf fat = restroke(seven(4.5).data(), kSide, kSide);
    const Eigen::VectorXf sourceThin =
        Eigen::Map<const Eigen::VectorXf>(seven(1.6).data(), kSide * kSide);
    const Eigen::VectorXf sourceFat =
        Eigen::Map<const Eigen::VectorXf>(seven(4.5).data(), kSide * kSide);
    EXPECT_GT(inkMass(sourceFat), 2.2 * inkMass(sourceThin));  // the inputs differ a lot
    EXPECT_NEAR(inkMass(fat) / inkMass(thin), 1.0, 0.12);
    EXPECT_LT((thin - fat).cwiseAbs().sum(), 0.35 * inkMass(thin));
}

TEST(Restroke, DrawsWithThePadsPen) {
    // Strokes come out ~2.5 px wide in the 20 px box: ink mass ~ 2.5 x the skeleton's length.
    const Eigen::VectorXf result = restroke(seven(4.0).data(), kSide, kSide);
    EXPECT_GE(result.minCoeff(), 0.0f);
    EXPECT_LE(result.maxCoeff(), 1.0f);
    // The skeleton after scaling the longer side (17 px tall, plus pen) to 20 px.
    const double scale = 20.0 / (17.0 * 8 / 7);
    const double length = (14.0 + std::hypot(9.0, 17.0)) * scale;
    const double width = inkMass(result) / length;
    EXPECT_GT(width, 2.0);
    EXPECT_LT(width, 3.3);
}

TEST(Restroke, IsCentredLikeMnist) {
    const Eigen::VectorXf result = restroke(seven(3.0).data(), kSide, kSide);
    double mass = 0, x = 0, y = 0;
    int top = kSide, bottom = -1;
    for (int r = 0; r < kSide; ++r)
        for (int c = 0; c < kSide; ++c) {
            const double v = result(r * kSide + c);
            mass += v, x += v * (c + 0.5), y += v * (r + 0.5);
            if (v > 0.1) top = std::min(top, r), bottom = std::max(bottom, r);
        }
    EXPECT_NEAR(x / mass, 14.0, 1.0);
    EXPECT_NEAR(y / mass, 14.0, 1.0);
    EXPECT_NEAR(bottom - top + 1, 20, 1);  // the longer side (the height) fills 20 px
}

TEST(Restroke, ASpeckDoesNotBecomeABlob) {
    std::vector<float> speck(kSide * kSide, 0.0f);
    speck[14 * kSide + 14] = 1.0f;
    const Eigen::VectorXf result = restroke(speck.data(), kSide, kSide);
    EXPECT_LT(inkMass(result), 25.0);  // a dot of minimum size, not a 20 px disc (~314)
}

TEST(Restroke, RefusesNonSquareImagesAndBadSettings) {
    const std::vector<float> image(28 * 20, 0.0f);
    EXPECT_THROW(restroke(image.data(), 20, 28), ConfigError);
    RestrokeSettings bad;
    bad.penShare = 0;
    EXPECT_THROW(restroke(seven(2).data(), kSide, kSide, bad), ConfigError);
}

TEST(Restroke, ImagesMadeOnDemandMatchSingleImagesInAnyOrder) {
    Dataset data;
    data.name = "sevens";
    for (const double pen : {1.0, 2.0, 0.0, 4.0, 5.0}) {  // image 2 is empty
        for (const float v : seven(pen))
            data.pixels.push_back(static_cast<std::uint8_t>(std::lround(255 * v)));
        data.labels.push_back(7);
    }
    data.count = 5;
    // What each image restroked on its own gives, as bytes.
    Dataset whole = data;
    for (std::int64_t i = 0; i < data.count; ++i) {
        std::vector<float> gray(kSide * kSide);
        for (int k = 0; k < kSide * kSide; ++k) gray[std::size_t(k)] = data.image(i)[k] / 255.0f;
        const Eigen::VectorXf single = restroke(gray.data(), kSide, kSide);
        for (int k = 0; k < kSide * kSide; ++k)
            whole.pixels[std::size_t(i * kSide * kSide + k)] =
                static_cast<std::uint8_t>(std::lround(255 * single(k)));
    }
    for (int k = 0; k < kSide * kSide; ++k) ASSERT_EQ(whole.image(2)[k], 0);
    RestrokedImages lazy(data);
    EXPECT_EQ(lazy.made(), 0);
    std::vector<std::uint8_t> scratch(kSide * kSide);
    for (const std::int64_t i : {3, 0, 3, 4}) {
        const std::uint8_t* image = lazy.image(i, scratch.data());
        ASSERT_TRUE(std::equal(image, image + kSide * kSide, whole.image(i))) << i;
    }
    EXPECT_EQ(lazy.made(), 3);  // asked again, image 3 was not made twice
    // Two threads asking for the same images at once get the same bytes (TSan checks the rest).
    RestrokedImages shared(data);
    std::vector<std::uint8_t> a(data.pixels.size()), b(data.pixels.size());
    const auto fill = [&](std::vector<std::uint8_t>& out) {
        std::vector<std::uint8_t> mine(kSide * kSide);
        for (std::int64_t i = 0; i < data.count; ++i) {
            const std::uint8_t* image = shared.image(i, mine.data());
            std::copy(image, image + kSide * kSide, out.begin() + i * kSide * kSide);
        }
    };
    std::thread other(fill, std::ref(a));
    fill(b);
    other.join();
    EXPECT_EQ(a, whole.pixels);
    EXPECT_EQ(b, whole.pixels);
    EXPECT_EQ(shared.made(), data.count);
    Dataset oblong = data;
    oblong.rows = 20;
    oblong.cols = 28 * 28 / 20 + 1;
    EXPECT_THROW(RestrokedImages{oblong}, ConfigError);
}

}  // namespace
}  // namespace digitscope::core
