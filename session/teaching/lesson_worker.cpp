#include "session/teaching/lesson_worker.h"

#include <QElapsedTimer>
#include <exception>
#include <utility>

#include "core/train/evaluation.h"
#include "session/teaching/replay_data.h"

namespace digitscope::ui {
namespace {

constexpr int kStepsPerChunk = 4;      // ~15 ms of a 784-256-128-10 network on one core
constexpr qint64 kReportEveryMs = 33;  // at most ~30 reports a second

}  // namespace

core::ReplaySources LessonWorker::replayFor(const QString& imageFolder) {
    if (!m_penLoaded) {
        m_penDigits = ReplayData::bundledPenDigits();
        m_penLoaded = true;
    }
    if (imageFolder != m_imageFolder || (!m_images && !imageFolder.isEmpty())) {
        m_images = imageFolder.isEmpty() ? nullptr : ReplayData::trainingImages(imageFolder);
        m_imageFolder = imageFolder;
        m_testImages.reset();
        m_scoredNetwork.reset();
        try {
            if (!imageFolder.isEmpty()) m_testImages = ReplayData::testImages(imageFolder);
        } catch (const std::exception&) {
            // Without a test set a lesson still runs; it only cannot say what it cost.
        }
    }
    return {m_images, m_penDigits};
}

std::optional<TestScore> LessonWorker::score(const std::shared_ptr<const core::Network>& network) {
    if (!m_testImages || !network) return std::nullopt;
    if (network != m_scoredNetwork) {
        const core::Evaluation evaluation = core::evaluate(*network, *m_testImages);
        m_scored = {evaluation.accuracy, evaluation.perClassAccuracy()};
        m_scoredNetwork = network;
    }
    return m_scored;
}

LessonWorker::LessonWorker() {
    connect(this, &LessonWorker::jobsQueued, this, &LessonWorker::runQueued, Qt::QueuedConnection);
}

void LessonWorker::submitPrepare(const QString& imageFolder) {
    {
        const std::lock_guard lock(m_mutex);
        m_inbox.push_back({true, imageFolder, {}});
    }
    emit jobsQueued(QPrivateSignal{});
}

void LessonWorker::submit(LessonRequest request) {
    {
        const std::lock_guard lock(m_mutex);
        m_inbox.push_back({false, {}, std::move(request)});
    }
    emit jobsQueued(QPrivateSignal{});
}

std::vector<LessonReport> LessonWorker::takeReports() {
    const std::lock_guard lock(m_mutex);
    return std::exchange(m_outbox, {});
}

void LessonWorker::runQueued() {
    Job job;
    {
        const std::lock_guard lock(m_mutex);
        if (m_inbox.empty()) return;
        job = std::move(m_inbox.front());
        m_inbox.pop_front();
    }
    if (job.prepareOnly)
        prepare(job.imageFolder);
    else
        run(job.request);
}

void LessonWorker::report(LessonReport report) {
    bool wasEmpty = false;
    {
        const std::lock_guard lock(m_mutex);
        wasEmpty = m_outbox.empty();
        m_outbox.push_back(std::move(report));
    }
    if (wasEmpty) emit reportsReady();
}

void LessonWorker::prepare(const QString& imageFolder) {
    try {
        replayFor(imageFolder);
    } catch (const std::exception&) {
        m_imageFolder.clear();  // the lesson tries again and reports it
    }
}

void LessonWorker::run(const LessonRequest& request) {
    m_cancel.store(false);
    QElapsedTimer clock;
    clock.start();
    try {
        core::FineTuner tuner(*request.start, request.drawings, replayFor(request.imageFolder),
                              request.settings);
        QElapsedTimer sinceReport;
        sinceReport.start();
        const auto weights = [&tuner](LessonReport::Kind kind, int id, int steps) {
            LessonReport made;
            made.kind = kind;
            made.id = id;
            made.stepsDone = tuner.stepsDone();
            made.steps = steps;
            made.network = std::make_shared<const core::Network>(tuner.network());
            return made;
        };
        while (!tuner.finished()) {
            if (m_cancel.load()) return;
            tuner.train(kStepsPerChunk);
            if (sinceReport.elapsed() >= kReportEveryMs && !tuner.finished()) {
                sinceReport.restart();
                report(weights(LessonReport::Kind::Progress, request.id, request.settings.steps));
            }
        }
        LessonReport finished =
            weights(LessonReport::Kind::Finished, request.id, request.settings.steps);
        finished.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
        // What the lesson did to the digits it was not taught (MNIST's test set, 10,000
        // images: tens of milliseconds for a small network, a few hundred for a large one).
        finished.testBefore = score(request.start);
        finished.testAfter = score(finished.network);
        if (m_cancel.load()) return;
        report(std::move(finished));
    } catch (const std::exception& error) {
        LessonReport failed;
        failed.kind = LessonReport::Kind::Failed;
        failed.id = request.id;
        failed.message = QString::fromUtf8(error.what());
        report(std::move(failed));
    }
}

}  // namespace digitscope::ui
