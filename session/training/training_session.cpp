#include "session/training/training_session.h"

#include <QFileInfo>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "core/base/errors.h"
#include "core/nn/compute_threads.h"
#include "session/common/thread_priority.h"
#include "session/training/dataset_loader.h"

namespace digitscope::ui {
namespace {

QString formatSamplesRate(double samplesPerSecond) {
    if (samplesPerSecond >= 1e6)
        return QStringLiteral("%1M").arg(samplesPerSecond / 1e6, 0, 'f', 2);
    if (samplesPerSecond >= 1e3)
        return QStringLiteral("%1k").arg(std::lround(samplesPerSecond / 1e3));
    return QString::number(std::lround(samplesPerSecond));
}

}  // namespace

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("training"));
    // Training never sleeps; below the GUI thread's priority it cannot hold up the window.
    // (Direct: runs on the new thread as it starts.)
    connect(&m_thread, &QThread::started, [] {
        lowerCurrentThreadPriority();
        core::enableFlushToZero();
    });
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connectWorker();
    m_thread.start();
    // The default places are searched once the caller had its chance to name a folder.
    QTimer::singleShot(0, this, &TrainingSession::searchDefaultDataset);
}

TrainingSession::~TrainingSession() {
    m_worker->stop();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;  // its thread has ended: nothing else can touch it
}

void TrainingSession::connectWorker() {
    connect(m_worker, &TrainingWorker::datasetLoaded, this, &TrainingSession::onDatasetLoaded);
    connect(m_worker, &TrainingWorker::datasetFailed, this, &TrainingSession::onDatasetFailed);
    connect(m_worker, &TrainingWorker::runBegan, this, &TrainingSession::onRunBegan);
    connect(m_worker, &TrainingWorker::stateChanged, this, &TrainingSession::onStateChanged);
    connect(m_worker, &TrainingWorker::lossReported, this, &TrainingSession::onLoss);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingSession::onEpoch);
    connect(m_worker, &TrainingWorker::progressReported, this, &TrainingSession::onProgress);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &TrainingSession::onSnapshot);
    connect(m_worker, &TrainingWorker::diverged, this, &TrainingSession::onDiverged);
    connect(m_worker, &TrainingWorker::troubleFound, this, &TrainingSession::onTrouble);
    connect(m_worker, &TrainingWorker::stepped, this,
            [this](double loss, int correct, int samples, double meanChange, double maxChange) {
                if (!acceptingRunSignals()) return;
                emit stepDone(tr("Step: one batch of %1, loss %2, %3 right; the weights moved "
                                 "%4 on average, at most %5.")
                                  .arg(samples)
                                  .arg(loss, 0, 'f', 3)
                                  .arg(correct)
                                  .arg(meanChange, 0, 'g', 2)
                                  .arg(maxChange, 0, 'g', 2));
            });
    connect(m_worker, &TrainingWorker::failed, this, &TrainingSession::onFailed);
}

// --- the dataset --------------------------------------------------------------------------------

void TrainingSession::searchDefaultDataset() {
    if (m_folderRequested) return;
    const QString folder = DatasetLoader::findDefaultFolder();
    if (!folder.isEmpty()) setDatasetFolder(folder);
}

void TrainingSession::setDatasetFolder(const QString& folder) {
    m_folderRequested = true;
    const QString path = folder.isEmpty() ? folder : QFileInfo(folder).absoluteFilePath();
    if (path == m_loadingFolder || (path == m_folder && m_data && m_loadingFolder.isEmpty()))
        return;
    m_loadingFolder = path;
    m_worker->loadDataset(path);
    emit datasetLoading(path);
}

void TrainingSession::onDatasetLoaded(const QString& folder,
                                      std::shared_ptr<const core::DatasetPair> dataset) {
    if (folder != m_loadingFolder) return;  // a later request wins
    m_loadingFolder.clear();
    m_folder = folder;
    m_data = std::move(dataset);
    emit datasetReady(folder);
}

void TrainingSession::onDatasetFailed(const QString& folder, const QString& message) {
    if (folder != m_loadingFolder) return;
    m_loadingFolder.clear();
    emit datasetError(folder, message);
    emit errorOccurred(tr("Cannot load the dataset"), message);
}

// --- what is trained ----------------------------------------------------------------------------

void TrainingSession::startFrom(const core::Model& model, const QString& name) {
    stopActiveRun();
    m_startModel = model;
    m_startName = name;
    m_current = std::make_shared<const core::Network>(model.network);
    emit startModelChanged();
}

void TrainingSession::keepStartModelOnlyFor(const std::optional<core::Architecture>& architecture) {
    if (!m_startModel || runActive()) return;
    if (architecture && *architecture == m_startModel->network.architecture()) return;
    m_startModel.reset();
    m_startName.clear();
    emit startModelChanged();
}

const TrainingRun* TrainingSession::run(int id) const {
    for (const TrainingRun& run : m_runs)
        if (run.id == id) return &run;
    return nullptr;
}

