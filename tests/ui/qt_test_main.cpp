#include <gtest/gtest.h>

#include <QApplication>

#include "core/nn/compute_threads.h"

// The UI tests run without a display: Qt's offscreen platform, set here so that running the
// binary by hand behaves as under CTest.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    digitscope::core::setComputeThreads(1);  // as app/main.cpp
    digitscope::core::enableFlushToZero();   // as app/main.cpp
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
