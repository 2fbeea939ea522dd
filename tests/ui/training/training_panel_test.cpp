#include "ui/training/training_panel.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest/QTest>
#include <memory>

#include "session/training/training_session.h"
#include "ui/synthetic_digits.h"
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

// What the session emits, recorded on the GUI thread.
struct PanelRecorder {
    int losses = 0;
    std::vector<int> epochs;
    QStringList runs;
    QStringList statuses;
    QStringList errors;
    QStringList messages;
    QString failedFolder;
    int networks = 0;

    explicit PanelRecorder(TrainingSession& session) {
        QObject::connect(&session, &TrainingSession::lossReported,
                         [this](double, double) { ++losses; });
        QObject::connect(&session, &TrainingSession::epochFinished,
                         [this](int epoch, double, double, double) { epochs.push_back(epoch); });
        QObject::connect(&session, &TrainingSession::runStarted,
                         [this](int, const QString& label) { runs << label; });
        QObject::connect(&session, &TrainingSession::statusMessage,
                         [this](const QString& text) { statuses << text; });
        QObject::connect(&session, &TrainingSession::errorOccurred,
                         [this](const QString& title, const QString&) { errors << title; });
        QObject::connect(&session, &TrainingSession::datasetError,
                         [this](const QString& folder, const QString&) { failedFolder = folder; });
        QObject::connect(&session, &TrainingSession::networkUpdated,
                         [this](int, std::shared_ptr<const core::Network>) { ++networks; });
    }
};

class TrainingPanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(testdata::writeIdxFolder(m_dir.path(), testdata::syntheticPair(400, 100)));
    }
    // Loads the synthetic folder into the session and waits for it.
    void load(TrainingSession& session) {
        session.setDatasetFolder(m_dir.path());
        ASSERT_TRUE(QTest::qWaitFor([&] { return session.hasDataset(); }, 20000));
    }
    QTemporaryDir m_dir;
};

TEST_F(TrainingPanelTest, WithoutADatasetTrainIsDisabledAndThePanelSaysWhatToDo) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    session.setDatasetFolder(QStringLiteral("/nonexistent/mnist"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !recorder.failedFolder.isEmpty(); }, 20000));
    EXPECT_EQ(recorder.failedFolder, QStringLiteral("/nonexistent/mnist"));
    EXPECT_EQ(recorder.errors.size(), 1);
    EXPECT_FALSE(session.hasDataset());
    EXPECT_FALSE(button(panel, "trainButton")->isEnabled());
    EXPECT_FALSE(button(panel, "stepButton")->isEnabled());
    auto* label = panel.findChild<QLabel*>(QStringLiteral("datasetLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QStringLiteral("scripts/fetch-mnist.sh")));
    EXPECT_TRUE(label->text().contains(QStringLiteral("data/mnist")));
}

TEST_F(TrainingPanelTest, AFolderThatFailsKeepsThePreviousDataset) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    load(session);
    const QString loaded = session.datasetFolder();
    session.setDatasetFolder(QStringLiteral("/nonexistent/fashion"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !recorder.failedFolder.isEmpty(); }, 20000));
    EXPECT_TRUE(session.hasDataset());
    EXPECT_EQ(session.datasetFolder(), loaded);
    EXPECT_TRUE(button(panel, "trainButton")->isEnabled());
    auto* label = panel.findChild<QLabel*>(QStringLiteral("datasetLabel"));
    ASSERT_NE(label, nullptr);
    EXPECT_TRUE(label->text().contains(QStringLiteral("400 training / 100 test")));
}

