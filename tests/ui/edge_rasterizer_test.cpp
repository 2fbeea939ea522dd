#include "ui/edge_rasterizer.h"

#include <gtest/gtest.h>

namespace digitscope::ui {
namespace {

const QColor kBackground(10, 10, 10), kBlue(0, 0, 255), kRed(255, 0, 0);

QImage draw(const std::vector<EdgeRasterizer::Line>& lines, QSize size = {100, 80}) {
    EdgeRasterizer rasterizer;
    rasterizer.reset(size);
    rasterizer.addLines(lines);
    QImage image(size, QImage::Format_RGB32);
    rasterizer.composite(image, kBackground, kBlue, kRed);
    return image;
}

TEST(EdgeRasterizerTest, ALineLightsThePixelsAlongItOnly) {
    const QImage image = draw({{QPointF(10, 20.5), QPointF(90, 60.5), true, 1.0f, 1.0f}});
    // On the line (y = 20.5 + (x - 10) / 2): blue; well away from it: the background.
    for (int x = 12; x < 88; x += 7) {
        const int y = static_cast<int>(20.5 + (x + 0.5 - 10) / 2);
        EXPECT_GT(qBlue(image.pixel(x, y)), 100) << x;
        EXPECT_EQ(image.pixel(x, y + 6), kBackground.rgb()) << x;
    }
    EXPECT_EQ(image.pixel(5, 5), kBackground.rgb());
}

TEST(EdgeRasterizerTest, SteepAndBackwardLinesAreDrawnToo) {
    const QImage image = draw({{QPointF(50.5, 75), QPointF(52.5, 3), false, 1.0f, 2.0f}});
    EXPECT_GT(qRed(image.pixel(51, 40)), 100);
    EXPECT_LE(qBlue(image.pixel(51, 40)), kBackground.blue());  // red, not purple
    EXPECT_EQ(image.pixel(20, 40), kBackground.rgb());
}

TEST(EdgeRasterizerTest, ManyLinesSaturateTowardsTheirColourNotWhite) {
    std::vector<EdgeRasterizer::Line> lines(
        200, {QPointF(0, 40.5), QPointF(99, 40.5), true, 1.0f, 1.0f});
    const QRgb pixel = draw(lines).pixel(50, 40);
    EXPECT_GE(qBlue(pixel), 250);
    EXPECT_LT(qRed(pixel), 20);
}

TEST(EdgeRasterizerTest, LinesLeavingThePictureAreClipped) {
    const QImage image =
        draw({{QPointF(-500, -300), QPointF(600, 400), true, 0.5f, 3.0f}}, {64, 48});
    EXPECT_EQ(image.size(), QSize(64, 48));
}

}  // namespace
}  // namespace digitscope::ui
