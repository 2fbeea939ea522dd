#include "core/train/training_record.h"

#include <gtest/gtest.h>

namespace digitscope::core {
namespace {

TEST(TrainingRecord, WritesEveryKeyTheGuiAndTheCliShare) {
    TrainingRecord record;
    record.trainedWith = "digitscope-cli";
    record.dataset = "data/mnist";
    record.trainSamples = 60000;
    record.settings.optimizer.kind = OptimizerKind::Adam;
    record.settings.optimizer.learningRate = 0.002f;
    record.settings.optimizer.weightDecay = 0.0001f;
    record.settings.schedule.kind = Schedule::Cosine;
    record.settings.batchSize = 64;
    record.settings.seed = 7;
    record.settings.augment = true;
    record.settings.augmentStrength = 0.4f;
    record.settings.restrokeShare = 0.5f;
    record.settings.strokeAugmentStrength = 1.0f;
    record.epochs = 25;
    record.strokeSets = "pendigits-train.jsonl.gz:0.2";
    record.testAccuracy = 0.98912345;
    record.trainingSeconds = 55.83;
    const std::map<std::string, std::string> expected{
        {"trained_with", "digitscope-cli"},
        {"dataset", "data/mnist"},
        {"train_samples", "60000"},
        {"optimizer", "adam"},
        {"learning_rate", "0.002"},
        {"schedule", "cosine"},
        {"weight_decay", "0.0001"},
        {"batch", "64"},
        {"epochs", "25"},
        {"seed", "7"},
        {"augment", "0.4"},
        {"restroke", "0.5"},
        {"strokes_data", "pendigits-train.jsonl.gz:0.2"},
        {"strokes_augment", "1"},
        {"test_accuracy", "0.989123"},
        {"training_seconds", "55.83"},
    };
    EXPECT_EQ(modelMetadata(record), expected);
}

TEST(TrainingRecord, LeavesOutWhatIsNotKnown) {
    TrainingRecord record;
    record.settings.augment = false;
    std::map<std::string, std::string> metadata = modelMetadata(record);
    EXPECT_EQ(metadata.at("augment"), "no");
    EXPECT_EQ(metadata.at("strokes_data"), "none");
    for (const char* key : {"trained_with", "trained_from", "test_accuracy", "test_loss"})
        EXPECT_EQ(metadata.count(key), 0u) << key;
    record.trainedFrom = "accurate";
    record.testLoss = 0.25;
    metadata = modelMetadata(record);
    EXPECT_EQ(metadata.at("trained_from"), "accurate");
    EXPECT_EQ(metadata.at("test_loss"), "0.25");
}

TEST(TrainingRecord, DescribesStrokeSetsByFileName) {
    EXPECT_EQ(describeStrokeSets({}), "none");
    EXPECT_EQ(
        describeStrokeSets({{"/data/pen/pendigits-train.jsonl.gz", 0.2}, {"mine.jsonl", 0.125}}),
        "pendigits-train.jsonl.gz:0.2,mine.jsonl:0.125");
}

}  // namespace
}  // namespace digitscope::core
