#include <benchmark/benchmark.h>

#include <QApplication>

#include "core/nn/compute_threads.h"

// The GUI benchmarks run offscreen, in one program: each bench/ui_*_bench.cpp registers its
// benchmarks and this file provides the QApplication they need, and one Eigen thread, as
// app/main.cpp sets it.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    digitscope::core::setComputeThreads(1);
    digitscope::core::enableFlushToZero();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
