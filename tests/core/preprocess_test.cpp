#include "core/input/preprocess.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace digitscope::core {
namespace {

// A shape in digit coordinates (u, v in [0, 1], v downwards): true where there is ink.
using Shape = std::function<bool(double u, double v)>;

double segmentDistance(double u, double v, double u0, double v0, double u1, double v1) {
    const double du = u1 - u0, dv = v1 - v0;
    const double t = std::clamp(((u - u0) * du + (v - v0) * dv) / (du * du + dv * dv), 0.0, 1.0);
    return std::hypot(u - (u0 + t * du), v - (v0 + t * dv));
}

const Shape kRing = [](double u, double v) {
    return std::abs(std::hypot(u - 0.5, v - 0.5) - 0.4) < 0.06;
};
const Shape kSeven = [](double u, double v) {
    return segmentDistance(u, v, 0.1, 0.08, 0.9, 0.08) < 0.07 ||
           segmentDistance(u, v, 0.9, 0.08, 0.4, 0.95) < 0.07;
};

// A width x height canvas with the shape drawn in a size x size square at (left, top),
// antialiased by 4 x 4 supersampling.
struct Canvas {
    int width;
    int height;
    std::vector<float> pixels;
    GrayImage image() const { return {pixels.data(), width, height}; }
};

Canvas draw(int width, int height, const Shape& shape, double left, double top, double size) {
    Canvas canvas{width, height, std::vector<float>(static_cast<std::size_t>(width * height))};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            int hits = 0;
            for (int sy = 0; sy < 4; ++sy)
                for (int sx = 0; sx < 4; ++sx)
                    hits +=
                        shape((x + (sx + 0.5) / 4 - left) / size, (y + (sy + 0.5) / 4 - top) / size)
                            ? 1
                            : 0;
            canvas.pixels[static_cast<std::size_t>(y * width + x)] = static_cast<float>(hits) / 16;
        }
    return canvas;
}

struct Measures {
    double mass = 0;
    double comX = 0, comY = 0;  // pixel centres at k + 0.5
    int boxWidth = 0, boxHeight = 0;
};

Measures measure(const Eigen::VectorXf& input) {
    Measures m;
    int left = 28, right = -1, top = 28, bottom = -1;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const double v = input(y * 28 + x);
            m.mass += v;
            m.comX += v * (x + 0.5);
            m.comY += v * (y + 0.5);
            if (v > 0.01) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
    if (m.mass > 0) {
        m.comX /= m.mass;
        m.comY /= m.mass;
    }
    m.boxWidth = right - left + 1;
    m.boxHeight = bottom - top + 1;
    return m;
}

void expectValidInput(const Eigen::VectorXf& input) {
    ASSERT_EQ(input.size(), 28 * 28);
    EXPECT_TRUE(input.allFinite());
    EXPECT_GE(input.minCoeff(), 0.0f);
    EXPECT_LE(input.maxCoeff(), 1.0f);
}

void expectCentredAndFitted(const Eigen::VectorXf& input) {
    const Measures m = measure(input);
    EXPECT_NEAR(m.comX, 14.0, 0.5);
    EXPECT_NEAR(m.comY, 14.0, 0.5);
    const int longest = std::max(m.boxWidth, m.boxHeight);
    EXPECT_GE(longest, 19);
    EXPECT_LE(longest, 21);
}

TEST(Preprocess, CentresTheInkAndFitsItsLongerSideToTwenty) {
    for (const Shape* shape : {&kRing, &kSeven}) {
        const Eigen::VectorXf input = preprocess(draw(280, 280, *shape, 60, 30, 150).image());
        expectValidInput(input);
        expectCentredAndFitted(input);
        EXPECT_GT(input.maxCoeff(), 0.9f);  // a thick stroke stays dark
    }
}

TEST(Preprocess, SameDigitAtTwoSizesAndPositionsGivesNearlyTheSameInput) {
    for (const Shape* shape : {&kRing, &kSeven}) {
        const Eigen::VectorXf small = preprocess(draw(280, 280, *shape, 20, 100, 140).image());
        const Eigen::VectorXf large = preprocess(draw(420, 420, *shape, 130, 40, 260).image());
        const double relative = (small - large).norm() / large.norm();
        EXPECT_LT(relative, 0.08);
        EXPECT_LT((small - large).cwiseAbs().maxCoeff(), 0.15f);
    }
}

TEST(Preprocess, AWholePixelShiftChangesNothing) {
    const Eigen::VectorXf a = preprocess(draw(280, 280, kSeven, 40, 40, 150).image());
    const Eigen::VectorXf b = preprocess(draw(280, 280, kSeven, 97, 13, 150).image());
    EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-5f);
}

