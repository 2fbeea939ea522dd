// The explain views' paint time and the work behind them.
// Paint: the Explain panel at the size it has in a 1600 x 1000 window (the dock's 500 x 860),
// each tab rendered through real painting (QWidget::render, as a paint event does) with the
// bundled 3b1b model, a drawn-like input, output 3 selected and MNIST's test set (data/mnist)
// with the digits of one confusion cell shown; the weight maps also with new weights every frame
// (training) for 784-16-16-10 and for 512 first-layer neurons (paged). Median of repetitions.
// Work, on the background jobs' side: saliency (gradient x input + occlusion), both dreams of
// a neuron, a whole 10,000-image test set classified for the confusion matrix, and the bundled
// pen digits read and drawn through the pen path (what the Mistakes tab's job does once).
// The canvas with the Why tab's contributions laid over a drawing, against without.
#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QImage>
#include <memory>
#include <random>

#include "core/explain/confusion.h"
#include "core/explain/dream.h"
#include "core/explain/saliency.h"
#include "core/input/pen.h"
#include "session/models/bundled_models.h"
#include "session/teaching/replay_data.h"
#include "session/training/dataset_loader.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/explain/canvas_overlay.h"
#include "ui/explain/digit_set.h"
#include "ui/explain/explain_panel.h"
#include "ui/network/weight_gallery.h"

