#include "ui/training/training_panel.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QTimer>
#include <cmath>
#include <sstream>

#include "core/errors.h"
#include "ui/common/thread_priority.h"
#include "ui/training/dataset_loader.h"

namespace digitscope::ui {
namespace {

// QProgressBar::setValue repaints at once (repaint(), not update()) whenever the bar grows by a
// pixel or a percent; a synchronous repaint paints everything dirty in the window, network view
// and chart included, inside the progress report, ~30 times a second while training. With
// updates disabled around it the value changes quietly; enabling them again calls update(),
// which the next frame coalesces with everything else.
void setProgressQuietly(QProgressBar* bar, int value) {
    if (bar->value() == value) return;
    bar->setUpdatesEnabled(false);
    bar->setValue(value);
    bar->setUpdatesEnabled(true);
}

QString formatSamplesRate(double samplesPerSecond) {
    if (samplesPerSecond >= 1e6)
        return QStringLiteral("%1M").arg(samplesPerSecond / 1e6, 0, 'f', 2);
    if (samplesPerSecond >= 1e3)
        return QStringLiteral("%1k").arg(std::lround(samplesPerSecond / 1e3));
    return QString::number(std::lround(samplesPerSecond));
}

std::string number(double value) {
    std::ostringstream text;
    text.precision(6);
    text << value;
    return text.str();
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
    buildForm();
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);  // the chart takes the height
    m_thread.setObjectName(QStringLiteral("training"));
    // Training never sleeps; below the GUI thread's priority it cannot hold up the window.
    // (Direct: runs on the new thread as it starts.)
    connect(&m_thread, &QThread::started, [] { lowerCurrentThreadPriority(); });
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connectWorker();
    m_thread.start();
    showDataset();
    updateControls();
    // The default places are searched once the caller had its chance to name a folder.
    QTimer::singleShot(0, this, &TrainingPanel::searchDefaultDataset);
}

TrainingPanel::~TrainingPanel() {
    m_worker->stop();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;  // its thread has ended: nothing else can touch it
}

void TrainingPanel::connectWorker() {
    connect(m_worker, &TrainingWorker::datasetLoaded, this, &TrainingPanel::onDatasetLoaded);
    connect(m_worker, &TrainingWorker::datasetFailed, this, &TrainingPanel::onDatasetFailed);
    connect(m_worker, &TrainingWorker::runBegan, this, &TrainingPanel::onRunBegan);
    connect(m_worker, &TrainingWorker::stateChanged, this, &TrainingPanel::onStateChanged);
    connect(m_worker, &TrainingWorker::lossReported, this, &TrainingPanel::onLoss);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingPanel::onEpoch);
    connect(m_worker, &TrainingWorker::progressReported, this, &TrainingPanel::onProgress);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &TrainingPanel::onSnapshot);
    connect(m_worker, &TrainingWorker::diverged, this, &TrainingPanel::onDiverged);
    connect(m_worker, &TrainingWorker::failed, this, &TrainingPanel::onFailed);
}

void TrainingPanel::searchDefaultDataset() {
    if (m_folderRequested) return;
    const QString folder = DatasetLoader::findDefaultFolder();
    if (!folder.isEmpty()) setDatasetFolder(folder);
}

void TrainingPanel::setDatasetFolder(const QString& folder) {
    m_folderRequested = true;
    const QString path = folder.isEmpty() ? folder : QFileInfo(folder).absoluteFilePath();
    if (path == m_loadingFolder || (path == m_folder && m_data && m_loadingFolder.isEmpty()))
        return;
    m_loadingFolder = path;
    m_worker->loadDataset(path);
    showDataset();
}

void TrainingPanel::onDatasetLoaded(const QString& folder,
                                    std::shared_ptr<const core::DatasetPair> dataset) {
    if (folder != m_loadingFolder) return;  // a later request wins
    m_loadingFolder.clear();
    m_folder = folder;
    m_data = std::move(dataset);
    showDataset();
    updateArchitectureLabel();
    updateControls();
    emit datasetReady(folder);
}

void TrainingPanel::onDatasetFailed(const QString& folder, const QString& message) {
    if (folder != m_loadingFolder) return;
    m_loadingFolder.clear();
    showDataset();
    updateControls();
    emit datasetError(folder, message);
    emit errorOccurred(tr("Cannot load the dataset"), message);
}

