#include "ui/teaching/lesson_worker.h"

#include <QElapsedTimer>
#include <exception>

#include "ui/teaching/replay_data.h"

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
                emit progressed(request.id, tuner.stepsDone(), request.settings.steps,
                                std::make_shared<const core::Network>(tuner.network()));
            }
        }
        emit finished(request.id, std::make_shared<const core::Network>(tuner.network()),
                      static_cast<double>(clock.elapsed()) / 1000.0);
    } catch (const std::exception& error) {
        emit failed(request.id, QString::fromUtf8(error.what()));
    }
}

}  // namespace digitscope::ui
