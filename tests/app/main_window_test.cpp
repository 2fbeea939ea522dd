#include "app/main_window.h"

#include <gtest/gtest.h>

#include "common/idx_files.h"
#include "core/input/pen.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMouseEvent>
#include <QProcess>
#include <QPushButton>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QWidgetAction>
#include <QtTest/QTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "app/settings.h"
#include "app/user_questions.h"
#include "core/data/stroke_file.h"
#include "core/io/model_file.h"
#include "session/canvas/stroke_rasterizer.h"
#include "session/training/training_session.h"
#include "tests/ui/mouse_input.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/canvas/input_grid.h"
#include "ui/canvas/prediction_bars.h"
#include "ui/network/network_view.h"
#include "ui/training/loss_chart.h"
#include "ui/training/training_panel.h"

namespace digitscope::app {
namespace {

using testing::drawStroke;
using testing::line;
using testing::Points;
using testing::sendMouse;

using testing_support::writeIdx;

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

// Answers the window's questions from a script and records what was asked.
class ScriptedQuestions : public UserQuestions {
public:
    QStringList savePaths;  // answers to saveFileName, in order ("" cancels)
    std::vector<UnsavedChoice> unsavedAnswers;
    QStringList suggested;     // what saveFileName suggested
    QStringList unsavedAsked;  // the models unsavedChanges named

    QString openFileName(QWidget*, const QString&, const QString&, const QString&) override {
        return {};
    }
    QString saveFileName(QWidget*, const QString&, const QString& start, const QString&) override {
        suggested << start;
        return savePaths.isEmpty() ? QString() : savePaths.takeFirst();
    }
    QString folder(QWidget*, const QString&, const QString&) override { return {}; }
    UnsavedChoice unsavedChanges(QWidget*, const QString& what) override {
        unsavedAsked << what;
        if (unsavedAnswers.empty()) return UnsavedChoice::Cancel;
        const UnsavedChoice answer = unsavedAnswers.front();
        unsavedAnswers.erase(unsavedAnswers.begin());
        return answer;
    }
};

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath("settings.ini"));
        m_window = std::make_unique<MainWindow>(*m_settings);
        auto questions = std::make_unique<ScriptedQuestions>();
        m_questions = questions.get();
        m_window->setQuestions(std::move(questions));
        QObject::connect(m_window.get(), &MainWindow::errorShown, m_window.get(),
                         [this](const QString&, const QString& message) { m_errors << message; });
        m_window->resize(1280, 800);
        m_window->show();
    }
    void TearDown() override {
        // Dismiss the (non-blocking) message boxes errors opened.
        for (QMessageBox* box : m_window->findChildren<QMessageBox*>()) box->close();
        m_questions->unsavedAnswers.assign(20, UserQuestions::UnsavedChoice::Discard);
        m_window.reset();
    }
    // Opens a small MNIST-shaped dataset and sets a tiny, fast network in the form.
    void prepareTraining(int epochs = 1) {
        const QString folder = path("mnist");
        ASSERT_TRUE(QDir().mkpath(folder));
        writeDataset(folder);
        ASSERT_TRUE(m_window->openDataset(folder));
        ASSERT_TRUE(QTest::qWaitFor([&] { return session().hasDataset(); }, 20000));
        ui::TrainingConfig config = panel()->config();
        config.hiddenLayers = QStringLiteral("12");
        config.batchSize = 8;
        config.epochs = epochs;
        config.learningRate = 0.01;
        config.augment = false;
        config.padStrokes = false;
        panel()->setConfig(config);
    }
    void waitUntilFinished() {
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return session().workerState() == ui::TrainingWorker::State::Finished; }, 30000));
        QTest::qWait(50);  // the last snapshot
    }
    ui::TrainingPanel* panel() const { return m_window->trainingPanel(); }
    ui::TrainingSession& session() const { return m_window->trainingSession(); }
    QStringList listedModels() const {
        auto* list = m_window->findChild<QComboBox*>(QStringLiteral("modelList"));
        QStringList items;
        for (int i = 0; i < list->count(); ++i) items << list->itemText(i);
        return items;
    }
    static QByteArray contents(const QString& file) {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
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
    ScriptedQuestions* m_questions = nullptr;
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
    QAction* undo = action(MainWindow::tr("&Undo"));
    QAction* clear = action(MainWindow::tr("&Clear canvas"));
    ASSERT_TRUE(undo && clear);
    EXPECT_FALSE(undo->isEnabled());
    draw(line({205, 70}, {195, 330}, 30));
    draw(line({120, 330}, {290, 330}, 20));
    EXPECT_TRUE(undo->isEnabled());
    EXPECT_EQ(undo->shortcut(), QKeySequence(QKeySequence::Undo));
    EXPECT_FALSE(clear->shortcuts().contains(QKeySequence(Qt::Key_Escape)));  // the canvas's

    undo->trigger();
    m_window->canvas()->flushPendingChange();
    EXPECT_EQ(m_window->canvas()->drawing().strokes.size(), 1u);
    EXPECT_EQ(m_window->predictionBars()->predictedDigit(), 1);

    clear->trigger();
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->isEmpty());
    EXPECT_FALSE(m_window->predictionBars()->hasPrediction());
    EXPECT_EQ(m_window->inputGrid()->input().maxCoeff(), 0.0f);
    EXPECT_TRUE(undo->isEnabled());  // the clear can be undone
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