TrainingRun* TrainingSession::activeRun() {
    return const_cast<TrainingRun*>(run(m_activeRun));
}

std::shared_ptr<const core::DatasetPair> TrainingSession::trainingData(const TrainingConfig& form) {
    if (!m_data || form.trainLimit <= 0 || form.trainLimit >= m_data->train.count) return m_data;
    if (m_limitedFrom != m_data || m_limitedTo != form.trainLimit) {
        auto limited = std::make_shared<core::DatasetPair>();
        limited->test = m_data->test;
        limited->train.name = m_data->train.name;
        limited->train.rows = m_data->train.rows;
        limited->train.cols = m_data->train.cols;
        const std::int64_t count = form.trainLimit;
        const auto pixels = m_data->train.pixels.begin();
        limited->train.pixels.assign(pixels, pixels + count * m_data->train.featureSize());
        limited->train.labels.assign(m_data->train.labels.begin(),
                                     m_data->train.labels.begin() + count);
        limited->train.count = count;
        m_limitedData = std::move(limited);
        m_limitedFrom = m_data;
        m_limitedTo = form.trainLimit;
    }
    return m_limitedData;
}

bool TrainingSession::beginRun(const TrainingConfig& form) {
    if (!m_data) return false;
    const int inputs = inputSize();
    TrainingRun run;
    try {
        const core::Architecture architecture = form.architecture(inputs, 10);
        const bool fromModel = m_startModel && m_startModel->network.architecture() == architecture;
        core::Network network =
            fromModel ? m_startModel->network : core::Network(architecture, form.seed);
        run.label = form.describe(inputs, 10);
        if (fromModel) {
            run.trainedFrom = m_startName;
            run.label += tr(" (%1 trained further)").arg(m_startName);
        }
        run.network = std::make_shared<const core::Network>(network);
        m_worker->setStrokeData(form.strokeData);
        m_worker->beginRun(std::move(network), form.trainerSettings(), trainingData(form));
    } catch (const core::ConfigError& error) {
        emit errorOccurred(tr("Cannot start training"), QString::fromUtf8(error.what()));
        return false;
    }
    run.id = m_nextRunId++;
    run.config = form;
    run.dataset = m_data->train.name;
    run.trainSamples = trainingData(form)->train.count;
    m_current = run.network;
    m_activeRun = run.id;
    m_runs.push_back(std::move(run));
    ++m_runsRequested;
    m_workerState = TrainingWorker::State::Paused;
    emit runsChanged();
    return true;
}

void TrainingSession::stopActiveRun() {
    if (!m_activeRun) return;
    m_worker->stop();  // the run is over; its last weights stay in runs()
    const TrainingRun* stopped = run(m_activeRun);
    const bool trained = stopped && stopped->batchesTrained > 0;
    const int id = m_activeRun;
    m_activeRun = 0;
    m_workerState = TrainingWorker::State::Idle;
    if (!trained) {  // nothing was learnt: nothing to keep
        std::erase_if(m_runs, [id](const TrainingRun& r) { return r.id == id; });
        emit runsChanged();
    }
}

void TrainingSession::train(const TrainingConfig& form) {
    if (!m_data && !runActive()) return;
    if (!runActive() && !beginRun(form)) return;
    m_worker->start();
    m_workerState = TrainingWorker::State::Running;  // until the worker says otherwise
    emit stateChanged(m_workerState);
    emit trainingStarted(m_activeRun);
}

void TrainingSession::pause() {
    if (!runActive()) return;
    m_worker->pause();
    if (m_workerState == TrainingWorker::State::Running) {
        m_workerState = TrainingWorker::State::Paused;
        emit stateChanged(m_workerState);
    }
}

void TrainingSession::step(const TrainingConfig& form) {
    if (!runActive() && !beginRun(form)) return;
    emit stepRequested();
    m_worker->step();
    emit stateChanged(m_workerState);
    emit trainingStarted(m_activeRun);
}

void TrainingSession::reset(const TrainingConfig& form) {
    const TrainingRun* active = run(m_activeRun);
    const TrainingConfig config = active ? active->config : form;
    std::optional<core::Architecture> architecture;
    if (active && active->network) architecture = active->network->architecture();
    stopActiveRun();
    const bool hadStartModel = m_startModel.has_value();
    m_startModel.reset();
    m_startName.clear();
    if (hadStartModel) emit startModelChanged();
    try {
        // The seed's fresh weights, made here so that no late snapshot of the old run can win.
        if (!architecture) architecture = config.architecture(inputSize(), 10);
        m_current = std::make_shared<const core::Network>(*architecture, config.seed);
        emit resetDone(m_current);
    } catch (const core::ConfigError&) {
        // An invalid form: nothing to show until it is corrected.
    }
    emit stateChanged(m_workerState);
    emit statusMessage(tr("Reset to fresh weights."));
}

void TrainingSession::setLearningRate(double rate) {
    TrainingRun* active = activeRun();
    if (!active) return;
    active->config.learningRate = rate;
    m_worker->setLearningRate(static_cast<float>(rate));
}

