#include "ui/canvas/stroke_rasterizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace digitscope::ui {
namespace {

// A "2"-like drawing: an arc and a foot, `height` canvas pixels tall with its top-left at
// (x, y), on a canvas of `canvas` size, drawn with `pen`.
Drawing two(QSize canvas, double x, double y, double height, double pen) {
    Drawing drawing;
    drawing.canvasSize = canvas;
    drawing.penWidth = pen;
    const double s = height / 100.0;
    Stroke stroke;
    for (int i = 0; i <= 20; ++i) {
        const double a = std::numbers::pi * (1.0 - i / 20.0);
        stroke.points.emplace_back(x + s * (35 + 30 * std::cos(a)),
                                   y + s * (30 - 30 * std::sin(a)));
    }
    stroke.points.emplace_back(x + s * 5, y + s * 100);
    stroke.points.emplace_back(x + s * 70, y + s * 100);
    drawing.strokes.push_back(stroke);
    return drawing;
}

double difference(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
    return (a - b).cwiseAbs().sum() / std::max(1e-6f, a.sum());
}

TEST(StrokeRasterizer, NetworkInputDoesNotDependOnThePen) {
    const Eigen::VectorXf thin = StrokeRasterizer::networkInput(two({400, 400}, 100, 80, 240, 4));
    const Eigen::VectorXf fat = StrokeRasterizer::networkInput(two({400, 400}, 100, 80, 240, 40));
    EXPECT_EQ(thin, fat);
}

TEST(StrokeRasterizer, NetworkInputDoesNotDependOnPlaceSizeOrCanvasShape) {
    const Eigen::VectorXf base = StrokeRasterizer::networkInput(two({400, 400}, 100, 80, 240, 18));
    EXPECT_LT(difference(base, StrokeRasterizer::networkInput(two({600, 400}, 7, 3, 240, 18))),
              0.02);
    EXPECT_LT(difference(base, StrokeRasterizer::networkInput(two({400, 600}, 250, 400, 80, 9))),
              0.05);
    EXPECT_LT(difference(base, StrokeRasterizer::networkInput(two({400, 400}, 20, 2, 380, 30))),
              0.05);
}

TEST(StrokeRasterizer, NetworkInputHasMnistsStrokeWidth) {
    // Ink over the 20 px box: a stroke ~2.5 px wide along the digit's length.
    const Eigen::VectorXf input = StrokeRasterizer::networkInput(two({400, 400}, 100, 80, 240, 4));
    EXPECT_NEAR(input.maxCoeff(), 1.0f, 0.05f);
    const double mass = input.sum();
    EXPECT_GT(mass, 70);
    EXPECT_LT(mass, 160);
}

TEST(StrokeRasterizer, ATapStaysADot) {
    Drawing dot;
    dot.canvasSize = {400, 400};
    dot.penWidth = 40;
    dot.strokes.push_back(Stroke{{QPointF(200, 200)}});
    const Eigen::VectorXf input = StrokeRasterizer::networkInput(dot);
    EXPECT_GT(input.sum(), 0.5);
    EXPECT_LT(input.sum(), 12);  // a few pixels, not a 20 px blob
}

TEST(StrokeRasterizer, EmptyDrawingGivesZeros) {
    Drawing empty;
    const Eigen::VectorXf input = StrokeRasterizer::networkInput(empty);
    EXPECT_EQ(input.size(), 784);
    EXPECT_EQ(input.maxCoeff(), 0.0f);
}

}  // namespace
}  // namespace digitscope::ui
