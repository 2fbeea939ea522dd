#include "ui/training/training_panel.h"

#include <gtest/gtest.h>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <memory>

#include "ui/synthetic_digits.h"
#include "ui/training/dataset_loader.h"
#include "ui/training/stroke_data_list.h"

namespace digitscope::ui {
namespace {

using State = TrainingWorker::State;

TrainingConfig smallConfig(int epochs) {
    TrainingConfig config;
    config.hiddenLayers = QStringLiteral("12");
    config.optimizer = core::OptimizerKind::Adam;
    config.learningRate = 0.01;
    config.batchSize = 8;
    config.epochs = epochs;
    config.seed = 3;
    config.augment = false;
    config.padStrokes = false;
    config.strokeData.clear();  // the synthetic digits are 8 x 8: no pen data
    return config;
}

QPushButton* button(TrainingPanel& panel, const char* name) {
    auto* found = panel.findChild<QPushButton*>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

// What the panel emits, recorded on the GUI thread.
struct PanelRecorder {
    int losses = 0;
    std::vector<int> epochs;
    QStringList runs;
    QStringList statuses;
    QStringList errors;
    QStringList messages;
    QString failedFolder;
    int networks = 0;

    explicit PanelRecorder(TrainingPanel& panel) {
        QObject::connect(&panel, &TrainingPanel::lossReported,
                         [this](double, double) { ++losses; });
        QObject::connect(&panel, &TrainingPanel::epochFinished,
                         [this](int epoch, double, double, double) { epochs.push_back(epoch); });
        QObject::connect(&panel, &TrainingPanel::runStarted,
                         [this](const QString& label) { runs << label; });
        QObject::connect(&panel, &TrainingPanel::statusMessage,
                         [this](const QString& text) { statuses << text; });
        QObject::connect(&panel, &TrainingPanel::errorOccurred,
                         [this](const QString& title, const QString& message) {
                             errors << title;
                             messages << message;
                         });
        QObject::connect(&panel, &TrainingPanel::datasetError,
                         [this](const QString& folder, const QString&) { failedFolder = folder; });
        QObject::connect(&panel, &TrainingPanel::networkUpdated,
                         [this](std::shared_ptr<const core::Network>) { ++networks; });
    }
};

class TrainingPanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(testdata::writeIdxFolder(m_dir.path(), testdata::syntheticPair(400, 100)));
    }
    // Loads the synthetic folder into the panel and waits for it.
    void load(TrainingPanel& panel) {
        panel.setDatasetFolder(m_dir.path());
        ASSERT_TRUE(QTest::qWaitFor([&] { return panel.hasDataset(); }, 20000));
    }
    QTemporaryDir m_dir;
};

TEST_F(TrainingPanelTest, WithoutADatasetTrainIsDisabledAndThePanelSaysWhatToDo) {
    TrainingPanel panel;
    PanelRecorder recorder(panel);
    panel.setDatasetFolder(QStringLiteral("/nonexistent/mnist"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !recorder.failedFolder.isEmpty(); }, 20000));
    EXPECT_EQ(recorder.failedFolder, QStringLiteral("/nonexistent/mnist"));
    EXPECT_EQ(recorder.errors.size(), 1);
    EXPECT_FALSE(panel.hasDataset());
    EXPECT_FALSE(button(panel, "trainButton")->isEnabled());
    EXPECT_FALSE(button(panel, "stepButton")->isEnabled());
    auto* label = panel.findChild<QLabel*>(QStringLiteral("datasetLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QStringLiteral("scripts/fetch-mnist.sh")));
    EXPECT_TRUE(label->text().contains(QStringLiteral("data/mnist")));
}

TEST_F(TrainingPanelTest, AFolderThatFailsKeepsThePreviousDataset) {
    TrainingPanel panel;
    PanelRecorder recorder(panel);
    load(panel);
    const QString loaded = panel.datasetFolder();
    panel.setDatasetFolder(QStringLiteral("/nonexistent/fashion"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !recorder.failedFolder.isEmpty(); }, 20000));
    EXPECT_TRUE(panel.hasDataset());
    EXPECT_EQ(panel.datasetFolder(), loaded);
    EXPECT_TRUE(button(panel, "trainButton")->isEnabled());
    auto* label = panel.findChild<QLabel*>(QStringLiteral("datasetLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QStringLiteral("400 training / 100 test")));
}

TEST_F(TrainingPanelTest, TrainsToTheEndAndDescribesTheRun) {
    TrainingPanel panel;
    PanelRecorder recorder(panel);
    panel.setConfig(smallConfig(2));
    load(panel);
    EXPECT_TRUE(panel.datasetFolder().endsWith(QFileInfo(m_dir.path()).fileName()));
    ASSERT_TRUE(button(panel, "trainButton")->isEnabled());
    button(panel, "trainButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel.workerState() == State::Finished; }, 30000));
    ASSERT_EQ(recorder.runs.size(), 1);
    EXPECT_EQ(recorder.runs.front(), QStringLiteral("64-12-10 relu, adam lr 0.01, batch 8"));
    EXPECT_EQ(panel.describeRun(), recorder.runs.front());
    EXPECT_EQ(recorder.epochs, (std::vector<int>{1, 2}));
    EXPECT_GT(recorder.losses, 0);
    EXPECT_GT(recorder.networks, 0);
    ASSERT_TRUE(panel.currentNetwork());
    EXPECT_EQ(panel.currentNetwork()->architecture().sizesString(), "64-12-10");
    EXPECT_TRUE(recorder.statuses.last().contains(QStringLiteral("epoch 2/2")));

    EXPECT_EQ(button(panel, "trainButton")->text(), QStringLiteral("Train more"));
    EXPECT_TRUE(button(panel, "trainButton")->isEnabled());
    EXPECT_FALSE(button(panel, "pauseButton")->isEnabled());
    EXPECT_TRUE(button(panel, "resetButton")->isEnabled());
    EXPECT_FALSE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->isEnabled());

    const auto metadata = panel.modelMetadata();
    EXPECT_EQ(metadata.at("optimizer"), "adam");
    EXPECT_EQ(metadata.at("epochs"), "2");
    EXPECT_EQ(metadata.at("batch"), "8");
    EXPECT_EQ(metadata.at("dataset"), QFileInfo(m_dir.path()).fileName().toStdString());
    const double accuracy = std::stod(metadata.at("test_accuracy"));
    EXPECT_GT(accuracy, 0.5);
    EXPECT_LE(accuracy, 1.0);
}

TEST_F(TrainingPanelTest, PauseStepAndResetDriveTheButtons) {
    TrainingPanel panel;
    PanelRecorder recorder(panel);
    panel.setConfig(smallConfig(1000));
    load(panel);
    panel.train();
    EXPECT_TRUE(button(panel, "pauseButton")->isEnabled());
    EXPECT_FALSE(button(panel, "stepButton")->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.losses > 0; }, 20000));
    button(panel, "pauseButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel.workerState() == State::Paused; }, 20000));
    EXPECT_EQ(button(panel, "trainButton")->text(), QStringLiteral("Resume"));
    EXPECT_TRUE(button(panel, "stepButton")->isEnabled());
    EXPECT_FALSE(button(panel, "pauseButton")->isEnabled());

    button(panel, "resetButton")->click();
    EXPECT_FALSE(panel.runActive());
    EXPECT_TRUE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->isEnabled());
    EXPECT_FALSE(button(panel, "resetButton")->isEnabled());
    const core::Network fresh(smallConfig(1).architecture(64, 10), 3);
    ASSERT_TRUE(panel.currentNetwork());
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           panel.currentNetwork()->parameters().begin()));
    // Late reports of the reset run, given time to arrive, change nothing.
    const int networks = recorder.networks;
    QTest::qWait(100);
    EXPECT_EQ(recorder.networks, networks);
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           panel.currentNetwork()->parameters().begin()));
}