QString TrainingSession::describeRun(const TrainingConfig& form) const {
    if (const TrainingRun* active = run(m_activeRun)) return active->label;
    return form.describe(inputSize(), 10);
}

QString TrainingSession::describeTarget(const TrainingConfig& form) const {
    if (const TrainingRun* active = run(m_activeRun))
        return tr("run %1: %2").arg(active->id).arg(active->label);
    if (m_startModel) return tr("%1, further").arg(m_startName);
    return tr("fresh weights, seed %1").arg(form.seed);
}

void TrainingSession::markSaved(int id, const QString& path) {
    for (TrainingRun& run : m_runs)
        if (run.id == id) {
            run.savedPath = path;
            run.unsaved = false;
            emit runsChanged();
        }
}

void TrainingSession::removeRun(int id) {
    if (id == m_activeRun) stopActiveRun();
    if (std::erase_if(m_runs, [id](const TrainingRun& r) { return r.id == id; }) > 0)
        emit runsChanged();
}

// --- what the worker reports
// ----------------------------------------------------------------------

bool TrainingSession::acceptingRunSignals() const {
    // Reports of a run that was reset, or of the one before the run being started, are dropped.
    return m_activeRun != 0 && m_runsBegun == m_runsRequested;
}

void TrainingSession::onRunBegan() {
    ++m_runsBegun;
    if (!acceptingRunSignals()) return;
    if (const TrainingRun* active = run(m_activeRun)) emit runStarted(active->id, active->label);
}

void TrainingSession::onStateChanged(TrainingWorker::State state) {
    if (!acceptingRunSignals()) return;
    m_workerState = state;
    emit stateChanged(state);
}

void TrainingSession::onLoss(const QList<QPointF>& points) {
    if (!acceptingRunSignals()) return;
    for (const QPointF& point : points) emit lossReported(point.x(), point.y());
}

void TrainingSession::onEpoch(int epoch, double trainLoss, double testLoss, double testAccuracy) {
    if (!acceptingRunSignals()) return;
    TrainingRun* active = activeRun();
    if (!active) return;
    active->epochsDone = epoch;
    if (std::isfinite(testAccuracy)) active->testAccuracy = testAccuracy;
    if (std::isfinite(testLoss)) active->testLoss = testLoss;
    emit epochFinished(epoch, trainLoss, testLoss, testAccuracy);
    emit runsChanged();
}

void TrainingSession::onProgress(const TrainingProgress& progress) {
    if (!acceptingRunSignals()) return;
    if (TrainingRun* active = activeRun()) {
        active->trainingSeconds = progress.trainingSeconds;
        active->batchesTrained = progress.batchesTrained;
    }
    emit progressReported(progress);
    QString text = tr("epoch %1/%2").arg(std::max(1, progress.epoch)).arg(progress.epochs);
    if (progress.samplesPerSecond > 0)
        text += tr(" · %1 samples/s").arg(formatSamplesRate(progress.samplesPerSecond));
    if (progress.testAccuracy >= 0)
        text += tr(" · test %1%").arg(100 * progress.testAccuracy, 0, 'f', 1);
    if (m_workerState == TrainingWorker::State::Paused)
        text = tr("paused at batch %1 · ").arg(progress.batchesTrained) + text;
    else if (m_workerState == TrainingWorker::State::Finished)
        text = tr("finished · ") + text;
    emit statusMessage(text);
}

void TrainingSession::onSnapshot(std::shared_ptr<const core::Network> network) {
    if (!acceptingRunSignals()) return;  // a reset or replaced run's last weights
    TrainingRun* active = activeRun();
    if (!active) return;
    active->network = network;
    m_current = network;
    if (active->batchesTrained > 0 && !active->unsaved) {
        active->unsaved = true;
        emit runsChanged();
    }
    emit networkUpdated(active->id, std::move(network));
}

void TrainingSession::onDiverged(const QString& message) {
    if (!acceptingRunSignals()) return;
    m_workerState = TrainingWorker::State::Paused;
    emit stateChanged(m_workerState);
    emit statusMessage(message);
    emit errorOccurred(tr("Training diverged"), message);
}

void TrainingSession::onTrouble(const QString& message) {
    if (!acceptingRunSignals()) return;
    TrainingRun* active = activeRun();
    if (!active) return;
    active->trouble = message;
    emit troubleFound(active->id, message);
    emit errorOccurred(tr("Training is going wrong"), message);
}

void TrainingSession::onFailed(const QString& message) {
    if (m_activeRun && m_runsBegun != m_runsRequested) {
        // The run could not begin (the worker refused its settings): it is not a run.
        const int id = m_activeRun;
        m_activeRun = 0;
        m_runsBegun = m_runsRequested;
        m_workerState = TrainingWorker::State::Idle;
        std::erase_if(m_runs, [id](const TrainingRun& r) { return r.id == id; });
        emit runsChanged();
    }
    emit stateChanged(m_workerState);
    emit errorOccurred(tr("Training stopped"), message);
}

}  // namespace digitscope::ui
