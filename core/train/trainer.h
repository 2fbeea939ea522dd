#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/stroke_set.h"
#include "core/nn/network.h"
#include "core/nn/optimizer.h"

namespace digitscope::core {

class Augmenter;
class RestrokedImages;
class BatchPipeline;
class StrokeAugmenter;

struct TrainerSettings {
    OptimizerSettings optimizer;
    LearningRateSchedule schedule;
    int batchSize = 32;
    int epochs = 1;
    std::uint64_t seed = 1;
    int reportEvery = 100;         // batches between progress callbacks
    bool augment = false;          // random distortions of each training batch (see Augmenter)
    float augmentStrength = 1.0f;  // scales every distortion (AugmentSettings::scaled)
    // Share of training samples shown redrawn in the pad's pen style (see restroke()), 0 to 1.
    // Each restroked image is made the first time it is drawn (see RestrokedImages).
    float restrokeShare = 0.0f;
    // Scales the distortions of stroke sets' drawings (StrokeAugmentSettings::scaled); 0 draws
    // them as recorded.
    float strokeAugmentStrength = 1.0f;
    // With augmentation, prepare the next batch (gather, restroke, distort) on a second thread
    // while one trains, when the machine has a second core. The weights are the same either way.
    bool backgroundPreparation = true;
    // Train on the training labels shuffled once (shuffleLabels, seeded from `seed`): each image
    // with another image's label, so the network can only memorise. The dataset itself is not
    // changed; the trainer keeps a relabelled copy.
    bool randomLabels = false;
};

// The seed shuffleLabels gets for a run with randomLabels.
inline std::uint64_t randomLabelSeed(std::uint64_t seed) {
    return seed ^ 0x6a09e667f3bcc909ULL;
}

struct TrainProgress {
    int epoch = 0;           // 1-based
    std::int64_t batch = 0;  // batches done in this epoch
    std::int64_t batchesPerEpoch = 0;
    std::int64_t samplesSeen = 0;  // since training started
    double loss = 0;               // mean over the batches since the last report
    double accuracy = 0;           // running training accuracy in this epoch
    double samplesPerSecond = 0;   // over training time only (no pauses, no evaluation)
    double elapsedSeconds = 0;     // training time since the start
    float learningRate = 0;
    bool diverged = false;  // the loss became NaN/inf: weights were rolled back
};

// The last batch trained: what one Step did.
struct BatchSummary {
    double loss = 0;  // mean over the batch
    int correct = 0;
    std::int64_t samples = 0;
};

struct EpochSummary {
    int epoch = 0;
    double trainLoss = 0;
    double trainAccuracy = 0;
    double samplesPerSecond = 0;
    double elapsedSeconds = 0;
    bool completed = false;  // false when stopped or diverged part-way
};

// Trains a network on a dataset with shuffled mini-batches, and on stroke sets beside it: each
// stroke set has its share of every batch (error-diffused, so that each batch holds
// round(share * batch) of its drawings give or take one), and the dataset's samples fill the
// rest. An epoch is one pass over the dataset; a stroke set's drawings are taken in a shuffled
// order, reshuffled on every pass through it, each distorted afresh as strokes
// (StrokeAugmenter) and drawn with the app's pen (networkInput).
//
// Single-threaded: one thread owns the trainer and steps it (the GUI's TrainingWorker a chunk of
// batches at a time, handling pause, stop and a new learning rate between chunks; the CLI an
// epoch at a time). Only with augmentation does a helper thread of its own prepare the next
// batch during each step (see BatchPipeline); it works only inside trainBatches(), and the time
// it takes counts as training time. Eigen's thread count is not the trainer's to set (see
// setComputeThreads).
class Trainer {
public:
    // restroked: a cache of `train`'s restroked images to use (and fill), for runs one after
    // another on the same set; when null and restrokeShare > 0 the trainer makes its own.
    // strokeSets: at most 254 sets, each share above 0, shares summing to at most 0.9, every
    // drawing labelled within the network's outputs; `train` must then be 28 x 28.
    Trainer(Network& network, const Dataset& train, TrainerSettings settings,
            std::shared_ptr<RestrokedImages> restroked = nullptr,
            std::vector<StrokeShare> strokeSets = {});
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    void setProgressCallback(std::function<void(const TrainProgress&)> callback);

    // Up to `maxBatches` batches of the current epoch (a new epoch starts when the last one
    // ended). Returns how many ran: fewer at the epoch's end or on divergence.
    std::int64_t trainBatches(std::int64_t maxBatches);
    // The rest of the current epoch.
    EpochSummary trainEpoch();

