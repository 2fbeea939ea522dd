#pragma once

#include <QObject>
#include <QString>
#include <QThread>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/io/model_file.h"
#include "core/nn/network.h"
#include "session/training/training_config.h"
#include "session/training/training_run.h"
#include "session/training/training_worker.h"

namespace digitscope::ui {

// Live training without widgets: it owns the worker thread and the TrainingWorker on it, the
// dataset, and every run of this session with its latest weights and what describes them
// (TrainingRun), so that a finished run can still be shown, saved or trained further.
//
// What the next train() or step() trains (its target) is, in order: the run on the worker
// (resumed, or "train more" once finished), the model given to startFrom() (further training of
// an opened or bundled model), or fresh weights from the form's settings. train() and step()
// announce the run they drive with trainingStarted(id), so the window can show what is trained.
//
// Everything here runs on the GUI thread; the worker reports through queued signals, and reports
// of a run that was reset or replaced are dropped.
class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;  // stops the worker, quit(), wait()

    // Loads the folder on the worker's thread; the latest request wins. On failure:
    // datasetError (and errorOccurred) and the previous dataset stays. Without a call before the
    // event loop runs, the session looks in the default places (DatasetLoader::candidateFolders).
    void setDatasetFolder(const QString& folder);
    QString datasetFolder() const { return m_folder; }         // of the loaded dataset
    QString loadingFolder() const { return m_loadingFolder; }  // empty when none is loading
    bool hasDataset() const { return m_data != nullptr; }
    const core::DatasetPair* dataset() const { return m_data.get(); }
    int inputSize() const { return m_data ? m_data->train.featureSize() : 784; }

    // The next run starts from this model's weights (named `name` in run labels) while the
    // form's architecture matches it; a run in progress is stopped (it stays in runs()).
    void startFrom(const core::Model& model, const QString& name);
    // Forgets the start model when `architecture` is not its architecture (the form changed).
    void keepStartModelOnlyFor(const std::optional<core::Architecture>& architecture);
    bool hasStartModel() const { return m_startModel.has_value(); }
    const std::optional<core::Model>& startModel() const { return m_startModel; }
    QString startModelName() const { return m_startName; }

    // The actions. `form` is what the panel's form holds; a new run takes its settings.
    void train(const TrainingConfig& form);  // start, resume, or train `epochs` more
    void pause();
    void step(const TrainingConfig& form);  // exactly one batch
    // Ends the run on the worker (it stays in runs()) and makes fresh weights of the seed:
    // resetDone carries them.
    void reset(const TrainingConfig& form);
    void setLearningRate(double rate);  // applied to the run in progress at once

    bool runActive() const { return m_activeRun != 0; }  // a run is on the worker
    int activeRunId() const { return m_activeRun; }
    TrainingWorker::State workerState() const { return m_workerState; }
    std::shared_ptr<const core::Network> currentNetwork() const { return m_current; }
    // "784-16-16-10 relu, adam lr 0.002, batch 32": the active run's label, or the run the form
    // would begin.
    QString describeRun(const TrainingConfig& form) const;
    // What the next train() trains, for the panel: "run 2: 784-16-…", "accurate (further)", …
    QString describeTarget(const TrainingConfig& form) const;

    const std::vector<TrainingRun>& runs() const { return m_runs; }
    const TrainingRun* run(int id) const;
    // The run was saved to `path`: it has no unsaved changes until it trains again.
    void markSaved(int id, const QString& path);
    // Drops a run from runs() (stopping it first when it is on the worker).
    void removeRun(int id);

signals:
    void datasetLoading(const QString& folder);
    void datasetReady(const QString& folder);
    void datasetError(const QString& folder, const QString& message);
    void startModelChanged();                          // startFrom, or the start model was dropped
    void trainingStarted(int runId);                   // train() or step() drives this run
    void runStarted(int runId, const QString& label);  // a new run began on the worker
    void runsChanged();                                // added, removed, saved, or newly unsaved
    void stateChanged(digitscope::ui::TrainingWorker::State state);
    void networkUpdated(int runId, std::shared_ptr<const core::Network> network);  // <= 30/s
    void resetDone(std::shared_ptr<const core::Network> freshWeights);
    void lossReported(double epochPosition, double loss);
    void epochFinished(int epoch, double trainLoss, double testLoss, double testAccuracy);
    void progressReported(const digitscope::ui::TrainingProgress& progress);
    void statusMessage(const QString& text);  // "epoch 2/5 · 812k samples/s · test 95.1%"
    void errorOccurred(const QString& title, const QString& message);
    // After an epoch the run is stuck (paused: dead neurons, chance level) or its loss rises;
    // `message` says what happened and what to try. Also in TrainingRun::trouble.
    void troubleFound(int runId, const QString& message);
    // step() was called: the weights the step starts from are currentNetwork() now (null
    // before a run's first weights).
    void stepRequested();
    // Step trained one batch: "one batch of 32: loss 0.412, 28 right; weights moved 0.0012 on
    // average, at most 0.0089".
    void stepDone(const QString& summary);

private:
    void connectWorker();
    void searchDefaultDataset();
    bool beginRun(const TrainingConfig& form);
    void stopActiveRun();
    TrainingRun* activeRun();
    bool acceptingRunSignals() const;

    // The dataset a run with `form` trains on: m_data, or its first form.trainLimit samples.
    std::shared_ptr<const core::DatasetPair> trainingData(const TrainingConfig& form);
    void onDatasetLoaded(const QString& folder, std::shared_ptr<const core::DatasetPair> data);
    void onDatasetFailed(const QString& folder, const QString& message);
    void onRunBegan();
    void onStateChanged(TrainingWorker::State state);
    void onLoss(const QList<QPointF>& points);
    void onEpoch(int epoch, double trainLoss, double testLoss, double testAccuracy);
    void onProgress(const TrainingProgress& progress);
    void onSnapshot(std::shared_ptr<const core::Network> network);
    void onDiverged(const QString& message);
    void onTrouble(const QString& message);
    void onFailed(const QString& message);

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;  // lives on m_thread; deleted after it has stopped

    std::shared_ptr<const core::DatasetPair> m_data;
    // The dataset cut to the form's training-set limit (trainingData), kept while the dataset
    // and the limit stay, so that runs one after another share its restroked images.
    std::shared_ptr<const core::DatasetPair> m_limitedData;
    std::shared_ptr<const core::DatasetPair> m_limitedFrom;
    std::int64_t m_limitedTo = 0;
    QString m_folder;
    QString m_loadingFolder;
    bool m_folderRequested = false;

    std::optional<core::Model> m_startModel;
    QString m_startName;
    std::shared_ptr<const core::Network> m_current;
    std::vector<TrainingRun> m_runs;
    int m_nextRunId = 1;
    int m_activeRun = 0;  // id of the run on the worker; 0: none
    int m_runsRequested = 0;
    int m_runsBegun = 0;
    TrainingWorker::State m_workerState = TrainingWorker::State::Idle;
};

}  // namespace digitscope::ui
