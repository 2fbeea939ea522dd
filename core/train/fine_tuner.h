#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "core/data/dataset.h"
#include "core/input/drawing.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"

namespace digitscope::core {

// How a network learns a person's handwriting: a fixed, small number of steps, so that one
// correction is learned in well under a second on one core, whatever else is on the machine.
struct FineTuneSettings {
    int steps = 200;
    int batchSize = 64;
    // Of each batch of `batchSize`: the person's drawings (distorted variants); the rest is
    // replay, so that the network keeps what it knew. Of the replay: pen digits (when given),
    // the rest MNIST.
    float mineShare = 0.5f;
    // Small networks replay more: a step's batch grows past batchSize with replay alone (the
    // person's samples stay mineShare * batchSize) while samples x parameters stays within
    // `stepWork`, to at most maxBatchSize. The default work is 64 samples through `accurate`
    // (235,146 parameters), which stays at 64; `3b1b` (13,002) replays 992 a step beside the
    // person's 32, where 32 beside 32 cost MNIST test 0.70 points a lesson (median, worst 5.95)
    // and 992 cost 0.01 (worst 0.72); docs/figures.md, section 8.
    std::int64_t stepWork = 64 * 235'146;
    int maxBatchSize = 1024;
    float penShare = 0.3f;
    // Distorted copies rendered per drawing (the first: as drawn). 96 rather than 48: the
    // worst writer of scripts/bench-personalise.py at least as well read for each of 5 seeds
    // (2 better), for ~30 ms more of 20 drawings; docs/figures.md, section 8.
    int variantsPerDrawing = 96;
    int penReplayDigits = 768;  // pen-data digits rendered for replay
    OptimizerSettings optimizer{OptimizerKind::Adam, 3e-4f};
    std::uint64_t seed = 1;
};

// Where replay comes from. Either may be empty; with neither, every sample is the person's.
struct ReplaySources {
    std::shared_ptr<const Dataset> images;  // MNIST's training set (28 x 28)
    std::vector<Drawing> strokes;           // labelled pen digits (stroke datasets)
};

// Fine-tunes a copy of a network on a person's labelled drawings mixed with replay. The whole
// run is determined by the start weights, the drawings, the replay sources and the settings
// (seed included): the app and `digitscope-cli finetune` get the same weights bit for bit.
// Single-threaded; the app steps it from a worker thread, a few steps at a time.
class FineTuner {
public:
    // Renders every variant and replay digit (a few hundred milliseconds at most). Throws
    // ConfigError when no drawing has a label 0-9 or the network does not read 28 x 28 digits.
    FineTuner(const Network& start, const std::vector<Drawing>& mine, ReplaySources replay,
              FineTuneSettings settings);

    // Up to `maxSteps` more steps; returns how many ran (0 once finished).
    int train(int maxSteps);
    void run() { train(m_settings.steps); }
    bool finished() const { return m_step >= m_settings.steps; }
    int stepsDone() const { return m_step; }
    double lastLoss() const { return m_lastLoss; }  // mean over the last step's batch

    const Network& network() const { return m_network; }
    const FineTuneSettings& settings() const { return m_settings; }
    // Samples a step: batchSize, grown with replay for small networks (see stepWork).
    int stepBatchSize() const { return m_stepBatch; }

private:
    void gatherBatch();

    FineTuneSettings m_settings;
    Network m_network;
    Optimizer m_optimizer;
    ReplaySources m_replay;
    std::mt19937_64 m_rng;
    Matrix m_mine;  // 784 x variants, with m_mineLabels
    std::vector<std::uint8_t> m_mineLabels;
    Matrix m_pen;  // 784 x penReplayDigits, with m_penLabels
    std::vector<std::uint8_t> m_penLabels;
    int m_stepBatch = 0;
    int m_step = 0;
    double m_lastLoss = 0;

    Matrix m_batch;  // 784 x batchSize
    std::vector<std::uint8_t> m_labels;
    std::vector<float, Eigen::aligned_allocator<float>> m_gradient;
    GradientWorkspace m_workspace;
};

// The network's inputs of drawings' distorted variants: `variants` per drawing (the first as
// drawn), as the fine-tuner sees them. X: 784 x (drawings * variants), labels alike.
void renderVariants(const std::vector<Drawing>& drawings, int variants, std::uint64_t seed,
                    Matrix& x, std::vector<std::uint8_t>& labels);

}  // namespace digitscope::core
