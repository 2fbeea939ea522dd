#include "ui/network/gallery_layout.h"

#include <gtest/gtest.h>

namespace digitscope::ui {
namespace {

TEST(GalleryLayout, SixteenMapsFitOnePageAsLargeAsPossible) {
    const GalleryLayout layout(16, QRectF(0, 0, 380, 420), 36, 120, 16);
    EXPECT_EQ(layout.pages(), 1);
    EXPECT_EQ(layout.columns(), 4);
    EXPECT_GE(layout.cellSide(), 85.0);
    for (int i = 0; i < 16; ++i) {
        const QRectF cell = layout.mapRect(i, 0);
        EXPECT_TRUE(QRectF(0, 0, 380, 420).contains(cell.adjusted(0, 0, 0, 16))) << i;
        EXPECT_EQ(layout.hitTest(cell.center(), 0), i);
        for (int j = 0; j < i; ++j) EXPECT_FALSE(cell.intersects(layout.mapRect(j, 0)));
    }
    EXPECT_EQ(layout.hitTest(QPointF(-5, -5), 0), -1);
}

TEST(GalleryLayout, ManyMapsArePagedAtTheSmallestSize) {
    const GalleryLayout layout(512, QRectF(0, 0, 380, 420), 36, 120, 16);
    EXPECT_EQ(layout.cellSide(), 36.0);
    EXPECT_GT(layout.pages(), 1);
    EXPECT_GE(layout.perPage() * layout.pages(), 512);
    EXPECT_LT(layout.perPage() * (layout.pages() - 1), 512);
    EXPECT_TRUE(layout.mapRect(0, 1).isEmpty());  // not on page 1
    const int onSecond = layout.perPage();
    EXPECT_FALSE(layout.mapRect(onSecond, 1).isEmpty());
    EXPECT_EQ(layout.hitTest(layout.mapRect(onSecond, 1).center(), 1), onSecond);
}

TEST(GalleryLayout, NothingToLayOut) {
    const GalleryLayout layout(0, QRectF(0, 0, 100, 100), 36, 120);
    EXPECT_EQ(layout.pages(), 0);
    EXPECT_EQ(layout.hitTest(QPointF(10, 10), 0), -1);
}

}  // namespace
}  // namespace digitscope::ui
