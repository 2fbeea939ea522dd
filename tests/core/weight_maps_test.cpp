#include "core/explain/weight_maps.h"

#include <gtest/gtest.h>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

TEST(WeightMaps, FirstLayerIsItsWeightsAndTheSecondTheLinearProduct) {
    const Network network(Architecture{}, 4);
    const Matrix first = pixelTemplates(network, 1);
    EXPECT_EQ(first, Matrix(network.weights(0)));
    const Matrix second = pixelTemplates(network, 2);
    ASSERT_EQ(second.rows(), 16);
    ASSERT_EQ(second.cols(), 784);
    // Row j: sum_k W1(j, k) * W0(k, :), checked for one pixel by hand.
    double expected = 0;
    for (int k = 0; k < 16; ++k) expected += network.weights(1)(5, k) * network.weights(0)(k, 300);
    EXPECT_NEAR(second(5, 300), expected, 1e-5);
    EXPECT_THROW(pixelTemplates(network, 0), ConfigError);
    EXPECT_THROW(pixelTemplates(network, 3), ConfigError);  // the output layer
}

}  // namespace
}  // namespace digitscope::core
