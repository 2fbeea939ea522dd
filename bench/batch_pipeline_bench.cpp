// core::BatchPipeline (a plain double buffer behind a mutex) against the lock-free pipeline it
// replaced (bench/lock_free_pipeline.h: column sharing, a spinning helper), each driven exactly
// as core::Trainer drives
// its pipeline: take the prepared batch, start the next, train a step (forward, backward, Adam),
// finish. Real MNIST batches, the recipes' distortions, optionally the bundled pen data.
// Compare the two as a ratio of medians within one interleaved run (docs/figures.md):
//   digitscope_core_bench --benchmark_filter=Pipeline --benchmark_repetitions=9
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "bench/lock_free_pipeline.h"
#include "core/augment/augmenter.h"
#include "core/augment/stroke_augmenter.h"
#include "core/data/idx_reader.h"
#include "core/data/stroke_set.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"
#include "core/train/batch_pipeline.h"

namespace {

using namespace digitscope;

const core::DatasetPair* mnist() {
    static const std::unique_ptr<core::DatasetPair> data =
        []() -> std::unique_ptr<core::DatasetPair> {
        const char* env = std::getenv("DIGITSCOPE_MNIST");
        try {
            return std::make_unique<core::DatasetPair>(
                core::IdxReader::readFolder(env ? env : "data/mnist"));
        } catch (const std::exception&) {
            return nullptr;
        }
    }();
    return data.get();
}

// What a training run feeds its pipeline, and the order it takes the samples in.
struct Feed {
    core::BatchSources sources;
    std::unique_ptr<core::Augmenter> augmenter;
    std::unique_ptr<core::StrokeAugmenter> strokeAugmenter;
    std::shared_ptr<const core::StrokeSet> pen;
    std::vector<std::int32_t> order;
    int batch = 64;
    int penColumns = 0;  // the last columns of each batch are pen digits

    std::int64_t batches = 0;  // started so far
    std::vector<std::int32_t> indices;
    std::vector<std::uint8_t> sets;

