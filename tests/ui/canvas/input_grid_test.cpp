#include "ui/canvas/input_grid.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>

namespace digitscope::ui {
namespace {

// The pixel's tooltip was replaced by the widget's own after ~0.7 s (Qt's
// tooltip event showed toolTip()).
TEST(InputGridTest, TheTooltipEventShowsThePixelUnderTheMouse) {
    InputGrid grid;
    grid.resize(28 * 5, 28 * 5);
    Eigen::VectorXf input = Eigen::VectorXf::Zero(28 * 28);
    input(3 * 28 + 2) = 0.75f;
    grid.setInput(input);
    grid.show();
    const QPoint pixel(2 * 5 + 2, 3 * 5 + 2);  // column 2, row 3
    EXPECT_EQ(grid.toolTipAt(pixel), QStringLiteral("pixel (2, 3): 0.75"));
    QHelpEvent help(QEvent::ToolTip, pixel, grid.mapToGlobal(pixel));
    QApplication::sendEvent(&grid, &help);
    EXPECT_EQ(QToolTip::text(), QStringLiteral("pixel (2, 3): 0.75"));
    QToolTip::hideText();
}

}  // namespace
}  // namespace digitscope::ui
