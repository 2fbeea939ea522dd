#include "core/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <span>
#include <thread>

#include "core/augment/augmenter.h"
#include "core/augment/restroke.h"
#include "core/augment/stroke_augmenter.h"
#include "core/base/errors.h"
#include "core/base/random.h"
#include "core/train/batch_pipeline.h"

namespace digitscope::core {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

constexpr double kMaxStrokeShare = 0.9;  // of every batch, all stroke sets together

void checkStrokeSets(const std::vector<StrokeShare>& sets, const Dataset& train, int outputs) {
    if (sets.empty()) return;
    if (sets.size() > 254) throw ConfigError("at most 254 stroke sets");
    if (train.rows != 28 || train.cols != 28)
        throw ConfigError(train.name + ": stroke sets are drawn at 28 x 28, the images are " +
                          std::to_string(train.cols) + " x " + std::to_string(train.rows));
    double total = 0;
    for (const StrokeShare& entry : sets) {
        if (!entry.set || entry.set->drawings.empty())
            throw ConfigError((entry.set ? entry.set->name : std::string("a stroke set")) +
                              ": the stroke set is empty");
        const std::string& name = entry.set->name;
        if (!(entry.share > 0 && entry.share <= kMaxStrokeShare))
            throw ConfigError(name + ": a stroke set's share must be above 0 and at most 0.9");
        total += entry.share;
        for (const Drawing& drawing : entry.set->drawings)
            if (drawing.label < 0 || drawing.label >= std::min(outputs, 256))
                throw ConfigError(name + ": a drawing's label is missing or beyond the " +
                                  std::to_string(outputs) + " outputs");
    }
    if (total > kMaxStrokeShare + 1e-6)
        throw ConfigError("the stroke sets' shares must sum to at most 0.9");
}

std::unique_ptr<const Dataset> relabelled(const Dataset& train, std::uint64_t seed) {
    auto copy = std::make_unique<Dataset>(train);
    shuffleLabels(*copy, randomLabelSeed(seed));
    return copy;
}

}  // namespace

Trainer::Trainer(Network& network, const Dataset& train, TrainerSettings settings,
                 std::shared_ptr<RestrokedImages> restroked, std::vector<StrokeShare> strokeSets)
    : m_network(network),
      m_relabelled(settings.randomLabels ? relabelled(train, settings.seed) : nullptr),
      m_data(m_relabelled ? *m_relabelled : train),
      m_settings(settings),
      m_optimizer(settings.optimizer, network.layout().size()),
      m_strokeSets(std::move(strokeSets)),
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
    if (!(settings.strokeAugmentStrength >= 0 && settings.strokeAugmentStrength <= 4))
        throw ConfigError("the stroke augmentation strength must be 0 to 4");
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
    checkStrokeSets(m_strokeSets, train, network.architecture().outputSize());
    if (settings.augment)
        m_augmenter =
            std::make_unique<Augmenter>(AugmentSettings{}.scaled(settings.augmentStrength),
                                        train.rows, train.cols, settings.seed ^ kSplitMixGamma);
    if (settings.restrokeShare > 0)
        m_restroked = restroked && &restroked->source() == &train
                          ? std::move(restroked)
                          : std::make_shared<RestrokedImages>(train);
    if (!m_strokeSets.empty() && settings.strokeAugmentStrength > 0)
        m_strokeAugmenter = std::make_unique<StrokeAugmenter>(
            StrokeAugmentSettings{}.scaled(settings.strokeAugmentStrength),
            settings.seed ^ 0x5851f42d4c957f2dULL);
    BatchSources sources;
    sources.data = &m_data;
    sources.restroked = m_restroked.get();
    sources.restrokeShare = settings.restrokeShare;
    sources.restrokeKey = settings.seed * 0x2545f4914f6cdd1dULL;
    sources.augmenter = m_augmenter.get();
    for (const StrokeShare& entry : m_strokeSets) sources.strokeSets.push_back(entry.set.get());
    sources.strokeAugmenter = m_strokeAugmenter.get();
    // Gathering alone costs a fraction of a training step: a second thread pays only for the
    // augmenter's, the restroking's and the stroke sets' work.
    const bool helper =
        settings.backgroundPreparation &&
        (m_augmenter != nullptr || m_restroked != nullptr || !m_strokeSets.empty()) &&
        std::thread::hardware_concurrency() > 1;
    m_pipeline = std::make_unique<BatchPipeline>(sources, settings.batchSize, helper);
    m_order.resize(static_cast<std::size_t>(train.count));
    m_columns.reserve(static_cast<std::size_t>(settings.batchSize));
    m_columnSets.reserve(static_cast<std::size_t>(settings.batchSize));
    m_strokesTaken.assign(m_strokeSets.size(), 0);
    m_batchStrokes = m_aheadTaken = m_aheadStrokes = m_strokesTaken;
    m_strokeOrders.resize(m_strokeSets.size());
    for (std::int64_t position = 0; position < train.count; ++m_batchesPerEpoch)
        position += datasetColumns(m_batchesPerEpoch, position);
    m_lastGood.assign(network.parameters().begin(), network.parameters().end());
    m_candidate = m_lastGood;
}