// Save writes only the file the shown model came from.
TEST_F(MainWindowTest, SaveWritesOnlyTheFileTheShownModelCameFrom) {
    core::Architecture architecture;
    architecture.sizes = {784, 16, 16, 10};
    const QString m2 = path("m2.dsm");
    core::ModelFile::save(m2.toStdString(), core::Network(architecture, 5), {});
    ASSERT_TRUE(m_window->openModel(m2));
    QAction* save = action(MainWindow::tr("&Save model"));
    ASSERT_NE(save, nullptr);
    save->trigger();  // its own file: written without a question
    EXPECT_TRUE(m_questions->suggested.isEmpty());
    const QByteArray before = contents(m2);
    ASSERT_FALSE(before.isEmpty());

    // Another model shown: Save asks for a file (cancelled here) and m2.dsm is untouched.
    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("accurate")));
    save->trigger();
    ASSERT_EQ(m_questions->suggested.size(), 1);
    EXPECT_TRUE(m_questions->suggested[0].endsWith(QStringLiteral("accurate.dsm")));
    EXPECT_EQ(contents(m2), before);

    // Saved as another file, Save then writes that file, still not m2.dsm.
    const QString other = path("other.dsm");
    m_questions->savePaths << other;
    save->trigger();
    EXPECT_EQ(core::ModelFile::load(other.toStdString()).network.architecture().sizesString(),
              "784-256-128-10");
    save->trigger();
    EXPECT_EQ(m_questions->suggested.size(), 2);
    EXPECT_EQ(contents(m2), before);
    // Back to m2: Save writes it again without asking.
    ASSERT_TRUE(m_window->openModel(m2));
    save->trigger();
    EXPECT_EQ(m_questions->suggested.size(), 2);
    EXPECT_EQ(core::ModelFile::load(m2.toStdString()).network.architecture().sizesString(),
              "784-16-16-10");
}

