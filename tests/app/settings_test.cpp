#include "app/settings.h"

#include <gtest/gtest.h>

#include <QSettings>
#include <QTemporaryDir>

namespace digitscope::app {
namespace {

class SettingsTest : public ::testing::Test {
protected:
    QString file() const { return m_dir.filePath("settings.ini"); }
    QTemporaryDir m_dir;
};

TEST_F(SettingsTest, DefaultsWhenNothingIsStored) {
    Settings settings(file());
    EXPECT_EQ(settings.penWidth(), Settings::kDefaultPenWidth);
    EXPECT_TRUE(settings.animationEnabled());
    EXPECT_TRUE(settings.datasetFolder().isEmpty());
    EXPECT_TRUE(settings.windowGeometry().isEmpty());
    EXPECT_EQ(settings.training(), ui::TrainingConfig{});
}

TEST_F(SettingsTest, ValuesSurviveARestart) {
    {
        Settings settings(file());
        settings.setPenWidth(25.5);
        settings.setAnimationEnabled(false);
        settings.setDatasetFolder("/data/mnist");
        settings.setLastModelPath("/models/a.dsm");
        settings.setWindowGeometry(QByteArray("geometry"));
        ui::TrainingConfig training;
        training.optimizer = core::OptimizerKind::Sgd;
        training.hiddenLayers = "32";
        training.learningRate = 0.05;
        training.batchSize = 64;
        training.augment = false;
        settings.setTraining(training);
    }
    Settings settings(file());
    EXPECT_EQ(settings.penWidth(), 25.5);
    EXPECT_FALSE(settings.animationEnabled());
    EXPECT_EQ(settings.datasetFolder(), "/data/mnist");
    EXPECT_EQ(settings.lastModelPath(), "/models/a.dsm");
    EXPECT_EQ(settings.windowGeometry(), QByteArray("geometry"));
    EXPECT_EQ(settings.training().optimizer, core::OptimizerKind::Sgd);
    EXPECT_EQ(settings.training().hiddenLayers, "32");
    EXPECT_EQ(settings.training().learningRate, 0.05);
    EXPECT_EQ(settings.training().batchSize, 64);
    EXPECT_FALSE(settings.training().augment);
}

TEST_F(SettingsTest, SignalsOnlyRealChanges) {
    Settings settings(file());
    int pen = 0, folder = 0, training = 0, animation = 0;
    QObject::connect(&settings, &Settings::penWidthChanged, [&](double) { ++pen; });
    QObject::connect(&settings, &Settings::datasetFolderChanged, [&](const QString&) { ++folder; });
    QObject::connect(&settings, &Settings::trainingChanged,
                     [&](const ui::TrainingConfig&) { ++training; });
    QObject::connect(&settings, &Settings::animationEnabledChanged, [&](bool) { ++animation; });

    settings.setPenWidth(Settings::kDefaultPenWidth);  // the default: no change
    settings.setPenWidth(30);
    settings.setPenWidth(30);
    settings.setDatasetFolder("/a");
    settings.setDatasetFolder("/a");
    settings.setDatasetFolder("/b");
    settings.setTraining(ui::TrainingConfig{});
    ui::TrainingConfig changed;
    changed.epochs = 9;
    settings.setTraining(changed);
    settings.setTraining(changed);
    settings.setAnimationEnabled(true);
    settings.setAnimationEnabled(false);
    EXPECT_EQ(pen, 1);
    EXPECT_EQ(folder, 2);
    EXPECT_EQ(training, 1);
    EXPECT_EQ(animation, 1);
}

TEST_F(SettingsTest, NonsenseInTheFileFallsBackToDefaults) {
    {
        QSettings raw(file(), QSettings::IniFormat);
        raw.setValue("canvas/penWidth", "wide");
        raw.setValue("training/learningRate", -3);
        raw.setValue("training/batchSize", 0);
    }
    Settings settings(file());
    EXPECT_EQ(settings.penWidth(), Settings::kDefaultPenWidth);
    EXPECT_EQ(settings.training().learningRate, ui::TrainingConfig{}.learningRate);
    EXPECT_EQ(settings.training().batchSize, ui::TrainingConfig{}.batchSize);
}

}  // namespace
}  // namespace digitscope::app
