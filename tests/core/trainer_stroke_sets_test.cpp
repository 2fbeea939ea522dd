// The trainer with stroke sets beside its dataset (core/train/trainer.h): each set's share of every
// batch, labels and inputs that reach the network, determinism with and without the helper.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "core/augment/stroke_augmenter.h"
#include "core/base/errors.h"
#include "core/input/pen.h"
#include "core/train/trainer.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using testing::syntheticDigits;

// Three shapes no synthetic digit looks like: a bar (1), a 7 and a ring (0), drawn 12 times
// each with a little variation, on a 400 x 400 canvas.
std::shared_ptr<const StrokeSet> shapes(std::string name = "shapes") {
    auto set = std::make_shared<StrokeSet>();
    set->name = std::move(name);
    for (int i = 0; i < 12; ++i) {
        const double w = 3.0 * (i % 4), x = 150 + 5.0 * i;
        Drawing bar, seven, ring;
        bar.label = 1;
        bar.strokes.push_back({{{x, 80}, {x + w, 200}, {x + 2 * w, 320}}});
        seven.label = 7;
        seven.strokes.push_back({{{x - 60, 90 + w}, {x + 80, 90}, {x + 10 - w, 330}}});
        ring.label = 0;
        Stroke circle;
        for (int k = 0; k <= 24; ++k) {
            const double a = 2 * std::numbers::pi * k / 24;
            circle.points.push_back({x + (70 + w) * std::cos(a), 200 + 110 * std::sin(a)});
        }
        ring.strokes.push_back(circle);
        for (Drawing* d : {&bar, &seven, &ring}) set->drawings.push_back(*d);
    }
    return set;
}

Architecture architecture() {
    Architecture arch;
    arch.sizes = {784, 32, 10};
    return arch;
}

TrainerSettings settings() {
    TrainerSettings s;
    s.optimizer.kind = OptimizerKind::Adam;
    s.optimizer.learningRate = 0.003f;
    s.batchSize = 32;
    s.epochs = 1;
    s.seed = 17;
    return s;
}

std::vector<float> weights(const Network& network) {
    return {network.parameters().begin(), network.parameters().end()};
}

class TrainerStrokeSetsTest : public ::testing::Test {
protected:
    const Dataset m_train = syntheticDigits(1000, 28, 28, 1);
};

// A batch of 32 with a share of 0.25 holds 8 drawings and 24 dataset samples: an epoch of the
// 1000 samples is 42 batches (41 x 24 + 16) and 42 x 8 = 336 drawings.
TEST_F(TrainerStrokeSetsTest, EachBatchHoldsTheSetsShare) {
    Network network(architecture(), 3);
    Trainer trainer(network, m_train, settings(), nullptr, {{shapes(), 0.25f}});
    TrainProgress last;
    trainer.setProgressCallback([&](const TrainProgress& p) { last = p; });
    trainer.trainEpoch();
    EXPECT_EQ(last.batchesPerEpoch, 42);
    EXPECT_EQ(last.batch, 42);
    EXPECT_EQ(last.samplesSeen, 1000 + 336);
    EXPECT_TRUE(trainer.epochComplete());
}

// Shares that are not a whole number of columns are spread over the batches: 0.3 of 20 is 6
// columns, 0.15 of 20 is 3, together 9 a batch: 11 dataset samples, 91 batches.
TEST_F(TrainerStrokeSetsTest, SharesOfSeveralSetsAddUp) {
    for (const auto& [shares, batches, drawings] :
         {std::tuple{std::vector<float>{0.3f}, 72, 72 * 6},
          std::tuple{std::vector<float>{0.2f, 0.1f}, 72, 72 * 6},
          std::tuple{std::vector<float>{0.3f, 0.15f}, 91, 91 * 9},
          std::tuple{std::vector<float>{0.33f}, 75, 495}}) {
        SCOPED_TRACE(shares.size());
        std::vector<StrokeShare> sets;
        for (float share : shares) sets.push_back({shapes(), share});
        Network network(architecture(), 3);
        TrainerSettings s = settings();
        s.batchSize = 20;
        Trainer trainer(network, m_train, s, nullptr, sets);
        TrainProgress last;
        trainer.setProgressCallback([&](const TrainProgress& p) { last = p; });
        trainer.trainEpoch();
        EXPECT_EQ(last.batchesPerEpoch, batches);
        EXPECT_EQ(last.samplesSeen, 1000 + drawings);
    }
}

// What reaches the network is each drawing, distorted, with its own label: a network trained
// with the shapes reads fresh distortions of them, one trained without does not.
TEST_F(TrainerStrokeSetsTest, TheNetworkLearnsTheDrawingsWithTheirLabels) {
    const auto set = shapes();
    const StrokeAugmenter unseen(StrokeAugmentSettings{}, 999);
    const auto accuracyOnShapes = [&](const Network& network) {
        int correct = 0, total = 0;
        for (std::size_t i = 0; i < set->drawings.size(); ++i, ++total) {
            const Drawing& d = set->drawings[i];
            const Eigen::VectorXf p = network.predict(networkInput(unseen.distort(d, i)));
            Eigen::Index digit = 0;
            p.maxCoeff(&digit);
            correct += digit == d.label;
        }
        return static_cast<double>(correct) / total;
    };
    const auto train = [&](std::vector<StrokeShare> sets) {
        Network network(architecture(), 3);
        TrainerSettings s = settings();
        s.epochs = 3;
        Trainer trainer(network, m_train, s, nullptr, std::move(sets));
        while (!trainer.finished()) trainer.trainEpoch();
        return network;
    };
    EXPECT_GT(accuracyOnShapes(train({{set, 0.2f}})), 0.95);
    EXPECT_LT(accuracyOnShapes(train({})), 0.7);
}

