#include "ui/explain/explain_panel.h"

#include <gtest/gtest.h>

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <filesystem>
#include <fstream>
#include <utility>

#include "core/data/idx_reader.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"
#include "core/train/evaluation.h"
#include "session/models/bundled_models.h"
#include "session/training/dataset_loader.h"
#include "tests/ui/network_test_helpers.h"
#include "ui/explain/arithmetic_view.h"
#include "ui/explain/confusion_view.h"
#include "ui/explain/digit_gallery.h"
#include "ui/explain/dream_view.h"
#include "ui/explain/saliency_view.h"
#include "ui/network/weight_gallery.h"

namespace digitscope::ui {
namespace {

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

// 200 test digits: random blobs with labels 0-9, enough to spread over the matrix.
void writeTestSet(const QString& folder) {
    const std::uint32_t count = 200;
    std::vector<std::uint8_t> pixels(count * 784);
    std::vector<std::uint8_t> labels(count);
    std::uint32_t state = 12345;
    for (std::uint32_t i = 0; i < count; ++i) {
        labels[i] = static_cast<std::uint8_t>(i % 10);
        for (int p = 0; p < 784; ++p) {
            state = state * 1664525u + 1013904223u;
            pixels[i * 784 + static_cast<std::uint32_t>(p)] =
                (state >> 24) > 200 ? static_cast<std::uint8_t>(state >> 16) : 0;
        }
    }
    const std::filesystem::path dir = folder.toStdString();
    writeIdx(dir / "t10k-images-idx3-ubyte", {count, 28, 28}, pixels);
    writeIdx(dir / "t10k-labels-idx1-ubyte", {count}, labels);
}

// The off-diagonal cell with the most digits: the model's commonest mistake.
std::pair<int, int> biggestMistake(const core::ConfusionReport& report) {
    std::pair<int, int> cell{0, 1};
    for (int a = 0; a < 10; ++a)
        for (int p = 0; p < 10; ++p)
            if (a != p && report.at(a, p) > report.at(cell.first, cell.second)) cell = {a, p};
    return cell;
}

class ExplainPanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_panel.resize(380, 700);
        m_panel.show();
        m_panel.setNetwork(m_network);
        const core::ForwardTrace trace = testing::traceOf(*m_network);
        m_input = trace.activations[0].col(0);
        m_panel.setInput(m_input, trace, false);
    }
    void showTab(const char* name) {
        m_panel.setCurrentWidget(m_panel.tab(QString::fromLatin1(name)));
        ASSERT_TRUE(m_panel.waitUntilIdle());
    }

    std::shared_ptr<core::Network> m_network = testing::makeNetwork({784, 16, 16, 10});
    Eigen::VectorXf m_input;
    ExplainPanel m_panel;
};

TEST_F(ExplainPanelTest, HiddenTabsComputeNothingAndTheWhyTabFollowsTheInput) {
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_FALSE(m_panel.saliencyView()->hasSaliency());  // the Weights tab is shown
    showTab("whyTab");
    ASSERT_TRUE(m_panel.saliencyView()->hasSaliency());
    const core::AnswerSaliency expected = core::explainAnswer(*m_network, m_input);
    EXPECT_EQ(m_panel.saliencyView()->saliency().predicted, expected.predicted);
    EXPECT_EQ(m_panel.saliencyView()->saliency().gradientTimesInput, expected.gradientTimesInput);
    EXPECT_EQ(m_panel.saliencyView()->saliency().occlusion, expected.occlusion);
    // A new input while shown: a new explanation.
    const core::ForwardTrace moved = testing::traceOf(*m_network, 1.0f, 4);
    m_panel.setInput(moved.activations[0].col(0), moved, false);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_EQ(m_panel.saliencyView()->saliency().gradientTimesInput,
              core::explainAnswer(*m_network, moved.activations[0].col(0)).gradientTimesInput);
    m_panel.setInput(Eigen::VectorXf::Zero(784), testing::traceOf(*m_network, 0.0f), true);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_FALSE(m_panel.saliencyView()->hasSaliency());  // a blank canvas: the hint
}

