// Pen data (stroke files) trained beside the dataset, through the session and the panel's form.
#include <gtest/gtest.h>

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <cstdint>
#include <string>

#include "session/training/dataset_loader.h"
#include "session/training/training_config.h"
#include "session/training/training_session.h"
#include "ui/synthetic_digits.h"
#include "ui/training/training_panel.h"

namespace digitscope::ui {
namespace {

using State = TrainingWorker::State;

// 28 x 28 images (stroke data is drawn at MNIST's size): class c lights rows 2c+4 and 2c+5.
core::Dataset bars28(std::int64_t count, const std::string& name) {
    core::Dataset data;
    data.name = name;
    data.count = count;
    data.pixels.assign(static_cast<std::size_t>(count * 784), 0);
    for (std::int64_t i = 0; i < count; ++i) {
        const int label = static_cast<int>(i % 10);
        data.labels.push_back(static_cast<std::uint8_t>(label));
        for (int x = 6; x < 22; ++x)
            for (int row : {2 * label + 4, 2 * label + 5})
                data.pixels[static_cast<std::size_t>(i * 784 + row * 28 + x)] = 255;
    }
    return data;
}

TrainingConfig smallConfig() {
    TrainingConfig config;
    config.hiddenLayers = QStringLiteral("12");
    config.optimizer = core::OptimizerKind::Adam;
    config.learningRate = 0.01;
    config.batchSize = 8;
    config.epochs = 1;
    config.seed = 3;
    config.augment = false;
    config.padStrokes = false;
    return config;
}

// Pen data trains beside the dataset and the run records it; a file that cannot be read keeps
// the run from beginning, with a message naming the file.
TEST(PenDataTraining, TrainsBesideTheDatasetAndAnUnreadableFileStopsTheRunWithItsName) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(testdata::writeIdxFolder(dir.path(), {bars28(200, "train"), bars28(50, "test")}));
    const QString pen = dir.filePath(QStringLiteral("pen.jsonl"));
    QFile file(pen);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 20; ++i)
        file.write(QByteArray(R"({"width":400,"height":400,"pen_width":18,"label":1,)") +
                   R"("strokes":[[[)" + QByteArray::number(150 + i) + ",60],[200,340]]]}\n");
    file.close();

    TrainingSession session;
    QStringList errors;
    QStringList messages;
    QObject::connect(&session, &TrainingSession::errorOccurred,
                     [&](const QString& title, const QString& message) {
                         errors << title;
                         messages << message;
                     });
    session.setDatasetFolder(dir.path());
    ASSERT_TRUE(QTest::qWaitFor([&] { return session.hasDataset(); }, 20000));

    TrainingConfig config = smallConfig();
    config.strokeData = {{pen, 0.25}};
    session.train(config);
    ASSERT_TRUE(QTest::qWaitFor([&] { return session.workerState() == State::Finished; }, 30000));
    EXPECT_TRUE(errors.isEmpty()) << messages.join(' ').toStdString();
    ASSERT_EQ(session.runs().size(), 1u);
    EXPECT_EQ(session.runs().front().metadata().at("strokes_data"), "pen.jsonl:0.25");

    session.reset(config);
    config.strokeData = {{dir.filePath(QStringLiteral("missing.jsonl")), 0.2}};
    session.train(config);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !errors.isEmpty(); }, 20000));
    EXPECT_TRUE(messages.front().contains(QStringLiteral("missing.jsonl")))
        << messages.front().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !session.runActive(); }, 20000));
}

// The form starts with the bundled pen data (found beside the build tree here); a saved list,
// even an empty one, is kept.
TEST(PenDataTraining, TheFormDefaultsToTheBundledDigitsAndKeepsASavedList) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    const QString bundled = DatasetLoader::findBundledPenData();
    ASSERT_TRUE(bundled.endsWith(QStringLiteral("resources/pendigits/pendigits-train.jsonl.gz")))
        << bundled.toStdString();
    const QList<StrokeData> expected{{bundled, StrokeData::kDefaultShare}};
    EXPECT_EQ(TrainingConfig{}.strokeData, expected);
    TrainingSession session;
    EXPECT_EQ(TrainingPanel(session).config().strokeData, expected);
    EXPECT_EQ(TrainingConfig::load(settings).strokeData, expected);
    TrainingConfig none;
    none.strokeData.clear();
    none.save(settings);
    EXPECT_TRUE(TrainingConfig::load(settings).strokeData.isEmpty());
    none.strokeData = {{QStringLiteral("/x|y/mine.jsonl"), 0.15}};
    none.save(settings);
    EXPECT_EQ(TrainingConfig::load(settings).strokeData, none.strokeData);
}

}  // namespace
}  // namespace digitscope::ui
