// Engine benchmarks: one forward pass, one training step, preprocessing, loading MNIST.
// Run: build/bench/digitscope_core_bench [--benchmark_filter=...]
// MNIST is read from $DIGITSCOPE_MNIST or data/mnist (the loading benchmark is skipped, with
// a message, when it is absent).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <string>

#include "core/augmenter.h"
#include "core/dataset.h"
#include "core/idx_reader.h"
#include "core/network.h"
#include "core/optimizer.h"
#include "core/preprocess.h"

namespace {

using namespace digitscope::core;

Architecture architecture(const char* sizes) {
    Architecture arch;
    arch.sizes = Architecture::parseSizes(sizes);
    return arch;
}

Matrix randomBatch(int features, int batch, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
    Matrix x(features, batch);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = pixel(rng);
    return x;
}

// One sample through 784-16-16-10 into preallocated buffers: what live drawing costs.
void forwardSingle(benchmark::State& state, const char* sizes) {
    const Network network(architecture(sizes), 1);
    const Matrix x = randomBatch(784, 1, 2);
    GradientWorkspace workspace;
    Matrix output;
    for (auto _ : state) {
        network.predictBatch(x, workspace, output);
        benchmark::DoNotOptimize(output.data());
    }
}
BENCHMARK_CAPTURE(forwardSingle, 784_16_16_10, "784-16-16-10");
BENCHMARK_CAPTURE(forwardSingle, 784_128_64_10, "784-128-64-10");

// The view's forward pass: keeps every layer's pre-activations and activations.
void forwardTrace(benchmark::State& state) {
    const Network network(architecture("784-16-16-10"), 1);
    const Matrix x = randomBatch(784, 1, 2);
    ForwardTrace trace;
    for (auto _ : state) {
        network.forward(x, trace);
        benchmark::DoNotOptimize(trace.activations.back().data());
    }
}
BENCHMARK(forwardTrace);

// Forward + backward + momentum step on one batch (no data gathering).
void trainingStep(benchmark::State& state, const char* sizes) {
    const int batch = static_cast<int>(state.range(0));
    Network network(architecture(sizes), 1);
    const Matrix x = randomBatch(784, batch, 3);
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(batch));
    for (int j = 0; j < batch; ++j)
        labels[static_cast<std::size_t>(j)] = static_cast<std::uint8_t>(j % 10);
    OptimizerSettings settings;
    Optimizer optimizer(settings, network.layout().size());
    std::vector<float> gradient(static_cast<std::size_t>(network.layout().size()));
    GradientWorkspace workspace;
    for (auto _ : state) {
        network.computeGradient(x, labels, workspace, gradient);
        optimizer.step(network.parameters(), gradient, 0.01f);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK_CAPTURE(trainingStep, 784_16_16_10, "784-16-16-10")->Arg(32);
BENCHMARK_CAPTURE(trainingStep, 784_128_64_10, "784-128-64-10")->Arg(64);

// A 400 x 400 canvas with a ring-shaped digit ("0") through crop, area filter and centring.
void preprocessCanvas(benchmark::State& state) {
    const int side = 400;
    std::vector<float> canvas(static_cast<std::size_t>(side * side), 0.0f);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double r = std::hypot(x - 190.0, (y - 210.0) * 0.7);
            canvas[static_cast<std::size_t>(y * side + x)] = std::abs(r - 90) < 9 ? 1.0f : 0.0f;
        }
    for (auto _ : state) {
        Eigen::VectorXf input = preprocess({canvas.data(), side, side});
        benchmark::DoNotOptimize(input.data());
    }
}
BENCHMARK(preprocessCanvas)->Unit(benchmark::kMicrosecond);

// Random distortion of a batch of 32 training images (affine, elastic, thickness).
void augmentBatch(benchmark::State& state) {
    Augmenter augmenter(AugmentSettings{}, 28, 28, 7);
    Matrix x = randomBatch(784, 32, 4);
    for (auto _ : state) {
        augmenter.apply(x);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations() * 32);
}
BENCHMARK(augmentBatch);

std::string mnistFolder() {
    const char* env = std::getenv("DIGITSCOPE_MNIST");
    return env ? env : "data/mnist";
}

long residentKiB() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        status.ignore(4096, '\n');
    }
    return 0;
}

// Reads all of MNIST (four IDX files) and reports the resident memory the data takes.
void loadMnist(benchmark::State& state) {
    double residentMiB = 0;
    for (auto _ : state) {
        const long before = residentKiB();
        try {
            DatasetPair data = IdxReader::readFolder(mnistFolder());
            residentMiB = static_cast<double>(residentKiB() - before) / 1024.0;
            benchmark::DoNotOptimize(data.train.pixels.data());
        } catch (const std::exception& error) {
            state.SkipWithError(error.what());
            return;
        }
    }
    state.counters["data_resident_MiB"] = residentMiB;
}
BENCHMARK(loadMnist)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
