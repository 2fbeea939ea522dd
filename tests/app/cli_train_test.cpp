// digitscope-cli train --from-model, and a pasted train line read as an experiment.
#include <gtest/gtest.h>

#include <QFile>
#include <algorithm>

#include "app/cli_test_support.h"
#include "app/cli_train.h"
#include "core/base/errors.h"
#include "core/io/model_file.h"

namespace {

using digitscope::testing_support::cli;
using digitscope::testing_support::CliTest;
using digitscope::testing_support::Result;
namespace core = digitscope::core;

double testAccuracy(const std::string& jsonLines) {
    const std::string key = "\"test_accuracy\":";
    const auto at = jsonLines.rfind(key);
    EXPECT_NE(at, std::string::npos) << jsonLines;
    return at == std::string::npos ? -1 : std::stod(jsonLines.substr(at + key.size()));
}

// --random-labels: the bars are learnt with their labels and not without them, and the model
// records the setting, so that --from-model trains it the same way.
TEST_F(CliTest, RandomLabelsLeaveTestAccuracyAtChance) {
    const QStringList common{"train", "--data", m_data, "--no-augment", "--epochs",
                             "2",     "--lr",   "0.05", "--json"};
    const Result real = cli(common);
    ASSERT_EQ(real.code, 0) << real.err;
    const QString model = path("random.dsm");
    const Result random = cli(QStringList(common) << "--random-labels"
                                                  << "--out" << model);
    ASSERT_EQ(random.code, 0) << random.err;
    EXPECT_GT(testAccuracy(real.out), 0.8);
    EXPECT_LT(testAccuracy(random.out), 0.3) << "chance is 0.1";
    EXPECT_EQ(core::ModelFile::load(model.toStdString()).metadata.at("random_labels"), "yes");
    const Result again = cli({"train", "--from-model", model, "--data", m_data, "--json"});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(testAccuracy(again.out), testAccuracy(random.out));
    EXPECT_NE(cli({"train", "--help"}).out.find("--random-labels"), std::string::npos);
}

// A model's record trains the same weights again; an option given overrides its own setting.
TEST_F(CliTest, FromModelTrainsTheSameWeightsAndOptionsOverrideTheRecord) {
    const QString pen = path("pen.jsonl");
    QFile file(pen);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 20; ++i)
        file.write(R"({"width":400,"height":400,"pen_width":18,"label":1,"strokes":[[[)" +
                   QByteArray::number(100 + 5 * i) + ",60],[200,340]]]}\n");
    file.close();
    const QString first = path("first.dsm"), again = path("again.dsm"), more = path("more.dsm");
    const Result trained = cli(
        {"train",       "--data",     m_data,  "--arch",        "784-12-10", "--optimizer",
         "adam",        "--lr",       "0.003", "--schedule",    "cosine",    "--epochs",
         "2",           "--batch",    "16",    "--seed",        "7",         "--augment-strength",
         "0.5",         "--restroke", "0.25",  "--train-limit", "1500",      "--strokes-data",
         pen + ":0.25", "--out",      first});
    ASSERT_EQ(trained.code, 0) << trained.err;

    // The stroke file is recorded by name only: found again when it is given.
    const Result reproduced = cli({"train", "--from-model", first, "--data", m_data,
                                   "--strokes-data", pen + ":0.25", "--out", again});
    ASSERT_EQ(reproduced.code, 0) << reproduced.err;
    EXPECT_NE(reproduced.out.find("training as"), std::string::npos) << reproduced.out;
    EXPECT_NE(reproduced.out.find("--train-limit 1500"), std::string::npos) << reproduced.out;
    const core::Model a = core::ModelFile::load(first.toStdString());
    const core::Model b = core::ModelFile::load(again.toStdString());
    EXPECT_EQ(a.network.architecture(), b.network.architecture());
    EXPECT_TRUE(std::ranges::equal(a.network.parameters(), b.network.parameters()));
    for (const char* key : {"optimizer", "learning_rate", "schedule", "batch", "epochs", "seed",
                            "augment", "restroke", "strokes_data", "train_samples"})
        EXPECT_EQ(a.metadata.at(key), b.metadata.at(key)) << key;

