#include "ui/network/edge_rasterizer.h"

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

TEST(EdgeRasterizerTest, LightIsAddedOntoAPictureWithinTheLitRectangleOnly) {
    EdgeRasterizer rasterizer;
    rasterizer.reset({100, 80});
    rasterizer.addLines({{QPointF(10, 40.5), QPointF(60, 40.5), true, 0.5f, 1.0f}});
    const QRect lit = rasterizer.litRect();
    EXPECT_TRUE(lit.contains(QPoint(30, 40)));
    EXPECT_FALSE(lit.contains(QPoint(80, 40)));
    // The picture is the lit rectangle's stretch of a larger one, as the network view copies.
    QImage picture(lit.size(), QImage::Format_RGB32);
    picture.fill(QColor(100, 20, 200));
    rasterizer.addOnto(picture, lit.topLeft(), kBlue, kRed);
    const QRgb on = picture.pixel(QPoint(30, 40) - lit.topLeft());
    EXPECT_EQ(qRed(on), 100);   // blue light adds no red
    EXPECT_EQ(qBlue(on), 255);  // 200 + half of 255, clamped
    // Inside the lit rectangle but off the line: untouched.
    EXPECT_EQ(picture.pixel(QPoint(30, lit.top()) - lit.topLeft()), QColor(100, 20, 200).rgb());
}

TEST(EdgeRasterizerTest, ClearForgetsTheLinesOfTheLastFrame) {
    EdgeRasterizer rasterizer;
    rasterizer.reset({100, 80});
    rasterizer.addLines({{QPointF(10, 20.5), QPointF(90, 60.5), false, 1.0f, 2.0f}});
    rasterizer.clear();
    EXPECT_TRUE(rasterizer.litRect().isEmpty());
    rasterizer.addLines({{QPointF(50.5, 5), QPointF(50.5, 10), true, 1.0f, 1.0f}});
    QImage picture(rasterizer.size(), QImage::Format_RGB32);
    picture.fill(kBackground);
    rasterizer.addOnto(picture, {0, 0}, kBlue, kRed);
    EXPECT_EQ(picture.pixel(50, 40), kBackground.rgb());  // on the first line: gone
    EXPECT_GT(qBlue(picture.pixel(50, 7)), kBackground.blue());
}

}  // namespace
}  // namespace digitscope::ui
