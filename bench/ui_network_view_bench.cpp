// Network view paint time at 1280 x 800, through real painting (QWidget::render into an
// image, as a paint event does): (a) steady state while drawing, a new trace each frame over
// the cached edges; (b) while training, new weights each frame, so the edges are redrawn.
// Reported as the median over repetitions (--benchmark_repetitions, default 9 here).
#include <benchmark/benchmark.h>

#include <QImage>
#include <memory>
#include <vector>

#include "core/network.h"
#include "ui/network_view.h"

namespace {

using digitscope::core::Architecture;
using digitscope::core::ForwardTrace;
using digitscope::core::Matrix;
using digitscope::core::Network;
using digitscope::ui::NetworkView;

std::vector<int> sizesOf(int which) {
    return which == 0 ? std::vector<int>{784, 16, 16, 10} : std::vector<int>{784, 128, 64, 10};
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
    std::vector<std::shared_ptr<const Network>> networks;
    for (std::uint64_t seed = 1; seed <= 4; ++seed)
        networks.push_back(std::make_shared<Network>(architecture, seed));
    const auto frames = traces(*networks[0], 8);
    NetworkView view;
    view.setAnimationEnabled(false);
    view.resize(1280, 800);
    view.setNetwork(networks[0]);
    QImage target(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.render(&target);  // the first paint builds the layout and the edge cache
    std::size_t frame = 0;
    for (auto _ : state) {
        if (newWeights) view.setNetwork(networks[frame % networks.size()]);
        view.setTrace(frames[frame % frames.size()]);
        view.render(&target);
        benchmark::DoNotOptimize(target.constBits());
        ++frame;
    }
    state.SetLabel(QString::fromStdString(architecture.sizesString()).toStdString());
}

void BM_NetworkViewPaintCachedEdges(benchmark::State& state) {
    paintLoop(state, false);
}
void BM_NetworkViewPaintNewWeights(benchmark::State& state) {
    paintLoop(state, true);
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

}  // namespace