// "Show on the canvas": the saliency follows the input whichever tab is shown, and each one
// is announced for the canvas; unchecked, or a blank canvas, announces none.
TEST_F(ExplainPanelTest, SaliencyOnTheCanvasFollowsTheInputFromAnyTab) {
    QSignalSpy overlays(&m_panel, &ExplainPanel::canvasOverlayChanged);
    ASSERT_TRUE(m_panel.waitUntilIdle());  // the Weights tab: nothing computed
    EXPECT_EQ(overlays.count(), 0);
    m_panel.setSaliencyOnCanvas(true);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    ASSERT_GE(overlays.count(), 1);
    const auto last = [&] { return overlays.back(); };
    EXPECT_EQ(last().at(0).value<Eigen::VectorXf>(),
              core::explainAnswer(*m_network, m_input).gradientTimesInput);
    EXPECT_EQ(last().at(1).value<Eigen::VectorXf>(), m_input);
    const core::ForwardTrace moved = testing::traceOf(*m_network, 1.0f, 4);
    const Eigen::VectorXf movedInput = moved.activations[0].col(0);
    m_panel.setInput(movedInput, moved, false);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_EQ(last().at(0).value<Eigen::VectorXf>(),
              core::explainAnswer(*m_network, movedInput).gradientTimesInput);
    m_panel.setInput(Eigen::VectorXf::Zero(784), testing::traceOf(*m_network, 0.0f), true);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_EQ(last().at(0).value<Eigen::VectorXf>().size(), 0);
    m_panel.setInput(movedInput, moved, false);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    EXPECT_EQ(last().at(0).value<Eigen::VectorXf>().size(), 784);
    m_panel.setSaliencyOnCanvas(false);
    EXPECT_EQ(last().at(0).value<Eigen::VectorXf>().size(), 0);
}

TEST_F(ExplainPanelTest, TheNeuronTabShowsTheSelectedNeuronsArithmetic) {
    showTab("neuronTab");
    EXPECT_FALSE(m_panel.arithmeticView()->hasArithmetic());
    m_panel.showNeuron(2, 4);
    EXPECT_TRUE(m_panel.arithmeticView()->hasArithmetic());
    EXPECT_EQ(m_panel.arithmeticView()->title(), QStringLiteral("Hidden layer 2 · neuron 4"));
    EXPECT_TRUE(m_panel.arithmeticView()->resultLine().startsWith(QStringLiteral("ReLU(")));
    m_panel.showNeuron(3, 7);
    EXPECT_TRUE(m_panel.arithmeticView()->resultLine().startsWith(QStringLiteral("p7 = ")));
}

TEST_F(ExplainPanelTest, DreamsOfTheSelectedNeuronAndDrawingOne) {
    showTab("dreamsTab");
    ASSERT_TRUE(m_panel.dreamView()->hasDreams());
    EXPECT_TRUE(m_panel.dreamView()->dreams().neuron.contains("output 5"));  // nothing selected
    m_panel.showNeuron(1, 2);
    ASSERT_TRUE(m_panel.waitUntilIdle());
    const DreamView::Dreams& dreams = m_panel.dreamView()->dreams();
    EXPECT_TRUE(dreams.neuron.contains("hidden 1"));
    EXPECT_GT(dreams.regularised.activation, dreams.regularised.startActivation);
    EXPECT_GE(dreams.noise.image.minCoeff(), 0.0f);
    EXPECT_LE(dreams.noise.image.maxCoeff(), 1.0f);
    QSignalSpy drawn(&m_panel, &ExplainPanel::drawRequested);
    QPushButton* button = nullptr;
    for (QPushButton* b : m_panel.findChildren<QPushButton*>())
        if (b->text() == QStringLiteral("Draw the dream")) button = b;
    ASSERT_TRUE(button && button->isEnabled());
    button->click();
    ASSERT_EQ(drawn.count(), 1);
    EXPECT_EQ(drawn.at(0).at(0).value<Eigen::VectorXf>(), dreams.regularised.image);
}

