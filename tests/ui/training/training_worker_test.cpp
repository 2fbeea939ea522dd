#include "session/training/training_worker.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QThread>
#include <QtTest/QTest>
#include <cmath>
#include <memory>
#include <vector>

#include "core/train/trainer.h"
#include "ui/synthetic_digits.h"

namespace digitscope::ui {
namespace {

using State = TrainingWorker::State;

// Collects what the worker reports; its signals are emitted in the test's (GUI) thread.
struct Recorder {
    QObject context;
    std::vector<QPointF> losses;
    std::vector<double> epochAccuracies;
    std::vector<int> epochs;
    std::vector<State> states;
    std::vector<TrainingProgress> progress;
    std::shared_ptr<const core::Network> snapshot;
    QStringList diverged;
    QStringList failures;
    int runsBegun = 0;
    int acknowledged = 0;

    explicit Recorder(TrainingWorker* worker) {
        QObject::connect(worker, &TrainingWorker::lossReported, &context,
                         [this](const QList<QPointF>& points) {
                             losses.insert(losses.end(), points.begin(), points.end());
                         });
        QObject::connect(worker, &TrainingWorker::epochFinished, &context,
                         [this](int epoch, double, double, double accuracy) {
                             epochs.push_back(epoch);
                             epochAccuracies.push_back(accuracy);
                         });
        QObject::connect(worker, &TrainingWorker::stateChanged, &context,
                         [this](State state) { states.push_back(state); });
        QObject::connect(worker, &TrainingWorker::progressReported, &context,
                         [this](const TrainingProgress& p) { progress.push_back(p); });
        QObject::connect(
            worker, &TrainingWorker::snapshotReady, &context,
            [this](std::shared_ptr<const core::Network> n) { snapshot = std::move(n); });
        QObject::connect(worker, &TrainingWorker::diverged, &context,
                         [this](const QString& message) { diverged << message; });
        QObject::connect(worker, &TrainingWorker::failed, &context,
                         [this](const QString& message) { failures << message; });
        QObject::connect(worker, &TrainingWorker::runBegan, &context, [this] { ++runsBegun; });
        QObject::connect(worker, &TrainingWorker::acknowledged, &context,
                         [this](int token) { acknowledged = token; });
    }
    State state() const { return states.empty() ? State::Idle : states.back(); }
};

core::Architecture smallArchitecture() {
    core::Architecture architecture;
    architecture.sizes = {64, 12, 10};
    return architecture;
}

core::TrainerSettings smallSettings(int epochs) {
    core::TrainerSettings settings;
    settings.optimizer.kind = core::OptimizerKind::Adam;
    settings.optimizer.learningRate = 0.01f;
    settings.batchSize = 8;
    settings.epochs = epochs;
    settings.seed = 7;
    return settings;
}

// The worker on its own thread, stopped and joined at the end of each test.
class TrainingWorkerTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_data = std::make_shared<const core::DatasetPair>(testdata::syntheticPair(400, 100));
        m_worker = new TrainingWorker;
        m_worker->moveToThread(&m_thread);
        m_recorder = std::make_unique<Recorder>(m_worker);
        m_thread.start();
    }
    void TearDown() override {
        m_worker->stop();
        m_thread.quit();
        EXPECT_TRUE(m_thread.wait(10000));
        delete m_worker;
    }

    // Every request made so far has been handled, and what it reported has been delivered.
    void sync() {
        const int token = ++m_lastToken;
        m_worker->acknowledge(token);
        ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->acknowledged == token; }, 20000));
    }
    void begin(int epochs, core::TrainerSettings settings) {
        settings.epochs = epochs;
        m_worker->beginRun(core::Network(smallArchitecture(), settings.seed), settings, m_data);
        sync();
    }
    void begin(int epochs) { begin(epochs, smallSettings(epochs)); }

    std::shared_ptr<const core::DatasetPair> m_data;
    QThread m_thread;
    TrainingWorker* m_worker = nullptr;
    std::unique_ptr<Recorder> m_recorder;
    int m_lastToken = 0;
};

TEST_F(TrainingWorkerTest, BeginsPausedWithTheGivenWeights) {
    begin(3);
    EXPECT_EQ(m_recorder->runsBegun, 1);
    EXPECT_EQ(m_recorder->state(), State::Paused);
    ASSERT_TRUE(m_recorder->snapshot);
    const core::Network fresh(smallArchitecture(), 7);
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           m_recorder->snapshot->parameters().begin()));
    EXPECT_EQ(m_worker->batchesTrained(), 0);
}