// Esc in a field being typed in leaves the drawing alone; on any other control (the Model list
// after a choice) it clears the canvas, as on the canvas itself; Clear can be undone.
TEST_F(MainWindowTest, EscClearsExceptWhereTypedAndClearIsUndoable) {
    m_window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(m_window.get()));
    draw(line({205, 70}, {195, 330}, 30));
    auto* hidden = panel()->findChild<QLineEdit*>(QStringLiteral("hiddenLayersEdit"));
    ASSERT_NE(hidden, nullptr);
    hidden->setFocus();
    QTest::keyClick(hidden, Qt::Key_Escape);
    m_window->canvas()->flushPendingChange();
    EXPECT_FALSE(m_window->canvas()->isEmpty());
    EXPECT_TRUE(m_window->predictionBars()->hasPrediction());
    auto* list = m_window->findChild<QComboBox*>(QStringLiteral("modelList"));
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Escape);
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->isEmpty());
    m_window->canvas()->undo();
    m_window->canvas()->flushPendingChange();
    EXPECT_FALSE(m_window->canvas()->isEmpty());

    m_window->canvas()->setFocus();
    QTest::keyClick(m_window->canvas(), Qt::Key_Escape);
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->isEmpty());
    EXPECT_FALSE(m_window->predictionBars()->hasPrediction());
    QTest::keyClick(m_window->canvas(), Qt::Key_Z, Qt::ControlModifier);
    m_window->canvas()->flushPendingChange();
    ASSERT_EQ(m_window->canvas()->drawing().strokes.size(), 1u);
    EXPECT_EQ(m_window->predictionBars()->predictedDigit(), 1);
}

// What is trained is shown, and every run stays in the Model list.
TEST_F(MainWindowTest, TrainingShowsTheTrainedModelAndKeepsEveryRun) {
    prepareTraining();
    auto* chart = m_window->findChild<ui::LossChart*>();
    ASSERT_NE(chart, nullptr);
    draw(line({205, 70}, {195, 330}, 30));
    panel()->train();
    EXPECT_EQ(m_window->model().origin, LoadedModel::Origin::Training);
    waitUntilFinished();
    const int first = m_window->model().runId;
    ASSERT_NE(first, 0);
    EXPECT_EQ(m_window->model().network, session().currentNetwork());
    EXPECT_EQ(chart->runCount(), 1);
    const Eigen::VectorXf input = m_window->canvas()->networkInput();
    EXPECT_TRUE(m_window->trace().output().col(0).isApprox(
        session().currentNetwork()->predict(input), 1e-6f));
    EXPECT_TRUE(listedModels().filter(QStringLiteral("Run %1:").arg(first)).size() == 1);

    // Another model shown: the panel says it trains the run, not the shown model...
    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("accurate")));
    auto* trainShown = panel()->findChild<QPushButton*>(QStringLiteral("trainShownButton"));
    ASSERT_NE(trainShown, nullptr);
    EXPECT_TRUE(trainShown->isVisibleTo(panel()));
    // ...and Train more shows the run again, trains it, and nothing else.
    panel()->train();
    EXPECT_EQ(m_window->model().runId, first);
    waitUntilFinished();
    EXPECT_EQ(m_window->model().network, session().currentNetwork());
    EXPECT_EQ(m_window->model().network->architecture().sizesString(), "784-12-10");
    EXPECT_FALSE(trainShown->isVisibleTo(panel()));

    // Reset: the run stays in the list with its weights; fresh weights are shown.
    const auto trained = m_window->model().network;
    panel()->reset();
    EXPECT_NE(m_window->model().network, trained);
    ASSERT_NE(session().run(first), nullptr);
    EXPECT_EQ(session().run(first)->network, trained);
    EXPECT_FALSE(listedModels().filter(QStringLiteral("Run %1:").arg(first)).isEmpty());
    // A second run, then the first one brought back from the list.
    panel()->train();
    waitUntilFinished();
    EXPECT_NE(m_window->model().runId, first);
    EXPECT_EQ(session().runs().size(), 2u);
    ASSERT_TRUE(m_window->selectRun(first));
    EXPECT_EQ(m_window->model().network, trained);
}

