#include "app/main_window.h"

#include <gtest/gtest.h>

#include "core/pen.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QMouseEvent>
#include <QProcess>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "app/settings.h"
#include "core/model_file.h"
#include "core/stroke_file.h"
#include "tests/ui/mouse_input.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/canvas/input_grid.h"
#include "ui/canvas/prediction_bars.h"
#include "ui/canvas/stroke_rasterizer.h"
#include "ui/training/loss_chart.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {
namespace {

using testing::drawStroke;
using testing::line;
using testing::Points;
using testing::sendMouse;

void writeIdx(const std::filesystem::path& path, const std::vector<std::uint32_t>& dims,
              const std::vector<std::uint8_t>& data) {
    std::ofstream file(path, std::ios::binary);
    const char magic[4] = {0, 0, 8, static_cast<char>(dims.size())};
    file.write(magic, 4);
    for (std::uint32_t d : dims) {
        const char bytes[4] = {static_cast<char>(d >> 24), static_cast<char>(d >> 16),
                               static_cast<char>(d >> 8), static_cast<char>(d)};
        file.write(bytes, 4);
    }
    file.write(reinterpret_cast<const char*>(data.data()),
               static_cast<std::streamsize>(data.size()));
}

// An MNIST-shaped folder whose test image i is a vertical bar in column 8 + 4 i, label i.
void writeDataset(const QString& folder) {
    const std::filesystem::path dir = folder.toStdString();
    const std::uint32_t count = 3;
    std::vector<std::uint8_t> pixels(count * 784, 0);
    std::vector<std::uint8_t> labels(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        labels[i] = static_cast<std::uint8_t>(i);
        for (int y = 4; y < 24; ++y) pixels[i * 784 + y * 28 + 8 + 4 * i] = 255;
    }
    for (const char* prefix : {"train", "t10k"}) {
        writeIdx(dir / (std::string(prefix) + "-images-idx3-ubyte"), {count, 28, 28}, pixels);
        writeIdx(dir / (std::string(prefix) + "-labels-idx1-ubyte"), {count}, labels);
    }
}

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath("settings.ini"));
        m_window = std::make_unique<MainWindow>(*m_settings);
        QObject::connect(m_window.get(), &MainWindow::errorShown, m_window.get(),
                         [this](const QString&, const QString& message) { m_errors << message; });
        m_window->resize(1280, 800);
        m_window->show();
    }
    void TearDown() override {
        // Dismiss the (non-blocking) message boxes errors opened.
        for (QMessageBox* box : m_window->findChildren<QMessageBox*>()) box->close();
        m_window.reset();
    }

    QAction* action(const QString& text) const {
        for (QAction* a : m_window->findChildren<QAction*>())
            if (a->text() == text) return a;
        return nullptr;
    }
    // Draws and lets the canvas announce it, as the next frame would.
    void draw(const Points& points) {
        drawStroke(m_window->canvas(), points);
        m_window->canvas()->flushPendingChange();
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_errors;
};

TEST_F(MainWindowTest, StartsWithTheBundledModelAndAHint) {
    const LoadedModel& model = m_window->model();
    ASSERT_TRUE(model.network);
    EXPECT_EQ(model.name, QStringLiteral("3b1b"));
    EXPECT_EQ(model.origin, LoadedModel::Origin::Bundled);
    EXPECT_EQ(model.network->architecture().sizes, (std::vector<int>{784, 16, 16, 10}));
    EXPECT_FALSE(m_window->predictionBars()->hasPrediction());
    auto* list = m_window->findChild<QComboBox*>(QStringLiteral("modelList"));
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->currentText(), QStringLiteral("3b1b"));
    EXPECT_TRUE(m_errors.isEmpty());
}

