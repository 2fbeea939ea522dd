#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QThread>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/dataset.h"
#include "core/model_file.h"
#include "core/network.h"
#include "ui/training/training_config.h"
#include "ui/training/training_worker.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace digitscope::ui {

class StrokeDataList;

// The training form and its buttons (Train / Pause / Step / Reset). It owns the worker thread
// and the TrainingWorker on it, and passes what the worker reports on as GUI-thread signals.
// The form is editable while no run is going; the learning rate can change at any time.
//
// Settings: restoreSettings / saveSettings read and write the form (TrainingConfig, the keys of
// the group "training"); config() / setConfig() give the same without QSettings.
class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    ~TrainingPanel() override;  // stops the worker, quit(), wait()

    // Loads the folder on the worker's thread; the latest request wins. On failure: datasetError
    // (and errorOccurred) and the previous dataset stays. Without a call before the event loop
    // runs, the panel looks in the default places (DatasetLoader::candidateFolders).
    void setDatasetFolder(const QString& folder);
    QString datasetFolder() const { return m_folder; }  // of the loaded dataset
    bool hasDataset() const { return m_data != nullptr; }

    // The model becomes the network to train further: the form shows its architecture and the
    // next Train starts from its weights (until the architecture is changed or Reset).
    void startFrom(const core::Model& model);
    std::shared_ptr<const core::Network> currentNetwork() const { return m_current; }
    QString describeRun() const;  // "784-16-16-10 relu, adam lr 0.002, batch 32"
    std::map<std::string, std::string> modelMetadata() const;

    TrainingConfig config() const;  // what the form holds
    void setConfig(const TrainingConfig& config);
    void restoreSettings(QSettings& settings);
    void saveSettings(QSettings& settings) const;

    bool runActive() const { return m_runActive; }
    TrainingWorker::State workerState() const { return m_workerState; }

    // The buttons' actions.
    void train();
    void pause();
    void step();
    void reset();

signals:
    void networkUpdated(std::shared_ptr<const core::Network> network);  // <= 30/s
    void lossReported(double epochPosition, double loss);
    void epochFinished(int epoch, double trainLoss, double testLoss, double testAccuracy);
    void runStarted(const QString& label);
    void statusMessage(const QString& text);  // "epoch 2/5 · 812k samples/s · test 95.1%"
    void errorOccurred(const QString& title, const QString& message);
    void datasetReady(const QString& folder);
    void datasetError(const QString& folder, const QString& message);

private:
    void buildForm();
    void connectWorker();
    void chooseFolder();
    void searchDefaultDataset();
    bool beginRunFromForm();
    void updateControls();
    void updateArchitectureLabel();
    void optimizerChanged();
    void learningRateChanged(double rate);
    void showDataset();

    void onDatasetLoaded(const QString& folder, std::shared_ptr<const core::DatasetPair> data);
    void onDatasetFailed(const QString& folder, const QString& message);
    void onRunBegan();
    void onStateChanged(TrainingWorker::State state);
    void onLoss(const QList<QPointF>& points);
    void onEpoch(int epoch, double trainLoss, double testLoss, double testAccuracy);
    void onProgress(const TrainingProgress& progress);
    void onSnapshot(std::shared_ptr<const core::Network> network);
    void onDiverged(const QString& message);
    void onFailed(const QString& message);
    bool acceptingRunSignals() const;

    QThread m_thread;
    TrainingWorker* m_worker = nullptr;  // lives on m_thread; deleted after it has stopped

    std::shared_ptr<const core::DatasetPair> m_data;
    QString m_folder;
    QString m_loadingFolder;
    bool m_folderRequested = false;

    std::optional<core::Model> m_startModel;
    std::shared_ptr<const core::Network> m_current;
    bool m_runActive = false;
    int m_runsRequested = 0;
    int m_runsBegun = 0;
    TrainingWorker::State m_workerState = TrainingWorker::State::Idle;
    TrainingConfig m_runConfig;
    QString m_runLabel;
    std::string m_runDataset;
    std::int64_t m_runTrainSamples = 0;
    int m_epochsDone = 0;
    double m_testAccuracy = -1;
    double m_testLoss = -1;
    double m_trainingSeconds = 0;
    core::OptimizerKind m_shownOptimizer = core::OptimizerKind::Adam;

    QLabel* m_datasetLabel = nullptr;
    QPushButton* m_chooseButton = nullptr;
    QLineEdit* m_hiddenEdit = nullptr;
    QLabel* m_architectureLabel = nullptr;
    QComboBox* m_activationBox = nullptr;
    QComboBox* m_lossBox = nullptr;
    QComboBox* m_optimizerBox = nullptr;
    QDoubleSpinBox* m_rateSpin = nullptr;
    QSpinBox* m_batchSpin = nullptr;
    QSpinBox* m_epochsSpin = nullptr;
    QSpinBox* m_seedSpin = nullptr;
    QCheckBox* m_augmentBox = nullptr;
    QCheckBox* m_padStrokesBox = nullptr;
    StrokeDataList* m_strokeData = nullptr;
    QPushButton* m_trainButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_stepButton = nullptr;
    QPushButton* m_resetButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_statusLabel = nullptr;
};

}  // namespace digitscope::ui
