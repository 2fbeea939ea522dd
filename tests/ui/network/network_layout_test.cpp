#include "ui/network/network_layout.h"

#include <gtest/gtest.h>

#include <vector>

namespace digitscope::ui {
namespace {

const std::vector<std::vector<int>> kArchitectures = {
    {784, 16, 16, 10}, {784, 128, 64, 10}, {784, 512, 10}, {784, 32, 32, 32, 10}, {50, 7, 3}};

TEST(NetworkLayoutTest, EveryCellStaysInsideTheArea) {
    for (const auto& sizes : kArchitectures) {
        for (const QRectF area :
             {QRectF(10, 20, 1200, 700), QRectF(0, 0, 30, 20), QRectF(5, 5, 2500, 1500)}) {
            const NetworkLayout layout(sizes, area);
            const QRectF bounds = area.adjusted(-0.01, -0.01, 0.01, 0.01);
            for (int l = 0; l < layout.layerCount(); ++l) {
                EXPECT_TRUE(bounds.contains(layout.columnRect(l)))
                    << "layer " << l << " of " << sizes.size() << " at " << area.width();
                EXPECT_TRUE(bounds.contains(layout.cellRect({l, layout.size(l) - 1})));
            }
        }
    }
}

TEST(NetworkLayoutTest, InputIsAGridAndLayersRunLeftToRight) {
    const NetworkLayout layout({784, 16, 16, 10}, QRectF(0, 0, 1200, 700));
    ASSERT_TRUE(layout.inputIsGrid());
    EXPECT_EQ(layout.gridSide(), 28);
    EXPECT_NEAR(layout.gridRect().width(), layout.gridRect().height(), 1e-9);
    EXPECT_LT(layout.gridRect().right(), layout.columnX(1));
    EXPECT_LT(layout.columnX(1), layout.columnX(2));
    EXPECT_LT(layout.columnX(2), layout.columnX(3));
    EXPECT_TRUE(layout.roundCells(1));
    // Pixel (3, 2) is index 2 * 28 + 3, left of and below pixel (4, 1).
    EXPECT_LT(layout.centre({0, 2 * 28 + 3}).x(), layout.centre({0, 28 + 4}).x());
    EXPECT_GT(layout.centre({0, 2 * 28 + 3}).y(), layout.centre({0, 28 + 4}).y());
}

TEST(NetworkLayoutTest, HitTestFindsEveryNeuronAtItsCentre) {
    for (const auto& sizes : kArchitectures) {
        const NetworkLayout layout(sizes, QRectF(10, 30, 1260, 740));
        for (int l = 0; l < layout.layerCount(); ++l)
            for (int i = 0; i < layout.size(l); ++i) {
                const auto hit = layout.hitTest(layout.centre({l, i}));
                ASSERT_TRUE(hit.has_value()) << l << "," << i;
                EXPECT_EQ(*hit, (NeuronId{l, i}));
            }
    }
}

TEST(NetworkLayoutTest, HitTestMissesTheSpaceBetweenColumns) {
    const NetworkLayout layout({784, 16, 16, 10}, QRectF(0, 0, 1200, 700));
    const double between = (layout.columnX(1) + layout.columnX(2)) / 2;
    EXPECT_FALSE(layout.hitTest({between, 350}).has_value());
    EXPECT_FALSE(layout.hitTest({1199, 2}).has_value());
    // Just beside a round neuron's rim, between two neurons of a column, is not a hit either.
    const QRectF cell = layout.cellRect({1, 3});
    const QPointF gap(layout.columnX(1) + cell.width() / 2,
                      (cell.bottom() + layout.cellRect({1, 4}).top()) / 2);
    EXPECT_FALSE(layout.hitTest(gap).has_value());
}

TEST(NetworkLayoutTest, WideLayersGetSmallerPackedCells) {
    const NetworkLayout layout({784, 512, 10}, QRectF(0, 0, 1200, 700));
    EXPECT_FALSE(layout.roundCells(1));
    EXPECT_NEAR(layout.pitch(1), 700.0 / 512, 1e-9);
    EXPECT_NEAR(layout.columnRect(1).height(), 700.0, 1e-6);
    EXPECT_TRUE(layout.roundCells(2));
    EXPECT_DOUBLE_EQ(layout.pitch(2), NetworkLayout::kMaxPitch);
}

TEST(NetworkLayoutTest, ContainsChecksLayerAndIndex) {
    const NetworkLayout layout({784, 16, 10}, QRectF(0, 0, 800, 600));
    EXPECT_TRUE(layout.contains({2, 9}));
    EXPECT_FALSE(layout.contains({2, 10}));
    EXPECT_FALSE(layout.contains({3, 0}));
    EXPECT_FALSE(layout.contains({-1, 0}));
    EXPECT_FALSE(NetworkLayout().contains({0, 0}));
}

}  // namespace
}  // namespace digitscope::ui
