#include <gtest/gtest.h>

#include <QTemporaryDir>

#include "app/timed_application.h"
#include "core/nn/compute_threads.h"

// The UI tests run without a display: Qt's offscreen platform, set here so that running the
// binary by hand behaves as under CTest.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // The user's data folder (My digits, kept taught models) is a fresh one of this run's, so
    // no test reads what another run, or the person's own app, left there.
    QTemporaryDir data;
    if (!data.isValid()) return 1;
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    digitscope::app::TimedApplication application(argc, argv);  // its timing is tested too
    digitscope::core::setComputeThreads(1);                     // as app/main.cpp
    digitscope::core::enableFlushToZero();                      // as app/main.cpp
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
