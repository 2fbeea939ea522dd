#include "core/augment/stroke_augmenter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "core/base/errors.h"
#include "core/input/pen.h"

namespace digitscope::core {
namespace {

constexpr int kTrials = 200;

// A 7 with a bar, as a tablet records it: a few sparse points per stroke. Its size (the longer
// side of its points' box) is 280.
Drawing sevenWithBar() {
    Drawing drawing;
    drawing.width = drawing.height = 500;
    drawing.penWidth = 18;
    drawing.label = 7;
    drawing.writer = "12";
    drawing.strokes.push_back(
        {{{100, 100}, {160, 98}, {230, 101}, {300, 100}, {260, 190}, {220, 280}, {190, 380}}});
    drawing.strokes.push_back({{{150, 240}, {215, 238}, {280, 242}}});
    drawing.strokes.push_back({{{320, 370}}});  // a dot
    return drawing;
}
constexpr double kSize = 282;
constexpr double kCentreY = 239;

// Settings that change nothing, to switch on one distortion at a time.
StrokeAugmentSettings none() {
    StrokeAugmentSettings s;
    s.maxRotationDegrees = s.maxStrokeRotationDegrees = s.maxSlant = 0;
    s.minScale = s.maxScale = 1;
    s.maxStrokeShift = s.jitter = 0;
    s.minSpacing = s.maxSpacing = 0;
    return s;
}

double angleOf(Point from, Point to) {
    return std::atan2(to.y - from.y, to.x - from.x);
}

double angleBetween(double a, double b) {
    double d = std::fmod(std::abs(a - b), 2 * std::numbers::pi);
    return std::min(d, 2 * std::numbers::pi - d) * 180 / std::numbers::pi;
}

// For each of kTrials distortions: check(original, distorted).
void forEachDistortion(const StrokeAugmentSettings& settings,
                       const std::function<void(const Drawing&, const Drawing&)>& check) {
    const StrokeAugmenter augmenter(settings, 11);
    const Drawing original = sevenWithBar();
    for (int n = 0; n < kTrials; ++n) {
        SCOPED_TRACE(n);
        const Drawing distorted = augmenter.distort(original, static_cast<std::uint64_t>(n));
        ASSERT_EQ(distorted.strokes.size(), original.strokes.size());
        check(original, distorted);
    }
}

TEST(StrokeAugmenter, TheSameSeedAndNumberGiveTheSameDrawing) {
    const StrokeAugmenter a(StrokeAugmentSettings{}, 5), b(StrokeAugmentSettings{}, 5);
    const StrokeAugmenter other(StrokeAugmentSettings{}, 6);
    const Drawing seven = sevenWithBar();
    const auto points = [](const Drawing& d) {
        std::vector<Point> all;
        for (const Stroke& s : d.strokes) all.insert(all.end(), s.points.begin(), s.points.end());
        return all;
    };
    // Asked in another order, the numbers still give their own drawings.
    const Drawing first = a.distort(seven, 3);
    b.distort(seven, 99);
    EXPECT_EQ(points(b.distort(seven, 3)), points(first));
    EXPECT_NE(points(a.distort(seven, 4)), points(first));
    EXPECT_NE(points(other.distort(seven, 3)), points(first));
}

TEST(StrokeAugmenter, KeepsTheLabelWriterCanvasAndPen) {
    forEachDistortion(StrokeAugmentSettings{}.scaled(2), [](const Drawing& a, const Drawing& b) {
        EXPECT_EQ(b.label, a.label);
        EXPECT_EQ(b.writer, a.writer);
        EXPECT_EQ(b.width, a.width);
        EXPECT_EQ(b.height, a.height);
        EXPECT_EQ(b.penWidth, a.penWidth);
        EXPECT_EQ(b.strokes.back().points.size(), 1u);  // a dot stays a dot
    });
}

TEST(StrokeAugmenter, NetworkInputOfADistortedDrawingLiesInTheUnitRange) {
    forEachDistortion(StrokeAugmentSettings{}.scaled(2), [](const Drawing&, const Drawing& b) {
        const Eigen::VectorXf input = networkInput(b);
        ASSERT_EQ(input.size(), 784);
        EXPECT_GE(input.minCoeff(), 0.0f);
        EXPECT_LE(input.maxCoeff(), 1.0f);
        EXPECT_GT(input.sum(), 20.0f);  // still a digit's worth of ink
    });
}

TEST(StrokeAugmenter, StrengthZeroAndNoDistortionsLeaveTheDrawingAsItIs) {
    for (const StrokeAugmentSettings& s : {none(), StrokeAugmentSettings{}.scaled(0)})
        forEachDistortion(s, [](const Drawing& a, const Drawing& b) {
            for (std::size_t k = 0; k < a.strokes.size(); ++k)
                EXPECT_EQ(b.strokes[k].points, a.strokes[k].points);
        });
}

TEST(StrokeAugmenter, RotationTurnsTheWholeDrawingByAtMostItsLimit) {
    StrokeAugmentSettings s = none();
    s.maxRotationDegrees = 10;
    double largest = 0;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        const Point a0 = a.strokes[0].points.front(), b0 = b.strokes[0].points.front();
        for (std::size_t k = 0; k < a.strokes.size(); ++k)
            for (std::size_t i = 0; i < a.strokes[k].points.size(); ++i) {
                const Point p = a.strokes[k].points[i], q = b.strokes[k].points[i];
                if (p == a0) continue;
                // Rigid: distances kept, every direction turned alike.
                EXPECT_NEAR(std::hypot(q.x - b0.x, q.y - b0.y), std::hypot(p.x - a0.x, p.y - a0.y),
                            1e-9 * kSize);
                const double turn = angleBetween(angleOf(a0, p), angleOf(b0, q));
                EXPECT_LE(turn, 10 + 1e-9);
                largest = std::max(largest, turn);
            }
    });
    EXPECT_GT(largest, 8.0);  // the limit is used
}