TEST_F(TrainingPanelTest, TrainsToTheEndAndDescribesTheRun) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    panel.setConfig(smallConfig(2));
    load(session);
    EXPECT_TRUE(session.datasetFolder().endsWith(QFileInfo(m_dir.path()).fileName()));
    ASSERT_TRUE(button(panel, "trainButton")->isEnabled());
    button(panel, "trainButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return session.workerState() == State::Finished; }, 30000));
    ASSERT_EQ(recorder.runs.size(), 1);
    EXPECT_EQ(recorder.runs.front(), QStringLiteral("64-12-10 relu, adam lr 0.01, batch 8"));
    EXPECT_EQ(session.describeRun(panel.config()), recorder.runs.front());
    EXPECT_EQ(recorder.epochs, (std::vector<int>{1, 2}));
    EXPECT_GT(recorder.losses, 0);
    EXPECT_GT(recorder.networks, 0);
    ASSERT_TRUE(session.currentNetwork());
    EXPECT_EQ(session.currentNetwork()->architecture().sizesString(), "64-12-10");
    EXPECT_TRUE(recorder.statuses.last().contains(QStringLiteral("epoch 2/2")));

    EXPECT_EQ(button(panel, "trainButton")->text(), QStringLiteral("Train more"));
    EXPECT_TRUE(button(panel, "trainButton")->isEnabled());
    EXPECT_FALSE(button(panel, "pauseButton")->isEnabled());
    EXPECT_TRUE(button(panel, "resetButton")->isEnabled());
    EXPECT_FALSE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->isEnabled());

    ASSERT_EQ(session.runs().size(), 1u);
    const TrainingRun& run = session.runs().front();
    EXPECT_TRUE(run.unsaved);
    EXPECT_EQ(run.network, session.currentNetwork());
    const auto metadata = run.metadata();
    EXPECT_EQ(metadata.at("optimizer"), "adam");
    EXPECT_EQ(metadata.at("epochs"), "2");
    EXPECT_EQ(metadata.at("batch"), "8");
    EXPECT_EQ(metadata.at("dataset"), QFileInfo(m_dir.path()).fileName().toStdString());
    const double accuracy = std::stod(metadata.at("test_accuracy"));
    EXPECT_GT(accuracy, 0.5);
    EXPECT_LE(accuracy, 1.0);
}

TEST_F(TrainingPanelTest, PauseStepAndResetDriveTheButtons) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    panel.setConfig(smallConfig(1000));
    load(session);
    panel.train();
    EXPECT_TRUE(button(panel, "pauseButton")->isEnabled());
    EXPECT_FALSE(button(panel, "stepButton")->isEnabled());
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.losses > 0; }, 20000));
    button(panel, "pauseButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return session.workerState() == State::Paused; }, 20000));
    EXPECT_EQ(button(panel, "trainButton")->text(), QStringLiteral("Resume"));
    EXPECT_TRUE(button(panel, "stepButton")->isEnabled());
    EXPECT_FALSE(button(panel, "pauseButton")->isEnabled());

    button(panel, "resetButton")->click();
    EXPECT_FALSE(session.runActive());
    EXPECT_TRUE(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->isEnabled());
    EXPECT_FALSE(button(panel, "resetButton")->isEnabled());
    const core::Network fresh(smallConfig(1).architecture(64, 10), 3);
    ASSERT_TRUE(session.currentNetwork());
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           session.currentNetwork()->parameters().begin()));
    // Late reports of the reset run, given time to arrive, change nothing.
    const int networks = recorder.networks;
    QTest::qWait(100);
    EXPECT_EQ(recorder.networks, networks);
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           session.currentNetwork()->parameters().begin()));
}

TEST_F(TrainingPanelTest, TrainsALoadedModelFurtherUnlessTheArchitectureChanges) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    panel.setConfig(smallConfig(1));
    load(session);
    core::Architecture architecture;
    architecture.sizes = {64, 20, 10};
    architecture.hidden = core::Activation::Sigmoid;
    const core::Model model{core::Network(architecture, 99), {{"dataset", "elsewhere"}}};
    session.startFrom(model, QStringLiteral("elsewhere"));
    EXPECT_EQ(panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->text(),
              QStringLiteral("20"));
    EXPECT_EQ(panel.findChild<QComboBox*>(QStringLiteral("activationBox"))->currentText(),
              QStringLiteral("Sigmoid"));
    ASSERT_TRUE(session.currentNetwork());
    EXPECT_TRUE(std::equal(model.network.parameters().begin(), model.network.parameters().end(),
                           session.currentNetwork()->parameters().begin()));
    EXPECT_TRUE(button(panel, "resetButton")->isEnabled());

    panel.step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.runs.size() == 1; }, 20000));
    EXPECT_TRUE(recorder.runs.front().contains(QStringLiteral("trained further")));
    EXPECT_TRUE(recorder.runs.front().startsWith(QStringLiteral("64-20-10 sigmoid")));

    // A different architecture: fresh weights of the form's seed.
    panel.reset();
    session.startFrom(model, QStringLiteral("elsewhere"));
    panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"))->setText(QStringLiteral("30"));
    panel.step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.runs.size() == 2; }, 20000));
    EXPECT_FALSE(recorder.runs.back().contains(QStringLiteral("trained further")));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return session.currentNetwork()->architecture().sizesString() == "64-30-10"; },
        20000));
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
    TrainingSession session;
    {
        TrainingPanel panel(session);
        panel.setConfig(config);
        panel.saveSettings(settings);
    }
    TrainingPanel restored(session);
    EXPECT_NE(restored.config(), config);
    restored.restoreSettings(settings);
    EXPECT_EQ(restored.config(), config);
    EXPECT_EQ(session.describeRun(restored.config()),
              QStringLiteral("784-12-10 tanh mse, momentum lr 0.03, batch 8"));
}

