#include <gtest/gtest.h>

#include "app/timed_application.h"
#include "core/nn/compute_threads.h"

// The UI tests run without a display: Qt's offscreen platform, set here so that running the
// binary by hand behaves as under CTest.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    digitscope::app::TimedApplication application(argc, argv);  // its timing is tested too
    digitscope::core::setComputeThreads(1);                     // as app/main.cpp
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