void TrainingPanel::startFrom(const core::Model& model) {
    if (m_runActive) {
        m_worker->stop();
        m_runActive = false;
    }
    m_startModel = model;
    const core::Architecture& architecture = model.network.architecture();
    TrainingConfig form = config();
    form.hiddenLayers.clear();
    for (int l = 1; l + 1 < static_cast<int>(architecture.sizes.size()); ++l)
        form.hiddenLayers += (l > 1 ? QStringLiteral("-") : QString()) +
                             QString::number(architecture.sizes[static_cast<std::size_t>(l)]);
    form.activation = architecture.hidden;
    form.loss = architecture.loss;
    setConfig(form);
    m_startModel = model;  // the form's change handlers dropped it
    m_current = std::make_shared<const core::Network>(model.network);
    m_progress->setValue(0);
    m_statusLabel->setText(tr("Ready to train the loaded model further."));
    updateControls();
}

bool TrainingPanel::beginRunFromForm() {
    if (!m_data) return false;
    const TrainingConfig form = config();
    const int inputs = m_data->train.featureSize();
    try {
        const core::Architecture architecture = form.architecture(inputs, 10);
        const bool fromModel = m_startModel && m_startModel->network.architecture() == architecture;
        core::Network network =
            fromModel ? m_startModel->network : core::Network(architecture, form.seed);
        m_runLabel = form.describe(inputs, 10);
        if (fromModel) m_runLabel += tr(" (trained further)");
        m_worker->setStrokeData(form.strokeData);
        m_worker->beginRun(std::move(network), form.trainerSettings(), m_data);
    } catch (const core::ConfigError& error) {
        emit errorOccurred(tr("Cannot start training"), QString::fromUtf8(error.what()));
        return false;
    }
    m_runConfig = form;
    m_runDataset = m_data->train.name;
    m_runTrainSamples = m_data->train.count;
    m_epochsDone = 0;
    m_testAccuracy = m_testLoss = -1;
    m_trainingSeconds = 0;
    m_runActive = true;
    ++m_runsRequested;
    m_workerState = TrainingWorker::State::Paused;
    return true;
}

void TrainingPanel::train() {
    if (!m_data && !m_runActive) return;
    if (!m_runActive && !beginRunFromForm()) return;
    m_worker->start();
    m_workerState = TrainingWorker::State::Running;  // until the worker says otherwise
    updateControls();
}

void TrainingPanel::pause() {
    if (!m_runActive) return;
    m_worker->pause();
    if (m_workerState == TrainingWorker::State::Running)
        m_workerState = TrainingWorker::State::Paused;
    updateControls();
}

void TrainingPanel::step() {
    if (!m_runActive && !beginRunFromForm()) return;
    m_worker->step();
    updateControls();
}

void TrainingPanel::reset() {
    const bool wasActive = m_runActive;
    if (m_runActive) m_worker->stop();  // the run is over; the next Train begins a new one
    m_startModel.reset();
    m_runActive = false;
    try {
        // The seed's fresh weights, made here so that no late snapshot of the old run can win.
        const int inputs = m_data ? m_data->train.featureSize() : 784;
        const TrainingConfig form = wasActive ? m_runConfig : config();
        const core::Architecture architecture =
            wasActive && m_current ? m_current->architecture() : form.architecture(inputs, 10);
        m_current = std::make_shared<const core::Network>(architecture, form.seed);
        emit networkUpdated(m_current);
    } catch (const core::ConfigError&) {
        // An invalid form: nothing to show until it is corrected.
    }
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("epoch progress"));
    m_statusLabel->setText(tr("Reset to fresh weights."));
    emit statusMessage(m_statusLabel->text());
    updateControls();
}

void TrainingPanel::learningRateChanged(double rate) {
    if (!m_runActive) return;
    m_runConfig.learningRate = rate;
    m_worker->setLearningRate(static_cast<float>(rate));
}

bool TrainingPanel::acceptingRunSignals() const {
    // Reports of a run that was reset, or of the one before the run being started, are dropped.
    return m_runActive && m_runsBegun == m_runsRequested;
}

void TrainingPanel::onRunBegan() {
    ++m_runsBegun;
    if (acceptingRunSignals()) emit runStarted(m_runLabel);
}

void TrainingPanel::onStateChanged(TrainingWorker::State state) {
    if (!acceptingRunSignals()) return;
    m_workerState = state;
    updateControls();
}

void TrainingPanel::onLoss(const QList<QPointF>& points) {
    if (!acceptingRunSignals()) return;
    for (const QPointF& point : points) emit lossReported(point.x(), point.y());
}

