// The training panel's Copy experiment and Paste experiment, through the window (the pasted
// line is read by the CLI's own parser).
#include <gtest/gtest.h>

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <memory>

#include "app/main_window.h"
#include "app/settings.h"
#include "app/user_questions.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {
namespace {

class DiscardAll : public UserQuestions {
public:
    UnsavedChoice unsavedChanges(QWidget*, const QString&) override {
        return UnsavedChoice::Discard;
    }
};

class ExperimentTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath("settings.ini"));
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->setQuestions(std::make_unique<DiscardAll>());
        QObject::connect(m_window.get(), &MainWindow::errorShown, m_window.get(),
                         [this](const QString&, const QString& message) { m_errors << message; });
    }
    ui::TrainingPanel* panel() const { return m_window->trainingPanel(); }
    void click(const char* name) const {
        auto* button = panel()->findChild<QPushButton*>(QString::fromLatin1(name));
        ASSERT_NE(button, nullptr) << name;
        button->click();
    }
    QString status() const {
        return panel()->findChild<QLabel*>(QStringLiteral("trainingStatusLabel"))->text();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_errors;
};

// Every field survives Copy experiment and Paste experiment, paths with spaces included.
TEST_F(ExperimentTest, CopyThenPasteGivesBackEveryField) {
    ui::TrainingConfig config;
    config.hiddenLayers = QStringLiteral("24-12");
    config.activation = core::Activation::Tanh;
    config.loss = core::Loss::SquaredError;
    config.optimizer = core::OptimizerKind::Momentum;
    config.learningRate = 0.05;
    config.schedule = core::Schedule::Step;
    config.weightDecay = 0.001;
    config.batchSize = 16;
    config.epochs = 3;
    config.seed = 9;
    config.augment = true;
    config.augmentStrength = 0.5;
    config.padStrokes = true;
    config.padStrokeShare = 0.3;
    config.trainLimit = 500;
    config.strokeData = {{m_dir.filePath("my pen digits.jsonl"), 0.15}};
    panel()->setConfig(config);
    click("copyExperimentButton");
    const QString line = QGuiApplication::clipboard()->text();
    EXPECT_TRUE(line.startsWith(QStringLiteral("digitscope-cli train --data ")))
        << line.toStdString();
    for (const char* option :
         {"--arch 784-24-12-10", "--activation tanh", "--loss mse", "--optimizer momentum",
          "--lr 0.05", "--schedule step", "--weight-decay 0.001", "--batch 16", "--epochs 3",
          "--seed 9", "--augment-strength 0.5", "--restroke 0.3", "--train-limit 500"})
        EXPECT_TRUE(line.contains(QLatin1String(option))) << option << " in " << line.toStdString();
    EXPECT_TRUE(line.contains(QStringLiteral("'") + m_dir.filePath("my pen digits.jsonl") +
                              QStringLiteral(":0.15'")))
        << line.toStdString();

    panel()->setConfig(ui::TrainingConfig{});
    ASSERT_FALSE(panel()->config() == config);
    click("pasteExperimentButton");
    EXPECT_TRUE(m_errors.isEmpty()) << m_errors.join(' ').toStdString();
    EXPECT_TRUE(panel()->config() == config) << panel()->experimentLine().toStdString();
    EXPECT_TRUE(status().startsWith(QStringLiteral("Pasted"))) << status().toStdString();

    // Without augmentation or pad strokes.
    config.augment = false;
    config.padStrokes = false;
    config.strokeData.clear();
    panel()->setConfig(config);
    click("copyExperimentButton");
    EXPECT_TRUE(QGuiApplication::clipboard()->text().contains(QStringLiteral("--no-augment")));
    panel()->setConfig(ui::TrainingConfig{});
    click("pasteExperimentButton");
    ui::TrainingConfig pasted = panel()->config();
    EXPECT_FALSE(pasted.augment);
    EXPECT_FALSE(pasted.padStrokes);
    EXPECT_TRUE(pasted.strokeData.isEmpty());
}

// What is not a train line is refused with the reason, and the form stays as it was.
TEST_F(ExperimentTest, PastingSomethingElseSaysWhyAndKeepsTheForm) {
    const ui::TrainingConfig before = panel()->config();
    QGuiApplication::clipboard()->setText(QStringLiteral("a shopping list"));
    click("pasteExperimentButton");
    ASSERT_EQ(m_errors.size(), 1);
    EXPECT_TRUE(m_errors.front().contains(QStringLiteral("train")))
        << m_errors.front().toStdString();
    QGuiApplication::clipboard()->setText(QStringLiteral("digitscope-cli train --data d --lr -3"));
    click("pasteExperimentButton");
    ASSERT_EQ(m_errors.size(), 2);
    EXPECT_TRUE(m_errors.back().contains(QStringLiteral("--lr"))) << m_errors.back().toStdString();
    EXPECT_TRUE(panel()->config() == before);

    // A line the CLI can run but the panel cannot hold: said in the panel.
    QGuiApplication::clipboard()->setText(
        QStringLiteral("digitscope-cli train --data d --arch 784-16-5"));
    click("pasteExperimentButton");
    EXPECT_EQ(m_errors.size(), 3);  // the CLI refuses 5 outputs too
    QGuiApplication::clipboard()->setText(QStringLiteral(
        "digitscope-cli train --data d --strokes-data pen.jsonl --strokes-augment 2"));
    click("pasteExperimentButton");
    EXPECT_EQ(m_errors.size(), 3);
    EXPECT_TRUE(status().contains(QStringLiteral("strokes-augment"))) << status().toStdString();
    EXPECT_TRUE(panel()->config() == before);
    QGuiApplication::clipboard()->setText(
        QStringLiteral("digitscope-cli train --data d --random-labels"));
    click("pasteExperimentButton");
    EXPECT_EQ(m_errors.size(), 3);
    EXPECT_TRUE(status().contains(QStringLiteral("random-labels"))) << status().toStdString();
    EXPECT_TRUE(panel()->config() == before);
}

}  // namespace
}  // namespace digitscope::app
