#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointF>
#include <QString>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/augment/restroke.h"
#include "core/data/dataset.h"
#include "core/data/stroke_set.h"
#include "core/nn/network.h"
#include "core/train/trainer.h"
#include "session/training/training_config.h"

namespace digitscope::ui {

// Where a run stands, sent with every progress report (a value: safe to queue).
struct TrainingProgress {
    int epoch = 0;           // 1-based epoch in progress (0 before the first batch)
    int epochs = 0;          // epochs planned for the run so far
    std::int64_t batch = 0;  // batches done in this epoch
    std::int64_t batchesPerEpoch = 0;
    std::int64_t batchesTrained = 0;  // since the run began
    double epochPosition = 0;         // epochs done as a real number (1.25)
    double samplesPerSecond = 0;      // training time only (evaluation excluded)
    double trainingSeconds = 0;       // of the current trainer ("train more" starts again)
    double testAccuracy = -1;         // of the last finished epoch; < 0 before the first
    float learningRate = 0;
};

// Trains one network on a worker thread. It is a QObject moved to a QThread by its owner and the
// only owner of the network being trained. It trains a chunk of batches per call (sized to take
// about 7 ms) and queues the next chunk itself, so requests are handled between chunks; a
// request also ends the chunk in progress after its current batch.
//
// The control functions (start, pause, step, ...) may be called from any thread: each is queued
// to the worker's thread. Results travel back as signals carrying values, at most about 30 a
// second (epochFinished once per epoch), emitted in the thread that created the worker.
//
// How values cross threads: through two queues guarded by std::mutex (requests in, reports out),
// with Qt events only waking the other side. Qt's own event queue would do, but its futex-based
// locks are invisible to ThreadSanitizer (Qt is not instrumented), which would then report every
// hand-off; with std::mutex it checks this class for real.
//
// Delete the worker in the thread that created it, after its thread has finished.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Paused, Running, Finished };
    Q_ENUM(State)

    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Reads a dataset folder on the worker's thread: datasetLoaded or datasetFailed.
    void loadDataset(const QString& folder);
    // A new run: `network` (its weights as given) trained with `settings` on data->train and
    // tested on data->test. Emits runBegan, a snapshot and Paused; nothing trains until start.
    void beginRun(core::Network network, core::TrainerSettings settings,
                  std::shared_ptr<const core::DatasetPair> data);
    void start();                      // run (or resume); a finished run trains `epochs` more
    void pause();                      // stops after the current batch
    void step();                       // exactly one batch, then Paused
    void reset();                      // the run's seed's fresh weights, batch 0, Paused
    void stop();                       // ends the run; Idle (call before quitting the thread)
    void setLearningRate(float rate);  // the base rate, applied from the next batch
    // The stroke files trained on beside the dataset from the next run (beginRun) on; each is
    // read when a run begins, and again only when it has changed. A file that cannot be read
    // fails the run's beginning with a message naming it.
    void setStrokeData(const QList<StrokeData>& files);

    // acknowledged(token) follows once every request made before this one has been handled
    // (and everything they reported has been emitted).
    void acknowledge(int token);

    // Batches trained in the current run; any thread (tests watch it while paused).
    std::int64_t batchesTrained() const { return m_batchesTrained.load(); }

    static constexpr int kPublishIntervalMs = 33;    // <= 30 reports a second
    static constexpr double kChunkTargetMs = 7.0;    // between requests
    static constexpr int kLossPointsPerEpoch = 200;  // trainer reports per epoch at most
    static constexpr int kHealthSamples = 256;       // samples that show dead units

signals:
    void datasetLoaded(const QString& folder, std::shared_ptr<const core::DatasetPair> data);
    void datasetFailed(const QString& folder, const QString& message);
    void runBegan();
    void stateChanged(digitscope::ui::TrainingWorker::State state);
    // The trainer's reports since the last one sent: x = epochs done (1.25), y = mean loss.
    void lossReported(const QList<QPointF>& points);
    void epochFinished(int epoch, double trainLoss, double testLoss, double testAccuracy);
    void progressReported(const digitscope::ui::TrainingProgress& progress);
    void snapshotReady(std::shared_ptr<const core::Network> network);  // copied weights
    void diverged(const QString& message);
    // After an epoch: the run is stuck or getting worse (RunTrouble); paused when stuck.
    void troubleFound(const QString& message);
    // After step(): that batch's mean loss and right answers, and how far it moved the weights
    // (mean and largest |change| over all parameters).
    void stepped(double batchLoss, int correct, int samples, double meanChange, double maxChange);
    void failed(const QString& message);
    void acknowledged(int token);

