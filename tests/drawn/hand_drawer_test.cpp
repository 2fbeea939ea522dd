#include <gtest/gtest.h>

#include <QImage>
#include <cmath>
#include <set>

#include "bench/drawn/hand_drawer.h"
#include "core/data/stroke_file.h"
#include "session/canvas/stroke_rasterizer.h"

namespace digitscope::bench {
namespace {

// A "7" in MNIST's 28 x 28 coordinates: a bar and a long diagonal.
std::vector<ui::Stroke> seven() {
    return {ui::Stroke{{{8, 5}, {20, 5}, {17, 12}, {14, 18}, {12, 24}}}};
}

struct InkBox {
    int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
};

InkBox inkBox(const QImage& image) {
    InkBox box;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.constScanLine(y)[x] > 25) {
                box.left = std::min(box.left, x);
                box.right = std::max(box.right, x);
                box.top = std::min(box.top, y);
                box.bottom = std::max(box.bottom, y);
            }
    return box;
}

TEST(HandDrawerTest, SameRandomStateGivesTheSameDrawing) {
    std::mt19937_64 a(7), b(7), c(8);
    const std::string first = core::StrokeFile::toJsonLine(HandDrawer::draw(seven(), a).drawing);
    EXPECT_EQ(first, core::StrokeFile::toJsonLine(HandDrawer::draw(seven(), b).drawing));
    EXPECT_NE(first, core::StrokeFile::toJsonLine(HandDrawer::draw(seven(), c).drawing));
}

TEST(HandDrawerTest, DrawingsStayOnTheCanvasAndMatchTheirPose) {
    std::set<QString> aspects, sizes, pens;
    int nearLeftEdge = 0, nearRightEdge = 0;
    for (std::uint64_t seed = 0; seed < 150; ++seed) {
        std::mt19937_64 rng(seed);
        const DrawnDigit digit = HandDrawer::draw(seven(), rng);
        const ui::Drawing& d = digit.drawing;
        const HandPose& pose = digit.pose;
        ASSERT_EQ(ui::canvasSize(d), pose.canvas);
        aspects.insert(pose.aspectName());
        sizes.insert(pose.sizeBucket());
        pens.insert(pose.penBucket());
        EXPECT_GE(d.penWidth, HandDrawer::kMinPen - 0.05);
        EXPECT_LE(d.penWidth, HandDrawer::kMaxPen + 0.05);
        // A file the CLI accepts: every point lies on the canvas.
        EXPECT_NO_THROW(core::StrokeFile::parse(core::StrokeFile::toJsonLine(d), "drawing"));

        // The painted ink is as tall as the pose says and lies inside the canvas.
        const InkBox box = inkBox(ui::StrokeRasterizer::render(d));
        const double inkHeight = box.bottom - box.top + 1;
        EXPECT_NEAR(inkHeight / pose.canvas.height(), pose.heightFraction, 0.02) << seed;
        EXPECT_GE(pose.heightFraction, HandDrawer::kMinHeightFraction - 0.02);
        EXPECT_LE(pose.heightFraction, HandDrawer::kMaxHeightFraction + 0.02);
        EXPECT_LE(d.penWidth, HandDrawer::kMaxPenToHeight * inkHeight + 1.0);
        // The stroke width the network will see: pen * 20 / the ink's longer side.
        const double longer = std::max<double>(inkHeight, box.right - box.left + 1);
        EXPECT_NEAR(pose.inputStrokeWidth, d.penWidth * 20 / longer, 0.08 * pose.inputStrokeWidth)
            << seed;
        nearLeftEdge += box.left < pose.canvas.width() / 10 ? 1 : 0;
        nearRightEdge += box.right > pose.canvas.width() * 9 / 10 ? 1 : 0;
    }
    EXPECT_EQ(aspects.size(), 3u);
    EXPECT_EQ(sizes.size(), 3u);
    EXPECT_EQ(pens.size(), 3u);
    // Placed anywhere: some drawings come close to either side.
    EXPECT_GT(nearLeftEdge, 10);
    EXPECT_GT(nearRightEdge, 10);
}

TEST(HandDrawerTest, KeepsTheDigitUprightWithinAFewDegrees) {
    // A vertical line stays within about 25 degrees of vertical: rotation up to 12 degrees,
    // slant up to 0.2 (11 degrees), a little wobble.
    const std::vector<ui::Stroke> one{ui::Stroke{{{14, 4}, {14, 14}, {14, 24}}}};
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
        std::mt19937_64 rng(seed);
        const ui::Drawing d = HandDrawer::draw(one, rng).drawing;
        const QPointF along =
            ui::toQPointF(d.strokes.front().points.back() - d.strokes.front().points.front());
        const double degrees = std::atan2(std::abs(along.x()), std::abs(along.y())) * 180 / M_PI;
        EXPECT_LT(degrees, 25.0) << seed;
    }
}

}  // namespace
}  // namespace digitscope::bench