    const Result longer = cli({"train", "--from-model", first, "--data", m_data, "--strokes-data",
                               pen + ":0.25", "--epochs", "3", "--out", more});
    ASSERT_EQ(longer.code, 0) << longer.err;
    const core::Model c = core::ModelFile::load(more.toStdString());
    EXPECT_EQ(c.metadata.at("epochs"), "3");
    EXPECT_EQ(c.metadata.at("seed"), "7");
    EXPECT_FALSE(std::ranges::equal(a.network.parameters(), c.network.parameters()));

    // A model trained further from another: its recipe from fresh weights is not its weights,
    // and the CLI says so.
    auto further = a.metadata;
    further["trained_from"] = "accurate";
    const QString furtherFile = path("further.dsm");
    core::ModelFile::save(furtherFile.toStdString(), a.network, further);
    const Result fromFurther = cli({"train", "--from-model", furtherFile, "--data", m_data,
                                    "--strokes-data", pen + ":0.25", "--epochs", "1"});
    ASSERT_EQ(fromFurther.code, 0) << fromFurther.err;
    EXPECT_NE(fromFurther.err.find("trained further from accurate"), std::string::npos)
        << fromFurther.err;
    EXPECT_EQ(reproduced.err.find("note:"), std::string::npos) << reproduced.err;

    // Without the stroke file the record names, it says which file and how to give it.
    const Result noPen = cli({"train", "--from-model", first, "--data", m_data});
    EXPECT_EQ(noPen.code, 2);
    EXPECT_NE(noPen.err.find("pen.jsonl"), std::string::npos) << noPen.err;
    EXPECT_NE(noPen.err.find("--strokes-data PATH:0.25"), std::string::npos) << noPen.err;
    // A model without a training record (converted from PyTorch, say) cannot be reproduced.
    const QString bare = path("bare.dsm");
    core::ModelFile::save(bare.toStdString(), a.network, {});
    const Result noRecord = cli({"train", "--from-model", bare, "--data", m_data});
    EXPECT_EQ(noRecord.code, 1);
    EXPECT_NE(noRecord.err.find("does not record"), std::string::npos) << noRecord.err;
}

// "Copy experiment" writes such a line; pasting it back gives the same experiment, with
// quoted paths, and a line that is not a train command is refused with the reason.
TEST(CliTrainLine, APastedLineIsReadWithTheCliOptions) {
    core::Experiment e;
    e.architecture.sizes = {784, 32, 10};
    e.architecture.hidden = core::Activation::Tanh;
    e.settings.optimizer.kind = core::OptimizerKind::Adam;
    e.settings.optimizer.learningRate = 0.0015f;
    e.settings.schedule.kind = core::Schedule::Cosine;
    e.settings.batchSize = 48;
    e.settings.epochs = 9;
    e.settings.seed = 42;
    e.settings.augment = true;
    e.settings.augmentStrength = 0.7f;
    e.settings.restrokeShare = 0.5f;
    e.settings.randomLabels = true;
    e.data = "/home/a b/it's mnist";
    e.trainLimit = 5000;
    e.strokeSets = {{"/data/my digits.jsonl", 0.15}};
    const core::Experiment back =
        digitscope::app::experimentFromCommand(QString::fromStdString(core::trainCommand(e)));
    EXPECT_TRUE(back == e) << core::trainCommand(back);
    EXPECT_TRUE(digitscope::app::experimentFromCommand(
                    "/usr/bin/digitscope-cli train --data d --no-augment")
                    .settings.augment == false);

    const auto refusal = [](const QString& line) {
        try {
            digitscope::app::experimentFromCommand(line);
        } catch (const std::exception& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(refusal("digitscope-cli eval --data d").find("train"), std::string::npos);
    EXPECT_NE(refusal("digitscope-cli train --data d --lr fast").find("--lr"), std::string::npos);
    EXPECT_NE(refusal("digitscope-cli train --data d --image x.png").find("--image"),
              std::string::npos);
    EXPECT_NE(refusal("digitscope-cli train --data 'd").find("quote"), std::string::npos);
    EXPECT_NE(refusal("digitscope-cli train --from-model m.dsm").find("from-model"),
              std::string::npos);
}

}  // namespace
