// Network view paint time at 1280 x 800, through real painting (QWidget::render into an
// image, as a paint event does): (a) steady state while drawing, a new trace each frame over
// the cached edges; (b) while training, new weights each frame: the paint only asks the
// view's worker thread for a new edge picture and paints the last finished one, so (b) is
// what the GUI thread pays (its CPU time is the "CPU" column; events are processed each
// frame so finished pictures are taken as the event loop would). "pictures" counts the new
// edge pictures that arrived per frame. (c) the worker's own cost per picture, the same
// EdgeLayer::render on this thread alone (on two cores it runs beside the GUI thread).
// Reported as the median over repetitions (--benchmark_repetitions, default 9 here).
#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QImage>
#include <memory>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/edge_image_worker.h"
#include "ui/network/edge_layer.h"
#include "ui/network/network_view.h"

namespace {

using digitscope::core::Architecture;
using digitscope::core::ForwardTrace;
using digitscope::core::Matrix;
using digitscope::core::Network;
using digitscope::ui::EdgeImageWorker;
using digitscope::ui::EdgeLayer;
using digitscope::ui::NetworkView;

std::vector<int> sizesOf(int which) {
    return which == 0 ? std::vector<int>{784, 16, 16, 10} : std::vector<int>{784, 128, 64, 10};
}

std::vector<std::shared_ptr<const Network>> networksOf(const Architecture& architecture) {
    std::vector<std::shared_ptr<const Network>> networks;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        networks.push_back(std::make_shared<Network>(architecture, seed));
    return networks;
}

// Inputs that differ a little each frame, as while the user draws.
std::vector<ForwardTrace> traces(const Network& network, int count) {
    std::vector<ForwardTrace> result(static_cast<std::size_t>(count));
    for (int k = 0; k < count; ++k) {
        Matrix x = (Matrix::Random(784, 1).array() * 0.5f + 0.5f).matrix();  // 784 x 1
        x.topRows(100 + 10 * k).setZero();
        network.forward(x, result[static_cast<std::size_t>(k)]);
    }
    return result;
}

void paintLoop(benchmark::State& state, bool newWeights) {
    Architecture architecture;
    architecture.sizes = sizesOf(static_cast<int>(state.range(0)));
    const auto networks = networksOf(architecture);
    const auto frames = traces(*networks[0], 8);
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1280, 800);
    view.setNetwork(networks[0]);
    int pictures = 0;
    QObject::connect(view.findChild<EdgeImageWorker*>(), &EdgeImageWorker::resultReady, &view,
                     [&pictures] { ++pictures; });
    QImage target(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.render(&target);  // the first paint builds the layout and the first edge picture
    std::size_t frame = 0;
    for (auto _ : state) {
        if (newWeights) view.setNetwork(networks[frame % networks.size()]);
        view.setTrace(frames[frame % frames.size()]);
        QCoreApplication::processEvents();  // takes a finished edge picture, if any
        view.render(&target);
        benchmark::DoNotOptimize(target.constBits());
        ++frame;
    }
    state.counters["pictures"] = benchmark::Counter(pictures, benchmark::Counter::kAvgIterations);
    state.SetLabel(architecture.sizesString());
}

void BM_NetworkViewPaintCachedEdges(benchmark::State& state) {
    paintLoop(state, false);
}
void BM_NetworkViewPaintNewWeights(benchmark::State& state) {
    paintLoop(state, true);
}

void BM_NetworkViewEdgePictureRender(benchmark::State& state) {
    Architecture architecture;
    architecture.sizes = sizesOf(static_cast<int>(state.range(0)));
    const auto networks = networksOf(architecture);
    NetworkView view;  // for the layout of a real view of this size
    view.resize(1280, 800);
    view.setNetwork(networks[0]);
    view.grab();
    const digitscope::ui::NetworkLayout layout = view.layout();
    EdgeLayer layer;  // as the worker's: buffers kept between pictures
    std::size_t frame = 0;
    for (auto _ : state) {
        QImage image = layer.render(*networks[frame++ % networks.size()], layout, view.size(), 1.0);
        benchmark::DoNotOptimize(image.constBits());
    }
    state.SetLabel(architecture.sizesString());
}

BENCHMARK(BM_NetworkViewPaintCachedEdges)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_NetworkViewPaintNewWeights)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_NetworkViewEdgePictureRender)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true);

}  // namespace