    // The next batch's columns and key, as the trainer composes them.
    core::BatchKey next() {
        const std::int64_t n = batches++;
        const int imageColumns = batch - penColumns;
        const auto perEpoch = static_cast<std::int64_t>(order.size()) / imageColumns;
        const std::int64_t position = (n % perEpoch) * imageColumns;
        indices.assign(order.begin() + position, order.begin() + position + imageColumns);
        sets.assign(static_cast<std::size_t>(imageColumns), 0);
        for (int k = 0; k < penColumns; ++k) {
            const auto drawing = static_cast<std::int32_t>(
                (n * penColumns + k) % static_cast<std::int64_t>(pen->drawings.size()));
            indices.push_back(drawing);
            sets.push_back(1);
        }
        return {static_cast<int>(n / perEpoch) + 1, position, n * batch,
                static_cast<std::uint64_t>(n * batch)};
    }
};

Feed makeFeed(const core::Dataset& train, float augmentStrength, int penPercent) {
    Feed feed;
    feed.augmenter = std::make_unique<core::Augmenter>(
        core::AugmentSettings{}.scaled(augmentStrength), train.rows, train.cols, 7);
    feed.sources.data = &train;
    feed.sources.augmenter = feed.augmenter.get();
    if (penPercent > 0) {
        static const auto pen =
            std::make_shared<const core::StrokeSet>(core::StrokeSet::read(DIGITSCOPE_PENDIGITS));
        feed.pen = pen;
        feed.strokeAugmenter =
            std::make_unique<core::StrokeAugmenter>(core::StrokeAugmentSettings{}, 11);
        feed.sources.strokeSets = {pen.get()};
        feed.sources.strokeAugmenter = feed.strokeAugmenter.get();
        feed.penColumns = (feed.batch * penPercent + 50) / 100;
    }
    feed.order.resize(static_cast<std::size_t>(train.count));
    std::iota(feed.order.begin(), feed.order.end(), 0);
    std::shuffle(feed.order.begin(), feed.order.end(), std::mt19937_64(5));
    return feed;
}

// The first batches of both pipelines, bit for bit: the comparison is of the same work.
template <typename Pipeline>
std::vector<float> firstBatches(const core::Dataset& train, float augment, int penPercent) {
    Feed feed = makeFeed(train, augment, penPercent);
    Pipeline pipeline(feed.sources, feed.batch, true);
    std::vector<float> all;
    core::Matrix x;
    std::vector<std::uint8_t> labels;
    for (int b = 0; b < 3; ++b) {
        const core::BatchKey key = feed.next();
        pipeline.start(key, feed.indices, feed.sets);
        pipeline.finish();
        pipeline.take(x, labels);
        all.insert(all.end(), x.data(), x.data() + x.size());
        all.insert(all.end(), labels.begin(), labels.end());
    }
    return all;
}

template <typename Pipeline>
void pipelineTraining(benchmark::State& state, const char* sizes, float augment, int penPercent) {
    const core::DatasetPair* data = mnist();
    if (!data) {
        state.SkipWithError(
            "no MNIST in data/mnist (scripts/fetch-mnist.sh, or set DIGITSCOPE_MNIST)");
        return;
    }
    const std::vector<float> mine = firstBatches<Pipeline>(data->train, augment, penPercent);
    const std::vector<float> reference =
        firstBatches<bench::LockFreePipeline>(data->train, augment, penPercent);
    if (mine.size() != reference.size() ||
        std::memcmp(mine.data(), reference.data(), mine.size() * sizeof(float)) != 0) {
        state.SkipWithError("the pipelines prepare different batches");
        return;
    }
    core::Architecture arch;
    arch.sizes = core::Architecture::parseSizes(sizes);
    core::Network network(arch, 1);
    core::OptimizerSettings settings;
    settings.kind = core::OptimizerKind::Adam;
    settings.learningRate = 0.002f;
    core::Optimizer optimizer(settings, network.layout().size());
    std::vector<float> gradient(static_cast<std::size_t>(network.layout().size()));
    core::GradientWorkspace workspace;
    Feed feed = makeFeed(data->train, augment, penPercent);
    Pipeline pipeline(feed.sources, feed.batch, true);
    core::Matrix x;
    std::vector<std::uint8_t> labels;
    core::BatchKey key = feed.next();
    pipeline.start(key, feed.indices, feed.sets);
    constexpr int kBatches = 20;
    for (auto _ : state) {
        for (int b = 0; b < kBatches; ++b) {  // as Trainer::trainOneBatch
            pipeline.finish();
            pipeline.take(x, labels);
            key = feed.next();
            pipeline.start(key, feed.indices, feed.sets);
            network.computeGradient(x, labels, workspace, gradient);
            optimizer.step(network.parameters(), gradient, settings.learningRate);
        }
    }
    pipeline.finish();
    state.SetItemsProcessed(state.iterations() * kBatches * feed.batch);
}

void lockFreePipeline(benchmark::State& state, const char* sizes, float augment, int pen) {
    pipelineTraining<bench::LockFreePipeline>(state, sizes, augment, pen);
}
void doubleBufferPipeline(benchmark::State& state, const char* sizes, float augment, int pen) {
    pipelineTraining<core::BatchPipeline>(state, sizes, augment, pen);
}

// The bundled recipes' shapes: 3b1b (784-16-16-10, augmentation 0.4) and accurate
// (784-256-128-10, augmentation 1), batch 64, with and without the pen data at 0.2.
#define PIPELINE_CASES(function)                                       \
    BENCHMARK_CAPTURE(function, small, "784-16-16-10", 0.4f, 0)        \
        ->UseRealTime()                                                \
        ->Unit(benchmark::kMillisecond);                               \
    BENCHMARK_CAPTURE(function, small_pen, "784-16-16-10", 0.4f, 20)   \
        ->UseRealTime()                                                \
        ->Unit(benchmark::kMillisecond);                               \
    BENCHMARK_CAPTURE(function, large_pen, "784-256-128-10", 1.0f, 20) \
        ->UseRealTime()                                                \
        ->Unit(benchmark::kMillisecond)

PIPELINE_CASES(lockFreePipeline);
PIPELINE_CASES(doubleBufferPipeline);

}  // namespace
