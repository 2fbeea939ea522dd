#include <gtest/gtest.h>

#include "core/nn/compute_threads.h"

// One Eigen thread, as the programs set it (core::setComputeThreads): on a busy machine OpenMP's
// threads make the tests' small products several times slower, and results would depend on
// OpenMP's default.
int main(int argc, char** argv) {
    digitscope::core::setComputeThreads(1);
    digitscope::core::enableFlushToZero();  // as every program's computing threads
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