TEST(StrokeAugmenter, StrokeRotationTurnsEachStrokeAboutItsCentreWithinItsLimit) {
    StrokeAugmentSettings s = none();
    s.maxStrokeRotationDegrees = 6;
    double largest = 0;
    std::vector<double> turns;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        for (std::size_t k = 0; k < 2; ++k) {  // the two lines (a dot has nothing to turn)
            const auto& p = a.strokes[k].points;
            const auto& q = b.strokes[k].points;
            const double turn =
                angleBetween(angleOf(p.front(), p.back()), angleOf(q.front(), q.back()));
            EXPECT_LE(turn, 6 + 1e-9);
            EXPECT_NEAR(std::hypot(q.back().x - q.front().x, q.back().y - q.front().y),
                        std::hypot(p.back().x - p.front().x, p.back().y - p.front().y),
                        1e-9 * kSize);
            largest = std::max(largest, turn);
            turns.push_back(turn);
        }
        EXPECT_EQ(b.strokes[2].points, a.strokes[2].points);
    });
    EXPECT_GT(largest, 5.0);
}

TEST(StrokeAugmenter, SlantMovesPointsSidewaysInProportionToTheirHeight) {
    StrokeAugmentSettings s = none();
    s.maxSlant = 0.2f;
    const double centreY = kCentreY;
    double largest = 0;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        for (std::size_t k = 0; k < a.strokes.size(); ++k)
            for (std::size_t i = 0; i < a.strokes[k].points.size(); ++i) {
                const Point p = a.strokes[k].points[i], q = b.strokes[k].points[i];
                EXPECT_NEAR(q.y, p.y, 1e-9);
                EXPECT_LE(std::abs(q.x - p.x), 0.2 * std::abs(p.y - centreY) + 1e-9);
                if (p.y != centreY)
                    largest = std::max(largest, std::abs(q.x - p.x) / std::abs(p.y - centreY));
            }
    });
    EXPECT_GT(largest, 0.18);
}

TEST(StrokeAugmenter, ScaleStretchesEachAxisWithinItsRange) {
    StrokeAugmentSettings s = none();
    s.minScale = 0.85f;
    s.maxScale = 1.15f;
    const auto box = [](const Drawing& d) {
        double left = 1e9, right = -1e9, top = 1e9, bottom = -1e9;
        for (const Stroke& stroke : d.strokes)
            for (const Point& p : stroke.points) {
                left = std::min(left, p.x), right = std::max(right, p.x);
                top = std::min(top, p.y), bottom = std::max(bottom, p.y);
            }
        return std::pair{right - left, bottom - top};
    };
    double low = 2, high = 0;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        const auto [w, h] = box(a);
        const auto [w2, h2] = box(b);
        for (double ratio : {w2 / w, h2 / h}) {
            EXPECT_GE(ratio, 0.85 - 1e-6);
            EXPECT_LE(ratio, 1.15 + 1e-6);
            low = std::min(low, ratio), high = std::max(high, ratio);
        }
    });
    EXPECT_LT(low, 0.87);
    EXPECT_GT(high, 1.13);
}

