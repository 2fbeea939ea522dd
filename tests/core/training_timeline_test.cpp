#include "core/train/training_timeline.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/io/model_file.h"
#include "core/train/trainer.h"
#include "test_data.h"

namespace digitscope::core {
namespace {

std::shared_ptr<const Network> copyOf(const Network& network) {
    return std::make_shared<const Network>(network);
}

// Scrubbing to an epoch's snapshot gives bit-identical predictions to that epoch's saved
// model: a run saves its model after every epoch, as "Save" would, and records the same moment
// in the timeline; later the snapshots are compared with the files read back.
TEST(TrainingTimeline, ScrubbingToAnEpochGivesItsSavedModelsPredictionsBitForBit) {
    const testing::TempDir dir;
    const Dataset data = testing::syntheticDigits(400, 8, 8, 2);
    Architecture arch;
    arch.sizes = {64, 16, 10};
    Network network(arch, 3);
    TrainerSettings settings;
    settings.epochs = 4;
    Trainer trainer(network, data, settings);
    TrainingTimeline timeline;
    timeline.offer(0.0, copyOf(network));
    for (int epoch = 1; epoch <= 4; ++epoch) {
        trainer.trainBatches(3);
        timeline.offer(epoch - 1 + 3.0 / 13.0, copyOf(network));
        trainer.trainEpoch();
        ModelFile::save(dir / ("epoch" + std::to_string(epoch) + ".dsm"), network, {});
        timeline.recordEpoch(epoch, copyOf(network));
    }
    Matrix x;
    std::vector<std::uint8_t> labels;
    std::vector<std::int32_t> indices(50);
    for (int i = 0; i < 50; ++i) indices[static_cast<std::size_t>(i)] = i * 7;
    gatherBatch(data, indices, x, labels);
    int epochsFound = 0;
    for (int i = 0; i < timeline.size(); ++i) {
        const TrainingTimeline::Snapshot& snapshot = timeline.at(i);
        if (snapshot.epoch == 0) continue;
        ++epochsFound;
        const Model saved =
            ModelFile::load(dir / ("epoch" + std::to_string(snapshot.epoch) + ".dsm"));
        GradientWorkspace workspace;
        Matrix fromTimeline;
        Matrix fromFile;
        snapshot.network->predictBatch(x, workspace, fromTimeline);
        saved.network.predictBatch(x, workspace, fromFile);
        ASSERT_EQ(fromTimeline.size(), fromFile.size());
        EXPECT_EQ(std::memcmp(fromTimeline.data(), fromFile.data(),
                              sizeof(float) * static_cast<std::size_t>(fromFile.size())),
                  0)
            << "epoch " << snapshot.epoch;
    }
    EXPECT_EQ(epochsFound, 4);
    // The snapshot is not the network that kept training.
    EXPECT_FALSE(std::equal(network.parameters().begin(), network.parameters().end(),
                            timeline.at(1).network->parameters().begin()));
}

TEST(TrainingTimeline, KeepsTheFirstAndLogSpacedEarlySnapshots) {
    Architecture arch;
    arch.sizes = {4, 2, 2};
    const auto net = std::make_shared<const Network>(arch, 1);
    TrainingTimeline timeline;
    std::vector<double> kept;
    for (int k = 0; k <= 1000; ++k)
        if (timeline.offer(k / 1000.0, net)) kept.push_back(k / 1000.0);
    // 0, then the first position at or past 2^-10, 2^-9, ..., 2^-1.
    ASSERT_GE(kept.size(), 9u);
    ASSERT_LE(kept.size(), 11u);
    EXPECT_EQ(kept[0], 0.0);
    for (std::size_t i = 2; i < kept.size(); ++i)
        EXPECT_GE(kept[i], 1.9 * kept[i - 1] - 1e-3) << i;  // each about twice the last
    EXPECT_FALSE(timeline.offer(1.5, net));                 // after the first epoch: epochs only
}

TEST(TrainingTimeline, StaysWithinItsBudgetByThinningEpochs) {
    Architecture arch;
    arch.sizes = {784, 16, 16, 10};
    const auto net = std::make_shared<const Network>(arch, 1);
    const std::size_t each = net->parameters().size() * sizeof(float);
    TrainingTimeline timeline(20 * each);
    timeline.offer(0.0, net);
    for (int epoch = 1; epoch <= 500; ++epoch) {
        timeline.recordEpoch(epoch, net);
        ASSERT_LE(timeline.bytes(), timeline.budget());
    }
    EXPECT_GE(timeline.size(), 10);
    EXPECT_EQ(timeline.at(0).epochPosition, 0.0);
    EXPECT_EQ(timeline.at(timeline.size() - 1).epoch, 500);
    EXPECT_GT(timeline.epochStride(), 1);
    for (int i = 1; i < timeline.size(); ++i)
        EXPECT_LT(timeline.at(i - 1).epochPosition, timeline.at(i).epochPosition);
    // The kept epochs stay spread over the run, not bunched at one end.
    EXPECT_LT(timeline.at(timeline.size() / 2).epoch, 400);
    EXPECT_GT(timeline.at(timeline.size() / 2).epoch, 100);
}

TEST(TrainingTimeline, ANewArchitectureOrAResetStartsAgain) {
    Architecture a;
    a.sizes = {4, 2, 2};
    Architecture b;
    b.sizes = {4, 3, 2};
    TrainingTimeline timeline;
    timeline.offer(0.0, std::make_shared<const Network>(a, 1));
    timeline.recordEpoch(1, std::make_shared<const Network>(a, 1));
    timeline.recordEpoch(2, std::make_shared<const Network>(b, 1));
    EXPECT_EQ(timeline.size(), 1);
    timeline.recordEpoch(1, std::make_shared<const Network>(b, 1));
    EXPECT_EQ(timeline.size(), 1);
    EXPECT_EQ(timeline.at(0).epoch, 1);
}

}  // namespace
}  // namespace digitscope::core