// The matrix the tab shows has core::evaluate's counts (what digitscope-cli eval prints), and a
// cell's digits lead to the canvas.
TEST_F(ExplainPanelTest, MistakesCountAsTheEvaluationAndACellListsItsDigits) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    writeTestSet(dir.path());
    m_panel.setDatasetFolder(dir.path());
    showTab("mistakesTab");
    const core::ConfusionReport* report = m_panel.confusionView()->report();
    ASSERT_NE(report, nullptr);
    const std::filesystem::path folder = dir.path().toStdString();
    const core::Dataset data = core::IdxReader::readPair(folder / "t10k-images-idx3-ubyte",
                                                         folder / "t10k-labels-idx1-ubyte");
    const core::Evaluation evaluation = core::evaluate(*m_network, data);
    for (int a = 0; a < 10; ++a)
        for (int p = 0; p < 10; ++p) EXPECT_EQ(report->at(a, p), evaluation.confusionAt(a, p));

    const auto [actual, predicted] = biggestMistake(*report);
    ASSERT_GT(report->at(actual, predicted), 0);
    m_panel.showCell(actual, predicted);
    const auto& items = m_panel.digitGallery()->items();
    ASSERT_EQ(static_cast<std::int64_t>(items.size()), report->at(actual, predicted));
    QSignalSpy requested(&m_panel, &ExplainPanel::testDigitRequested);
    emit m_panel.digitGallery()->digitClicked(items[0].index);
    ASSERT_EQ(requested.count(), 1);
    EXPECT_EQ(data.labels[static_cast<std::size_t>(requested.at(0).at(0).toLongLong())], actual);
}

// The bundled pen digits: the matrix the tab shows counts exactly what drawing each digit
// through core::networkInput and predicting it one at a time gives (the file read by core's
// stroke reader here, from the repository; the panel reads the copy compiled in). A cell's
// digit goes to the canvas as the very input that was classified, with a caption naming it.
TEST_F(ExplainPanelTest, PenDigitMistakesCountAsADirectCoreComputation) {
    const QString file = DatasetLoader::findBundledPenData();
    ASSERT_FALSE(file.isEmpty()) << "resources/pendigits/pendigits-train.jsonl.gz not found";
    core::StrokeFile::Options options;
    options.requireLabels = true;
    std::vector<core::Drawing> drawings = core::StrokeFile::read(file.toStdString(), options);
    // Every tenth of the 7 494, so the sanitiser builds draw 750, not 15 000 (the panel's own
    // reading of the bundled copy is the same code as My digits'; the default is all of them).
    std::vector<core::Drawing> some;
    for (std::size_t i = 0; i < drawings.size(); i += 10) some.push_back(drawings[i]);
    drawings = std::move(some);
    const auto model = std::make_shared<const core::Network>(
        BundledModels::load(BundledModels::viewName()).network);
    m_panel.setNetwork(model);
    m_panel.setPenDigits(drawings);
    m_panel.setMistakeSource(DigitSet::Source::PenDigits);
    m_panel.setCurrentWidget(m_panel.tab(QStringLiteral("mistakesTab")));
    ASSERT_TRUE(m_panel.waitUntilIdle(60000));
    const core::ConfusionReport* report = m_panel.confusionView()->report();
    ASSERT_NE(report, nullptr);
    ASSERT_EQ(report->count(), static_cast<std::int64_t>(drawings.size()));
    std::vector<std::int64_t> counts(100, 0);
    for (const core::Drawing& drawing : drawings) {
        Eigen::Index answer = 0;
        model->predict(core::networkInput(drawing)).maxCoeff(&answer);
        ++counts[static_cast<std::size_t>(drawing.label * 10 + answer)];
    }
    for (int a = 0; a < 10; ++a)
        for (int p = 0; p < 10; ++p)
            EXPECT_EQ(report->at(a, p), counts[static_cast<std::size_t>(a * 10 + p)])
                << a << "," << p;
    EXPECT_GT(report->accuracy(), 0.5);  // a trained model on the writers it learned from
    EXPECT_TRUE(m_panel.confusionView()->title().startsWith(QStringLiteral("Pen digits")));
    QLabel* status = nullptr;
    for (QLabel* label : m_panel.tab(QStringLiteral("mistakesTab"))->findChildren<QLabel*>())
        if (label->text().contains(QStringLiteral("not unseen"))) status = label;
    EXPECT_NE(status, nullptr) << "the tab says these writers were trained on";

    const auto [actual, predicted] = biggestMistake(*report);
    ASSERT_GT(report->at(actual, predicted), 0);
    m_panel.showCell(actual, predicted);
    const auto& items = m_panel.digitGallery()->items();
    ASSERT_EQ(static_cast<std::int64_t>(items.size()), report->at(actual, predicted));
    QSignalSpy drawn(&m_panel, &ExplainPanel::drawRequested);
    QSignalSpy mnist(&m_panel, &ExplainPanel::testDigitRequested);
    emit m_panel.digitGallery()->digitClicked(items[0].index);
    ASSERT_EQ(drawn.count(), 1);
    EXPECT_EQ(mnist.count(), 0);
    const core::Drawing& clicked = drawings[static_cast<std::size_t>(items[0].index)];
    EXPECT_EQ(clicked.label, actual);
    EXPECT_TRUE(drawn.at(0).at(0).value<Eigen::VectorXf>() == core::networkInput(clicked));
    EXPECT_TRUE(drawn.at(0).at(1).toString().startsWith(
        QStringLiteral("Pen digit #%1").arg(items[0].index)));
}

