#include "core/train/trainer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/augment/restroke.h"
#include "core/base/errors.h"
#include "core/train/evaluation.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using namespace std::chrono_literals;
using testing::syntheticDigits;

constexpr int kSide = 6;  // 6 x 6 synthetic images

Architecture smallArchitecture() {
    Architecture arch;
    arch.sizes = {kSide * kSide, 32, 10};
    arch.hidden = Activation::Relu;
    arch.loss = Loss::CrossEntropy;
    return arch;
}

TrainerSettings smallSettings() {
    TrainerSettings settings;
    settings.optimizer.kind = OptimizerKind::Momentum;
    settings.optimizer.learningRate = 0.05f;
    settings.batchSize = 32;
    settings.epochs = 3;
    settings.seed = 17;
    return settings;
}

bool allFinite(const std::vector<float>& values) {
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

class TrainerTest : public ::testing::Test {
protected:
    const Dataset m_train = syntheticDigits(2000, kSide, kSide, 1);  // 63 batches of 32
    const Dataset m_test = syntheticDigits(500, kSide, kSide, 2);
};

TEST_F(TrainerTest, LearnsASeparableTaskWithinAFewEpochs) {
    Network network(smallArchitecture(), 3);
    const double before = evaluate(network, m_test).accuracy;
    Trainer trainer(network, m_train, smallSettings());
    EpochSummary summary;
    while (!trainer.finished()) summary = trainer.trainEpoch();
    EXPECT_EQ(trainer.epoch(), 3);
    EXPECT_TRUE(summary.completed);
    EXPECT_EQ(summary.epoch, 3);
    EXPECT_GT(summary.trainAccuracy, 0.95);
    EXPECT_GT(summary.samplesPerSecond, 0.0);
    const Evaluation result = evaluate(network, m_test);
    EXPECT_LT(before, 0.5);
    EXPECT_GT(result.accuracy, 0.95);
    EXPECT_LT(result.loss, summary.trainLoss + 0.5);
    EXPECT_FALSE(trainer.diverged());
}

// shuffleLabels permutes the labels: every label keeps its count, most move, the same seed
// gives the same permutation and the images stay.
TEST_F(TrainerTest, ShuffledLabelsAreAPermutationFixedByTheSeed) {
    Dataset shuffled = m_train;
    shuffleLabels(shuffled, 5);
    EXPECT_EQ(shuffled.pixels, m_train.pixels);
    std::vector<std::uint8_t> a = shuffled.labels, b = m_train.labels;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);
    std::int64_t kept = 0;
    for (std::size_t i = 0; i < m_train.labels.size(); ++i)
        kept += shuffled.labels[i] == m_train.labels[i] ? 1 : 0;
    EXPECT_LT(kept, m_train.count / 5) << "about one in ten keeps its label by chance";
    Dataset again = m_train;
    shuffleLabels(again, 5);
    EXPECT_EQ(again.labels, shuffled.labels);
    shuffleLabels(again = m_train, 6);
    EXPECT_NE(again.labels, shuffled.labels);
}

// With randomLabels the trainer trains on shuffleLabels' labels (the same weights as on a
// relabelled copy), leaves the given dataset alone, and learns nothing that generalises.
TEST_F(TrainerTest, RandomLabelsTrainOnTheShuffledLabels) {
    TrainerSettings settings = smallSettings();
    settings.epochs = 2;
    settings.randomLabels = true;
    Network random(smallArchitecture(), 3);
    Trainer(random, m_train, settings).trainEpoch();
    EXPECT_EQ(m_train.labels, syntheticDigits(2000, kSide, kSide, 1).labels);

    Dataset relabelled = m_train;
    shuffleLabels(relabelled, randomLabelSeed(settings.seed));
    settings.randomLabels = false;
    Network reference(smallArchitecture(), 3);
    Trainer(reference, relabelled, settings).trainEpoch();
    const auto same = [](std::span<const float> x, std::span<const float> y) {
        return std::equal(x.begin(), x.end(), y.begin(), y.end());
    };
    EXPECT_TRUE(same(random.parameters(), reference.parameters()));
    Network plain(smallArchitecture(), 3);
    Trainer(plain, m_train, settings).trainEpoch();
    EXPECT_FALSE(same(random.parameters(), plain.parameters()));
    EXPECT_GT(evaluate(plain, m_test).accuracy, 0.5);
    EXPECT_LT(evaluate(random, m_test).accuracy, 0.25) << "chance is 0.1";
}