TEST_F(TrainingWorkerTest, StartsAndReportsLossAndTestAccuracy) {
    begin(1000);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->epochs.size() >= 2; }, 20000));
    m_worker->pause();
    sync();
    ASSERT_FALSE(m_recorder->losses.empty());
    for (const QPointF& point : m_recorder->losses) {
        EXPECT_TRUE(std::isfinite(point.y()));
        EXPECT_GT(point.y(), 0.0);
        EXPECT_GT(point.x(), 0.0);
    }
    EXPECT_EQ(m_recorder->epochs[0], 1);
    EXPECT_EQ(m_recorder->epochs[1], 2);
    // The positions only move forward.
    for (std::size_t i = 1; i < m_recorder->losses.size(); ++i)
        EXPECT_GE(m_recorder->losses[i].x(), m_recorder->losses[i - 1].x());
    EXPECT_GE(m_recorder->epochAccuracies.back(), 0.0);
    EXPECT_LE(m_recorder->epochAccuracies.back(), 1.0);
    EXPECT_EQ(m_recorder->state(), State::Paused);
}

TEST_F(TrainingWorkerTest, PausesWithinOneBatchAndStaysPaused) {
    begin(1000);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_recorder->losses.empty(); }, 20000));
    m_worker->pause();
    // The request was counted before this read: at most the batch already under way follows.
    const std::int64_t atRequest = m_worker->batchesTrained();
    sync();
    const std::int64_t paused = m_worker->batchesTrained();
    EXPECT_LE(paused - atRequest, 1);
    EXPECT_EQ(m_recorder->state(), State::Paused);
    // Nothing trains while paused, however many times the worker's queue is emptied.
    for (int i = 0; i < 5; ++i) sync();
    EXPECT_EQ(m_worker->batchesTrained(), paused);
    ASSERT_FALSE(m_recorder->progress.empty());
    EXPECT_EQ(m_recorder->progress.back().batchesTrained, paused);
}

TEST_F(TrainingWorkerTest, StepTrainsExactlyOneBatch) {
    begin(3);
    const auto before = m_recorder->snapshot;
    m_worker->step();
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 1);
    EXPECT_EQ(m_recorder->state(), State::Paused);
    ASSERT_TRUE(m_recorder->snapshot);
    EXPECT_NE(m_recorder->snapshot, before);
    EXPECT_FALSE(std::equal(before->parameters().begin(), before->parameters().end(),
                            m_recorder->snapshot->parameters().begin()));
    // The 400 samples in batches of 8 make 50 batches: the 50th step finishes epoch 1.
    for (int i = 0; i < 48; ++i) m_worker->step();
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 49);
    EXPECT_TRUE(m_recorder->epochs.empty());
    m_worker->step();
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 50);
    ASSERT_EQ(m_recorder->epochs.size(), 1u);
    EXPECT_EQ(m_recorder->progress.back().batchesTrained, 50);
}

TEST_F(TrainingWorkerTest, ResetGivesTheSeedsFreshWeights) {
    begin(1000);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_recorder->losses.empty(); }, 20000));
    m_worker->reset();
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 0);
    EXPECT_EQ(m_recorder->state(), State::Paused);
    const core::Network fresh(smallArchitecture(), 7);
    ASSERT_TRUE(m_recorder->snapshot);
    EXPECT_TRUE(std::equal(fresh.parameters().begin(), fresh.parameters().end(),
                           m_recorder->snapshot->parameters().begin()));
    EXPECT_EQ(m_recorder->progress.back().epoch, 0);
}

TEST_F(TrainingWorkerTest, ChunkedTrainingEqualsAPlainTrainer) {
    // The worker's chunks, pauses and reports must neither skip nor repeat a batch.
    begin(3);
    m_worker->step();
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->state() == State::Finished; }, 30000));
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 150);
    EXPECT_EQ(m_recorder->epochs, (std::vector<int>{1, 2, 3}));

    core::Network reference(smallArchitecture(), 7);
    core::Trainer trainer(reference, m_data->train, smallSettings(3));
    for (int epoch = 0; epoch < 3; ++epoch) trainer.trainEpoch();
    ASSERT_TRUE(m_recorder->snapshot);
    const auto trained = m_recorder->snapshot->parameters();
    ASSERT_EQ(trained.size(), reference.parameters().size());
    // Equal up to rounding (Eigen's vector loops depend on the buffers' alignment, so two runs
    // may sum in different orders: ~3e-7 here); one batch more or fewer moves weights by ~1e-2.
    float largest = 0;
    for (std::size_t i = 0; i < trained.size(); ++i)
        largest = std::max(largest, std::abs(trained[i] - reference.parameters()[i]));
    EXPECT_LT(largest, 1e-5f);
    // A separable problem: well above chance after three epochs.
    EXPECT_GT(m_recorder->epochAccuracies.back(), 0.8);
}

