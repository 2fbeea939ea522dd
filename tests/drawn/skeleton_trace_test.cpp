#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "bench/drawn/skeleton_tracer.h"

namespace digitscope::bench {
namespace {

// A gray image (0 or 255) of the pixels whose centres satisfy `ink`.
std::vector<std::uint8_t> shape(int width, int height,
                                const std::function<bool(double, double)>& ink) {
    std::vector<std::uint8_t> gray(static_cast<std::size_t>(width) * height, 0);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (ink(x + 0.5, y + 0.5)) gray[static_cast<std::size_t>(y) * width + x] = 255;
    return gray;
}

double distance(QPointF a, QPointF b) {
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

bool isClosed(const ui::Stroke& stroke) {
    return stroke.points.size() > 3 && stroke.points.front() == stroke.points.back();
}

// A thick L: a 5 px wide bar down x = 8..13 from y = 6 to 36, and along y = 31..36 to x = 36.
bool thickL(double x, double y) {
    return (x >= 8 && x < 13 && y >= 6 && y < 36) || (x >= 8 && x < 36 && y >= 31 && y < 36);
}

// A ring around (22, 22), 5 px wide, mean radius 10.5.
bool ring(double x, double y) {
    const double r = std::hypot(x - 22, y - 22);
    return r >= 8 && r < 13;
}

TEST(SkeletonTracerTest, ThinningLeavesOnePixelPerColumnOfAThickBar) {
    const auto gray = shape(40, 20, [](double x, double y) {
        return x >= 4 && x < 36 && y >= 7 && y < 13;  // 32 x 6
    });
    const BinaryImage skeleton =
        SkeletonTracer::thin(SkeletonTracer::threshold(gray.data(), 40, 20, 128));
    int columns = 0;
    for (int x = 0; x < 40; ++x) {
        int inColumn = 0;
        for (int y = 0; y < 20; ++y) {
            if (!skeleton.at(x, y)) continue;
            ++inColumn;
            EXPECT_TRUE(y >= 7 && y < 13 && x >= 4 && x < 36) << x << "," << y;
        }
        EXPECT_LE(inColumn, 1) << "column " << x;
        columns += inColumn > 0 ? 1 : 0;
    }
    // Thinning shortens a bar's ends by about half its width, no more.
    EXPECT_GE(columns, 24);
    EXPECT_LE(columns, 32);
}

TEST(SkeletonTracerTest, ThickLBecomesOneOpenStrokeThatRedrawsIt) {
    const auto gray = shape(44, 44, thickL);
    const std::vector<ui::Stroke> strokes = SkeletonTracer::strokesOf(gray.data(), 44, 44, 128);
    ASSERT_EQ(strokes.size(), 1u);
    const ui::Stroke& l = strokes.front();
    ASSERT_FALSE(isClosed(l));
    // One end at the top of the upright, the other at the right end of the foot.
    const QPointF top(10.5, 8.5), foot(33.5, 33.5);
    const QPointF a = ui::toQPointF(l.points.front()), b = ui::toQPointF(l.points.back());
    const bool topFirst = distance(a, top) < distance(b, top);
    EXPECT_LT(distance(topFirst ? a : b, top), 3.0);
    EXPECT_LT(distance(topFirst ? b : a, foot), 3.0);
    // The corner is visited: some point lies near (10.5, 33.5).
    double nearest = 1e9;
    for (const QPointF& p : ui::toQPointFs(l.points))
        nearest = std::min(nearest, distance(p, {10.5, 33.5}));
    EXPECT_LT(nearest, 2.5);
    EXPECT_GT(inkOverlap(strokes, 5.0, gray.data(), 44, 44), 0.75);
}

TEST(SkeletonTracerTest, RingBecomesOneClosedStrokeAlongItsMiddle) {
    const auto gray = shape(44, 44, ring);
    const std::vector<ui::Stroke> strokes = SkeletonTracer::strokesOf(gray.data(), 44, 44, 128);
    ASSERT_EQ(strokes.size(), 1u);
    EXPECT_TRUE(isClosed(strokes.front()));
    for (const QPointF& p : ui::toQPointFs(strokes.front().points)) {
        const double r = distance(p, {22, 22});
        EXPECT_GT(r, 9.0);
        EXPECT_LT(r, 12.0);
    }
    const double circumference = 2 * M_PI * 10.5;
    EXPECT_NEAR(strokeLength(strokes), circumference, 0.12 * circumference);
    EXPECT_GT(inkOverlap(strokes, 5.0, gray.data(), 44, 44), 0.75);
}

TEST(SkeletonTracerTest, CrossIsTwoStraightStrokesThroughTheJunction) {
    const auto gray = shape(44, 44, [](double x, double y) {
        return (x >= 20 && x < 25 && y >= 4 && y < 40) || (y >= 20 && y < 25 && x >= 4 && x < 40);
    });
    const std::vector<ui::Stroke> strokes = SkeletonTracer::strokesOf(gray.data(), 44, 44, 128);
    ASSERT_EQ(strokes.size(), 2u);
    int horizontal = 0, vertical = 0;
    for (const ui::Stroke& s : strokes) {
        const QPointF d = ui::toQPointF(s.points.back() - s.points.front());
        horizontal += std::abs(d.x()) > 25 && std::abs(d.y()) < 3 ? 1 : 0;
        vertical += std::abs(d.y()) > 25 && std::abs(d.x()) < 3 ? 1 : 0;
    }
    EXPECT_EQ(horizontal, 1);
    EXPECT_EQ(vertical, 1);
}

TEST(SkeletonTracerTest, FigureEightIsOneClosedStroke) {
    // Two rings, one above the other, overlapping at the waist.
    const auto gray = shape(40, 60, [](double x, double y) {
        const double upper = std::hypot(x - 20, y - 17), lower = std::hypot(x - 20, y - 41);
        return (upper >= 8 && upper < 12.5) || (lower >= 9 && lower < 13.5);
    });
    const std::vector<ui::Stroke> strokes = SkeletonTracer::strokesOf(gray.data(), 40, 60, 128);
    ASSERT_EQ(strokes.size(), 1u);
    EXPECT_TRUE(isClosed(strokes.front()));
    EXPECT_GT(inkOverlap(strokes, 4.5, gray.data(), 40, 60), 0.7);
}

TEST(SkeletonTracerTest, PruningDropsAOnePixelBumpButKeepsARealBranch) {
    // A bar with a 1 px bump on top: the bump's spur goes, the bar stays one stroke.
    auto bar = [](double x, double y) { return x >= 4 && x < 36 && y >= 10 && y < 15; };
    const auto bumpy = shape(40, 30, [&](double x, double y) {
        return bar(x, y) || (x >= 20 && x < 21 && y >= 9 && y < 10);
    });
    EXPECT_EQ(SkeletonTracer::strokesOf(bumpy.data(), 40, 30, 128).size(), 1u);
    // A T: the 12 px stem below the bar is a branch, not a spur.
    const auto tee = shape(40, 30, [&](double x, double y) {
        return bar(x, y) || (x >= 18 && x < 23 && y >= 15 && y < 27);
    });
    const std::vector<ui::Stroke> strokes = SkeletonTracer::strokesOf(tee.data(), 40, 30, 128);
    ASSERT_EQ(strokes.size(), 2u);  // the bar straight through, the stem on its own
    EXPECT_GT(strokeLength(strokes), 35.0);
}

TEST(SkeletonTracerTest, SmoothingKeepsOpenEndsAndClosedLoops) {
    const ui::Stroke zigzag{{{0, 0}, {1, 1}, {2, 0}, {3, 1}, {4, 0}}};
    const ui::Stroke smoothZigzag = SkeletonTracer::smooth(zigzag, 2, 2);
    EXPECT_EQ(smoothZigzag.points.front(), zigzag.points.front());
    EXPECT_EQ(smoothZigzag.points.back(), zigzag.points.back());
    EXPECT_GT(smoothZigzag.points.size(), zigzag.points.size());
    // The zigzag between 0 and 1 is flattened: its middle half stays near y = 0.5.
    const std::size_t n = smoothZigzag.points.size();
    for (std::size_t i = n / 4; i < 3 * n / 4; ++i)
        EXPECT_LT(std::abs(smoothZigzag.points[i].y - 0.5), 0.2) << i;

    // Corner cutting alone: the corners (7.07 from the centre) go, the loop stays closed.
    const ui::Stroke square{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}};
    const ui::Stroke round = SkeletonTracer::smooth(square, 0, 2);
    EXPECT_TRUE(isClosed(round));
    EXPECT_EQ(round.points.size(), 4u * 4u + 1u);
    for (const QPointF& p : ui::toQPointFs(round.points)) {
        const double r = distance(p, {5, 5});
        EXPECT_GT(r, 5.0);
        EXPECT_LT(r, 5.7);
    }
}

TEST(SkeletonTracerTest, BestTraceReportsTheStrokeWidthAndOverlap) {
    const auto gray = shape(44, 44, ring);
    const Trace trace = bestTrace(gray.data(), 44, 44);
    ASSERT_EQ(trace.strokes.size(), 1u);
    // Ink mass / stroke length of a 5 px wide ring.
    EXPECT_NEAR(trace.penWidth, 5.0, 0.8);
    EXPECT_GT(trace.overlap, 0.75);
    EXPECT_NEAR(trace.overlap, inkOverlap(trace.strokes, trace.penWidth, gray.data(), 44, 44),
                1e-9);
}

}  // namespace
}  // namespace digitscope::bench
