#include "ui/explain/canvas_overlay.h"

#include <gtest/gtest.h>

#include "core/input/pen.h"

namespace digitscope::ui {
namespace {

core::Drawing drawingOf(std::vector<core::Stroke> strokes) {
    core::Drawing drawing;
    drawing.strokes = std::move(strokes);
    return drawing;
}

// The input's ink box, mapped onto the canvas, covers the strokes' points (widened by the
// network's pen) to within about one input pixel, wherever on the canvas the digit was drawn.
TEST(CanvasOverlayTest, TheInputsInkLandsWhereTheStrokesAre) {
    const std::vector<core::Drawing> drawings = {
        drawingOf({core::Stroke{{{100, 50}, {100, 250}}}}),                       // a 1, left
        drawingOf({core::Stroke{{{220, 120}, {220, 360}, {380, 360}}}}),          // an L, low right
        drawingOf({core::Stroke{{{60, 60}, {160, 60}, {90, 170}, {170, 170}}}}),  // a Z, small
    };
    for (const core::Drawing& drawing : drawings) {
        const Eigen::VectorXf input = core::networkInput(drawing);
        const std::optional<QTransform> toCanvas = canvas_overlay::inputToCanvas(drawing, input);
        ASSERT_TRUE(toCanvas.has_value());
        EXPECT_DOUBLE_EQ(toCanvas->m11(), toCanvas->m22());  // one scale: no distortion
        const double pixel = toCanvas->m11();                // canvas pixels per input pixel
        QRectF ink;                                          // of the input, pixel edges
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x)
                if (input(y * 28 + x) > 0.1f) ink |= QRectF(x, y, 1, 1);
        const QRectF mapped = toCanvas->mapRect(ink);
        QRectF points;
        for (const core::Point& p : drawing.strokes.front().points)
            points |= QRectF(p.x, p.y, 0.001, 0.001);
        const double pen = core::kPadPenShare * std::max(points.width(), points.height()) /
                           (1 - core::kPadPenShare);
        const QRectF expected = points.adjusted(-pen / 2, -pen / 2, pen / 2, pen / 2);
        EXPECT_NEAR(mapped.left(), expected.left(), 1.5 * pixel);
        EXPECT_NEAR(mapped.right(), expected.right(), 1.5 * pixel);
        EXPECT_NEAR(mapped.top(), expected.top(), 1.5 * pixel);
        EXPECT_NEAR(mapped.bottom(), expected.bottom(), 1.5 * pixel);
    }
    EXPECT_FALSE(
        canvas_overlay::inputToCanvas(core::Drawing{}, Eigen::VectorXf::Zero(784)).has_value());
}

TEST(CanvasOverlayTest, ASampleCoversTheWholeCanvas) {
    const QTransform t = canvas_overlay::sampleToCanvas(400, 400);
    EXPECT_EQ(t.mapRect(QRectF(0, 0, 28, 28)), QRectF(0, 0, 400, 400));
}

// Blue towards the answer, red against, and nothing where a pixel did nothing, so the drawing
// shows through.
TEST(CanvasOverlayTest, ContributionsAreBlueRedAndClearWhereZero) {
    Eigen::VectorXf values = Eigen::VectorXf::Zero(784);
    values(0) = 2.0f;
    values(1) = -2.0f;
    values(2) = 0.5f;
    const QImage image = canvas_overlay::contributionImage(values, 28, 0.7f);
    ASSERT_EQ(image.size(), QSize(28, 28));
    const QColor positive = image.pixelColor(0, 0);
    const QColor negative = image.pixelColor(1, 0);
    EXPECT_GT(positive.blue(), positive.red());
    EXPECT_GT(negative.red(), negative.blue());
    EXPECT_EQ(positive.alpha(), 179);  // 0.7 of opaque at the largest |value|
    EXPECT_LT(image.pixelColor(2, 0).alpha(), positive.alpha());
    EXPECT_GT(image.pixelColor(2, 0).alpha(), 0);
    EXPECT_EQ(image.pixelColor(5, 5).alpha(), 0);
}

}  // namespace
}  // namespace digitscope::ui
