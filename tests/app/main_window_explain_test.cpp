#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <cstring>

#include "app/main_window.h"
#include "app/settings.h"
#include "core/input/pen.h"
#include "core/io/model_file.h"
#include "session/teaching/my_digits.h"
#include "session/training/training_session.h"
#include "tests/ui/mouse_input.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/explain/confusion_view.h"
#include "ui/explain/digit_gallery.h"
#include "ui/explain/explain_panel.h"
#include "ui/explain/timeline_bar.h"
#include "ui/network/network_view.h"
#include "ui/network/weight_gallery.h"
#include "ui/training/loss_chart.h"

namespace digitscope::app {
namespace {

bool sameBits(const core::Matrix& a, const core::Matrix& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

class MainWindowExplainTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_settings = std::make_unique<Settings>(m_dir.filePath("settings.ini"));
        m_window = std::make_unique<MainWindow>(*m_settings);
        m_window->resize(1280, 800);
        m_window->show();
        testing::drawStroke(m_window->canvas(), testing::line({205, 70}, {195, 330}, 30));
        m_window->canvas()->flushPendingChange();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

// A run streams weights; scrubbing back to an epoch shows exactly that epoch's weights: the
// window's prediction is bit-identical to the epoch's model saved to a file and read back.
TEST_F(MainWindowExplainTest, ScrubbingToAnEpochPredictsBitForBitAsThatEpochsSavedModel) {
    constexpr int kRun = 7;  // reports of a run, as the session passes them on
    ui::TrainingSession* panel = &m_window->trainingSession();  // what the worker reports through
    ui::TimelineBar* bar = m_window->timelineBar();
    core::Architecture architecture;
    std::vector<std::shared_ptr<const core::Network>> weights;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        weights.push_back(std::make_shared<const core::Network>(architecture, seed));
    emit panel->runStarted(kRun, QStringLiteral("test run"));
    emit panel->networkUpdated(kRun, weights[0]);  // the first weights
    emit panel->lossReported(0.6, 1.0);
    emit panel->networkUpdated(kRun, weights[3]);  // an early snapshot (log-spaced, kept)
    emit panel->lossReported(0.99, 1.0);
    emit panel->networkUpdated(kRun, weights[1]);  // just before epoch 1 is reported: its weights
    emit panel->epochFinished(1, 0.5, 0.5, 0.9);
    emit panel->lossReported(1.5, 0.5);
    emit panel->networkUpdated(kRun, weights[2]);
    emit panel->epochFinished(2, 0.4, 0.4, 0.92);
    ASSERT_EQ(bar->timeline().size(), 4);  // 0, 0.6, epoch 1, epoch 2

    const QString file = m_dir.filePath("epoch1.dsm");
    core::ModelFile::save(file.toStdString(), *weights[1], {});
    const core::Model saved = core::ModelFile::load(file.toStdString());
    const Eigen::VectorXf input = m_window->canvas()->networkInput();
    core::ForwardTrace expected;
    saved.network.forward(Eigen::Map<const core::Matrix>(input.data(), input.size(), 1), expected);

    bar->scrubTo(2);
    EXPECT_FALSE(bar->isLive());
    EXPECT_EQ(bar->timeline().at(2).epoch, 1);
    EXPECT_EQ(m_window->model().network, weights[1]);
    EXPECT_TRUE(sameBits(m_window->trace().output(), expected.output()));
    EXPECT_EQ(m_window->explainPanel()->gallery()->mapImage(3), [&] {
        ui::WeightGallery gallery;
        gallery.setNetwork(weights[1]);
        return gallery.mapImage(3);
    }());

    // While scrubbing, training goes on in the background without taking over the window.
    const auto later = std::make_shared<const core::Network>(architecture, 9);
    emit panel->networkUpdated(kRun, later);
    EXPECT_EQ(m_window->model().network, weights[1]);
    bar->goLive();
    EXPECT_EQ(m_window->model().network, later);
}

// The loss chart marks the moment the timeline shows, and Live takes the mark away.
TEST_F(MainWindowExplainTest, TheLossChartsCursorFollowsTheTimeline) {
    constexpr int kRun = 3;
    ui::TrainingSession* session = &m_window->trainingSession();
    auto* chart = m_window->findChild<ui::LossChart*>();
    ASSERT_NE(chart, nullptr);
    core::Architecture architecture;
    emit session->runStarted(kRun, QStringLiteral("test run"));
    emit session->networkUpdated(kRun, std::make_shared<const core::Network>(architecture, 1));
    emit session->lossReported(0.5, 1.0);
    emit session->networkUpdated(kRun, std::make_shared<const core::Network>(architecture, 2));
    emit session->epochFinished(1, 0.5, 0.5, 0.9);
    emit session->lossReported(1.7, 0.5);
    emit session->networkUpdated(kRun, std::make_shared<const core::Network>(architecture, 3));
    emit session->epochFinished(2, 0.4, 0.4, 0.92);
    ui::TimelineBar* bar = m_window->timelineBar();
    ASSERT_GE(bar->timeline().size(), 3);
    EXPECT_FALSE(chart->epochCursor().has_value());  // live
    bar->scrubTo(1);
    ASSERT_TRUE(chart->epochCursor().has_value());
    EXPECT_EQ(*chart->epochCursor(), bar->timeline().at(1).epochPosition);
    bar->scrubTo(2);
    EXPECT_EQ(*chart->epochCursor(), bar->timeline().at(2).epochPosition);
    bar->goLive();
    EXPECT_FALSE(chart->epochCursor().has_value());
}

// Clicking a map in the gallery selects that neuron in the network view.
TEST_F(MainWindowExplainTest, TheGallerySelectsTheNeuronInTheNetworkView) {
    ui::ExplainPanel* explain = m_window->explainPanel();
    emit explain->gallery()->neuronClicked(1, 7);
    auto* view = m_window->findChild<ui::NetworkView*>();
    ASSERT_TRUE(view);
    ASSERT_TRUE(view->selectedNeuron().has_value());
    EXPECT_EQ(*view->selectedNeuron(), (ui::NeuronId{1, 7}));
    emit view->neuronSelected(2, 3);
    EXPECT_EQ(explain->gallery()->layer(), 1);  // the gallery keeps its layer
}

// "Draw it": a dream lands on the canvas as a sample and the window predicts from it.
TEST_F(MainWindowExplainTest, ADreamDrawnOnTheCanvasIsWhatTheNetworkReads) {
    ui::ExplainPanel* explain = m_window->explainPanel();
    Eigen::VectorXf dream = Eigen::VectorXf::Zero(784);
    dream.segment(300, 50).setConstant(0.75f);
    emit explain->drawRequested(dream, QStringLiteral("Dream of output 5"));
    m_window->canvas()->flushPendingChange();
    EXPECT_TRUE(m_window->canvas()->document().hasSample());
    EXPECT_EQ(m_window->canvas()->networkInput(), dream);
}

// My digits reach the Mistakes tab: the window's own set (read from its file) is classified,
// and a click on one of them puts the input the matrix classified on the canvas.
TEST_F(MainWindowExplainTest, MyDigitsAreClassifiedInTheMistakesTabAndDrawnFromThere) {
    core::Drawing three;
    three.strokes = {core::Stroke{{{130, 90}, {260, 110}, {170, 200}, {270, 270}, {130, 320}}}};
    three.label = 3;
    ui::MyDigits mine(m_dir.filePath("my-digits.jsonl"));
    mine.add(three);
    ASSERT_TRUE(m_window->setMyDigitsFile(mine.path()));
    ui::ExplainPanel* explain = m_window->explainPanel();
    explain->setMistakeSource(ui::DigitSet::Source::MyDigits);
    explain->setCurrentWidget(explain->tab(QStringLiteral("mistakesTab")));
    ASSERT_TRUE(explain->waitUntilIdle());
    const core::ConfusionReport* report = explain->confusionView()->report();
    ASSERT_NE(report, nullptr);
    ASSERT_EQ(report->count(), 1);
    ASSERT_EQ(report->classCount(3), 1);
    const int answer = report->predicted(0);
    explain->showCell(3, answer);
    ASSERT_EQ(explain->digitGallery()->items().size(), 1u);
    emit explain->digitGallery()->digitClicked(0);
    m_window->canvas()->flushPendingChange();
    ASSERT_TRUE(m_window->canvas()->document().hasSample());
    EXPECT_EQ(m_window->canvas()->networkInput(), core::networkInput(mine.entries()[0].drawing));
    EXPECT_TRUE(m_window->canvas()->document().sampleCaption().startsWith("My digit #1"));
}

// The Why tab's "Show on the canvas" lays the contributions over the drawing, and clearing
// the canvas takes them away.
TEST_F(MainWindowExplainTest, SaliencyShownOnTheCanvasComesAndGoesWithTheDrawing) {
    ui::ExplainPanel* explain = m_window->explainPanel();
    EXPECT_TRUE(m_window->canvas()->overlay().isNull());
    explain->setSaliencyOnCanvas(true);
    ASSERT_TRUE(explain->waitUntilIdle());
    ASSERT_FALSE(m_window->canvas()->overlay().isNull());
    EXPECT_EQ(m_window->canvas()->overlay().size(), QSize(28, 28));
    m_window->canvas()->clear();
    m_window->canvas()->flushPendingChange();
    ASSERT_TRUE(explain->waitUntilIdle());
    EXPECT_TRUE(m_window->canvas()->overlay().isNull());
    explain->setSaliencyOnCanvas(false);
}

}  // namespace
}  // namespace digitscope::app