TEST_F(TrainerTest, SameSeedAndOneThreadGiveIdenticalWeights) {
    // Each run starts from a different heap state, so that buffers land at other alignments
    // (the result once depended on them).
    std::vector<std::vector<char>> heap;
    enum class Mode { Plain, Augmented, Restroked };
    auto train = [&](std::uint64_t seed, Mode mode) {
        heap.emplace_back(16 * heap.size() + 8);
        Network network(smallArchitecture(), 3);
        TrainerSettings settings = smallSettings();
        settings.seed = seed;
        settings.epochs = 1;
        settings.augment = mode == Mode::Augmented;
        settings.restrokeShare = mode == Mode::Restroked ? 0.5f : 0.0f;
        Trainer trainer(network, m_train, settings);
        trainer.trainEpoch();
        return std::vector<float>(network.parameters().begin(), network.parameters().end());
    };
    std::vector<std::vector<float>> seed5;
    for (Mode mode : {Mode::Plain, Mode::Augmented, Mode::Restroked}) {
        SCOPED_TRACE(static_cast<int>(mode));
        const std::vector<float> a = train(5, mode), b = train(5, mode), c = train(6, mode);
        ASSERT_EQ(a.size(), b.size());
        EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
        EXPECT_NE(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)), 0);
        seed5.push_back(a);
    }
    // Augmenting and restroking each change what the network sees.
    EXPECT_NE(seed5[0], seed5[1]);
    EXPECT_NE(seed5[0], seed5[2]);
}

// Restroked images are made once, as samples are drawn for restroking, and a cache handed from
// one run to the next (as the GUI's "train more" does) changes nothing but the work.
TEST_F(TrainerTest, RestrokedImagesAreMadeOnDemandAndShared) {
    auto train = [&](std::shared_ptr<RestrokedImages> cache) {
        Network network(smallArchitecture(), 3);
        TrainerSettings settings = smallSettings();
        settings.epochs = 1;
        settings.restrokeShare = 0.5f;
        Trainer trainer(network, m_train, settings, std::move(cache));
        trainer.trainEpoch();
        return std::vector<float>(network.parameters().begin(), network.parameters().end());
    };
    auto cache = std::make_shared<RestrokedImages>(m_train);
    const std::vector<float> first = train(cache);
    const std::int64_t made = cache->made();
    EXPECT_GT(made, m_train.count * 4 / 10);  // about half of the samples, each once
    EXPECT_LT(made, m_train.count * 6 / 10);
    EXPECT_EQ(train(cache), first);
    EXPECT_EQ(cache->made(), made);  // the same samples again: nothing new to make
    EXPECT_EQ(train(nullptr), first);
    // A cache of another set is not used.
    const Dataset other = syntheticDigits(100, kSide, kSide, 9);
    auto foreign = std::make_shared<RestrokedImages>(other);
    EXPECT_EQ(train(foreign), first);
    EXPECT_EQ(foreign->made(), 0);
}