TEST_F(TrainingPanelTest, TrainsALoadedModelFurtherUnlessTheArchitectureChanges) {
    TrainingPanel panel;
    PanelRecorder recorder(panel);
    panel.setConfig(smallConfig(1));
    load(panel);
    core::Architecture architecture;
    architecture.sizes = {64, 20, 10};
    architecture.hidden = core::Activation::Sigmoid;
    const core::Model model{core::Network(architecture, 99), {{"dataset", "elsewhere"}}};
    panel.startFrom(model);
    EXPECT_EQ(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->text(),
              QStringLiteral("20"));
    EXPECT_EQ(panel.findChild<QComboBox*>(QStringLiteral("activationBox"))->currentText(),
              QStringLiteral("Sigmoid"));
    ASSERT_TRUE(panel.currentNetwork());
    EXPECT_TRUE(std::equal(model.network.parameters().begin(), model.network.parameters().end(),
                           panel.currentNetwork()->parameters().begin()));
    EXPECT_TRUE(button(panel, "resetButton")->isEnabled());

    panel.step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.runs.size() == 1; }, 20000));
    EXPECT_TRUE(recorder.runs.front().contains(QStringLiteral("trained further")));
    EXPECT_TRUE(recorder.runs.front().startsWith(QStringLiteral("64-20-10 sigmoid")));

    // A different architecture: fresh weights of the form's seed.
    panel.reset();
    panel.startFrom(model);
    panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->setText(QStringLiteral("30"));
    panel.step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.runs.size() == 2; }, 20000));
    EXPECT_FALSE(recorder.runs.back().contains(QStringLiteral("trained further")));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return panel.currentNetwork()->architecture().sizesString() == "64-30-10"; }, 20000));
}