namespace {

using namespace digitscope;

const char* const kTabs[] = {"weightsTab", "whyTab", "neuronTab", "dreamsTab", "mistakesTab"};

std::shared_ptr<const core::Network> bundled(const char* name) {
    return std::make_shared<const core::Network>(
        ui::BundledModels::load(QString::fromLatin1(name)).network);
}

// A "3"-like input: two arcs of ink, as the canvas would give.
Eigen::VectorXf drawnInput() {
    Eigen::VectorXf x = Eigen::VectorXf::Zero(784);
    for (int r = 5; r < 23; ++r)
        for (int c = 9; c < 20; ++c) {
            const double dy = (r < 14 ? r - 9.5 : r - 18.5), dx = c - 13.5;
            const double d = std::abs(std::hypot(dx, dy) - 4.5);
            if (d < 1.5 && dx > -2) x(r * 28 + c) = static_cast<float>(1.0 - d / 1.5);
        }
    return x;
}

void BM_ExplainTabPaint(benchmark::State& state) {
    const auto network = bundled("3b1b");
    ui::ExplainPanel panel;
    panel.resize(500, 860);
    panel.show();
    panel.setNetwork(network);
    const Eigen::VectorXf x = drawnInput();
    core::ForwardTrace trace;
    network->forward(Eigen::Map<const core::Matrix>(x.data(), 784, 1), trace);
    panel.setInput(x, trace, false);
    panel.showNeuron(3, 3);
    panel.setDatasetFolder(ui::DatasetLoader::findDefaultFolder());  // MNIST for the Mistakes
    panel.setCurrentWidget(panel.tab(QString::fromLatin1(kTabs[state.range(0)])));
    panel.waitUntilIdle();
    panel.showCell(9, 4);  // the digit gallery under the matrix, too
    QImage target(panel.size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        panel.render(&target);
        benchmark::DoNotOptimize(target.constBits());
    }
    state.SetLabel(kTabs[state.range(0)]);
}

void BM_WeightGalleryNewWeights(benchmark::State& state) {
    core::Architecture architecture;
    architecture.sizes =
        state.range(0) == 0 ? std::vector<int>{784, 16, 16, 10} : std::vector<int>{784, 512, 10};
    std::vector<std::shared_ptr<const core::Network>> networks;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        networks.push_back(std::make_shared<const core::Network>(architecture, seed));
    ui::WeightGallery gallery;
    gallery.resize(500, 820);
    QImage target(gallery.size(), QImage::Format_ARGB32_Premultiplied);
    std::size_t frame = 0;
    for (auto _ : state) {
        gallery.setNetwork(networks[frame++ % networks.size()]);
        gallery.render(&target);
        benchmark::DoNotOptimize(target.constBits());
    }
    state.SetLabel(architecture.sizesString() + " · " + std::to_string(gallery.pages()) +
                   " page(s)");
}

void BM_ExplainAnswer(benchmark::State& state) {
    const auto network = bundled(state.range(0) == 0 ? "3b1b" : "accurate");
    const Eigen::VectorXf x = drawnInput();
    for (auto _ : state) benchmark::DoNotOptimize(core::explainAnswer(*network, x).margin);
    state.SetLabel(network->architecture().sizesString());
}

// What the Dreams tab asks of its job: the regularised dream and the noise, one neuron.
void BM_DreamPair(benchmark::State& state) {
    const auto network = bundled(state.range(0) == 0 ? "3b1b" : "accurate");
    const int layer = state.range(1) == 0 ? network->layerCount() : 1;
    for (auto _ : state) {
        core::DreamSettings settings;
        const core::Dream a = core::dreamNeuron(*network, layer, 5, settings);
        settings.regularise = false;
        const core::Dream b = core::dreamNeuron(*network, layer, 5, settings);
        benchmark::DoNotOptimize(a.activation + b.activation);
    }
    state.SetLabel(network->architecture().sizesString() +
                   (state.range(1) == 0 ? " · output 5" : " · hidden 1 neuron 5"));
}

void BM_ConfusionTestSet(benchmark::State& state) {
    const auto network = bundled(state.range(0) == 0 ? "3b1b" : "accurate");
    core::Dataset data;
    data.count = 10000;
    data.pixels.resize(10000 * 784);
    data.labels.resize(10000);
    std::mt19937 rng(1);
    for (auto& p : data.pixels) p = static_cast<std::uint8_t>(rng() % 4 == 0 ? rng() : 0);
    for (std::size_t i = 0; i < data.labels.size(); ++i)
        data.labels[i] = static_cast<std::uint8_t>(i % 10);
    for (auto _ : state) {
        const core::ConfusionReport report(*network, data);
        benchmark::DoNotOptimize(report.accuracy());
    }
    state.SetLabel(network->architecture().sizesString() + " · 10,000 images");
}

// The Mistakes tab's pen digits: the compiled-in file read, 7,494 drawings through
// core::networkInput, then classified by 3b1b; once per session (the set is kept).
void BM_PenDigitSet(benchmark::State& state) {
    Eigen::setNbThreads(1);  // as the background jobs (LatestJob)
    const auto network = bundled("3b1b");
    std::int64_t count = 0;
    for (auto _ : state) {
        const auto set = ui::DigitSet::strokes(ui::DigitSet::Source::PenDigits,
                                               ui::ReplayData::bundledPenDigits());
        const core::ConfusionReport report = set->classify(*network);
        count = report.count();
        benchmark::DoNotOptimize(report.accuracy());
    }
    state.SetLabel(std::to_string(count) + " pen digits read, drawn and classified");
}

// The canvas at its size in a 1600 x 1000 window (560 px) with a drawing, repainted whole,
// without (0) and with (1) the contributions laid over it.
void BM_CanvasPaintWithSaliency(benchmark::State& state) {
    ui::DrawingCanvas canvas;
    canvas.resize(560, 560);
    canvas.show();
    core::Drawing drawing;
    drawing.strokes = {core::Stroke{{{130, 90}, {260, 110}, {170, 200}, {270, 270}, {130, 320}}}};
    const Eigen::VectorXf input = core::networkInput(drawing);
    // The canvas's own drawing is made by its input events; here the overlay is mapped for
    // this drawing and painted over an empty canvas, which costs the same to paint.
    if (state.range(0) == 1) {
        const auto network = bundled("3b1b");
        const core::AnswerSaliency saliency = core::explainAnswer(*network, input);
        canvas.setOverlay(ui::canvas_overlay::contributionImage(saliency.gradientTimesInput, 28),
                          *ui::canvas_overlay::inputToCanvas(drawing, input));
    }
    QImage target(canvas.size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        canvas.render(&target);
        benchmark::DoNotOptimize(target.constBits());
    }
    state.SetLabel(state.range(0) == 1 ? "with the contributions" : "without");
}

BENCHMARK(BM_ExplainTabPaint)
    ->DenseRange(0, 4)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_WeightGalleryNewWeights)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_ExplainAnswer)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DreamPair)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConfusionTestSet)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK(BM_PenDigitSet)->Iterations(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CanvasPaintWithSaliency)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