TEST_F(TrainerStrokeSetsTest, TheSameSeedGivesTheSameWeightsWithOrWithoutTheHelper) {
    const auto train = [&](std::uint64_t seed, bool background, float strength) {
        Network network(architecture(), 3);
        TrainerSettings s = settings();
        s.seed = seed;
        s.epochs = 2;
        s.batchSize = 24;
        s.augment = true;
        s.restrokeShare = 0.2f;
        s.strokeAugmentStrength = strength;
        s.backgroundPreparation = background;
        s.reportEvery = 3;
        Trainer trainer(network, m_train, s, nullptr, {{shapes("a"), 0.2f}, {shapes("b"), 0.1f}});
        while (!trainer.finished()) trainer.trainBatches(17);  // in chunks, as the GUI trains
        return weights(network);
    };
    const std::vector<float> sequential = train(5, false, 1);
    for (int run = 0; run < 3; ++run) {
        const std::vector<float> background = train(5, true, 1);
        ASSERT_EQ(background.size(), sequential.size());
        EXPECT_EQ(
            std::memcmp(background.data(), sequential.data(), sequential.size() * sizeof(float)),
            0);
    }
    EXPECT_NE(train(6, false, 1), sequential);
    EXPECT_NE(train(5, false, 0), sequential);  // the drawings' distortions reach the network
}

// After a roll-back the batch that diverged is composed again from the same drawings.
TEST_F(TrainerStrokeSetsTest, DivergenceWithStrokeSetsMatchesSequential) {
    auto train = [&](bool background) {
        Network network(architecture(), 3);
        TrainerSettings s = settings();
        s.optimizer.kind = OptimizerKind::Sgd;
        s.optimizer.learningRate = 0.05f;
        s.backgroundPreparation = background;
        Trainer trainer(network, m_train, s, nullptr, {{shapes(), 0.25f}});
        trainer.trainBatches(10);
        trainer.setLearningRate(1e30f);
        trainer.trainBatches(5);
        EXPECT_TRUE(trainer.diverged());
        trainer.clearDivergence();
        trainer.setLearningRate(0.05f);
        trainer.trainEpoch();
        return weights(network);
    };
    const std::vector<float> sequential = train(false);
    EXPECT_TRUE(std::all_of(sequential.begin(), sequential.end(),
                            [](float v) { return std::isfinite(v); }));
    EXPECT_EQ(train(true), sequential);
}

TEST_F(TrainerStrokeSetsTest, RefusesBadStrokeSets) {
    Network network(architecture(), 3);
    const auto make = [&](std::vector<StrokeShare> sets, const Dataset& data) {
        Trainer trainer(network, data, settings(), nullptr, std::move(sets));
    };
    const auto set = shapes();
    EXPECT_NO_THROW(make({{set, 0.9f}}, m_train));
    EXPECT_THROW(make({{set, 0.0f}}, m_train), ConfigError);
    EXPECT_THROW(make({{set, 0.95f}}, m_train), ConfigError);
    EXPECT_THROW(make({{set, std::nanf("")}}, m_train), ConfigError);
    EXPECT_THROW(make({{set, 0.5f}, {set, 0.5f}}, m_train), ConfigError);
    EXPECT_THROW(make({{nullptr, 0.1f}}, m_train), ConfigError);
    EXPECT_THROW(make({{std::make_shared<StrokeSet>(), 0.1f}}, m_train), ConfigError);
    auto unlabelled = std::make_shared<StrokeSet>(*set);
    unlabelled->drawings[5].label = -1;
    EXPECT_THROW(make({{unlabelled, 0.1f}}, m_train), ConfigError);
    Architecture fewer = architecture();
    fewer.sizes.back() = 5;  // the 7s have no output
    Network small(fewer, 1);
    EXPECT_THROW(Trainer(small, m_train, settings(), nullptr, {{set, 0.1f}}), ConfigError);
    // Drawings become 28 x 28 inputs: other image sizes cannot be mixed with them.
    const Dataset small6 = syntheticDigits(100, 6, 6, 1);
    Architecture arch6 = architecture();
    arch6.sizes.front() = 36;
    Network network6(arch6, 1);
    EXPECT_THROW(Trainer(network6, small6, settings(), nullptr, {{set, 0.1f}}), ConfigError);
    TrainerSettings strong = settings();
    strong.strokeAugmentStrength = 5;
    EXPECT_THROW(Trainer(network, m_train, strong, nullptr, {{set, 0.1f}}), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