// The next batch prepared on a second thread (see BatchPipeline) is the batch the trainer would
// have prepared itself, whoever prepares which image and however the threads are timed.
TEST_F(TrainerTest, BackgroundPreparationGivesTheSameWeights) {
    struct Case {
        float restroke;
        int batch;
        int epochs;
    };
    // In the restroked case both threads make restroked images as they meet them.
    for (const Case c : {Case{0.0f, 32, 2}, Case{0.0f, 1, 1}, Case{0.5f, 32, 2}}) {
        SCOPED_TRACE(std::to_string(c.restroke) + " " + std::to_string(c.batch));
        auto train = [&](bool background) {
            Network network(smallArchitecture(), 3);
            TrainerSettings settings = smallSettings();
            settings.epochs = c.epochs;
            settings.batchSize = c.batch;
            settings.augment = true;
            settings.restrokeShare = c.restroke;
            settings.backgroundPreparation = background;
            settings.reportEvery = 3;
            Trainer trainer(network, m_train, settings);
            // In chunks, as the GUI's worker trains: the batch prepared ahead waits between them.
            while (!trainer.finished()) trainer.trainBatches(17);
            return std::vector<float>(network.parameters().begin(), network.parameters().end());
        };
        const std::vector<float> sequential = train(false);
        for (int run = 0; run < 3; ++run) {
            const std::vector<float> background = train(true);
            ASSERT_EQ(background.size(), sequential.size());
            EXPECT_EQ(std::memcmp(background.data(), sequential.data(),
                                  sequential.size() * sizeof(float)),
                      0);
        }
    }
}

// After a roll-back the batch that diverged is trained again with fresh distortions; the batch
// prepared ahead of it is dropped. The same with and without the helper.
TEST_F(TrainerTest, DivergenceWithBackgroundPreparationMatchesSequential) {
    auto train = [&](bool background) {
        Network network(smallArchitecture(), 3);
        TrainerSettings settings = smallSettings();
        settings.optimizer.kind = OptimizerKind::Sgd;
        settings.augment = true;
        settings.backgroundPreparation = background;
        Trainer trainer(network, m_train, settings);
        trainer.trainBatches(10);
        trainer.setLearningRate(1e30f);
        trainer.trainBatches(5);
        EXPECT_TRUE(trainer.diverged());
        trainer.clearDivergence();
        trainer.setLearningRate(0.05f);
        trainer.trainEpoch();
        return std::vector<float>(network.parameters().begin(), network.parameters().end());
    };
    const std::vector<float> sequential = train(false);
    EXPECT_TRUE(allFinite(sequential));
    EXPECT_EQ(train(true), sequential);
}

// A trainer with its helper thread is destroyed at any point, idle or mid-epoch, without waiting
// long or leaving the thread behind.
TEST_F(TrainerTest, DestroyingAnAugmentingTrainerStopsItsHelper) {
    // Many times for the stops that land while the helper goes to sleep (it once slept through
    // the destructor's wake-up and join() hung).
    std::vector<int> stops(100, 0);
    for (int i = 0; i < 100; i += 2) stops[static_cast<std::size_t>(i)] = 1;
    for (int extra : {5, 63}) stops.push_back(extra);
    for (int stopAfter : stops) {
        Network network(smallArchitecture(), 3);
        TrainerSettings settings = smallSettings();
        settings.augment = true;
        const auto start = std::chrono::steady_clock::now();
        {
            Trainer trainer(network, m_train, settings);
            EXPECT_EQ(trainer.trainBatches(stopAfter), stopAfter);
        }
        EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << stopAfter;
    }
}

TEST_F(TrainerTest, ReportsEveryNBatches) {
    Network network(smallArchitecture(), 3);
    TrainerSettings settings = smallSettings();
    settings.reportEvery = 5;
    Trainer trainer(network, m_train, settings);
    std::vector<TrainProgress> reports;
    trainer.setProgressCallback([&](const TrainProgress& p) { reports.push_back(p); });
    trainer.trainEpoch();
    // Batches 5, 10, ..., 60 and the epoch's last (63rd) batch.
    ASSERT_EQ(reports.size(), 13u);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const TrainProgress& p = reports[i];
        SCOPED_TRACE(i);
        const std::int64_t batch = i < 12 ? 5 * static_cast<std::int64_t>(i + 1) : 63;
        EXPECT_EQ(p.batch, batch);
        EXPECT_EQ(p.epoch, 1);
        EXPECT_EQ(p.batchesPerEpoch, 63);
        EXPECT_EQ(p.samplesSeen, std::min<std::int64_t>(batch * 32, 2000));
        EXPECT_TRUE(std::isfinite(p.loss));
        EXPECT_GT(p.loss, 0.0);
        EXPECT_GE(p.accuracy, 0.0);
        EXPECT_LE(p.accuracy, 1.0);
        EXPECT_GT(p.samplesPerSecond, 0.0);
        EXPECT_GT(p.elapsedSeconds, 0.0);
        EXPECT_FLOAT_EQ(p.learningRate, 0.05f);
        EXPECT_FALSE(p.diverged);
    }
    // Learning shows in the reports: the loss falls and the running accuracy rises.
    EXPECT_LT(reports.back().loss, reports.front().loss);
    EXPECT_GT(reports.back().accuracy, reports.front().accuracy);
}