TEST_F(TrainingPanelTest, SettingsRoundTrip) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    TrainingConfig config = smallConfig(7);
    config.activation = core::Activation::Tanh;
    config.loss = core::Loss::SquaredError;
    config.optimizer = core::OptimizerKind::Momentum;
    config.learningRate = 0.03;
    config.augment = true;
    config.padStrokes = false;  // not the default: restored only if saved
    {
        TrainingPanel panel;
        panel.setConfig(config);
        panel.saveSettings(settings);
    }
    TrainingPanel restored;
    EXPECT_NE(restored.config(), config);
    restored.restoreSettings(settings);
    EXPECT_EQ(restored.config(), config);
    EXPECT_EQ(restored.describeRun(),
              QStringLiteral("784-12-10 tanh mse, momentum lr 0.03, batch 8"));
}

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

// Pen data trains beside the dataset and the model records it; a file that cannot be read
// keeps the run from beginning, with a message naming the file.
TEST_F(TrainingPanelTest, TrainsWithPenDataBesideTheDataset) {
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

    TrainingPanel panel;
    PanelRecorder recorder(panel);
    TrainingConfig config = smallConfig(1);
    config.strokeData = {{pen, 0.25}};
    panel.setConfig(config);
    EXPECT_EQ(panel.config().strokeData, config.strokeData);
    panel.setDatasetFolder(dir.path());
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel.hasDataset(); }, 20000));
    button(panel, "trainButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel.workerState() == State::Finished; }, 30000));
    EXPECT_TRUE(recorder.errors.isEmpty()) << recorder.messages.join(' ').toStdString();
    EXPECT_EQ(panel.modelMetadata().at("strokes_data"), "pen.jsonl:0.25");

    button(panel, "resetButton")->click();
    config.strokeData = {{dir.filePath(QStringLiteral("missing.jsonl")), 0.2}};
    panel.setConfig(config);
    button(panel, "trainButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !recorder.errors.isEmpty(); }, 20000));
    EXPECT_TRUE(recorder.messages.front().contains(QStringLiteral("missing.jsonl")))
        << recorder.messages.front().toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !panel.runActive(); }, 20000));
}