// A trained model is never lost without a question.
TEST_F(MainWindowTest, QuitAndRemoveAskAboutUnsavedRuns) {
    prepareTraining();
    panel()->train();
    waitUntilFinished();
    const int run = m_window->model().runId;
    ASSERT_TRUE(session().run(run)->unsaved);

    m_questions->unsavedAnswers = {UserQuestions::UnsavedChoice::Cancel};
    EXPECT_FALSE(m_window->close());
    EXPECT_TRUE(m_window->isVisible());
    EXPECT_EQ(m_questions->unsavedAsked.size(), 1);
    m_questions->unsavedAnswers = {UserQuestions::UnsavedChoice::Cancel};
    EXPECT_FALSE(m_window->removeShownRun());
    EXPECT_NE(session().run(run), nullptr);

    // Saved, nothing is asked; the suggested name keeps the rate's dot.
    const QString file = path("run.dsm");
    m_questions->savePaths << file;
    ASSERT_TRUE(m_window->saveModel());
    EXPECT_TRUE(m_questions->suggested.last().endsWith(
        QStringLiteral("784-12-10 relu adam lr 0.01 batch 8.dsm")))
        << m_questions->suggested.last().toStdString();
    EXPECT_FALSE(session().run(run)->unsaved);
    const int asked = static_cast<int>(m_questions->unsavedAsked.size());
    EXPECT_TRUE(m_window->confirmUnsavedRuns());
    EXPECT_EQ(m_questions->unsavedAsked.size(), asked);
    EXPECT_TRUE(m_window->removeShownRun());
    EXPECT_EQ(session().run(run), nullptr);
    EXPECT_EQ(m_window->model().name, QStringLiteral("3b1b"));
}

// Training a model further keeps the remembered form and lowers the rate;
// the status bar describes the shown model.
TEST_F(MainWindowTest, TrainFurtherKeepsTheRememberedFormAndLowersTheRate) {
    ui::TrainingConfig mine = panel()->config();
    mine.hiddenLayers = QStringLiteral("24");
    mine.epochs = 3;
    panel()->setConfig(mine);
    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("accurate")));
    QAction* further = action(MainWindow::tr("&Train this model further"));
    ASSERT_NE(further, nullptr);
    further->trigger();
    EXPECT_EQ(panel()->config().hiddenLayers, QStringLiteral("256-128"));
    EXPECT_DOUBLE_EQ(panel()->config().learningRate, 0.0002);  // a tenth of its 0.002
    EXPECT_EQ(panel()->config().epochs, 3);
    EXPECT_EQ(panel()->rememberedConfig(), mine);
    m_window->close();
    EXPECT_EQ(m_settings->training(), mine);
}

TEST_F(MainWindowTest, StatusBarDescribesTheShownModel) {
    prepareTraining(1000);
    panel()->train();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return session().runs().front().batchesTrained > 0; }, 20000));
    const auto statusTexts = [&] {
        QStringList texts;
        for (QLabel* label : m_window->statusBar()->findChildren<QLabel*>()) texts << label->text();
        return texts.join('|');
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return statusTexts().contains("epoch"); }, 20000));
    EXPECT_TRUE(statusTexts().contains(QStringLiteral("Model: Run 1:")));
    ASSERT_TRUE(m_window->selectBundledModel(QStringLiteral("3b1b")));
    QTest::qWait(100);  // progress reports keep arriving
    EXPECT_TRUE(statusTexts().contains(QStringLiteral("Model: 3b1b")));
    EXPECT_FALSE(statusTexts().contains(QStringLiteral("epoch"))) << statusTexts().toStdString();
    EXPECT_TRUE(statusTexts().contains(QStringLiteral("not shown")));
    session().pause();
}