TEST_F(MainWindowTest, ADrawnOneIsReadAsOne) {
    draw(line({205, 70}, {195, 330}, 30));
    ui::PredictionBars* bars = m_window->predictionBars();
    ASSERT_TRUE(bars->hasPrediction());
    EXPECT_EQ(bars->predictedDigit(), 1);
    // The grid shows, and the network got, exactly the canvas's input.
    const Eigen::VectorXf input = core::networkInput(m_window->canvas()->drawing());
    EXPECT_TRUE(m_window->inputGrid()->input() == input);
    const Eigen::VectorXf expected = m_window->model().network->predict(input);
    ASSERT_EQ(m_window->trace().activations.size(), 4u);
    EXPECT_TRUE(m_window->trace().output().col(0).isApprox(expected, 1e-6f));
    EXPECT_TRUE(m_window->trace().activations[0].col(0) == input);
}

TEST_F(MainWindowTest, AScribbleDoesNotLookLikeADigit) {
    // Six loops drifting across the canvas, as a person scribbles.
    Points scribble;
    for (int i = 0; i <= 240; ++i) {
        const double t = i / 240.0, a = 6 * 2 * 3.14159265358979 * t;
        scribble.emplace_back(150 + 100 * t + 60 * std::cos(a), 170 + 60 * t + 45 * std::sin(a));
    }
    draw(scribble);
    ui::PredictionBars* bars = m_window->predictionBars();
    ASSERT_TRUE(bars->hasPrediction());  // the bars stay
    EXPECT_TRUE(bars->isUnsure());
    EXPECT_EQ(bars->verdict(), ui::PredictionBars::tr("Doesn't look like a digit"));

    m_window->canvas()->clear();
    m_window->canvas()->flushPendingChange();
    draw(line({205, 70}, {195, 330}, 30));
    EXPECT_FALSE(bars->isUnsure());
    EXPECT_TRUE(bars->verdict().startsWith(QStringLiteral("1 — ")))
        << bars->verdict().toStdString();
}

TEST_F(MainWindowTest, UndoAndClearActionsEditTheCanvasAndThePrediction) {
    QAction* undo = action(MainWindow::tr("&Undo stroke"));
    QAction* clear = action(MainWindow::tr("&Clear canvas"));
    ASSERT_TRUE(undo && clear);
    EXPECT_FALSE(undo->isEnabled());
    draw(line({205, 70}, {195, 330}, 30));
    draw(line({120, 330}, {290, 330}, 20));
    EXPECT_TRUE(undo->isEnabled());
    EXPECT_EQ(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    EXPECT_TRUE(clear->shortcuts().contains(QKeySequence(Qt::Key_Escape)));

    undo->trigger();
    m_window->canvas()->flushPendingChange();
    EXPECT_EQ(m_window->canvas()->drawing().strokes.size(), 1u);
    EXPECT_EQ(m_window->predictionBars()->predictedDigit(), 1);

    clear->trigger();
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->isEmpty());
    EXPECT_FALSE(m_window->predictionBars()->hasPrediction());
    EXPECT_EQ(m_window->inputGrid()->input().maxCoeff(), 0.0f);
    EXPECT_FALSE(undo->isEnabled());
}

TEST_F(MainWindowTest, ASavedModelPredictsInTheCliAsInTheWindow) {
    draw({{110, 80}, {290, 80}, {170, 330}});  // a "7"
    const QString model = path("saved.dsm");
    ASSERT_TRUE(m_window->saveModelTo(model));
    const core::Model reloaded = core::ModelFile::load(model.toStdString());
    EXPECT_TRUE(std::equal(reloaded.network.parameters().begin(),
                           reloaded.network.parameters().end(),
                           m_window->model().network->parameters().begin()));

    const QString strokes = path("drawing.jsonl");
    QFile file(strokes);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        QByteArray::fromStdString(core::StrokeFile::toJsonLine(m_window->canvas()->drawing())));
    file.close();

    QProcess cli;
    cli.start(QStringLiteral(DIGITSCOPE_CLI), {"predict", "--model", model, "--strokes", strokes});
    ASSERT_TRUE(cli.waitForFinished(30000));
    ASSERT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();
    const QJsonObject answer = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    EXPECT_EQ(answer.value("digit").toInt(-1), m_window->predictionBars()->predictedDigit());
    const QJsonArray probabilities = answer.value("probabilities").toArray();
    ASSERT_EQ(probabilities.size(), 10);
    const Eigen::VectorXf gui = m_window->trace().output().col(0);
    for (int i = 0; i < 10; ++i) EXPECT_NEAR(probabilities[i].toDouble(), gui(i), 2e-6) << i;
    EXPECT_EQ(m_settings->lastModelPath(), QFileInfo(model).absoluteFilePath());
}

