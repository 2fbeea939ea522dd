#include "core/input/pen.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

// A "2"-like drawing: an arc and a foot, `height` canvas pixels tall with its top-left at
// (x, y), on a canvas of `canvas` size, drawn with `pen`.
struct Size {
    int width, height;
};

Drawing two(Size canvas, double x, double y, double height, double pen) {
    Drawing drawing;
    drawing.width = canvas.width;
    drawing.height = canvas.height;
    drawing.penWidth = pen;
    const double s = height / 100.0;
    Stroke stroke;
    for (int i = 0; i <= 20; ++i) {
        const double a = std::numbers::pi * (1.0 - i / 20.0);
        stroke.points.push_back({x + s * (35 + 30 * std::cos(a)), y + s * (30 - 30 * std::sin(a))});
    }
    stroke.points.push_back({x + s * 5, y + s * 100});
    stroke.points.push_back({x + s * 70, y + s * 100});
    drawing.strokes.push_back(stroke);
    return drawing;
}

double difference(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
    return (a - b).cwiseAbs().sum() / std::max(1e-6f, a.sum());
}

TEST(Pen, NetworkInputDoesNotDependOnThePen) {
    const Eigen::VectorXf thin = networkInput(two({400, 400}, 100, 80, 240, 4));
    const Eigen::VectorXf fat = networkInput(two({400, 400}, 100, 80, 240, 40));
    EXPECT_EQ(thin, fat);
}

TEST(Pen, NetworkInputDoesNotDependOnPlaceSizeOrCanvasShape) {
    const Eigen::VectorXf base = networkInput(two({400, 400}, 100, 80, 240, 18));
    EXPECT_LT(difference(base, networkInput(two({600, 400}, 7, 3, 240, 18))), 0.02);
    EXPECT_LT(difference(base, networkInput(two({400, 600}, 250, 400, 80, 9))), 0.05);
    EXPECT_LT(difference(base, networkInput(two({400, 400}, 20, 2, 380, 30))), 0.05);
}

TEST(Pen, NetworkInputHasMnistsStrokeWidth) {
    // Ink over the 20 px box: a stroke ~2.5 px wide along the digit's length.
    const Eigen::VectorXf input = networkInput(two({400, 400}, 100, 80, 240, 4));
    EXPECT_NEAR(input.maxCoeff(), 1.0f, 0.05f);
    const double mass = input.sum();
    EXPECT_GT(mass, 70);
    EXPECT_LT(mass, 160);
}

TEST(Pen, ATapStaysADot) {
    Drawing dot;

    dot.penWidth = 40;
    dot.strokes.push_back(Stroke{{Point{200, 200}}});
    const Eigen::VectorXf input = networkInput(dot);
    EXPECT_GT(input.sum(), 0.5);
    EXPECT_LT(input.sum(), 12);  // a few pixels, not a 20 px blob
}

TEST(Pen, EmptyDrawingGivesZeros) {
    Drawing empty;
    const Eigen::VectorXf input = networkInput(empty);
    EXPECT_EQ(input.size(), 784);
    EXPECT_EQ(input.maxCoeff(), 0.0f);
}

TEST(Pen, AnImageDrawingIsReadAsItsImage) {
    Eigen::VectorXf input = Eigen::VectorXf::Zero(784);
    input[100] = 1.0f;
    input[101] = 0.5f;
    input[102] = 2.0f;                                     // clamped to 1
    input[103] = -1.0f;                                    // clamped to 0
    input[104] = std::numeric_limits<float>::quiet_NaN();  // not a number: no ink
    const Drawing drawing = imageDrawing(input, 7);
    EXPECT_TRUE(drawing.isImage());
    EXPECT_EQ(drawing.label, 7);
    const Eigen::VectorXf read = networkInput(drawing);
    EXPECT_EQ(read[100], 1.0f);
    EXPECT_NEAR(read[101], 0.5f, 1.0f / 255);  // to the nearest 1/255
    EXPECT_EQ(read[102], 1.0f);
    EXPECT_EQ(read[103], 0.0f);
    EXPECT_EQ(read[104], 0.0f);
    EXPECT_EQ(read.sum(), read[100] + read[101] + read[102]);
    EXPECT_THROW(imageDrawing(Eigen::VectorXf::Zero(10)), ConfigError);
}

TEST(Pen, ARoundPenCoversItsDiscAndAntialiasesItsEdge) {
    InkImage image(21, 21);
    paintStroke(image, Stroke{{Point{10.5, 10.5}}}, 10.0);  // a dot of radius 5 at a centre
    EXPECT_EQ(image.at(10, 10), 1.0f);
    EXPECT_EQ(image.at(10, 6), 1.0f);    // 4 px from the centre: inside
    EXPECT_EQ(image.at(10, 5), 0.5f);    // 5 px: on the edge, half covered
    EXPECT_EQ(image.at(10, 4), 0.0f);    // 6 px: outside
    EXPECT_EQ(image.at(14, 14), 0.0f);   // 5.66 px on the diagonal: outside
    EXPECT_GT(image.at(13, 13), 0.99f);  // 4.24 px
}

TEST(Pen, ASegmentIsAsWideAsThePenAlongItsLength) {
    InkImage image(40, 20);
    paintStroke(image, Stroke{{Point{5, 10}, Point{35, 10}}}, 4.0);
    for (int x = 6; x <= 33; ++x) {
        EXPECT_EQ(image.at(x, 9), 1.0f);   // centre 9.5: 0.5 px from the line
        EXPECT_EQ(image.at(x, 11), 1.0f);  // centre 11.5: 1.5 px
        EXPECT_EQ(image.at(x, 12), 0.0f);  // centre 12.5: 2.5 px, beyond radius + 0.5 = 2.5
    }
    EXPECT_EQ(image.at(20, 0), 0.0f);
}

TEST(Pen, StrokesOutsideTheImageAreClippedNotWrittenOutOfBounds) {
    InkImage image(8, 8);
    paintStroke(image, Stroke{{Point{-50, -50}, Point{50, 50}}}, 3.0);
    EXPECT_EQ(image.pixels.size(), 64u);
    EXPECT_GT(image.at(4, 4), 0.9f);
    EXPECT_EQ(image.at(0, 7), 0.0f);
}

TEST(Pen, NetworkInputIsIndependentOfTheDrawingsPenWidthAndIdenticalForEqualDrawings) {
    Drawing a = two({400, 400}, 100, 80, 240, 4);
    Drawing b = a;
    b.penWidth = 33;
    b.label = 2;
    b.writer = "w";
    EXPECT_TRUE(networkInput(a) == networkInput(b));
}

}  // namespace
}  // namespace digitscope::core