void TrainingPanel::onEpoch(int epoch, double trainLoss, double testLoss, double testAccuracy) {
    if (!acceptingRunSignals()) return;
    m_epochsDone = epoch;
    if (std::isfinite(testAccuracy)) m_testAccuracy = testAccuracy;
    if (std::isfinite(testLoss)) m_testLoss = testLoss;
    emit epochFinished(epoch, trainLoss, testLoss, testAccuracy);
}

void TrainingPanel::onProgress(const TrainingProgress& progress) {
    if (!acceptingRunSignals()) return;
    m_trainingSeconds = progress.trainingSeconds;
    const int perEpoch = static_cast<int>(std::max<std::int64_t>(1, progress.batchesPerEpoch));
    m_progress->setRange(0, perEpoch);
    setProgressQuietly(m_progress,
                       static_cast<int>(std::min<std::int64_t>(progress.batch, perEpoch)));
    m_progress->setFormat(
        tr("epoch %1/%2 · %p%").arg(std::max(1, progress.epoch)).arg(progress.epochs));
    QString text = tr("epoch %1/%2").arg(std::max(1, progress.epoch)).arg(progress.epochs);
    if (progress.samplesPerSecond > 0)
        text += tr(" · %1 samples/s").arg(formatSamplesRate(progress.samplesPerSecond));
    if (progress.testAccuracy >= 0)
        text += tr(" · test %1%").arg(100 * progress.testAccuracy, 0, 'f', 1);
    if (m_workerState == TrainingWorker::State::Paused)
        text = tr("paused at batch %1 · ").arg(progress.batchesTrained) + text;
    else if (m_workerState == TrainingWorker::State::Finished)
        text = tr("finished · ") + text;
    m_statusLabel->setText(text);
    emit statusMessage(text);
}

void TrainingPanel::onSnapshot(std::shared_ptr<const core::Network> network) {
    if (!acceptingRunSignals()) return;  // a reset or replaced run's last weights
    m_current = std::move(network);
    emit networkUpdated(m_current);
}

void TrainingPanel::onDiverged(const QString& message) {
    if (!acceptingRunSignals()) return;
    m_workerState = TrainingWorker::State::Paused;
    updateControls();
    m_statusLabel->setText(message);
    emit statusMessage(message);
    emit errorOccurred(tr("Training diverged"), message);
}

void TrainingPanel::onFailed(const QString& message) {
    if (m_runActive && m_runsBegun != m_runsRequested) {
        // The run could not begin (the worker refused its settings).
        m_runActive = false;
        m_runsBegun = m_runsRequested;
    }
    updateControls();
    emit errorOccurred(tr("Training stopped"), message);
}

QString TrainingPanel::describeRun() const {
    if (m_runActive) return m_runLabel;
    const int inputs = m_data ? m_data->train.featureSize() : 784;
    return config().describe(inputs, 10);
}

std::map<std::string, std::string> TrainingPanel::modelMetadata() const {
    if (!m_runActive && m_startModel) return m_startModel->metadata;
    const TrainingConfig& run = m_runActive ? m_runConfig : config();
    std::map<std::string, std::string> metadata{
        {"trained_with", "digitscope GUI"},
        {"optimizer", core::toString(run.optimizer)},
        {"learning_rate", number(run.learningRate)},
        {"schedule", "constant"},
        {"batch", std::to_string(run.batchSize)},
        {"epochs", std::to_string(m_epochsDone)},
        {"seed", std::to_string(run.seed)},
        {"augment", run.augment ? "1" : "no"},
        {"restroke", run.padStrokes ? number(TrainingConfig::kPadStrokeShare) : "0"},
        {"strokes_data", run.describeStrokeData()},
    };
    if (m_runActive) {
        metadata["dataset"] = m_runDataset;
        metadata["train_samples"] = std::to_string(m_runTrainSamples);
        metadata["training_seconds"] = number(m_trainingSeconds);
    }
    if (m_testAccuracy >= 0) metadata["test_accuracy"] = number(m_testAccuracy);
    if (m_testLoss >= 0) metadata["test_loss"] = number(m_testLoss);
    return metadata;
}

void TrainingPanel::restoreSettings(QSettings& settings) {
    setConfig(TrainingConfig::load(settings));
}

void TrainingPanel::saveSettings(QSettings& settings) const {
    config().save(settings);
}

}  // namespace digitscope::ui