TEST_F(MainWindowTest, ABadModelFileIsReportedAndTheModelKept) {
    const QString bad = path("bad.dsm");
    QFile file(bad);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("digitscope-model 1\narchitecture 784-16-16-10\nthis is not a model\n");
    file.close();
    draw(line({205, 70}, {195, 330}, 30));
    const Eigen::VectorXf before = m_window->trace().output().col(0);

    EXPECT_FALSE(m_window->openModel(bad));
    ASSERT_EQ(m_errors.size(), 1);
    EXPECT_TRUE(m_errors[0].contains(QStringLiteral("bad.dsm"))) << m_errors[0].toStdString();
    EXPECT_EQ(m_window->findChildren<QMessageBox*>().size(), 1);
    EXPECT_EQ(m_window->model().name, QStringLiteral("3b1b"));
    EXPECT_TRUE(m_window->trace().output().col(0) == before);

    // A valid file of the wrong shape is refused too.
    const QString wrong = path("wrong.dsm");
    core::Architecture architecture;
    architecture.sizes = {784, 8, 5};
    core::ModelFile::save(wrong.toStdString(), core::Network(architecture, 3), {});
    EXPECT_FALSE(m_window->openModel(wrong));
    EXPECT_EQ(m_errors.size(), 2);
    EXPECT_EQ(m_window->model().name, QStringLiteral("3b1b"));
    EXPECT_FALSE(m_window->selectBundledModel(QStringLiteral("no-such-model")));
    EXPECT_EQ(m_window->model().name, QStringLiteral("3b1b"));
}

TEST_F(MainWindowTest, OpensAModelFileAndSwitchesBetweenModels) {
    core::Architecture architecture;
    architecture.sizes = {784, 12, 10};
    const QString mine = path("mine.dsm");
    core::ModelFile::save(mine.toStdString(), core::Network(architecture, 11),
                          {{"dataset", "none"}});
    draw(line({205, 70}, {195, 330}, 30));

    ASSERT_TRUE(m_window->openModel(mine));
    EXPECT_EQ(m_window->model().origin, LoadedModel::Origin::File);
    EXPECT_EQ(m_window->model().name, QStringLiteral("mine.dsm"));
    EXPECT_EQ(m_window->trace().activations.size(), 3u);  // the new network ran on the drawing
    auto* list = m_window->findChild<QComboBox*>(QStringLiteral("modelList"));
    EXPECT_EQ(list->currentText(), MainWindow::tr("%1 (file)").arg("mine.dsm"));

    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("accurate")));
    EXPECT_EQ(m_window->model().name, QStringLiteral("accurate"));
    EXPECT_EQ(list->currentText(), QStringLiteral("accurate"));
    EXPECT_EQ(m_window->predictionBars()->predictedDigit(), 1);
}