// The list's buttons and share change the form's stroke data.
TEST_F(TrainingPanelTest, PenDataListAddsRemovesAndSetsShares) {
    TrainingSession session;
    TrainingPanel panel(session);
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

TEST_F(TrainingPanelTest, OptimiserChangeBringsItsDefaultRateUnlessOneWasChosen) {
    TrainingSession session;
    TrainingPanel panel(session);
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
    auto session = std::make_unique<TrainingSession>();
    auto panel = std::make_unique<TrainingPanel>(*session);
    PanelRecorder recorder(*session);
    panel->setConfig(smallConfig(1000));
    load(*session);
    panel->train();
    ASSERT_TRUE(QTest::qWaitFor([&] { return recorder.losses > 0; }, 20000));
    panel.reset();
    session.reset();  // stops the worker, quits and joins its thread
    // Nothing of the stopped run arrives afterwards.
    const int losses = recorder.losses;
    QTest::qWait(50);
    EXPECT_EQ(recorder.losses, losses);
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// Learning rate 10 ended at chance level with every neuron dead, "finished"
// without a word.
TEST_F(TrainingPanelTest, ARunThatKillsItsNeuronsIsPausedAndThePanelSaysWhatToTry) {
    TrainingSession session;
    TrainingPanel panel(session);
    PanelRecorder recorder(session);
    TrainingConfig config = smallConfig(5);
    config.optimizer = core::OptimizerKind::Sgd;
    config.learningRate = 10;
    panel.setConfig(config);
    load(session);
    panel.train();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !recorder.epochs.empty() && session.workerState() != State::Running; },
        30000));
    EXPECT_EQ(session.workerState(), State::Paused);  // not all five epochs of nothing
    EXPECT_EQ(recorder.epochs, (std::vector<int>{1}));
    EXPECT_TRUE(recorder.errors.contains(QStringLiteral("Training is going wrong")));
    auto* trouble = panel.findChild<QLabel*>(QStringLiteral("trainingTroubleLabel"));
    ASSERT_NE(trouble, nullptr);
    EXPECT_FALSE(trouble->isHidden());
    EXPECT_TRUE(trouble->text().contains(QStringLiteral("Reset"))) << trouble->text().toStdString();
    ASSERT_EQ(session.runs().size(), 1u);
    EXPECT_EQ(session.runs().front().trouble, trouble->text());

    panel.reset();
    EXPECT_TRUE(trouble->isHidden());
}