    // Internal wake-ups (no data): a request or a report is waiting in its queue.
    void requestsQueued(QPrivateSignal);
    void reportsQueued(QPrivateSignal);

private:
    // Queues `action` to the worker's thread; runChunk stops early while requests are pending.
    void request(std::function<void()> action);
    void handleRequests();  // worker thread
    // Emits `signal(values...)` in the creating thread, in order with the other reports.
    template <typename... Args, typename... Values>
    void report(void (TrainingWorker::*signal)(Args...), Values... values);
    void deliverReports();  // creating thread

    void doBeginRun(core::Network network, core::TrainerSettings settings,
                    std::shared_ptr<const core::DatasetPair> data);
    void doStart();
    void doStep();
    void doReset();
    void makeTrainer();
    std::vector<core::StrokeShare> strokeSets();  // m_strokeData read (or from m_strokeCache)
    void setState(State state);
    void scheduleChunk();
    void runChunk();
    bool trainOneBatch();  // false when the run paused or finished
    void finishEpoch();
    bool checkHealth(int epoch, double trainLoss, double testAccuracy);  // true: stuck
    void handleDivergence();
    void onProgress(const core::TrainProgress& progress);
    void publish(bool force);
    TrainingProgress progress() const;

    std::unique_ptr<core::Network> m_network;  // address stays fixed for the trainer
    std::shared_ptr<const core::DatasetPair> m_data;
    // Restroked training images made so far, kept from run to run on the same data (they cost
    // ~80 us each); m_restrokedData keeps the images they refer to alive.
    std::shared_ptr<core::RestrokedImages> m_restroked;
    std::shared_ptr<const core::DatasetPair> m_restrokedData;
    core::TrainerSettings m_settings;
    QList<StrokeData> m_strokeData;
    std::vector<core::StrokeShare> m_strokeSets;  // of the run, read when it began
    struct CachedStrokeSet {
        QDateTime modified;
        std::shared_ptr<const core::StrokeSet> set;
    };
    std::map<QString, CachedStrokeSet> m_strokeCache;
    std::unique_ptr<core::Trainer> m_trainer;
    State m_state = State::Idle;

    int m_epochBase = 0;      // epochs of earlier trainers in this run ("train more")
    int m_plannedEpochs = 0;  // epochs planned for the run so far
    std::int64_t m_chunkBatches = 1;
    bool m_chunkQueued = false;
    double m_testAccuracy = -1;
    double m_firstTrainLoss = -1;  // of the run's first epoch
    double m_samplesPerSecond = 0;
    double m_trainingSeconds = 0;

    QList<QPointF> m_pendingLoss;  // loss reports not yet sent
    std::int64_t m_batchInEpoch = 0;
    QElapsedTimer m_sincePublish;

    std::atomic<int> m_pendingRequests{0};
    std::atomic<std::int64_t> m_batchesTrained{0};
    std::mutex m_requestsMutex;
    std::deque<std::function<void()>> m_requests;
    std::mutex m_reportsMutex;
    std::vector<std::function<void()>> m_reports;
    std::unique_ptr<QObject> m_reportRelay;  // lives in the creating thread
    // Held while the worker's thread runs this object's code, so that the destructor (on the
    // creating thread) is ordered after it for ThreadSanitizer too.
    std::mutex m_activityMutex;
};

}  // namespace digitscope::ui