Trainer::~Trainer() = default;

void Trainer::setProgressCallback(std::function<void(const TrainProgress&)> callback) {
    m_callback = std::move(callback);
}

void Trainer::setLearningRate(float rate) {
    if (!(rate > 0) || !std::isfinite(rate))
        throw ConfigError("the learning rate must be a positive number");
    m_baseRate = rate;
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

std::int64_t Trainer::strokeColumns(std::int64_t batch) const {
    if (m_strokeSets.empty()) return 0;
    double share = 0;
    for (const StrokeShare& entry : m_strokeSets) share += entry.share;
    // Error diffusion: the first n batches hold round(n * share * size) stroke columns.
    const double perBatch = share * m_settings.batchSize;
    return static_cast<std::int64_t>(std::floor(static_cast<double>(batch + 1) * perBatch + 0.5) -
                                     std::floor(static_cast<double>(batch) * perBatch + 0.5));
}

std::int64_t Trainer::datasetColumns(std::int64_t batch, std::int64_t position) const {
    return std::min(m_settings.batchSize - strokeColumns(batch), m_data.count - position);
}

std::int32_t Trainer::strokeDrawing(std::size_t set, std::int64_t taken) {
    const auto count = static_cast<std::int64_t>(m_strokeSets[set].set->drawings.size());
    StrokeOrder& order = m_strokeOrders[set];
    const std::int64_t pass = taken / count;
    if (order.pass != pass) {  // Fisher-Yates, from the seed, the set and the pass alone
        order.pass = pass;
        order.drawings.resize(static_cast<std::size_t>(count));
        std::iota(order.drawings.begin(), order.drawings.end(), 0);
        std::uint64_t state =
            splitMixHash(m_settings.seed ^ splitMixHash(set * 0x632be59bd9b4e019ULL +
                                                        static_cast<std::uint64_t>(pass)));
        for (std::int64_t i = count - 1; i > 0; --i) {
            state = splitMixHash(state);
            const auto j = static_cast<std::int64_t>(state % static_cast<std::uint64_t>(i + 1));
            std::swap(order.drawings[std::size_t(i)], order.drawings[std::size_t(j)]);
        }
    }
    return order.drawings[static_cast<std::size_t>(taken % count)];
}

std::int64_t Trainer::composeBatch(std::int64_t batch, std::int64_t position,
                                   std::span<const std::int64_t> taken,
                                   std::vector<std::int64_t>& perSet) {
    const std::int64_t dataset = datasetColumns(batch, position);
    const auto first = m_order.begin() + position;
    m_columns.assign(first, first + dataset);
    m_columnSets.assign(static_cast<std::size_t>(dataset), 0);
    std::fill(perSet.begin(), perSet.end(), 0);
    const std::int64_t strokes = strokeColumns(batch);
    if (strokes == 0) return dataset;
    double total = 0;
    for (const StrokeShare& entry : m_strokeSets) total += entry.share;
    // Stroke column number n goes to the set whose slice of [0, 1) holds frac(n * golden
    // ratio): a sequence that spreads the columns over the sets in their shares quickly.
    std::int64_t running = std::accumulate(taken.begin(), taken.end(), std::int64_t{0});
    for (std::int64_t k = 0; k < strokes; ++k, ++running) {
        std::size_t set = 0;
        if (m_strokeSets.size() > 1) {
            const double u =
                std::fmod(0.5 + static_cast<double>(running) * 0.6180339887498949, 1.0) * total;
            for (double edge = m_strokeSets[0].share; set + 1 < m_strokeSets.size() && u >= edge;
                 edge += m_strokeSets[set].share)
                ++set;
        }
        m_columns.push_back(strokeDrawing(set, taken[set] + perSet[set]));
        m_columnSets.push_back(static_cast<std::uint8_t>(set + 1));
        ++perSet[set];
    }
    return dataset + strokes;
}

void Trainer::trainOneBatch() {
    const std::int64_t size =
        composeBatch(m_batchInEpoch, m_position, m_strokesTaken, m_batchStrokes);
    m_batchDataset = datasetColumns(m_batchInEpoch, m_position);
    const BatchKey key{m_epoch, m_position, m_samplesSeen, m_imagesAugmented};
    if (!m_pipeline->holds(key)) {
        m_pipeline->start(key, m_columns, m_columnSets);
        m_pipeline->finish();
    }
    m_pipeline->take(m_batch, m_labels);
    m_imagesAugmented += static_cast<std::uint64_t>(size);
    // The next batch is prepared while this one trains; it is dropped if this one diverges.
    const std::int64_t next = m_position + m_batchDataset;
    if (next < m_data.count) {
        for (std::size_t set = 0; set < m_strokeSets.size(); ++set)
            m_aheadTaken[set] = m_strokesTaken[set] + m_batchStrokes[set];
        composeBatch(m_batchInEpoch + 1, next, m_aheadTaken, m_aheadStrokes);
        m_pipeline->start({m_epoch, next, m_samplesSeen + size, m_imagesAugmented}, m_columns,
                          m_columnSets);
    }
    trainOn(size);
    // Inside the batch's time: the preparation is part of the cost of training.
    m_pipeline->finish();
}

void Trainer::trainOn(std::int64_t size) {
    const BatchStats stats = m_network.computeGradient(m_batch, m_labels, m_workspace, m_gradient);
    if (!std::isfinite(stats.lossSum)) {
        // Divergence: keep the last weights that gave a finite loss and stop here.
        m_network.setParameters(m_lastGood);
        m_candidate = m_lastGood;
        m_optimizer.reset();
        m_diverged = true;
        return;
    }
    const double progress =
        static_cast<double>((m_epoch - 1) * m_batchesPerEpoch + m_batchInEpoch) /
        static_cast<double>(m_batchesPerEpoch * m_settings.epochs);
    const float rate = m_settings.schedule.rate(m_baseRate, m_epoch - 1, progress);
    m_optimizer.step(m_network.parameters(), m_gradient, rate);
    m_lastBatch = {stats.lossSum / static_cast<double>(size), stats.correct, size};
    m_position += m_batchDataset;
    for (std::size_t set = 0; set < m_strokeSets.size(); ++set)
        m_strokesTaken[set] += m_batchStrokes[set];
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
        progress.learningRate = m_baseRate;
        progress.diverged = m_diverged;
        m_callback(progress);
    }
    m_reportLoss = 0;
    m_reportSamples = 0;
}

std::int64_t Trainer::trainBatches(std::int64_t maxBatches) {
    if (m_diverged) return 0;
    if (!m_epochOpen) startEpoch();
    std::int64_t done = 0;
    while (done < maxBatches && m_position < m_data.count) {
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
    } while (!epochComplete() && !m_diverged);
    return m_lastEpoch;
}

}  // namespace digitscope::core