TEST_F(TrainingWorkerTest, TrainsMoreAfterFinishing) {
    begin(1);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->state() == State::Finished; }, 20000));
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->epochs.size() == 2; }, 20000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->state() == State::Finished; }, 20000));
    EXPECT_EQ(m_recorder->epochs, (std::vector<int>{1, 2}));
    EXPECT_EQ(m_recorder->progress.back().epochs, 2);
    EXPECT_EQ(m_worker->batchesTrained(), 100);
}

TEST_F(TrainingWorkerTest, TrainsWithPadStrokesAndMoreOnTheSameImages) {
    // Restroked images are kept from the first round for the second ("train more").
    core::TrainerSettings settings = smallSettings(1);
    settings.restrokeShare = 0.5f;
    settings.augment = true;
    begin(1, settings);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->state() == State::Finished; }, 20000));
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->epochs.size() == 2; }, 20000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_recorder->state() == State::Finished; }, 20000));
    EXPECT_EQ(m_worker->batchesTrained(), 100);
    EXPECT_EQ(m_recorder->epochs, (std::vector<int>{1, 2}));
    // (No accuracy check: these synthetic classes differ by position, which restroking's
    // recentring removes.)
    ASSERT_FALSE(m_recorder->losses.empty());
    for (const QPointF& point : m_recorder->losses) EXPECT_TRUE(std::isfinite(point.y()));
}

TEST_F(TrainingWorkerTest, DivergencePausesRollsBackAndNamesTheRate) {
    core::TrainerSettings settings = smallSettings(1000);
    settings.optimizer.kind = core::OptimizerKind::Sgd;
    settings.optimizer.learningRate = 1e30f;
    begin(1000, settings);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_recorder->diverged.empty(); }, 20000));
    sync();
    EXPECT_EQ(m_recorder->state(), State::Paused);
    EXPECT_TRUE(m_recorder->diverged.front().contains(QStringLiteral("NaN/infinite")));
    EXPECT_TRUE(m_recorder->diverged.front().contains(QStringLiteral("1e+30")));
    ASSERT_TRUE(m_recorder->snapshot);
    for (float w : m_recorder->snapshot->parameters()) ASSERT_TRUE(std::isfinite(w));
    const std::int64_t stuck = m_worker->batchesTrained();
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), stuck);

    // The roll-back restored weights that gave a finite loss: with a sane rate it goes on.
    m_worker->setLearningRate(0.05f);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_worker->batchesTrained() > stuck + 10; }, 20000));
    m_worker->pause();
    sync();
    EXPECT_FLOAT_EQ(m_recorder->progress.back().learningRate, 0.05f);
}

TEST_F(TrainingWorkerTest, RefusesARateThatIsNotPositive) {
    begin(2);
    m_worker->setLearningRate(-1.0f);
    sync();
    ASSERT_EQ(m_recorder->failures.size(), 1);
    EXPECT_TRUE(m_recorder->failures.front().contains(QStringLiteral("learning rate")));
}

TEST_F(TrainingWorkerTest, RefusesANetworkThatDoesNotFitTheData) {
    core::Architecture wrong;
    wrong.sizes = {784, 10};
    m_worker->beginRun(core::Network(wrong, 1), smallSettings(1), m_data);
    sync();
    EXPECT_EQ(m_recorder->runsBegun, 0);
    ASSERT_EQ(m_recorder->failures.size(), 1);
    EXPECT_TRUE(m_recorder->failures.front().contains(QStringLiteral("784")));
    m_worker->start();  // nothing to start
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), 0);
}

TEST_F(TrainingWorkerTest, StopsAndTheThreadJoins) {
    begin(1000);
    m_worker->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_recorder->losses.empty(); }, 20000));
    m_worker->stop();
    sync();
    EXPECT_EQ(m_recorder->state(), State::Idle);
    const std::int64_t stopped = m_worker->batchesTrained();
    m_worker->start();  // no run any more
    sync();
    EXPECT_EQ(m_worker->batchesTrained(), stopped);
    m_thread.quit();
    EXPECT_TRUE(m_thread.wait(10000));
    EXPECT_TRUE(m_thread.isFinished());
}

TEST_F(TrainingWorkerTest, ReportsADatasetThatCannotBeRead) {
    QString failedFolder;
    QString message;
    QObject::connect(m_worker, &TrainingWorker::datasetFailed, &m_recorder->context,
                     [&](const QString& folder, const QString& text) {
                         failedFolder = folder;
                         message = text;
                     });
    m_worker->loadDataset(QStringLiteral("/nonexistent/digits"));
    sync();
    EXPECT_EQ(failedFolder, QStringLiteral("/nonexistent/digits"));
    EXPECT_TRUE(message.contains(QStringLiteral("/nonexistent/digits")));
}

}  // namespace
}  // namespace digitscope::ui
