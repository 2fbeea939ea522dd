// Engine benchmarks: one forward pass, one training step, preprocessing, loading MNIST.
// Run: build/bench/digitscope_core_bench [--benchmark_filter=...]
// MNIST is read from $DIGITSCOPE_MNIST or data/mnist (the loading benchmark is skipped, with
// a message, when it is absent).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/augment/augmenter.h"
#include "core/augment/stroke_augmenter.h"
#include "core/data/dataset.h"
#include "core/data/idx_reader.h"
#include "core/data/stroke_set.h"
#include "core/explain/backprop.h"
#include "core/input/pen.h"
#include "core/input/preprocess.h"
#include "core/io/model_io.h"
#include "core/nn/compute_threads.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"
#include "core/train/trainer.h"

namespace {

using namespace digitscope::core;

Architecture architecture(const char* sizes) {
    Architecture arch;
    arch.sizes = Architecture::parseSizes(sizes);
    return arch;
}

std::string mnistFolder() {
    const char* env = std::getenv("DIGITSCOPE_MNIST");
    return env ? env : "data/mnist";
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

// Forward + backward + momentum step on one batch (no data gathering); args: batch, threads
// (the CLI's train uses 2 only when the largest product reaches 1e8 multiply-adds,
// core::effectiveThreads).
// Stepping one fixed batch thousands of times overfits it, and the steps then get several times
// slower (784-16-16-10: 24 us a step at first, 80 us after 10 000 steps), which training on
// MNIST never sees. So the weights and the optimiser go back to the initial ones every
// kRestartEvery steps (untimed).
void trainingStep(benchmark::State& state, const char* sizes) {
    constexpr long kRestartEvery = 100;
    const int batch = static_cast<int>(state.range(0));
    setComputeThreads(static_cast<int>(state.range(1)));
    Network network(architecture(sizes), 1);
    const std::vector<float> initial(network.parameters().begin(), network.parameters().end());
    const Matrix x = randomBatch(784, batch, 3);
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(batch));
    for (int j = 0; j < batch; ++j)
        labels[static_cast<std::size_t>(j)] = static_cast<std::uint8_t>(j % 10);
    OptimizerSettings settings;
    Optimizer optimizer(settings, network.layout().size());
    std::vector<float> gradient(static_cast<std::size_t>(network.layout().size()));
    GradientWorkspace workspace;
    long steps = 0;
    for (auto _ : state) {
        if (++steps % kRestartEvery == 0) {
            state.PauseTiming();
            network.setParameters(initial);
            optimizer.reset();
            state.ResumeTiming();
        }
        network.computeGradient(x, labels, workspace, gradient);
        optimizer.step(network.parameters(), gradient, 0.01f);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * batch);
    setComputeThreads(1);
}
BENCHMARK_CAPTURE(trainingStep, 784_16_16_10, "784-16-16-10")
    ->ArgNames({"batch", "threads"})
    ->Args({32, 1});
BENCHMARK_CAPTURE(trainingStep, 784_128_64_10, "784-128-64-10")
    ->ArgNames({"batch", "threads"})
    ->Args({64, 2})
    ->Args({64, 1});

// One drawing's backpropagation laid open (core::explainBackprop): what the learning view
// recomputes for each drawing and label. Targets: 2 ms for 784-16-16-10, 16 ms for
// 784-256-128-10.
void explainBackpropOne(benchmark::State& state, const char* sizes) {
    const Network network(architecture(sizes), 1);
    const Vector x = randomBatch(784, 1, 4).col(0);
    for (auto _ : state) {
        const BackpropExplanation e = explainBackprop(network, x, 3);
        benchmark::DoNotOptimize(e.dC_dx.data());
    }
}
BENCHMARK_CAPTURE(explainBackpropOne, 784_16_16_10, "784-16-16-10")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(explainBackpropOne, 784_256_128_10, "784-256-128-10")
    ->Unit(benchmark::kMicrosecond);

// With every weight gradient made as a matrix too (the view may ask for all of them).
void explainBackpropWithWeights(benchmark::State& state, const char* sizes) {
    const Network network(architecture(sizes), 1);
    const Vector x = randomBatch(784, 1, 4).col(0);
    for (auto _ : state) {
        const BackpropExplanation e = explainBackprop(network, x, 3);
        for (int l = 0; l < network.layerCount(); ++l) {
            const Matrix w = e.weightGradient(l);
            benchmark::DoNotOptimize(w.data());
        }
    }
}
BENCHMARK_CAPTURE(explainBackpropWithWeights, 784_256_128_10, "784-256-128-10")
    ->Unit(benchmark::kMicrosecond);

// A mini-batch of 32 against its examples (core::compareMiniBatch). Target: 20 ms.
void miniBatchComparison(benchmark::State& state, const char* sizes) {
    const Network network(architecture(sizes), 1);
    const Matrix x = randomBatch(784, 32, 5);
    std::vector<std::uint8_t> labels(32);
    for (std::size_t j = 0; j < labels.size(); ++j) labels[j] = static_cast<std::uint8_t>(j % 10);
    for (auto _ : state) {
        const MiniBatchComparison c = compareMiniBatch(network, x, labels);
        benchmark::DoNotOptimize(c.cosines.data());
    }
}
BENCHMARK_CAPTURE(miniBatchComparison, 784_16_16_10, "784-16-16-10")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(miniBatchComparison, 784_256_128_10, "784-256-128-10")
    ->Unit(benchmark::kMicrosecond);

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

// Random distortion of a batch of 32 training images (affine, elastic, thickness), as the
// trainer calls it: from 8-bit images (here rings of varying size and place, about a digit's
// ink) into float columns, each image numbered anew.
void augmentBatch(benchmark::State& state) {
    constexpr int kBatch = 32;
    Augmenter augmenter(AugmentSettings{}, 28, 28, 7);
    Augmenter::Workspace work(28, 28);
    std::vector<std::uint8_t> images(static_cast<std::size_t>(784 * kBatch));
    for (int j = 0; j < kBatch; ++j)
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const double r = std::hypot(x - 13.5 - j % 5 + 2, (y - 13.5) * 0.8);
                const double v = std::clamp(1.5 - std::abs(r - 5.0 - j % 3), 0.0, 1.0);
                images[static_cast<std::size_t>(j * 784 + y * 28 + x)] =
                    static_cast<std::uint8_t>(std::lround(v * 255));
            }
    Matrix x(784, kBatch);
    std::uint64_t number = 0;
    for (auto _ : state) {
        for (int j = 0; j < kBatch; ++j)
            augmenter.distort(images.data() + j * 784, x.col(j).data(), number++, work);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(augmentBatch);

// The first 256 digits of the bundled pen data (tablet strokes, 500 x 500 canvases).
const std::vector<Drawing>& penDigits() {
    static const std::vector<Drawing> digits = [] {
        std::vector<Drawing> all = StrokeSet::read(DIGITSCOPE_PENDIGITS).drawings;
        all.resize(std::min<std::size_t>(all.size(), 256));
        return all;
    }();
    return digits;
}

// A recorded pen digit through the app's pen path (networkInput), as recorded (arg 0) or
// distorted as the trainer distorts a stroke set's drawing (arg 1): the cost of one stroke
// sample of a training batch.
void penDigitInput(benchmark::State& state) {
    const StrokeAugmenter augmenter(StrokeAugmentSettings{}, 7);
    const std::vector<Drawing>& digits = penDigits();
    std::uint64_t number = 0;
    for (auto _ : state) {
        const Drawing& digit = digits[number % digits.size()];
        const Eigen::VectorXf input =
            state.range(0) ? networkInput(augmenter.distort(digit, number)) : networkInput(digit);
        benchmark::DoNotOptimize(input.data());
        ++number;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(penDigitInput)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The distortion alone (per-stroke and whole-drawing transforms, resampling, jitter).
void penDigitDistort(benchmark::State& state) {
    const StrokeAugmenter augmenter(StrokeAugmentSettings{}, 7);
    const std::vector<Drawing>& digits = penDigits();
    std::uint64_t number = 0;
    for (auto _ : state) {
        const Drawing d = augmenter.distort(digits[number % digits.size()], number);
        benchmark::DoNotOptimize(d.strokes.data());
        ++number;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(penDigitDistort)->Unit(benchmark::kMicrosecond);

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

// Reads all of MNIST (four IDX files) and reports the resident memory the data takes
// (data_resident_MiB: VmRSS after minus before) next to the bytes the vectors hold. Freed memory
// is handed back to the system before each load; otherwise glibc reuses the previous load's
// pages for the smaller arrays and the growth under-counts the data.
void loadMnist(benchmark::State& state) {
    DatasetPair data;
    double residentMiB = 0;
    for (auto _ : state) {
        state.PauseTiming();
        data = DatasetPair{};  // the previous load is freed untimed
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
        const long before = residentKiB();
        state.ResumeTiming();
        try {
            data = IdxReader::readFolder(mnistFolder());
        } catch (const std::exception& error) {
            state.SkipWithError((mnistFolder() + ": " + error.what() +
                                 " (scripts/fetch-mnist.sh, or set DIGITSCOPE_MNIST)")
                                    .c_str());
            return;
        }
        benchmark::DoNotOptimize(data.train.pixels.data());
        state.PauseTiming();
        residentMiB = static_cast<double>(residentKiB() - before) / 1024.0;
        state.ResumeTiming();
    }
    const auto bytes = data.train.pixels.size() + data.train.labels.size() +
                       data.test.pixels.size() + data.test.labels.size();
    state.counters["data_resident_MiB"] = residentMiB;
    state.counters["data_MiB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
}
BENCHMARK(loadMnist)->Unit(benchmark::kMillisecond)->Iterations(5);

// Training on MNIST as the bundled recipes train (Adam, batch 64, augmentation, one thread),
// with the bundled pen data as arg % of every batch (0: MNIST alone). The batches are
// prepared on the training thread (no helper), so that CPU time is all the work and
// items_per_second is samples per CPU-second: what a stroke sample costs beside an image.
// No restroking, whose cache would fill during the measurement.
void trainWithPenData(benchmark::State& state, const char* sizes, float augmentStrength) {
    static DatasetPair mnist;
    if (mnist.train.count == 0) {
        try {
            mnist = IdxReader::readFolder(mnistFolder());
        } catch (const std::exception& error) {
            state.SkipWithError((mnistFolder() + ": " + error.what()).c_str());
            return;
        }
    }
    static const auto pen =
        std::make_shared<const StrokeSet>(StrokeSet::read(DIGITSCOPE_PENDIGITS));
    Network network(architecture(sizes), 1);
    TrainerSettings settings;
    settings.optimizer.kind = OptimizerKind::Adam;
    settings.optimizer.learningRate = 0.002f;
    settings.batchSize = 64;
    settings.epochs = 1000;
    settings.augment = true;
    settings.augmentStrength = augmentStrength;
    settings.backgroundPreparation = false;
    std::vector<StrokeShare> sets;
    if (state.range(0) > 0) sets.push_back({pen, static_cast<float>(state.range(0)) / 100});
    Trainer trainer(network, mnist.train, settings, nullptr, sets);
    constexpr int kBatches = 20;
    for (auto _ : state) trainer.trainBatches(kBatches);
    state.SetItemsProcessed(state.iterations() * kBatches * settings.batchSize);
}
BENCHMARK_CAPTURE(trainWithPenData, 784_16_16_10, "784-16-16-10", 0.4f)
    ->Arg(0)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(trainWithPenData, 784_256_128_10, "784-256-128-10", 1.0f)
    ->Arg(0)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);

// The ceiling the training figures are set against: one large float matrix product
// (1024 x 1024 times 1024 x 1024) on one thread, as fast as Eigen goes on this CPU in this build.
// GFLOP/s counts 2 operations per multiply-add. bench/compare_torch.sh reads it.
void eigenSgemm(benchmark::State& state) {
    const auto n = static_cast<Eigen::Index>(state.range(0));
    setComputeThreads(1);
    const Matrix a = randomBatch(static_cast<int>(n), static_cast<int>(n), 4);
    const Matrix b = randomBatch(static_cast<int>(n), static_cast<int>(n), 5);
    Matrix c(n, n);
    for (auto _ : state) {
        c.noalias() = a * b;
        benchmark::DoNotOptimize(c.data());
    }
    state.counters["GFLOPs"] = benchmark::Counter(
        2.0 * static_cast<double>(n * n * n) * 1e-9 * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
}
BENCHMARK(eigenSgemm)->Arg(1024)->Unit(benchmark::kMillisecond);

// A bundled model on MNIST test images, as ONNX Runtime runs it in bench/compare_ort.sh: arg 1 is
// one drawing (the first test image) through predictBatch, arg 10000 the whole test set as one
// batch. Inputs are converted to float before timing, as ORT is given floats.
void bundledInference(benchmark::State& state, const char* name) {
    const auto batch = static_cast<Eigen::Index>(state.range(0));
    Model model;
    Dataset test;
    try {
        model = loadModel(std::string(DIGITSCOPE_MODELS_DIR) + "/" + name + ".dsm");
        test = IdxReader::readPair(mnistFolder() + "/t10k-images-idx3-ubyte",
                                   mnistFolder() + "/t10k-labels-idx1-ubyte");
    } catch (const std::exception& error) {
        state.SkipWithError(
            (std::string(error.what()) + " (scripts/fetch-mnist.sh, or set DIGITSCOPE_MNIST)")
                .c_str());
        return;
    }
    if (test.count < batch) {
        state.SkipWithError("fewer MNIST test images than the batch");
        return;
    }
    Matrix x(test.featureSize(), batch);
    pixelsToFloats(test.pixels.data(), static_cast<int>(x.size()), x.data());
    GradientWorkspace workspace;
    Matrix output;
    for (auto _ : state) {
        model.network.predictBatch(x, workspace, output);
        benchmark::DoNotOptimize(output.data());
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK_CAPTURE(bundledInference, 3b1b, "3b1b")->Arg(1)->Arg(10000);
BENCHMARK_CAPTURE(bundledInference, accurate, "accurate")->Arg(1)->Arg(10000);

}  // namespace

// One Eigen thread unless a benchmark says otherwise, as the programs set it (app/main.cpp, the
// CLI's commands at these sizes): without it Eigen would take OpenMP's default (every core) and
// the figures would depend on the environment.
int main(int argc, char** argv) {
    digitscope::core::setComputeThreads(1);
    digitscope::core::enableFlushToZero();  // as the programs' computing threads
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
