#include <benchmark/benchmark.h>

#include <QApplication>

// The GUI benchmarks run offscreen, in one program: each bench/ui_*_bench.cpp registers its
// benchmarks and this file provides the QApplication they need.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