    bool epochComplete() const { return m_epoch > 0 && !m_epochOpen; }
    bool finished() const { return m_epoch >= m_settings.epochs && epochComplete(); }
    int epoch() const { return m_epoch; }  // epochs started so far
    std::int64_t batchesPerEpoch() const { return m_batchesPerEpoch; }
    EpochSummary lastEpoch() const { return m_lastEpoch; }
    BatchSummary lastBatch() const { return m_lastBatch; }
    bool diverged() const { return m_diverged; }
    void clearDivergence() { m_diverged = false; }

    // The base rate from the next batch on; the schedule still applies. Throws ConfigError
    // unless positive and finite.
    void setLearningRate(float rate);
    float learningRate() const { return m_baseRate; }

private:
    void startEpoch();
    void trainOneBatch();
    // Stroke sets' columns in batch `batch` of an epoch (all sets together).
    std::int64_t strokeColumns(std::int64_t batch) const;
    // The dataset's columns in batch `batch` of an epoch, whose first sample is m_order[position].
    std::int64_t datasetColumns(std::int64_t batch, std::int64_t position) const;
    // Fills m_columns / m_columnSets with batch `batch` of the epoch: the dataset's samples from
    // m_order[position] on, then the stroke sets' next drawings, `taken` per set so far (each
    // stroke column's set follows from the running number of stroke columns). Counts each
    // set's columns into `perSet`. Returns the batch's columns.
    std::int64_t composeBatch(std::int64_t batch, std::int64_t position,
                              std::span<const std::int64_t> taken,
                              std::vector<std::int64_t>& perSet);
    // Drawing number `taken` of stroke set `set`'s run of shuffled passes.
    std::int32_t strokeDrawing(std::size_t set, std::int64_t taken);
    void trainOn(std::int64_t size);  // one step on the batch in m_batch (`size` columns)
    void report();

    Network& m_network;
    std::unique_ptr<const Dataset> m_relabelled;   // with randomLabels: the data, labels shuffled
    const Dataset& m_data;                         // the training set, or m_relabelled
    std::shared_ptr<RestrokedImages> m_restroked;  // null unless restrokeShare > 0
    TrainerSettings m_settings;
    Optimizer m_optimizer;
    std::unique_ptr<Augmenter> m_augmenter;
    std::vector<StrokeShare> m_strokeSets;
    std::unique_ptr<StrokeAugmenter> m_strokeAugmenter;
    std::unique_ptr<BatchPipeline> m_pipeline;  // after what it reads, so destroyed before it
    std::mt19937_64 m_rng;

    std::vector<std::int32_t> m_order;
    // The batch being composed: per column a dataset or drawing index and its source (0 for
    // the dataset, k + 1 for stroke set k).
    std::vector<std::int32_t> m_columns;
    std::vector<std::uint8_t> m_columnSets;
    std::vector<std::int64_t> m_strokesTaken;  // per stroke set, drawings trained on so far
    std::int64_t m_batchDataset = 0;           // the current batch's dataset samples
    std::vector<std::int64_t> m_batchStrokes;  // and drawings per stroke set
    std::vector<std::int64_t> m_aheadTaken, m_aheadStrokes;  // the same for the batch ahead
    struct StrokeOrder {
        std::int64_t pass = -1;
        std::vector<std::int32_t> drawings;
    };
    std::vector<StrokeOrder> m_strokeOrders;  // per stroke set, the current pass's order
    std::int64_t m_position = 0;              // next sample in m_order
    int m_epoch = 0;
    bool m_epochOpen = false;  // an epoch has started and not yet seen all its samples
    std::int64_t m_batchInEpoch = 0;
    std::int64_t m_batchesPerEpoch = 0;
    std::int64_t m_samplesSeen = 0;
    std::uint64_t m_imagesAugmented = 0;  // images given to the augmenter (a diverged batch too)
    std::int64_t m_epochCorrect = 0;
    std::int64_t m_epochSamples = 0;
    double m_epochLoss = 0;
    BatchSummary m_lastBatch;
    double m_reportLoss = 0;
    std::int64_t m_reportSamples = 0;
    double m_trainSeconds = 0;
    double m_epochStartSeconds = 0;
    EpochSummary m_lastEpoch;
    bool m_diverged = false;

    Matrix m_batch;
    std::vector<std::uint8_t> m_labels;
    std::vector<float, Eigen::aligned_allocator<float>> m_gradient;  // aligned like the weights
    // Roll-back: weights are "good" once a batch trained from them gave a finite loss. At each
    // finite report the previous report's weights (m_candidate) have proved so; the weights just
    // written by the last step have not yet.
    std::vector<float> m_lastGood;
    std::vector<float> m_candidate;
    GradientWorkspace m_workspace;
    std::function<void(const TrainProgress&)> m_callback;
    float m_baseRate;
};

}  // namespace digitscope::core