TEST_F(MainWindowTest, RemembersPenWidthAndGeometry) {
    auto* slider =
        m_window->findChild<QSlider*>(QStringLiteral("penSlider"));  // not the timeline's
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

namespace digitscope::app {
namespace {

// A blank canvas asks nothing, so the network view marks no output as its
// answer; the Network input says the strokes are redrawn with the standard pen, and indeed the
// pen slider changes the canvas only.
TEST_F(MainWindowTest, ABlankCanvasHasNoAnswerAndThePenSliderChangesOnlyTheCanvas) {
    auto* view = m_window->findChild<ui::NetworkView*>();
    ASSERT_NE(view, nullptr);
    EXPECT_FALSE(view->verdictShown());
    auto* note = m_window->findChild<QLabel*>(QStringLiteral("inputNote"));
    ASSERT_NE(note, nullptr);
    EXPECT_TRUE(note->text().contains(QStringLiteral("standard pen")))
        << note->text().toStdString();

    draw(line({205, 70}, {195, 330}, 30));
    EXPECT_TRUE(view->verdictShown());
    const Eigen::VectorXf input = m_window->inputGrid()->input();
    const QImage thin = m_window->canvas()->document().image().copy();
    auto* slider = m_window->findChild<QSlider*>(QStringLiteral("penSlider"));
    ASSERT_NE(slider, nullptr);
    slider->setValue(slider->value() == 28 ? 10 : 28);
    m_window->canvas()->flushPendingChange();
    EXPECT_NE(m_window->canvas()->document().image(), thin);  // the canvas shows the new pen
    EXPECT_TRUE(m_window->inputGrid()->input() == input);     // the network reads the same

    m_window->canvas()->clear();
    m_window->canvas()->flushPendingChange();
    EXPECT_FALSE(view->verdictShown());
}

}  // namespace
}  // namespace digitscope::app

namespace digitscope::app {
namespace {

// One toolbar that follows the menus: the model's file actions, the view,
// then a toggle for every panel (the Explain and My digits panels had none), each a short
// word whose tooltip says what it does.
TEST_F(MainWindowTest, TheToolbarOffersTheFileActionsAndEveryPanel) {
    auto* bar = m_window->findChild<QToolBar*>(QStringLiteral("modelToolBar"));
    ASSERT_NE(bar, nullptr);
    QStringList words;
    for (QAction* action : bar->actions()) {
        if (action->isSeparator() || qobject_cast<QWidgetAction*>(action)) continue;
        words << action->iconText();
        EXPECT_FALSE(action->toolTip().isEmpty()) << action->iconText().toStdString();
        EXPECT_NE(action->toolTip(), action->iconText()) << action->iconText().toStdString();
    }
    EXPECT_EQ(words, (QStringList{"Open…", "Save", "Save as…", "Animate", "Training", "Explain",
                                  "My digits"}));
    // The menus keep their full names.
    ASSERT_NE(action(MainWindow::tr("&Open model…")), nullptr);
    ASSERT_NE(action(MainWindow::tr("Save model &as…")), nullptr);
}

// Step shows what it did in the network view too: the edges the batch changed most glow and fade.
TEST_F(MainWindowTest, AStepLightsTheEdgesItChanged) {
    ASSERT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));  // the view paints, so it renders
    prepareTraining();
    draw(line({205, 70}, {195, 330}, 30));
    auto* view = m_window->findChild<ui::NetworkView*>();
    ASSERT_NE(view, nullptr);
    QStringList summaries;
    QObject::connect(&session(), &ui::TrainingSession::stepDone,
                     [&](const QString& summary) { summaries << summary; });
    panel()->step();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return summaries.size() == 1 && m_window->model().network == session().currentNetwork();
        },
        20000));
    // The first step showed another architecture than the bundled model's: nothing to compare
    // with. Painted once, the view holds this network's edges.
    view->grab();
    ASSERT_EQ(view->glowingEdges(), 0);
    panel()->step();  // this step's changes light up
    int most = 0;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            most = std::max(most, view->glowingEdges());
            return most > 0;
        },
        5000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return view->glowingEdges() == 0; }, 5000));  // faded
}

}  // namespace
}  // namespace digitscope::app
