// The GUI's responsiveness while training runs at full speed: the training panel and the loss
// chart, shown (offscreen), train on real MNIST for ~3 s while a 5 ms precise timer measures how
// late the GUI thread's event loop serves it. Reported: median, 99th percentile and worst
// lateness (target: worst < 50 ms), and what arrived meanwhile (loss points, snapshots).
// Needs MNIST in data/mnist (scripts/fetch-mnist.sh); DIGITSCOPE_MNIST overrides the folder.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHBoxLayout>
#include <QTimer>
#include <algorithm>
#include <vector>

#include "session/training/dataset_loader.h"
#include "session/training/training_session.h"
#include "ui/training/loss_chart.h"
#include "ui/training/training_panel.h"

namespace {

using digitscope::ui::DatasetLoader;
using digitscope::ui::LossChart;
using digitscope::ui::TrainingConfig;
using digitscope::ui::TrainingPanel;
using digitscope::ui::TrainingSession;

constexpr int kTimerMs = 5;
constexpr int kMeasureMs = 3000;

QString mnistFolder() {
    const QString configured = qEnvironmentVariable("DIGITSCOPE_MNIST");
    return configured.isEmpty() ? DatasetLoader::findDefaultFolder() : configured;
}

double percentile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
    return values[index];
}

// Runs the event loop until `done` or `timeoutMs`.
template <typename Done>
bool spinUntil(Done done, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return done();
}

// Earlier runs on the chart: `runs` curves of 20 epochs at 200 points an epoch.
void fillHistory(LossChart& chart, int runs) {
    for (int r = 0; r < runs; ++r) {
        chart.startRun(QStringLiteral("earlier run %1").arg(r + 1));
        for (int i = 1; i <= 20 * 200; ++i) {
            const double epoch = i / 200.0;
            chart.addTrainingLoss(epoch,
                                  0.2 + 2.0 / (1 + 5 * epoch) + 0.05 * ((i * 7919) % 13) / 13.0);
            if (i % 200 == 0)
                chart.addEpoch(i / 200, 0.25 + 1.0 / (1 + epoch), 0.9 + 0.004 * epoch);
        }
    }
    chart.refresh();
}

void eventLoopLatencyWhileTraining(benchmark::State& state, const char* hidden, int history) {
    const QString folder = mnistFolder();
    if (folder.isEmpty()) {
        state.SkipWithError("MNIST not found (scripts/fetch-mnist.sh, or set DIGITSCOPE_MNIST)");
        return;
    }
    std::vector<double> lateness;
    int lossPoints = 0;
    int networks = 0;
    double epochsTrained = 0;  // the latest loss point's position
    double epochsMeasured = 0;
    for (auto _ : state) {
        TrainingSession session;
        QWidget window;
        auto* panel = new TrainingPanel(session);
        auto* chart = new LossChart;
        auto* layout = new QHBoxLayout(&window);
        layout->addWidget(panel);
        layout->addWidget(chart, 1);
        window.resize(1200, 520);
        fillHistory(*chart, history);
        window.show();
        QObject::connect(&session, &TrainingSession::runStarted, chart,
                         [chart](int, const QString& label) { chart->startRun(label); });
        QObject::connect(&session, &TrainingSession::lossReported, chart,
                         &LossChart::addTrainingLoss);
        QObject::connect(&session, &TrainingSession::lossReported, [&](double position, double) {
            ++lossPoints;
            epochsTrained = position;
        });
        QObject::connect(&session, &TrainingSession::epochFinished,
                         [chart](int epoch, double, double testLoss, double accuracy) {
                             chart->addEpoch(epoch, testLoss, accuracy);
                         });
        QObject::connect(
            &session, &TrainingSession::networkUpdated,
            [&](int, std::shared_ptr<const digitscope::core::Network>) { ++networks; });
        TrainingConfig config;  // the defaults: Adam, batch 32, augmentation on
        config.hiddenLayers = QString::fromLatin1(hidden);
        config.epochs = 100;
        panel->setConfig(config);
        session.setDatasetFolder(folder);
        if (!spinUntil([&] { return session.hasDataset(); }, 60000)) {
            state.SkipWithError("the dataset did not load");
            return;
        }
        panel->train();
        spinUntil([&] { return lossPoints > 0; }, 10000);

        const double epochsAtStart = epochsTrained;
        QElapsedTimer clock;
        clock.start();
        qint64 previous = clock.nsecsElapsed();
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(kTimerMs);
        QObject::connect(&ticker, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            lateness.push_back(std::max(0.0, static_cast<double>(now - previous) / 1e6 - kTimerMs));
            previous = now;
        });
        ticker.start();
        QEventLoop loop;
        QTimer::singleShot(kMeasureMs, &loop, &QEventLoop::quit);
        loop.exec();
        ticker.stop();
        epochsMeasured += epochsTrained - epochsAtStart;
        panel->pause();
    }
    state.counters["median_late_ms"] = percentile(lateness, 0.5);
    state.counters["p99_late_ms"] = percentile(lateness, 0.99);
    state.counters["max_late_ms"] = percentile(lateness, 1.0);
    state.counters["ticks"] = static_cast<double>(lateness.size());
    state.counters["loss_points"] = lossPoints;
    state.counters["snapshots"] = networks;
    // Throughput on the worker while the GUI is measured (test-set evaluations included).
    state.counters["train_samples_per_s"] = epochsMeasured * 60000.0 / (kMeasureMs / 1000.0);
}

BENCHMARK_CAPTURE(eventLoopLatencyWhileTraining, mnist_784_16_16_10, "16-16", 0)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(eventLoopLatencyWhileTraining, mnist_784_256_128_10, "256-128", 0)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// A chart already holding three 20-epoch runs (12,000 loss points and their smoothed lines).
BENCHMARK_CAPTURE(eventLoopLatencyWhileTraining, mnist_784_16_16_10_three_runs_shown, "16-16", 3)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