// The crop to the ink makes the canvas's shape irrelevant (the 12% floor uses the shorter
// side, 280 px in all three).
TEST(Preprocess, NonSquareCanvasesGiveTheSameInput) {
    const Eigen::VectorXf square = preprocess(draw(280, 280, kSeven, 60, 60, 160).image());
    const Eigen::VectorXf landscape = preprocess(draw(420, 280, kSeven, 200, 70, 160).image());
    const Eigen::VectorXf portrait = preprocess(draw(280, 420, kSeven, 50, 230, 160).image());
    for (const Eigen::VectorXf* input : {&landscape, &portrait}) {
        expectValidInput(*input);
        expectCentredAndFitted(*input);
        EXPECT_LT((*input - square).cwiseAbs().maxCoeff(), 1e-5f);
    }
}

TEST(Preprocess, AnEmptyCanvasGivesZeros) {
    const Canvas blank{300, 200, std::vector<float>(300 * 200, 0.0f)};
    const Eigen::VectorXf input = preprocess(blank.image());
    expectValidInput(input);
    EXPECT_TRUE(input.isZero(0));
    // Faint marks under the ink threshold are not ink either.
    const Canvas faint{300, 200, std::vector<float>(300 * 200, 0.05f)};
    EXPECT_TRUE(preprocess(faint.image()).isZero(0));
    // Nor is no image at all.
    EXPECT_TRUE(preprocess(GrayImage{}).isZero(0));
    const float one = 1.0f;
    EXPECT_TRUE(preprocess(GrayImage{&one, 0, 1}).isZero(0));
}

TEST(Preprocess, AOnePixelDotIsNotBlownUp) {
    Canvas canvas{280, 280, std::vector<float>(280 * 280, 0.0f)};
    canvas.pixels[50 * 280 + 100] = 1.0f;
    const Eigen::VectorXf input = preprocess(canvas.image());
    expectValidInput(input);
    const Measures m = measure(input);
    // Scaled as if 12% of 280 px: 20 / 33.6 output pixels per canvas pixel, mass about 0.35.
    EXPECT_NEAR(m.mass, (20.0 / 33.6) * (20.0 / 33.6), 0.05);
    EXPECT_LE(m.boxWidth, 2);
    EXPECT_LE(m.boxHeight, 2);
    EXPECT_NEAR(m.comX, 14.0, 0.5);
    EXPECT_NEAR(m.comY, 14.0, 0.5);
}

TEST(Preprocess, ATinyScribbleKeepsItsSmallSize) {
    // 20 px on a 280 px canvas: below 12% of the side, so scaled as if 33.6 px long.
    const Eigen::VectorXf input = preprocess(draw(280, 280, kRing, 100, 100, 20).image());
    expectValidInput(input);
    const Measures m = measure(input);
    EXPECT_NEAR(std::max(m.boxWidth, m.boxHeight), 20.0 * 20.0 / 33.6, 1.5);
}

TEST(Preprocess, InkTouchingTheEdges) {
    // The seven's bar runs off the top-left corner, and a ring is cut by the bottom-right.
    const Canvas topLeft = draw(280, 280, kSeven, -25, -20, 200);
    ASSERT_GT(topLeft.pixels[0], 0.5f);
    const Eigen::VectorXf a = preprocess(topLeft.image());
    expectValidInput(a);
    expectCentredAndFitted(a);
    const Canvas bottomRight = draw(280, 180, kRing, 150, 60, 150);
    ASSERT_GT(*std::max_element(bottomRight.pixels.end() - 280, bottomRight.pixels.end()), 0.5f);
    const Eigen::VectorXf b = preprocess(bottomRight.image());
    expectValidInput(b);
    expectCentredAndFitted(b);
}

TEST(Preprocess, OutOfRangeAndNonFinitePixelsStayContained) {
    Canvas canvas = draw(200, 200, kRing, 20, 20, 150);
    for (std::size_t i = 0; i < canvas.pixels.size(); i += 97) {
        if (canvas.pixels[i] > 0.5f) canvas.pixels[i] = 7.0f;
    }
    canvas.pixels[100 * 200 + 100] = std::numeric_limits<float>::quiet_NaN();
    canvas.pixels[30 * 200 + 95] = std::numeric_limits<float>::infinity();
    const Eigen::VectorXf input = preprocess(canvas.image());
    expectValidInput(input);
    EXPECT_GT(measure(input).mass, 20.0);
}

TEST(Preprocess, OtherOutputSizes) {
    PreprocessSettings settings;
    settings.outputSize = 16;
    settings.boxSize = 12;
    const Eigen::VectorXf input = preprocess(draw(280, 280, kRing, 60, 30, 150).image(), settings);
    ASSERT_EQ(input.size(), 16 * 16);
    EXPECT_TRUE(input.allFinite());
    EXPECT_GT(input.sum(), 10.0f);
}

}  // namespace
}  // namespace digitscope::core
