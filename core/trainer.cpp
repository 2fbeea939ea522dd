#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <span>
#include <thread>

#include "augmenter.h"
#include "batch_pipeline.h"
#include "errors.h"
#include "restroke.h"

namespace digitscope::core {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int effectiveThreads(const Architecture& architecture, int batchSize, int requested) {
    // Multiply-adds of the largest product. Eigen forks and joins OpenMP threads around every
    // product, so a second thread pays off only when the other core is idle and the product is
    // long: on the shared 2-core machine of docs/figures.md, 2 threads were 5-15x slower than 1
    // for 784-128-64-10 (6.4M), 784-256-128-10 at batch 256 (51M) and 784-1024-512-10 at batch
    // 512 (411M). Was 4e6, which sent 784-128-64-10 batch 64 to 2 threads.
    constexpr double kParallelWork = 1e8;
    double largest = 0;
    for (int l = 0; l < architecture.layerCount(); ++l)
        largest = std::max(largest, static_cast<double>(architecture.sizes[l]) *
                                        architecture.sizes[l + 1] * batchSize);
    return largest >= kParallelWork ? std::max(requested, 1) : 1;
}

Trainer::Trainer(Network& network, const Dataset& train, TrainerSettings settings,
                 std::shared_ptr<RestrokedImages> restroked)
    : m_network(network),
      m_data(train),
      m_settings(settings),
      m_optimizer(settings.optimizer, network.layout().size()),
      m_rng(settings.seed),
      m_gradient(static_cast<std::size_t>(network.layout().size()), 0.0f),
      m_baseRate(settings.optimizer.learningRate) {
    if (settings.batchSize < 1 || settings.batchSize > 65536)
        throw ConfigError("the batch size must be 1 to 65536");
    if (settings.epochs < 1) throw ConfigError("the number of epochs must be at least 1");
    if (settings.reportEvery < 1) m_settings.reportEvery = 1;
    if (!(settings.augmentStrength >= 0 && settings.augmentStrength <= 4))
        throw ConfigError("the augmentation strength must be 0 to 4");
    if (!(settings.restrokeShare >= 0 && settings.restrokeShare <= 1))
        throw ConfigError("the restroked share must be 0 to 1");
    if (train.count < 1) throw ConfigError(train.name + ": the training set is empty");
    if (train.featureSize() != network.architecture().inputSize())
        throw ConfigError(train.name + ": images have " + std::to_string(train.featureSize()) +
                          " pixels but the network takes " +
                          std::to_string(network.architecture().inputSize()));
    // Any number of classes (the digit gate has two), as long as every label has an output.
    const int largestLabel =
        train.labels.empty() ? 0 : *std::max_element(train.labels.begin(), train.labels.end());
    if (largestLabel >= network.architecture().outputSize())
        throw ConfigError(train.name + ": label " + std::to_string(largestLabel) +
                          " but the network has " +
                          std::to_string(network.architecture().outputSize()) + " outputs");
    if (settings.augment)
        m_augmenter = std::make_unique<Augmenter>(
            AugmentSettings{}.scaled(settings.augmentStrength), train.rows, train.cols,
            settings.seed ^ 0x9e3779b97f4a7c15ULL);
    if (settings.restrokeShare > 0)
        m_restroked = restroked && &restroked->source() == &train
                          ? std::move(restroked)
                          : std::make_shared<RestrokedImages>(train);
    BatchSources sources;
    sources.data = &m_data;
    sources.restroked = m_restroked.get();
    sources.restrokeShare = settings.restrokeShare;
    sources.restrokeKey = settings.seed * 0x2545f4914f6cdd1dULL;
    sources.augmenter = m_augmenter.get();
    // Gathering alone costs a fraction of a training step: a second thread pays only for the
    // augmenter's and the restroking's work.
    const bool helper = settings.backgroundPreparation &&
                        (m_augmenter != nullptr || m_restroked != nullptr) &&
                        std::thread::hardware_concurrency() > 1;
    m_pipeline = std::make_unique<BatchPipeline>(sources, settings.batchSize, helper);
    m_order.resize(static_cast<std::size_t>(train.count));
    m_batchesPerEpoch = (train.count + settings.batchSize - 1) / settings.batchSize;
    m_lastGood.assign(network.parameters().begin(), network.parameters().end());
    m_candidate = m_lastGood;
}

Trainer::~Trainer() = default;

void Trainer::setProgressCallback(std::function<void(const TrainProgress&)> callback) {
    m_callback = std::move(callback);
}

void Trainer::cancel() {
    m_cancel = true;
    std::lock_guard lock(m_pauseMutex);
    m_pauseChanged.notify_all();
}

void Trainer::setPaused(bool paused) {
    std::lock_guard lock(m_pauseMutex);
    m_paused = paused;
    m_pauseChanged.notify_all();
}

void Trainer::setLearningRate(float rate) {
    if (!(rate > 0) || !std::isfinite(rate))
        throw ConfigError("the learning rate must be a positive number");
    m_baseRate = rate;
}

float Trainer::learningRate() const {
    return m_baseRate.load();
}

std::vector<float> Trainer::snapshot() const {
    std::lock_guard lock(m_parametersMutex);
    const auto parameters = m_network.parameters();
    return {parameters.begin(), parameters.end()};
}

bool Trainer::waitWhilePaused() {
    std::unique_lock lock(m_pauseMutex);
    m_pauseChanged.wait(lock, [this] { return !m_paused || m_cancel.load(); });
    return !m_cancel.load();
}

void Trainer::startEpoch() {
    ++m_epoch;
    std::iota(m_order.begin(), m_order.end(), 0);
    std::shuffle(m_order.begin(), m_order.end(), m_rng);
    m_position = 0;
    m_epochOpen = true;
    m_batchInEpoch = 0;
    m_epochCorrect = 0;
    m_epochSamples = 0;
    m_epochLoss = 0;
    m_epochStartSeconds = m_trainSeconds;
    m_lastEpoch = EpochSummary{};
    m_lastEpoch.epoch = m_epoch;
}

void Trainer::trainOneBatch() {
    const auto batchAt = [this](std::int64_t position) {
        return std::span<const std::int32_t>(m_order.data() + position,
                                             static_cast<std::size_t>(std::min<std::int64_t>(
                                                 m_settings.batchSize, m_data.count - position)));
    };
    const std::span<const std::int32_t> indices = batchAt(m_position);
    const auto size = static_cast<std::int64_t>(indices.size());
    const BatchKey key{m_epoch, m_position, m_samplesSeen, m_imagesAugmented};
    if (!m_pipeline->holds(key)) {
        m_pipeline->start(key, indices);
        m_pipeline->finish();
    }
    m_pipeline->take(m_batch, m_labels);
    m_imagesAugmented += static_cast<std::uint64_t>(size);
    // The next batch is prepared while this one trains; it is dropped if this one diverges.
    const std::int64_t next = m_position + size;
    if (next < m_data.count)
        m_pipeline->start({m_epoch, next, m_samplesSeen + size, m_imagesAugmented}, batchAt(next));
    trainOn(size);
    // Inside the batch's time: the preparation is part of the cost of training.
    m_pipeline->finish();
}

void Trainer::trainOn(std::int64_t size) {
    const BatchStats stats = m_network.computeGradient(m_batch, m_labels, m_workspace, m_gradient);
    if (!std::isfinite(stats.lossSum)) {
        // Divergence: keep the last weights that gave a finite loss and stop here.
        std::lock_guard lock(m_parametersMutex);
        m_network.setParameters(m_lastGood);
        m_candidate = m_lastGood;
        m_optimizer.reset();
        m_diverged = true;
        return;
    }
    const double progress =
        static_cast<double>((m_epoch - 1) * m_batchesPerEpoch + m_batchInEpoch) /
        static_cast<double>(m_batchesPerEpoch * m_settings.epochs);
    const float rate = m_settings.schedule.rate(m_baseRate.load(), m_epoch - 1, progress);
    {
        std::lock_guard lock(m_parametersMutex);
        m_optimizer.step(m_network.parameters(), m_gradient, rate);
    }
    m_position += size;
    ++m_batchInEpoch;
    m_samplesSeen += size;
    m_epochSamples += size;
    m_epochCorrect += stats.correct;
    m_epochLoss += stats.lossSum;
    m_reportLoss += stats.lossSum;
    m_reportSamples += size;
}

void Trainer::report() {
    const bool finite = std::isfinite(m_reportLoss);
    if (finite && !m_diverged) {
        m_lastGood.swap(m_candidate);
        const auto parameters = m_network.parameters();
        std::copy(parameters.begin(), parameters.end(), m_candidate.begin());
    }
    if (m_callback) {
        TrainProgress progress;
        progress.epoch = m_epoch;
        progress.batch = m_batchInEpoch;
        progress.batchesPerEpoch = m_batchesPerEpoch;
        progress.samplesSeen = m_samplesSeen;
        progress.loss =
            m_reportSamples > 0 ? m_reportLoss / static_cast<double>(m_reportSamples) : 0.0;
        progress.accuracy = m_epochSamples > 0 ? static_cast<double>(m_epochCorrect) /
                                                     static_cast<double>(m_epochSamples)
                                               : 0.0;
        progress.elapsedSeconds = m_trainSeconds;
        progress.samplesPerSecond =
            m_trainSeconds > 0 ? static_cast<double>(m_samplesSeen) / m_trainSeconds : 0.0;
        progress.learningRate = m_baseRate.load();
        progress.diverged = m_diverged;
        m_callback(progress);
    }
    m_reportLoss = 0;
    m_reportSamples = 0;
}

std::int64_t Trainer::trainBatches(std::int64_t maxBatches) {
    if (m_diverged) return 0;
    if (!m_epochOpen) startEpoch();
    // Written only on a change: the count is global, and other threads read it in their products.
    const int threads =
        effectiveThreads(m_network.architecture(), m_settings.batchSize, m_settings.threads);
    if (Eigen::nbThreads() != threads) Eigen::setNbThreads(threads);
    std::int64_t done = 0;
    while (done < maxBatches && m_position < m_data.count) {
        if (!waitWhilePaused()) break;
        const auto start = std::chrono::steady_clock::now();
        trainOneBatch();
        m_trainSeconds += secondsSince(start);
        if (m_diverged) {
            report();
            return done;
        }
        ++done;
        if (m_batchInEpoch % m_settings.reportEvery == 0 || m_position >= m_data.count) report();
    }
    m_lastEpoch.trainLoss =
        m_epochSamples > 0 ? m_epochLoss / static_cast<double>(m_epochSamples) : 0.0;
    m_lastEpoch.trainAccuracy = m_epochSamples > 0 ? static_cast<double>(m_epochCorrect) /
                                                         static_cast<double>(m_epochSamples)
                                                   : 0.0;
    m_lastEpoch.elapsedSeconds = m_trainSeconds;
    const double epochSeconds = m_trainSeconds - m_epochStartSeconds;
    m_lastEpoch.samplesPerSecond =
        epochSeconds > 0 ? static_cast<double>(m_epochSamples) / epochSeconds : 0.0;
    m_lastEpoch.completed = m_position >= m_data.count;
    if (m_lastEpoch.completed) m_epochOpen = false;
    return done;
}

EpochSummary Trainer::trainEpoch() {
    do {
        trainBatches(m_batchesPerEpoch);
    } while (!epochComplete() && !m_cancel.load() && !m_diverged);
    return m_lastEpoch;
}

}  // namespace digitscope::core