TEST_F(TrainingPanelTest, ALearningRateAboveTheLimitIsNotSilentlyCut) {
    TrainingSession session;
    TrainingPanel panel(session);
    panel.show();
    auto* spin = panel.findChild<QDoubleSpinBox*>(QStringLiteral("learningRateSpin"));
    ASSERT_NE(spin, nullptr);
    auto* edit = spin->findChild<QLineEdit*>();
    ASSERT_NE(edit, nullptr);
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("100"));
    EXPECT_EQ(edit->text(), QStringLiteral("100"));  // the third key was refused before
    QTest::keyClick(edit, Qt::Key_Return);
    EXPECT_DOUBLE_EQ(spin->value(), 10.0);
    auto* note = panel.findChild<QLabel*>(QStringLiteral("learningRateNote"));
    ASSERT_NE(note, nullptr);
    EXPECT_FALSE(note->isHidden());
    EXPECT_TRUE(note->text().contains(QStringLiteral("at most 10"))) << note->text().toStdString();
    EXPECT_TRUE(note->text().contains(QStringLiteral("100")));
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// The field said only "invalid", and letters were silently refused.
TEST_F(TrainingPanelTest, TheHiddenLayersFieldSaysWhatIsWrongRightThere) {
    TrainingSession session;
    TrainingPanel panel(session);
    auto* edit = panel.findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"));
    auto* label = panel.findChild<QLabel*>(QStringLiteral("architectureLabel"));
    ASSERT_NE(edit, nullptr);
    ASSERT_NE(label, nullptr);
    const auto says = [&](const QString& typed, const QString& expected) {
        edit->clear();
        QTest::keyClicks(edit, typed);
        EXPECT_EQ(edit->text(), typed);  // nothing refused without a word
        EXPECT_TRUE(label->text().contains(expected))
            << typed.toStdString() << " -> " << label->text().toStdString();
        EXPECT_FALSE(button(panel, "trainButton")->isEnabled());
    };
    says(QStringLiteral("16a"), QStringLiteral("letters are not allowed"));
    says(QStringLiteral("5000"), QStringLiteral("1 to 4096 units"));
    says(QStringLiteral("1-1-1-1-1-1-1-1-1"), QStringLiteral("at most 8 hidden layers"));
    says(QStringLiteral("4096-4096-4096"), QStringLiteral("parameters: too many"));
    EXPECT_TRUE(label->text().contains(QStringLiteral("20,000,000")));
    edit->setText(QStringLiteral("16-16"));
    EXPECT_TRUE(label->text().contains(QStringLiteral("784-16-16-10")));
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// Step trained one batch and said nothing about it.
TEST_F(TrainingPanelTest, StepSaysWhatTheBatchDid) {
    TrainingSession session;
    TrainingPanel panel(session);
    panel.setConfig(smallConfig(1));
    load(session);
    auto* summary = panel.findChild<QLabel*>(QStringLiteral("stepSummaryLabel"));
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->isHidden());
    panel.step();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !summary->isHidden(); }, 20000));
    const QString text = summary->text();
    EXPECT_TRUE(text.contains(QStringLiteral("one batch of 8"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("loss")));
    EXPECT_TRUE(text.contains(QStringLiteral("weights moved")));
    EXPECT_FALSE(text.contains(QStringLiteral("moved 0 on average")));  // Adam moves them
    panel.reset();
    EXPECT_TRUE(summary->isHidden());
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// The CLI's schedule and weight decay, in the form too.
TEST_F(TrainingPanelTest, TheFormOffersScheduleAndWeightDecay) {
    TrainingSession session;
    TrainingPanel panel(session);
    TrainingConfig config = smallConfig(2);
    config.schedule = core::Schedule::Cosine;
    config.weightDecay = 0.0001;
    panel.setConfig(config);
    EXPECT_EQ(panel.config(), config);
    EXPECT_EQ(panel.findChild<QComboBox*>(QStringLiteral("scheduleBox"))->currentData().toInt(),
              static_cast<int>(core::Schedule::Cosine));
    const core::TrainerSettings settings = config.trainerSettings();
    EXPECT_EQ(settings.schedule.kind, core::Schedule::Cosine);
    EXPECT_FLOAT_EQ(settings.optimizer.weightDecay, 0.0001f);
    EXPECT_TRUE(config.describe(64).endsWith(QStringLiteral(", cosine, wd 0.0001")))
        << config.describe(64).toStdString();

    QTemporaryDir dir;
    QSettings stored(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    panel.saveSettings(stored);
    TrainingPanel other(session);
    other.restoreSettings(stored);
    EXPECT_EQ(other.config(), config);
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// The CLI's --augment-strength, --restroke and --train-limit in the form.
TEST_F(TrainingPanelTest, TheFormOffersAugmentStrengthRestrokeShareAndATrainingLimit) {
    TrainingSession session;
    TrainingPanel panel(session);
    TrainingConfig config = smallConfig(1);
    config.augment = true;
    config.augmentStrength = 1.5;
    config.padStrokes = true;
    config.padStrokeShare = 0.25;
    config.trainLimit = 120;
    panel.setConfig(config);
    EXPECT_EQ(panel.config(), config);
    auto* strength = panel.findChild<QDoubleSpinBox*>(QStringLiteral("augmentStrengthSpin"));
    auto* share = panel.findChild<QDoubleSpinBox*>(QStringLiteral("padStrokeShareSpin"));
    auto* limit = panel.findChild<QSpinBox*>(QStringLiteral("trainLimitSpin"));
    ASSERT_TRUE(strength && share && limit);
    EXPECT_DOUBLE_EQ(strength->value(), 1.5);
    EXPECT_DOUBLE_EQ(share->value(), 0.25);
    EXPECT_EQ(limit->value(), 120);
    const core::TrainerSettings settings = config.trainerSettings();
    EXPECT_FLOAT_EQ(settings.augmentStrength, 1.5f);
    EXPECT_FLOAT_EQ(settings.restrokeShare, 0.25f);
    EXPECT_TRUE(config.describe(64).endsWith(QStringLiteral(", first 120")))
        << config.describe(64).toStdString();

    // A strength or share means nothing without its option: its field is off with it.
    panel.findChild<QCheckBox*>(QStringLiteral("augmentBox"))->setChecked(false);
    EXPECT_FALSE(strength->isEnabled());
    panel.findChild<QCheckBox*>(QStringLiteral("padStrokesBox"))->setChecked(false);
    EXPECT_FALSE(share->isEnabled());
    EXPECT_FLOAT_EQ(panel.config().trainerSettings().restrokeShare, 0.0f);

    QTemporaryDir dir;
    QSettings stored(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    panel.setConfig(config);
    panel.saveSettings(stored);
    TrainingPanel other(session);
    other.restoreSettings(stored);
    EXPECT_EQ(other.config(), config);
}

TEST_F(TrainingPanelTest, ATrainingLimitTrainsOnTheFirstSamplesOnly) {
    TrainingSession session;
    TrainingPanel panel(session);
    TrainingConfig config = smallConfig(1);
    config.trainLimit = 48;  // of 400
    panel.setConfig(config);
    load(session);
    button(panel, "trainButton")->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return session.workerState() == State::Finished; }, 30000));
    ASSERT_EQ(session.runs().size(), 1u);
    EXPECT_EQ(session.runs().front().trainSamples, 48);
    EXPECT_EQ(session.runs().front().metadata().at("train_samples"), "48");
    EXPECT_EQ(session.dataset()->train.count, 400);  // the loaded dataset stays whole
}

// The user's My digits can be trained on from the pen-data list.
TEST_F(TrainingPanelTest, MyDigitsCanBeChosenAsPenData) {
    TrainingSession session;
    TrainingPanel panel(session);
    panel.setConfig(smallConfig(1));
    auto* list = panel.findChild<StrokeDataList*>(QStringLiteral("strokeData"));
    ASSERT_NE(list, nullptr);
    auto* box = list->findChild<QAction*>(QStringLiteral("myDigitsDataAction"));
    ASSERT_NE(box, nullptr);
    auto* add = list->findChild<QPushButton*>(QStringLiteral("addStrokeDataButton"));
    ASSERT_NE(add, nullptr);
    EXPECT_EQ(add->menu(), nullptr);  // until the window says where My digits are: a file

    const QString mine = QStringLiteral("/home/u/.local/share/digitscope/my-digits.jsonl");
    panel.setMyDigits(mine, 0);
    ASSERT_NE(add->menu(), nullptr);
    EXPECT_TRUE(add->menu()->actions().contains(box));
    EXPECT_FALSE(box->isEnabled());  // nothing to train on yet
    panel.setMyDigits(mine, 12);
    EXPECT_TRUE(box->isEnabled());
    EXPECT_EQ(box->text(), QStringLiteral("My digits (12 drawings)"));
    int changes = 0;
    QObject::connect(list, &StrokeDataList::changed, [&] { ++changes; });
    box->setChecked(true);
    EXPECT_EQ(changes, 1);
    ASSERT_EQ(panel.config().strokeData.size(), 1);
    EXPECT_EQ(panel.config().strokeData.front().path, mine);
    auto* items = list->findChild<QListWidget*>(QStringLiteral("strokeDataList"));
    ASSERT_NE(items, nullptr);
    EXPECT_TRUE(items->item(0)->text().startsWith(QStringLiteral("My digits · 20%")))
        << items->item(0)->text().toStdString();

    // A form restored with My digits in it shows the box ticked; unticking removes them.
    TrainingConfig config = panel.config();
    panel.setConfig(smallConfig(1));
    EXPECT_FALSE(box->isChecked());
    panel.setConfig(config);
    EXPECT_TRUE(box->isChecked());
    box->setChecked(false);
    EXPECT_TRUE(panel.config().strokeData.isEmpty());
}

}  // namespace
}  // namespace digitscope::ui