TEST(StrokeAugmenter, StrokeShiftMovesEachStrokeWholeWithinItsLimit) {
    StrokeAugmentSettings s = none();
    s.maxStrokeShift = 0.04f;
    const double limit = 0.04 * kSize;
    double largest = 0;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        for (std::size_t k = 0; k < a.strokes.size(); ++k) {
            const Point shift = b.strokes[k].points[0] - a.strokes[k].points[0];
            EXPECT_LE(std::abs(shift.x), limit + 1e-9);
            EXPECT_LE(std::abs(shift.y), limit + 1e-9);
            largest = std::max({largest, std::abs(shift.x), std::abs(shift.y)});
            for (std::size_t i = 0; i < a.strokes[k].points.size(); ++i) {
                const Point d = b.strokes[k].points[i] - a.strokes[k].points[i];
                EXPECT_NEAR(d.x, shift.x, 1e-9);
                EXPECT_NEAR(d.y, shift.y, 1e-9);
            }
        }
    });
    EXPECT_GT(largest, 0.9 * limit);
}

TEST(StrokeAugmenter, JitterMovesEachPointByAtMostItsAmplitude) {
    StrokeAugmentSettings s = none();
    s.jitter = 0.01f;
    const double limit = 0.01 * kSize;
    double largest = 0;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        for (std::size_t k = 0; k < a.strokes.size(); ++k) {
            ASSERT_EQ(b.strokes[k].points.size(), a.strokes[k].points.size());
            for (std::size_t i = 0; i < a.strokes[k].points.size(); ++i) {
                const Point d = b.strokes[k].points[i] - a.strokes[k].points[i];
                EXPECT_LE(std::abs(d.x), limit + 1e-9);
                EXPECT_LE(std::abs(d.y), limit + 1e-9);
                largest = std::max({largest, std::abs(d.x), std::abs(d.y)});
            }
        }
    });
    EXPECT_GT(largest, 0.5 * limit);
}

// Resampling keeps the recorded points, in order, and fills the pieces between them with
// points about `spacing` apart, on a curve that stays close to the recorded polyline.
TEST(StrokeAugmenter, ResamplingKeepsThePointsAndFillsInAtAPointersDensity) {
    StrokeAugmentSettings s = none();
    s.minSpacing = 0.015f;
    s.maxSpacing = 0.04f;
    forEachDistortion(s, [&](const Drawing& a, const Drawing& b) {
        for (std::size_t k = 0; k < a.strokes.size(); ++k) {
            const auto& recorded = a.strokes[k].points;
            const auto& dense = b.strokes[k].points;
            std::size_t next = 0;
            for (std::size_t i = 0; i < dense.size(); ++i) {
                if (next < recorded.size() && dense[i] == recorded[next]) ++next;
                if (i > 0) {
                    const Point d = dense[i] - dense[i - 1];
                    EXPECT_LE(std::hypot(d.x, d.y), 1.5 * 0.04 * kSize);
                }
            }
            EXPECT_EQ(next, recorded.size());  // every recorded point, in order
            EXPECT_EQ(dense.front(), recorded.front());
            EXPECT_EQ(dense.back(), recorded.back());
            // Each piece is cut into ceil(chord / spacing) parts, spacing within its range.
            std::size_t fewest = 1, most = 1;
            for (std::size_t i = 1; i < recorded.size(); ++i) {
                const Point d = recorded[i] - recorded[i - 1];
                fewest +=
                    static_cast<std::size_t>(std::ceil(std::hypot(d.x, d.y) / (0.04 * kSize)));
                most += static_cast<std::size_t>(std::ceil(std::hypot(d.x, d.y) / (0.015 * kSize)));
            }
            EXPECT_GE(dense.size(), fewest);
            EXPECT_LE(dense.size(), most);
        }
    });
}

TEST(StrokeAugmenter, RefusesSettingsOutOfRange) {
    const auto refused = [](auto change) {
        StrokeAugmentSettings s;
        change(s);
        EXPECT_THROW(StrokeAugmenter(s, 1), ConfigError);
    };
    refused([](StrokeAugmentSettings& s) { s.maxRotationDegrees = -1; });
    refused([](StrokeAugmentSettings& s) { s.maxStrokeRotationDegrees = NAN; });
    refused([](StrokeAugmentSettings& s) { s.minScale = 1.2f; });
    refused([](StrokeAugmentSettings& s) { s.minScale = 0; });
    refused([](StrokeAugmentSettings& s) { s.jitter = 2; });
    refused([](StrokeAugmentSettings& s) { s.minSpacing = 0.0001f; });
    refused([](StrokeAugmentSettings& s) { s.minSpacing = 0.07f; });  // above the most
    EXPECT_NO_THROW(StrokeAugmenter(StrokeAugmentSettings{}.scaled(4), 1));
}

}  // namespace
}  // namespace digitscope::core
