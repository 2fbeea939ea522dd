#include "session/teaching/lesson_worker.h"

#include <QElapsedTimer>
#include <exception>
#include <utility>

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
    }
    return {m_images, m_penDigits};
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
        while (!tuner.finished()) {
            if (m_cancel.load()) return;
            tuner.train(kStepsPerChunk);
            if (sinceReport.elapsed() >= kReportEveryMs && !tuner.finished()) {
                sinceReport.restart();
                report({LessonReport::Kind::Progress,
                        request.id,
                        tuner.stepsDone(),
                        request.settings.steps,
                        std::make_shared<const core::Network>(tuner.network()),
                        0,
                        {}});
            }
        }
        report({LessonReport::Kind::Finished,
                request.id,
                request.settings.steps,
                request.settings.steps,
                std::make_shared<const core::Network>(tuner.network()),
                static_cast<double>(clock.elapsed()) / 1000.0,
                {}});
    } catch (const std::exception& error) {
        report({LessonReport::Kind::Failed, request.id, 0, 0, nullptr, 0,
                QString::fromUtf8(error.what())});
    }
}

}  // namespace digitscope::ui
