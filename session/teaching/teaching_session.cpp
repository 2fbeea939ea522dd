#include "session/teaching/teaching_session.h"

#include <sstream>
#include "core/nn/compute_threads.h"
#include "session/common/thread_priority.h"
#include "session/teaching/lesson_worker.h"

namespace digitscope::ui {

TeachingSession::TeachingSession(QObject* parent) : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("teaching"));
    connect(&m_thread, &QThread::started, [] {
        lowerCurrentThreadPriority();
        core::enableFlushToZero();
    });
    m_worker = new LessonWorker;
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &LessonWorker::reportsReady, this, &TeachingSession::onReports);
    m_thread.start();
}

TeachingSession::~TeachingSession() {
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;  // its thread has ended
}

void TeachingSession::setImageFolder(const QString& folder) {
    m_imageFolder = folder;
    m_worker->submitPrepare(folder);
}

void TeachingSession::begin(const core::Model& base, const QString& name,
                            std::vector<core::Drawing> earlier,
                            std::shared_ptr<const core::Network> taught) {
    cancelRunning();
    m_base = base;
    m_baseName = name;
    m_earlier = std::move(earlier);
    m_lessons.clear();
    m_pending.clear();
    m_unsaved = false;
    m_network = taught ? std::move(taught) : std::make_shared<const core::Network>(base.network);
    emit lessonsChanged();
}

void TeachingSession::reteach(std::vector<core::Drawing> drawings) {
    if (!m_base) return;
    cancelRunning();
    m_earlier.clear();
    m_lessons.clear();
    m_pending.clear();
    m_network = std::make_shared<const core::Network>(m_base->network);
    std::erase_if(drawings,
                  [](const core::Drawing& d) { return d.label < 0 || d.label > 9 || d.isEmpty(); });
    if (drawings.empty()) {
        m_unsaved = false;
        emit networkUpdated(m_network);
    } else {
        m_pending = std::move(drawings);
        m_unsaved = true;
        startLesson();
    }
    emit lessonsChanged();
}

int TeachingSession::taughtDigits() const {
    std::size_t count = m_earlier.size() + m_pending.size();
    for (const Lesson& lesson : m_lessons) count += lesson.drawings.size();
    if (m_runningLesson) count += m_runningLesson->drawings.size();
    return static_cast<int>(count);
}

std::map<std::string, std::string> TeachingSession::metadata() const {
    std::map<std::string, std::string> result;
    if (!m_base) return result;
    result = m_base->metadata;
    result["taught_from"] = m_baseName.toStdString();
    result["taught_digits"] = std::to_string(taughtDigits());
    result.erase("test_accuracy");
    if (m_testAfter && !learning()) {
        std::ostringstream text;
        text.precision(6);
        text << m_testAfter->accuracy;
        result["test_accuracy"] = text.str();
    }
    return result;
}

QString TeachingSession::describe() const {
    const int digits = taughtDigits();
    return digits == 1 ? tr("%1, taught 1 digit").arg(m_baseName)
                       : tr("%1, taught %2 digits").arg(m_baseName).arg(digits);
}

void TeachingSession::teach(const core::Drawing& drawing) {
    if (!m_base || drawing.label < 0 || drawing.label > 9 || drawing.isEmpty()) return;
    m_pending.push_back(drawing);
    m_unsaved = true;
    if (!m_running) startLesson();
    emit lessonsChanged();
}

void TeachingSession::startLesson() {
    Lesson lesson;
    lesson.drawings = std::move(m_pending);
    m_pending.clear();
    lesson.before.assign(m_network->parameters().begin(), m_network->parameters().end());
    LessonRequest request;
    request.id = m_nextId++;
    request.start = m_network;
    request.drawings = m_earlier;
    for (const Lesson& done : m_lessons)
        request.drawings.insert(request.drawings.end(), done.drawings.begin(), done.drawings.end());
    request.drawings.insert(request.drawings.end(), lesson.drawings.begin(), lesson.drawings.end());
    request.imageFolder = m_imageFolder;
    request.settings = m_settings;
    m_runningLesson = std::move(lesson);
    m_running = request.id;
    m_worker->submit(std::move(request));
}

void TeachingSession::cancelRunning() {
    if (!m_running) return;
    m_worker->cancel();
    m_running = 0;  // its reports are dropped from now on
    if (m_runningLesson)
        setNetwork([&] {
            auto network = std::make_shared<core::Network>(*m_network);
            network->setParameters(m_runningLesson->before);
            return std::shared_ptr<const core::Network>(std::move(network));
        }());
    m_runningLesson.reset();
}

bool TeachingSession::undoLesson() {
    m_undone.clear();
    if (m_running) {
        if (m_runningLesson) m_undone = m_runningLesson->drawings;
        m_undone.insert(m_undone.end(), m_pending.begin(), m_pending.end());
        cancelRunning();
        m_pending.clear();
    } else if (!m_lessons.empty()) {
        m_undone = m_lessons.back().drawings;
        auto network = std::make_shared<core::Network>(*m_network);
        network->setParameters(m_lessons.back().before);
        m_lessons.pop_back();
        setNetwork(std::move(network));
    } else {
        return false;
    }
    m_unsaved = !m_lessons.empty();
    emit lessonsChanged();
    return true;
}

void TeachingSession::backToBase() {
    if (!m_base) return;
    cancelRunning();
    m_earlier.clear();
    m_lessons.clear();
    m_pending.clear();
    m_unsaved = false;
    setNetwork(std::make_shared<const core::Network>(m_base->network));
    emit lessonsChanged();
}

void TeachingSession::setNetwork(std::shared_ptr<const core::Network> network) {
    if (network != m_network) m_testBefore.reset(), m_testAfter.reset();
    m_network = std::move(network);
    emit networkUpdated(m_network);
}

void TeachingSession::onReports() {
    for (LessonReport& report : m_worker->takeReports()) {
        switch (report.kind) {
            case LessonReport::Kind::Progress:
                onProgressed(report.id, report.stepsDone, report.steps, std::move(report.network));
                break;
            case LessonReport::Kind::Finished:
                onFinished(report);
                break;
            case LessonReport::Kind::Failed:
                onFailed(report.id, report.message);
                break;
        }
    }
}

void TeachingSession::onProgressed(int id, int stepsDone, int steps,
                                   std::shared_ptr<const core::Network> network) {
    if (id != m_running) return;
    emit networkUpdated(network);  // shown live; m_network stays the lesson's start
    emit progressed(stepsDone, steps);
}

void TeachingSession::onFinished(LessonReport& report) {
    if (report.id != m_running) return;
    m_running = 0;
    m_lessons.push_back(std::move(*m_runningLesson));
    m_runningLesson.reset();
    m_lastSeconds = report.seconds;
    setNetwork(std::move(report.network));
    m_testBefore = std::move(report.testBefore);
    m_testAfter = std::move(report.testAfter);
    emit lessonFinished(m_lastSeconds);
    if (!m_pending.empty()) startLesson();
    emit lessonsChanged();
}

void TeachingSession::onFailed(int id, const QString& message) {
    if (id != m_running) return;
    m_running = 0;
    m_runningLesson.reset();
    m_pending.clear();
    m_unsaved = !m_lessons.empty();
    emit lessonsChanged();
    emit errorOccurred(message);
}

}  // namespace digitscope::ui
