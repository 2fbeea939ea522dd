// Stroke-to-prediction latency: one mouse move on the canvas, through rasterising, the
// 28 x 28 preprocessing and the forward pass, to the prediction bars (and the rest of the
// window) painted. The target is one frame, 16 ms. Reported per move: median and worst.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <QApplication>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include "app/main_window.h"
#include "app/settings.h"
#include "session/models/bundled_models.h"
#include "ui/canvas/drawing_canvas.h"
#include "ui/canvas/input_grid.h"
#include "ui/canvas/prediction_bars.h"

namespace {

using digitscope::ui::DrawingCanvas;

void sendMouse(QWidget* widget, QEvent::Type type, QPointF p) {
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    const Qt::MouseButtons buttons =
        type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, p, widget->mapToGlobal(p), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

// A hand-like path: a loop around the canvas, 3 px a move (a quick stroke at 60 Hz moves
// further; a slow one less). A stroke is restarted every 150 moves, as digits are short.
QPointF pathPoint(long step) {
    const double t = static_cast<double>(step) * 0.02;
    return {200 + 130 * std::sin(t) + 20 * std::sin(3.1 * t),
            200 + 130 * std::cos(1.3 * t) + 15 * std::cos(4.7 * t)};
}

// Times each move until the window has painted it, and reports the per-move distribution;
// frame() announces the change (the prediction) and paints; the split is reported too.
void timeMoves(benchmark::State& state, DrawingCanvas* canvas) {
    std::vector<double> milliseconds, predictMs, paintMs;
    long step = 0;
    sendMouse(canvas, QEvent::MouseButtonPress, pathPoint(step));
    for (auto _ : state) {
        if (++step % 150 == 0) {  // a new stroke, on a fresh canvas (not timed as a move)
            sendMouse(canvas, QEvent::MouseButtonRelease, pathPoint(step - 1));
            canvas->clear();
            sendMouse(canvas, QEvent::MouseButtonPress, pathPoint(step));
            canvas->flushPendingChange();
            QApplication::processEvents();
            ++step;
        }
        const auto start = std::chrono::steady_clock::now();
        sendMouse(canvas, QEvent::MouseMove, pathPoint(step));  // rasterises the segment
        canvas->flushPendingChange();  // what the frame timer does: preprocess, forward, bars
        const auto predicted = std::chrono::steady_clock::now();
        QApplication::processEvents();  // paints what changed
        const auto end = std::chrono::steady_clock::now();
        const std::chrono::duration<double> elapsed = end - start;
        predictMs.push_back(std::chrono::duration<double, std::milli>(predicted - start).count());
        paintMs.push_back(std::chrono::duration<double, std::milli>(end - predicted).count());
        state.SetIterationTime(elapsed.count());
        milliseconds.push_back(elapsed.count() * 1e3);
    }
    sendMouse(canvas, QEvent::MouseButtonRelease, pathPoint(step));
    if (milliseconds.empty()) return;
    auto median = [](std::vector<double>& v) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    state.counters["predict_median_ms"] = median(predictMs);
    state.counters["paint_median_ms"] = median(paintMs);
    std::sort(milliseconds.begin(), milliseconds.end());
    state.counters["median_ms"] = milliseconds[milliseconds.size() / 2];
    state.counters["p99_ms"] = milliseconds[milliseconds.size() * 99 / 100];
    state.counters["worst_ms"] = milliseconds.back();
    state.counters["under_16ms"] = milliseconds.back() < 16.0 ? 1 : 0;
}

// The whole window: canvas, grid, bars, the network view and inspector, the training dock.
void BM_StrokeToPrediction_Window(benchmark::State& state) {
    QTemporaryDir dir;
    digitscope::app::Settings settings(dir.filePath("settings.ini"));
    digitscope::app::MainWindow window(settings);
    window.resize(1600, 1000);
    window.show();
    QApplication::processEvents();
    DrawingCanvas* canvas = window.canvas();
    timeMoves(state, canvas);
}
BENCHMARK(BM_StrokeToPrediction_Window)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1500);

// The drawing side alone: canvas -> preprocess -> forward -> bars and grid, painted.
void BM_StrokeToPrediction_DrawingSide(benchmark::State& state) {
    const digitscope::core::Model model =
        digitscope::ui::BundledModels::load(digitscope::ui::BundledModels::viewName());
    QWidget side;
    auto* canvas = new DrawingCanvas(QSize(400, 400), &side);
    auto* grid = new digitscope::ui::InputGrid(&side);
    auto* bars = new digitscope::ui::PredictionBars(&side);
    grid->setGeometry(0, 410, 168, 168);
    bars->setGeometry(180, 410, 220, 190);
    side.resize(400, 600);
    side.show();
    digitscope::core::ForwardTrace trace;
    QObject::connect(
        canvas, &DrawingCanvas::inputChanged, &side, [&](const Eigen::VectorXf& input) {
            grid->setInput(input);
            model.network.forward(Eigen::Map<const digitscope::core::Matrix>(input.data(), 784, 1),
                                  trace);
            bars->setProbabilities(trace.output().col(0));
        });
    QApplication::processEvents();
    timeMoves(state, canvas);
}
BENCHMARK(BM_StrokeToPrediction_DrawingSide)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1500);

// The part of each update that does not depend on the window: 400 x 400 -> 28 x 28.
void BM_CanvasNetworkInput(benchmark::State& state) {
    DrawingCanvas canvas;
    for (long step = 0; step < 150; ++step)
        sendMouse(&canvas, step ? QEvent::MouseMove : QEvent::MouseButtonPress, pathPoint(step));
    for (auto _ : state) benchmark::DoNotOptimize(canvas.networkInput());
}
BENCHMARK(BM_CanvasNetworkInput)->Unit(benchmark::kMillisecond);

}  // namespace