TEST_F(MainWindowTest, ShowsATestDigitFromTheDatasetFolder) {
    QTemporaryDir empty;
    EXPECT_FALSE(m_window->openDataset(empty.path()));
    EXPECT_EQ(m_errors.size(), 1);
    const QString before = m_settings->datasetFolder();

    const QString folder = path("mnist");
    ASSERT_TRUE(QDir().mkpath(folder));
    writeDataset(folder);
    ASSERT_TRUE(m_window->openDataset(folder));
    EXPECT_EQ(m_settings->datasetFolder(), folder);
    EXPECT_NE(before, folder);

    ASSERT_TRUE(m_window->showTestDigit(2));
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->document().hasSample());
    const Eigen::VectorXf& shown = m_window->inputGrid()->input();
    EXPECT_EQ(shown(10 * 28 + 16), 1.0f);  // the bar of image 2 is in column 16
    EXPECT_EQ(shown(10 * 28 + 8), 0.0f);
    EXPECT_TRUE(m_window->predictionBars()->hasPrediction());
    EXPECT_TRUE(m_window->canvas()->document().sampleCaption().contains("labelled 2"));
    EXPECT_TRUE(m_window->showTestDigit());  // a random one
    EXPECT_EQ(m_errors.size(), 1);
}

TEST_F(MainWindowTest, FollowsTheNetworkBeingTrained) {
    auto* panel = m_window->findChild<ui::TrainingPanel*>();
    auto* chart = m_window->findChild<ui::LossChart*>();
    ASSERT_TRUE(panel && chart);
    draw(line({205, 70}, {195, 330}, 30));
    const Eigen::VectorXf before = m_window->trace().output().col(0);

    // A run starts and streams weights: the window switches to them and predicts with them.
    emit panel->runStarted(QStringLiteral("test run"));
    EXPECT_EQ(chart->runCount(), 1);
    core::Architecture architecture;
    architecture.sizes = {784, 16, 16, 10};
    auto trained = std::make_shared<const core::Network>(architecture, 99);
    emit panel->networkUpdated(trained);
    EXPECT_EQ(m_window->model().origin, LoadedModel::Origin::Training);
    EXPECT_EQ(m_window->model().network, trained);
    const Eigen::VectorXf input = m_window->canvas()->networkInput();
    EXPECT_TRUE(m_window->trace().output().col(0).isApprox(trained->predict(input), 1e-6f));
    EXPECT_FALSE(m_window->trace().output().col(0).isApprox(before, 1e-3f));

    emit panel->lossReported(0.5, 1.25);
    EXPECT_EQ(chart->run(0).raw.size(), 1);
    emit panel->statusMessage(QStringLiteral("epoch 1/5 · test 91.0%"));
    bool shown = false;
    for (QLabel* label : m_window->statusBar()->findChildren<QLabel*>())
        shown = shown || label->text() == QStringLiteral("epoch 1/5 · test 91.0%");
    EXPECT_TRUE(shown);

    // Choosing a bundled model stops following; later snapshots do not take over.
    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("3b1b")));
    emit panel->networkUpdated(std::make_shared<const core::Network>(architecture, 7));
    EXPECT_EQ(m_window->model().name, QStringLiteral("3b1b"));
    EXPECT_TRUE(m_window->trace().output().col(0).isApprox(before, 1e-6f));
}

TEST_F(MainWindowTest, RemembersPenWidthAndGeometry) {
    auto* slider = m_window->findChild<QSlider*>();
    ASSERT_NE(slider, nullptr);
    slider->setValue(27);
    EXPECT_EQ(m_window->canvas()->penWidth(), 27.0);
    EXPECT_EQ(m_settings->penWidth(), 27.0);
    auto* panel = m_window->findChild<ui::TrainingPanel*>();
    ui::TrainingConfig config = panel->config();
    config.hiddenLayers = QStringLiteral("24");
    config.epochs = 2;
    panel->setConfig(config);
    m_window->close();
    EXPECT_FALSE(m_settings->windowGeometry().isEmpty());
    EXPECT_EQ(m_settings->training(), config);  // the panel's form, kept for next time

    // A new window over the same settings starts with that pen.
    MainWindow again(*m_settings);
    EXPECT_EQ(again.canvas()->penWidth(), 27.0);
    EXPECT_EQ(again.findChild<ui::TrainingPanel*>()->config(), config);
}

}  // namespace
}  // namespace digitscope::app
