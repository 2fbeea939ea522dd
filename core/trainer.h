#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include "dataset.h"
#include "network.h"
#include "optimizer.h"

namespace digitscope::core {

class Augmenter;
class RestrokedImages;
class BatchPipeline;

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
    int threads = 1;  // Eigen threads for large products (see effectiveThreads)
    // With augmentation, prepare the next batch (gather, restroke, distort) on a second thread
    // while one trains, when the machine has a second core. The weights are the same either way.
    bool backgroundPreparation = true;
};

// Threads worth using for a network and batch: splitting products across cores costs more in
// synchronisation than it saves, so below 1e8 multiply-adds in the largest product (784 inputs x
// 1024 units x batch 128) the work stays on one core. Deterministic (no look at the machine's
// load), so that the same seed and thread count give the same weights.
int effectiveThreads(const Architecture& architecture, int batchSize, int requested);

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
    bool completed = false;  // false when cancelled or diverged part-way
};

// Trains a network on a dataset with shuffled mini-batches. Runs on one thread; other threads
// may call cancel(), setPaused(), setLearningRate() and snapshot() at any time: cancel and
// pause take effect before the next batch. With augmentation, a helper thread of its own
// prepares the next batch during each step (see BatchPipeline); it works only inside
// trainBatches(), and the time it takes counts as training time.
class Trainer {
public:
    // restroked: a cache of `train`'s restroked images to use (and fill), for runs one after
    // another on the same set; when null and restrokeShare > 0 the trainer makes its own.
    Trainer(Network& network, const Dataset& train, TrainerSettings settings,
            std::shared_ptr<RestrokedImages> restroked = nullptr);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    void setProgressCallback(std::function<void(const TrainProgress&)> callback);

    // Up to `maxBatches` batches of the current epoch (a new epoch starts when the last one
    // ended). Returns how many ran: fewer at the epoch's end, on cancel or on divergence.
    std::int64_t trainBatches(std::int64_t maxBatches);
    // The rest of the current epoch.
    EpochSummary trainEpoch();

    bool epochComplete() const { return m_epoch > 0 && !m_epochOpen; }
    bool finished() const { return m_epoch >= m_settings.epochs && epochComplete(); }
    int epoch() const { return m_epoch; }  // epochs started so far
    EpochSummary lastEpoch() const { return m_lastEpoch; }
    BatchSummary lastBatch() const { return m_lastBatch; }
    bool diverged() const { return m_diverged; }
    void clearDivergence() { m_diverged = false; }

    void cancel();
    bool cancelled() const { return m_cancel.load(); }
    void setPaused(bool paused);
    void setLearningRate(float rate);  // the base rate; the schedule still applies
    float learningRate() const;

    // A consistent copy of the weights, safe to call from any thread; blocks training for at
    // most one copy.
    std::vector<float> snapshot() const;

private:
    bool waitWhilePaused();
    void startEpoch();
    void trainOneBatch();
    void trainOn(std::int64_t size);  // one step on the first `size` samples' batch in m_batch
    void report();

    Network& m_network;
    const Dataset& m_data;
    std::shared_ptr<RestrokedImages> m_restroked;  // null unless restrokeShare > 0
    TrainerSettings m_settings;
    Optimizer m_optimizer;
    std::unique_ptr<Augmenter> m_augmenter;
    std::unique_ptr<BatchPipeline> m_pipeline;  // after what it reads, so destroyed before it
    std::mt19937_64 m_rng;

    std::vector<std::int32_t> m_order;
    std::int64_t m_position = 0;  // next sample in m_order
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

    std::atomic<bool> m_cancel{false};
    std::atomic<float> m_baseRate;
    mutable std::mutex m_parametersMutex;  // held while the optimiser writes the weights
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;
    bool m_paused = false;
};

}  // namespace digitscope::core