TEST_F(TrainerTest, TrainBatchesStopsAtTheEpochsEnd) {
    Network network(smallArchitecture(), 3);
    TrainerSettings settings = smallSettings();
    settings.epochs = 2;
    Trainer trainer(network, m_train, settings);
    EXPECT_EQ(trainer.trainBatches(10), 10);
    EXPECT_EQ(trainer.epoch(), 1);
    EXPECT_FALSE(trainer.epochComplete());
    EXPECT_FALSE(trainer.lastEpoch().completed);
    EXPECT_EQ(trainer.trainBatches(100), 53);
    EXPECT_TRUE(trainer.epochComplete());
    EXPECT_TRUE(trainer.lastEpoch().completed);
    EXPECT_FALSE(trainer.finished());
    EXPECT_EQ(trainer.trainBatches(1), 1);  // starts epoch 2
    EXPECT_EQ(trainer.epoch(), 2);
    trainer.trainEpoch();
    EXPECT_TRUE(trainer.finished());
}

// The one way training is driven: a thread steps the trainer. The GUI's worker steps it in
// chunks of any size (pausing, stepping one batch, going on); the CLI a whole epoch at a time.
// Both give the same weights, and each chunk reports how many batches it trained.
TEST_F(TrainerTest, ChunksOfAnySizeGiveTheWeightsOfWholeEpochs) {
    auto train = [&](std::int64_t chunk) {
        Network network(smallArchitecture(), 3);
        TrainerSettings settings = smallSettings();
        settings.epochs = 2;
        settings.augment = true;  // a batch is prepared ahead and waits between chunks
        Trainer trainer(network, m_train, settings);
        std::int64_t batches = 0;
        while (!trainer.finished()) {
            if (chunk == 0) {
                EXPECT_TRUE(trainer.trainEpoch().completed);
                batches += trainer.batchesPerEpoch();
                continue;
            }
            const std::int64_t done = trainer.trainBatches(chunk);
            EXPECT_GT(done, 0);
            EXPECT_LE(done, chunk);
            batches += done;
        }
        EXPECT_EQ(batches, 2 * 63);
        return std::vector<float>(network.parameters().begin(), network.parameters().end());
    };
    const std::vector<float> epochs = train(0);
    for (std::int64_t chunk : {1, 7, 100}) {
        SCOPED_TRACE(chunk);
        EXPECT_EQ(train(chunk), epochs);
    }
}

TEST_F(TrainerTest, DivergenceIsDetectedAndTheWeightsRolledBack) {
    Network network(smallArchitecture(), 3);
    TrainerSettings settings = smallSettings();
    settings.optimizer.kind = OptimizerKind::Sgd;
    settings.reportEvery = 1;
    Trainer trainer(network, m_train, settings);
    std::vector<TrainProgress> reports;
    trainer.setProgressCallback([&](const TrainProgress& p) { reports.push_back(p); });
    trainer.trainEpoch();
    ASSERT_FALSE(trainer.diverged());
    const double trained = evaluate(network, m_test).accuracy;
    ASSERT_GT(trained, 0.85);

    trainer.setLearningRate(1e30f);  // the next step sends the weights towards infinity
    reports.clear();
    const std::int64_t done = trainer.trainBatches(20);
    EXPECT_TRUE(trainer.diverged());
    EXPECT_LT(done, 20);
    ASSERT_FALSE(reports.empty());
    EXPECT_TRUE(reports.back().diverged);
    const std::vector<float> weights(network.parameters().begin(), network.parameters().end());
    EXPECT_TRUE(allFinite(weights));
    // Rolled back to weights that gave a finite loss: those of before the huge step.
    const Evaluation after = evaluate(network, m_test);
    EXPECT_TRUE(std::isfinite(after.loss));
    EXPECT_GT(after.accuracy, trained - 0.05);
    // A diverged trainer does nothing more until told to go on.
    EXPECT_EQ(trainer.trainBatches(5), 0);
    trainer.clearDivergence();
    trainer.setLearningRate(0.05f);
    EXPECT_EQ(trainer.trainBatches(5), 5);
    EXPECT_TRUE(allFinite({network.parameters().begin(), network.parameters().end()}));
}

