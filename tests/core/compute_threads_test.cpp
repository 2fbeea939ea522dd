#include "core/nn/compute_threads.h"

#include <gtest/gtest.h>

#include <Eigen/Core>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

TEST(ComputeThreads, SetsEigensCountForTheProcess) {
    ASSERT_EQ(computeThreads(), 1);  // tests/core/core_test_main.cpp
    setComputeThreads(2);
    EXPECT_EQ(computeThreads(), 2);
    EXPECT_EQ(Eigen::nbThreads(), 2);
    EXPECT_THROW(setComputeThreads(0), ConfigError);
    EXPECT_EQ(computeThreads(), 2);  // a refused count changes nothing
    setComputeThreads(1);
    EXPECT_EQ(Eigen::nbThreads(), 1);
}

TEST(EffectiveThreads, SmallProductsStayOnOneCore) {
    Architecture small;
    small.sizes = {784, 16, 16, 10};
    EXPECT_EQ(effectiveThreads(small, 32, 2), 1);  // 784 * 16 * 32 = 0.4M
    Architecture large;
    large.sizes = {784, 256, 128, 10};
    EXPECT_EQ(effectiveThreads(large, 64, 2), 1);  // 784 * 256 * 64 = 12.8M: still one core
    Architecture huge;
    huge.sizes = {784, 1024, 512, 10};
    EXPECT_EQ(effectiveThreads(huge, 128, 2), 2);  // 784 * 1024 * 128 = 103M
    EXPECT_EQ(effectiveThreads(huge, 128, 0), 1);
    EXPECT_EQ(effectiveThreads(huge, 1, 2), 1);
}

}  // namespace
}  // namespace digitscope::core
