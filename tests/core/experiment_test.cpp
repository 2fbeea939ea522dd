#include "core/train/experiment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "core/base/errors.h"
#include "core/train/training_record.h"

namespace digitscope::core {
namespace {

Experiment sample() {
    Experiment e;
    e.architecture.sizes = {784, 20, 10};
    e.architecture.loss = Loss::SquaredError;
    e.settings.optimizer.kind = OptimizerKind::Momentum;
    e.settings.optimizer.learningRate = 0.03f;
    e.settings.optimizer.weightDecay = 1e-4f;
    e.settings.schedule.kind = Schedule::Step;
    e.settings.batchSize = 64;
    e.settings.epochs = 12;
    e.settings.seed = 3;
    e.settings.augment = true;
    e.settings.augmentStrength = 0.4f;
    e.settings.restrokeShare = 0.5f;
    e.settings.strokeAugmentStrength = 2;
    e.data = "mnist";
    e.strokeSets = {{"pendigits-train.jsonl.gz", 0.2}, {"mine.jsonl", 0.1}};
    return e;
}

TEST(Experiment, ACommandLineSplitsBackIntoItsArguments) {
    Experiment e = sample();
    e.data = "/home/ann/my data/it's \"mnist\"";
    std::vector<std::string> expected = trainArguments(e);
    expected.insert(expected.begin(), "digitscope-cli");
    EXPECT_EQ(splitCommandLine(trainCommand(e)), expected);
    // Every setting is written out, including those at their defaults.
    const std::string line = trainCommand(sample());
    for (const char* option :
         {"--arch 784-20-10", "--loss mse", "--optimizer momentum", "--lr 0.03",
          "--weight-decay 0.0001", "--schedule step", "--batch 64", "--epochs 12", "--seed 3",
          "--augment-strength 0.4", "--restroke 0.5", "--strokes-data pendigits-train.jsonl.gz:0.2",
          "--strokes-data mine.jsonl:0.1", "--strokes-augment 2", "--activation relu",
          "--threads 1"})
        EXPECT_NE(line.find(option), std::string::npos) << option << " in " << line;
    e.settings.augment = false;
    EXPECT_NE(trainCommand(e).find("--no-augment"), std::string::npos);
}

TEST(Experiment, NumbersAreWrittenSoTheyReadBackExactly) {
    Experiment e = sample();
    for (const float rate : {0.002f, 0.1f, 1.0f / 3.0f, 3e-5f, 0.00123456789f}) {
        e.settings.optimizer.learningRate = rate;
        const std::vector<std::string> words = trainArguments(e);
        const auto lr = std::find(words.begin(), words.end(), "--lr");
        ASSERT_NE(lr, words.end());
        EXPECT_EQ(std::strtof((lr + 1)->c_str(), nullptr), rate) << *(lr + 1);
    }
}

TEST(Experiment, ShellQuotingIsRead) {
    EXPECT_EQ(splitCommandLine("  a 'b c'  \"d \\\"e\\\"\" f\\ g h''i  "),
              (std::vector<std::string>{"a", "b c", "d \"e\"", "f g", "hi"}));
    EXPECT_EQ(splitCommandLine("x ''"), (std::vector<std::string>{"x", ""}));
    EXPECT_TRUE(splitCommandLine(" \t\n").empty());
    EXPECT_THROW(splitCommandLine("a 'b"), ConfigError);
    EXPECT_THROW(splitCommandLine("a \"b"), ConfigError);
}

// What a model records (modelMetadata) reads back as the experiment that trained it.
// Random labels are a setting of the run: written as --random-labels and recorded in the model.
TEST(Experiment, RandomLabelsRoundTrip) {
    Experiment e = sample();
    const auto words = [](const Experiment& x) { return trainArguments(x); };
    const auto has = [](const std::vector<std::string>& w) {
        return std::find(w.begin(), w.end(), "--random-labels") != w.end();
    };
    EXPECT_FALSE(has(words(e)));
    e.settings.randomLabels = true;
    EXPECT_TRUE(has(words(e)));
    EXPECT_FALSE(e == sample());

    TrainingRecord record;
    record.dataset = e.data;
    record.settings = e.settings;
    record.epochs = e.settings.epochs;
    record.strokeSets = describeStrokeSets(e.strokeSets);
    auto metadata = modelMetadata(record);
    EXPECT_EQ(metadata.at("random_labels"), "yes");
    EXPECT_TRUE(experimentFromMetadata(metadata, e.architecture) == e);
    record.settings.randomLabels = false;
    EXPECT_EQ(modelMetadata(record).count("random_labels"), 0u) << "older files read the same";
    EXPECT_FALSE(
        experimentFromMetadata(modelMetadata(record), e.architecture).settings.randomLabels);
    metadata["random_labels"] = "maybe";
    EXPECT_THROW(experimentFromMetadata(metadata, e.architecture), ConfigError);
}

TEST(Experiment, AModelsRecordReadsBackAsItsExperiment) {
    const Experiment e = sample();
    TrainingRecord record;
    record.dataset = e.data;
    record.trainSamples = 60000;
    record.settings = e.settings;
    record.epochs = e.settings.epochs;
    record.strokeSets = describeStrokeSets(e.strokeSets);
    const auto metadata = modelMetadata(record);
    EXPECT_TRUE(experimentFromMetadata(metadata, e.architecture, 60000) == e);

    // Fewer samples than the dataset has: the run was limited.
    record.trainSamples = 5000;
    EXPECT_EQ(experimentFromMetadata(modelMetadata(record), e.architecture, 60000).trainLimit,
              5000);
    EXPECT_EQ(experimentFromMetadata(modelMetadata(record), e.architecture).trainLimit, 0);

    // Older files without the stroke distortions' strength trained at the default.
    auto older = metadata;
    older.erase("strokes_augment");
    older["augment"] = "no";
    const Experiment fromOlder = experimentFromMetadata(older, e.architecture);
    EXPECT_EQ(fromOlder.settings.strokeAugmentStrength, 1.0f);
    EXPECT_FALSE(fromOlder.settings.augment);

    const auto problem = [&](const std::string& key, const std::string& value) {
        auto broken = metadata;
        if (value.empty())
            broken.erase(key);
        else
            broken[key] = value;
        try {
            experimentFromMetadata(broken, e.architecture);
        } catch (const ConfigError& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(problem("optimizer", "").find("'optimizer'"), std::string::npos);
    EXPECT_NE(problem("learning_rate", "fast").find("'learning_rate'"), std::string::npos);
    EXPECT_NE(problem("batch", "6.5").find("'batch'"), std::string::npos);
    EXPECT_NE(problem("seed", "-1").find("'seed'"), std::string::npos);
    EXPECT_NE(problem("strokes_data", "mine.jsonl").find("FILE:SHARE"), std::string::npos);
    EXPECT_NE(problem("schedule", "sometimes").find("sometimes"), std::string::npos);
}

}  // namespace
}  // namespace digitscope::core