TEST_F(TrainerTest, DivergenceFromTheStartRollsBackToTheInitialWeights) {
    Network network(smallArchitecture(), 3);
    const std::vector<float> initial(network.parameters().begin(), network.parameters().end());
    TrainerSettings settings = smallSettings();
    settings.optimizer.kind = OptimizerKind::Sgd;
    settings.optimizer.learningRate = 1e30f;
    Trainer trainer(network, m_train, settings);
    const EpochSummary summary = trainer.trainEpoch();
    EXPECT_TRUE(trainer.diverged());
    EXPECT_FALSE(summary.completed);
    EXPECT_EQ(std::vector<float>(network.parameters().begin(), network.parameters().end()),
              initial);
}

TEST_F(TrainerTest, LearningRateChangesApplyAndBadOnesAreRefused) {
    Network network(smallArchitecture(), 3);
    Trainer trainer(network, m_train, smallSettings());
    EXPECT_FLOAT_EQ(trainer.learningRate(), 0.05f);
    trainer.setLearningRate(0.2f);
    EXPECT_FLOAT_EQ(trainer.learningRate(), 0.2f);
    float reported = 0;
    trainer.setProgressCallback([&](const TrainProgress& p) { reported = p.learningRate; });
    trainer.trainBatches(100);
    EXPECT_FLOAT_EQ(reported, 0.2f);
    EXPECT_THROW(trainer.setLearningRate(0.0f), ConfigError);
    EXPECT_THROW(trainer.setLearningRate(std::nanf("")), ConfigError);
    EXPECT_FLOAT_EQ(trainer.learningRate(), 0.2f);
}

TEST_F(TrainerTest, RefusesBadSettings) {
    Network network(smallArchitecture(), 3);
    auto make = [&](auto change) {
        TrainerSettings settings = smallSettings();
        change(settings);
        Trainer trainer(network, m_train, settings);
    };
    EXPECT_THROW(make([](TrainerSettings& s) { s.batchSize = 0; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.batchSize = 70000; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.epochs = 0; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.augmentStrength = 5.0f; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.restrokeShare = 1.5f; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.restrokeShare = -0.1f; }), ConfigError);
    EXPECT_THROW(make([](TrainerSettings& s) { s.optimizer.learningRate = -1.0f; }), ConfigError);
    EXPECT_NO_THROW(make([](TrainerSettings& s) { s.reportEvery = 0; }));

    Dataset empty = m_train;
    empty.truncate(0);
    empty.count = 0;
    EXPECT_THROW(Trainer(network, empty, smallSettings()), ConfigError);
    const Dataset wrongSize = syntheticDigits(20, 5, 5, 1);
    EXPECT_THROW(Trainer(network, wrongSize, smallSettings()), ConfigError);
    Architecture fewOutputs = smallArchitecture();
    fewOutputs.sizes.back() = 4;
    Network small(fewOutputs, 1);
    EXPECT_THROW(Trainer(small, m_train, smallSettings()), ConfigError);
    // Fewer classes are fine when every label has an output (the digit gate has two).
    Dataset twoClasses = m_train;
    for (std::uint8_t& label : twoClasses.labels) label = static_cast<std::uint8_t>(label % 2);
    fewOutputs.sizes.back() = 2;
    Network pair(fewOutputs, 1);
    EXPECT_NO_THROW(Trainer(pair, twoClasses, smallSettings()));
    EXPECT_THROW(Trainer(pair, m_train, smallSettings()), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