// The list's buttons and share change the form's stroke data.
TEST_F(TrainingPanelTest, PenDataListAddsRemovesAndSetsShares) {
    TrainingPanel panel;
    panel.setConfig(smallConfig(1));  // no pen data
    auto* list = panel.findChild<StrokeDataList*>(QStringLiteral("strokeData"));
    ASSERT_NE(list, nullptr);
    int changes = 0;
    QObject::connect(list, &StrokeDataList::changed, [&] { ++changes; });
    list->add(QStringLiteral("/data/a.jsonl"));
    list->add(QStringLiteral("/data/b.jsonl.gz"));
    list->add(QStringLiteral("/data/a.jsonl"));  // listed already
    EXPECT_EQ(changes, 2);
    auto* share = panel.findChild<QDoubleSpinBox*>(QStringLiteral("strokeShareSpin"));
    ASSERT_NE(share, nullptr);
    share->setValue(0.35);  // the last added is selected
    EXPECT_EQ(panel.config().strokeData,
              (QList<StrokeData>{{"/data/a.jsonl", 0.2}, {"/data/b.jsonl.gz", 0.35}}));
    auto* rows = panel.findChild<QListWidget*>(QStringLiteral("strokeDataList"));
    ASSERT_NE(rows, nullptr);
    EXPECT_TRUE(rows->item(1)->text().contains(QStringLiteral("b.jsonl.gz · 35%")));
    rows->setCurrentRow(0);
    button(panel, "removeStrokeDataButton")->click();
    EXPECT_EQ(panel.config().strokeData, (QList<StrokeData>{{"/data/b.jsonl.gz", 0.35}}));
    EXPECT_EQ(changes, 4);
}

// The form starts with the bundled pen data (found beside the build tree here); a saved list,
// even an empty one, is kept.
TEST_F(TrainingPanelTest, PenDataDefaultsToTheBundledDigits) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    const QString bundled = DatasetLoader::findBundledPenData();
    ASSERT_TRUE(bundled.endsWith(QStringLiteral("resources/pendigits/pendigits-train.jsonl.gz")))
        << bundled.toStdString();
    const QList<StrokeData> expected{{bundled, StrokeData::kDefaultShare}};
    EXPECT_EQ(TrainingConfig{}.strokeData, expected);
    EXPECT_EQ(TrainingPanel().config().strokeData, expected);
    EXPECT_EQ(TrainingConfig::load(settings).strokeData, expected);
    TrainingConfig none;
    none.strokeData.clear();
    none.save(settings);
    EXPECT_TRUE(TrainingConfig::load(settings).strokeData.isEmpty());
    none.strokeData = {{QStringLiteral("/x|y/mine.jsonl"), 0.15}};
    none.save(settings);
    EXPECT_EQ(TrainingConfig::load(settings).strokeData, none.strokeData);
}

TEST_F(TrainingPanelTest, OptimiserChangeBringsItsDefaultRateUnlessOneWasChosen) {
    TrainingPanel panel;
    auto* optimizer = panel.findChild<QComboBox*>(QStringLiteral("optimizerBox"));
    ASSERT_NE(optimizer, nullptr);
    ASSERT_EQ(panel.config().optimizer, core::OptimizerKind::Adam);
    optimizer->setCurrentIndex(optimizer->findData(static_cast<int>(core::OptimizerKind::Sgd)));
    EXPECT_DOUBLE_EQ(panel.config().learningRate, defaultLearningRate(core::OptimizerKind::Sgd));
    TrainingConfig chosen = panel.config();
    chosen.learningRate = 0.123;
    panel.setConfig(chosen);
    optimizer->setCurrentIndex(optimizer->findData(static_cast<int>(core::OptimizerKind::Adam)));
    EXPECT_DOUBLE_EQ(panel.config().learningRate, 0.123);
}

TEST_F(TrainingPanelTest, ClosesWhileTraining) {
    auto panel = std::make_unique<TrainingPanel>();
    PanelRecorder recorder(*panel);
    panel->setConfig(smallConfig(1000));
    load(*panel);
    panel->train();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.losses > 0; }, 20000));
    panel.reset();  // stops the worker, quits and joins its thread
    SUCCEED();
}

}  // namespace
}  // namespace digitscope::ui
