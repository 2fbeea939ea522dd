#include "session/training/training_worker.h"

#include <QFileInfo>
#include <QMetaObject>
#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "core/base/errors.h"
#include "core/train/evaluation.h"
#include "session/training/dataset_loader.h"
#include "session/training/run_health.h"

namespace digitscope::ui {
namespace {

constexpr std::int64_t kMaxChunkBatches = 100000;

}  // namespace

TrainingWorker::TrainingWorker(QObject* parent)
    : QObject(parent), m_reportRelay(std::make_unique<QObject>()) {
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<State>();
    connect(this, &TrainingWorker::requestsQueued, this, &TrainingWorker::handleRequests,
            Qt::QueuedConnection);
    connect(
        this, &TrainingWorker::reportsQueued, m_reportRelay.get(), [this] { deliverReports(); },
        Qt::QueuedConnection);
}

TrainingWorker::~TrainingWorker() {
    const std::lock_guard activity(m_activityMutex);
    m_trainer.reset();  // it refers to the network
}

void TrainingWorker::request(std::function<void()> action) {
    // Counted before it is queued: a chunk in progress sees it and ends after its batch.
    m_pendingRequests.fetch_add(1);
    {
        const std::lock_guard lock(m_requestsMutex);
        m_requests.push_back(std::move(action));
    }
    emit requestsQueued(QPrivateSignal{});
}

void TrainingWorker::handleRequests() {
    const std::lock_guard activity(m_activityMutex);
    for (;;) {
        std::function<void()> action;
        {
            const std::lock_guard lock(m_requestsMutex);
            if (m_requests.empty()) return;
            action = std::move(m_requests.front());
            m_requests.pop_front();
        }
        m_pendingRequests.fetch_sub(1);
        try {
            action();
        } catch (const std::exception& error) {
            report(&TrainingWorker::failed, QString::fromUtf8(error.what()));
            if (m_state == State::Running) setState(State::Paused);
        }
    }
}

template <typename... Args, typename... Values>
void TrainingWorker::report(void (TrainingWorker::*signal)(Args...), Values... values) {
    bool wake = false;
    {
        const std::lock_guard lock(m_reportsMutex);
        wake = m_reports.empty();  // otherwise a wake-up is already on its way
        m_reports.push_back([this, signal, values...] { (this->*signal)(values...); });
    }
    if (wake) emit reportsQueued(QPrivateSignal{});
}

void TrainingWorker::deliverReports() {
    std::vector<std::function<void()>> reports;
    {
        const std::lock_guard lock(m_reportsMutex);
        reports.swap(m_reports);
    }
    for (const auto& emitSignal : reports) emitSignal();
}

void TrainingWorker::acknowledge(int token) {
    request([this, token] { report(&TrainingWorker::acknowledged, token); });
}

void TrainingWorker::loadDataset(const QString& folder) {
    request([this, folder] {
        try {
            report(&TrainingWorker::datasetLoaded, folder, DatasetLoader::load(folder));
        } catch (const std::exception& error) {
            report(&TrainingWorker::datasetFailed, folder, QString::fromUtf8(error.what()));
        }
    });
}

void TrainingWorker::beginRun(core::Network network, core::TrainerSettings settings,
                              std::shared_ptr<const core::DatasetPair> data) {
    request([this, network = std::move(network), settings, data = std::move(data)]() mutable {
        doBeginRun(std::move(network), settings, std::move(data));
    });
}

void TrainingWorker::start() {
    request([this] { doStart(); });
}

void TrainingWorker::pause() {
    request([this] {
        if (m_state != State::Running) return;
        setState(State::Paused);
        publish(true);
    });
}

void TrainingWorker::step() {
    request([this] { doStep(); });
}

void TrainingWorker::reset() {
    request([this] { doReset(); });
}

void TrainingWorker::stop() {
    request([this] {
        m_trainer.reset();
        m_network.reset();
        m_data.reset();
        m_strokeSets.clear();
        m_pendingLoss.clear();
        setState(State::Idle);
    });
}

void TrainingWorker::setLearningRate(float rate) {
    request([this, rate] {
        if (!(rate > 0) || !std::isfinite(rate))
            throw core::ConfigError("the learning rate must be a positive number");
        m_settings.optimizer.learningRate = rate;
        if (m_trainer) m_trainer->setLearningRate(rate);
    });
}

void TrainingWorker::setStrokeData(const QList<StrokeData>& files) {
    request([this, files] { m_strokeData = files; });
}

std::vector<core::StrokeShare> TrainingWorker::strokeSets() {
    std::vector<core::StrokeShare> sets;
    for (const StrokeData& file : m_strokeData) {
        const QDateTime modified = QFileInfo(file.path).lastModified();
        CachedStrokeSet& cached = m_strokeCache[file.path];
        if (!cached.set || cached.modified != modified) {
            cached = {modified, std::make_shared<const core::StrokeSet>(
                                    core::StrokeSet::read(file.path.toStdString()))};
        }
        sets.push_back({cached.set, static_cast<float>(file.share)});
    }
    return sets;
}

void TrainingWorker::doBeginRun(core::Network network, core::TrainerSettings settings,
                                std::shared_ptr<const core::DatasetPair> data) {
    m_trainer.reset();
    m_network = std::make_unique<core::Network>(std::move(network));
    m_settings = settings;
    if (data != m_restrokedData) {
        m_restroked.reset();
        m_restrokedData.reset();
    }
    m_data = std::move(data);
    m_epochBase = 0;
    m_plannedEpochs = settings.epochs;
    m_batchInEpoch = 0;
    m_batchesTrained = 0;
    m_testAccuracy = -1;
    m_firstTrainLoss = -1;
    m_samplesPerSecond = 0;
    m_trainingSeconds = 0;
    m_pendingLoss.clear();
    try {
        if (!m_data) throw core::ConfigError("no dataset is loaded");
        m_strokeSets = strokeSets();
        makeTrainer();
    } catch (...) {
        m_network.reset();
        m_data.reset();
        setState(State::Idle);
        throw;
    }
    report(&TrainingWorker::runBegan);
    setState(State::Paused);
    publish(true);
}

void TrainingWorker::makeTrainer() {
    // The dataset fills what the stroke sets leave of each batch.
    double strokeShare = 0;
    for (const core::StrokeShare& set : m_strokeSets) strokeShare += set.share;
    const std::int64_t batchesPerEpoch = static_cast<std::int64_t>(
        std::ceil(static_cast<double>(m_data->train.count) /
                  std::max(1.0, std::max(1, m_settings.batchSize) * (1 - strokeShare))));
    m_settings.reportEvery =
        static_cast<int>(std::max<std::int64_t>(1, batchesPerEpoch / kLossPointsPerEpoch));
    m_trainer.reset();
    // Each "train more" round shuffles differently but reproducibly.
    core::TrainerSettings settings = m_settings;
    settings.seed = m_settings.seed + static_cast<std::uint64_t>(m_epochBase);
    if (settings.restrokeShare > 0 && m_restrokedData != m_data) {
        m_restroked = std::make_shared<core::RestrokedImages>(m_data->train);
        m_restrokedData = m_data;
    }
    m_trainer = std::make_unique<core::Trainer>(*m_network, m_data->train, settings,
                                                settings.restrokeShare > 0 ? m_restroked : nullptr,
                                                m_strokeSets);
    m_trainer->setProgressCallback([this](const core::TrainProgress& p) { onProgress(p); });
    m_batchInEpoch = 0;
}

void TrainingWorker::doStart() {
    if (!m_trainer || m_state == State::Running) return;
    m_trainer->clearDivergence();
    if (m_trainer->finished()) {
        // "Train more": another `epochs` epochs from the current weights.
        m_epochBase += m_settings.epochs;
        m_plannedEpochs += m_settings.epochs;
        makeTrainer();
    }
    setState(State::Running);
    publish(true);
    scheduleChunk();
}

void TrainingWorker::doStep() {
    if (!m_trainer) return;
    if (m_state == State::Running) {
        setState(State::Paused);
        publish(true);
        return;
    }
    m_trainer->clearDivergence();
    if (m_trainer->finished()) {
        m_epochBase += m_settings.epochs;
        m_plannedEpochs += m_settings.epochs;
        makeTrainer();
    }
    setState(State::Paused);
    const std::vector<float> before(m_network->parameters().begin(), m_network->parameters().end());
    trainOneBatch();
    if (!m_trainer->diverged()) {
        const Eigen::Map<const Eigen::ArrayXf> was(before.data(),
                                                   static_cast<Eigen::Index>(before.size()));
        const std::span<const float> now = std::as_const(*m_network).parameters();
        const Eigen::Map<const Eigen::ArrayXf> is(now.data(),
                                                  static_cast<Eigen::Index>(now.size()));
        const Eigen::ArrayXf change = (is - was).abs();
        const core::BatchSummary batch = m_trainer->lastBatch();
        report(&TrainingWorker::stepped, batch.loss, batch.correct, static_cast<int>(batch.samples),
               static_cast<double>(change.mean()), static_cast<double>(change.maxCoeff()));
    }
    publish(true);
}

void TrainingWorker::doReset() {
    if (!m_network) return;
    m_network->initialize(m_settings.seed);
    m_epochBase = 0;
    m_plannedEpochs = m_settings.epochs;
    m_batchesTrained = 0;
    m_testAccuracy = -1;
    m_firstTrainLoss = -1;
    m_samplesPerSecond = 0;
    m_trainingSeconds = 0;
    m_pendingLoss.clear();
    makeTrainer();
    setState(State::Paused);
    publish(true);
}

void TrainingWorker::setState(State state) {
    if (state == m_state) return;
    m_state = state;
    report(&TrainingWorker::stateChanged, state);
}

void TrainingWorker::scheduleChunk() {
    if (m_chunkQueued) return;
    m_chunkQueued = true;
    QMetaObject::invokeMethod(this, &TrainingWorker::runChunk, Qt::QueuedConnection);
}

void TrainingWorker::runChunk() {
    const std::lock_guard activity(m_activityMutex);
    m_chunkQueued = false;
    if (m_state != State::Running || !m_trainer) return;
    QElapsedTimer timer;
    timer.start();
    const int epochBefore = m_trainer->epoch();
    std::int64_t done = 0;
    try {
        while (done < m_chunkBatches && m_pendingRequests.load() == 0) {
            if (!trainOneBatch()) break;
            ++done;
        }
    } catch (const std::exception& error) {
        setState(State::Paused);
        report(&TrainingWorker::failed, QString::fromUtf8(error.what()));
        return;
    }
    // Resize the chunk from a clean measurement only: all its batches, no evaluation in it.
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (done == m_chunkBatches && m_trainer->epoch() == epochBefore && ms > 0) {
        const double wanted = static_cast<double>(m_chunkBatches) * kChunkTargetMs / ms;
        const double limited = std::clamp(wanted, 0.5 * static_cast<double>(m_chunkBatches),
                                          2.0 * static_cast<double>(m_chunkBatches));
        m_chunkBatches = std::clamp<std::int64_t>(std::llround(limited), 1, kMaxChunkBatches);
    }
    publish(false);
    if (m_state == State::Running) scheduleChunk();
}

bool TrainingWorker::trainOneBatch() {
    const std::int64_t trained = m_trainer->trainBatches(1);
    m_batchesTrained.fetch_add(trained);
    m_batchInEpoch += trained;
    if (m_trainer->diverged()) {
        handleDivergence();
        return false;
    }
    if (m_trainer->epochComplete()) {
        finishEpoch();
        return m_state == State::Running;
    }
    return trained > 0;
}

void TrainingWorker::finishEpoch() {
    const core::EpochSummary summary = m_trainer->lastEpoch();
    double testLoss = std::numeric_limits<double>::quiet_NaN();
    double testAccuracy = testLoss;
    if (m_data->test.count > 0) {
        const core::Evaluation test = core::evaluate(*m_network, m_data->test);
        testLoss = test.loss;
        testAccuracy = test.accuracy;
        m_testAccuracy = test.accuracy;
    }
    if (!m_pendingLoss.isEmpty()) {
        report(&TrainingWorker::lossReported, m_pendingLoss);  // before the epoch's marker
        m_pendingLoss.clear();
    }
    // The epoch's own weights first, so that a receiver of epochFinished holds exactly them
    // (the run's timeline records them).
    report(&TrainingWorker::snapshotReady,
           std::shared_ptr<const core::Network>(std::make_shared<core::Network>(*m_network)));
    report(&TrainingWorker::epochFinished, m_epochBase + summary.epoch, summary.trainLoss, testLoss,
           testAccuracy);
    m_batchInEpoch = 0;
    const bool stuck = checkHealth(m_epochBase + summary.epoch, summary.trainLoss, testAccuracy);
    if (m_trainer->finished()) {
        setState(State::Finished);
        publish(true);
    } else if (stuck) {
        setState(State::Paused);
        publish(true);
    }
}

bool TrainingWorker::checkHealth(int epoch, double trainLoss, double testAccuracy) {
    if (m_firstTrainLoss < 0 || epoch == 1) m_firstTrainLoss = trainLoss;
    // A few hundred samples show a unit that never changes; the test set when there is one.
    const core::Dataset& sample = m_data->test.count > 1 ? m_data->test : m_data->train;
    std::vector<std::int32_t> indices(
        static_cast<std::size_t>(std::min<std::int64_t>(sample.count, kHealthSamples)));
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<std::int32_t>(i);
    EpochCheck check;
    check.epoch = epoch;
    check.classes = m_network->architecture().sizes.back();
    check.testAccuracy = std::isfinite(testAccuracy) ? testAccuracy : -1;
    check.firstTrainLoss = m_firstTrainLoss;
    check.trainLoss = trainLoss;
    if (indices.size() >= 2) {
        Eigen::MatrixXf inputs;
        std::vector<std::uint8_t> labels;
        core::gatherBatch(sample, indices, inputs, labels);
        check.constantShare = constantUnitShare(*m_network, inputs);
    }
    check.learningRate = m_trainer->learningRate();
    check.optimizer = m_settings.optimizer.kind;
    const RunTrouble trouble = diagnoseEpoch(check);
    if (!trouble.found()) return false;
    report(&TrainingWorker::troubleFound, trouble.message);
    return trouble.stopsLearning;
}

void TrainingWorker::handleDivergence() {
    setState(State::Paused);
    report(&TrainingWorker::diverged,
           tr("The loss became NaN/infinite at learning rate %1; the weights were rolled "
              "back to the last good ones. Lower the rate and train again.")
               .arg(QString::number(static_cast<double>(m_trainer->learningRate()), 'g', 6)));
    publish(true);
}

void TrainingWorker::onProgress(const core::TrainProgress& progress) {
    m_samplesPerSecond = progress.samplesPerSecond;
    m_trainingSeconds = progress.elapsedSeconds;
    if (!std::isfinite(progress.loss) || progress.diverged || progress.batchesPerEpoch < 1) return;
    const double position =
        m_epochBase + (progress.epoch - 1) +
        static_cast<double>(progress.batch) / static_cast<double>(progress.batchesPerEpoch);
    m_pendingLoss.append(QPointF(position, progress.loss));
}

TrainingProgress TrainingWorker::progress() const {
    TrainingProgress result;
    if (!m_trainer) return result;
    result.epochs = m_plannedEpochs;
    result.batchesPerEpoch = m_trainer->batchesPerEpoch();
    const bool between = m_trainer->epochComplete() || m_trainer->epoch() == 0;
    result.epoch = m_epochBase + m_trainer->epoch();
    result.batch = between && m_trainer->epoch() > 0 ? result.batchesPerEpoch : m_batchInEpoch;
    result.batchesTrained = m_batchesTrained.load();
    result.epochPosition =
        std::max(0, result.epoch - 1) +
        static_cast<double>(result.batch) /
            static_cast<double>(std::max<std::int64_t>(1, result.batchesPerEpoch));
    result.samplesPerSecond = m_samplesPerSecond;
    result.trainingSeconds = m_trainingSeconds;
    result.testAccuracy = m_testAccuracy;
    result.learningRate = m_trainer->learningRate();
    return result;
}

void TrainingWorker::publish(bool force) {
    if (!force && m_sincePublish.isValid() && m_sincePublish.elapsed() < kPublishIntervalMs) return;
    m_sincePublish.start();
    if (!m_pendingLoss.isEmpty()) {
        report(&TrainingWorker::lossReported, m_pendingLoss);
        m_pendingLoss.clear();
    }
    report(&TrainingWorker::progressReported, progress());
    if (m_network)
        report(&TrainingWorker::snapshotReady,
               std::shared_ptr<const core::Network>(std::make_shared<core::Network>(*m_network)));
}

}  // namespace digitscope::ui