// My digits: a drawing the person labelled lands in the cell of its label and the model's
// answer; none yet is said, not an empty matrix.
TEST_F(ExplainPanelTest, MyDigitsAppearInTheirCell) {
    m_panel.setMistakeSource(DigitSet::Source::MyDigits);
    showTab("mistakesTab");
    EXPECT_EQ(m_panel.confusionView()->report(), nullptr);
    core::Drawing seven;
    seven.strokes = {core::Stroke{{{120, 80}, {280, 80}, {180, 330}}}};
    seven.label = 7;
    core::Drawing one;
    one.strokes = {core::Stroke{{{200, 60}, {200, 340}}}};
    one.label = 1;
    m_panel.setMyDigits({seven, one});
    ASSERT_TRUE(m_panel.waitUntilIdle());
    const core::ConfusionReport* report = m_panel.confusionView()->report();
    ASSERT_NE(report, nullptr);
    ASSERT_EQ(report->count(), 2);
    Eigen::Index answer = 0;
    m_network->predict(core::networkInput(seven)).maxCoeff(&answer);
    EXPECT_EQ(report->at(7, static_cast<int>(answer)), 1);
    EXPECT_EQ(report->classCount(7), 1);
    m_panel.showCell(7, static_cast<int>(answer));
    ASSERT_EQ(m_panel.digitGallery()->items().size(), 1u);
    EXPECT_EQ(m_panel.digitGallery()->items()[0].index, 0);
    // One more digit of theirs: the matrix follows.
    m_panel.setMyDigits({seven, one, one});
    ASSERT_TRUE(m_panel.waitUntilIdle());
    ASSERT_NE(m_panel.confusionView()->report(), nullptr);
    EXPECT_EQ(m_panel.confusionView()->report()->classCount(1), 2);
}

TEST_F(ExplainPanelTest, AMissingTestSetIsSaidNotThrown) {
    QTemporaryDir empty;
    m_panel.setDatasetFolder(empty.path());
    showTab("mistakesTab");
    EXPECT_EQ(m_panel.confusionView()->report(), nullptr);
}

}  // namespace
}  // namespace digitscope::ui
