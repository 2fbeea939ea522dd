#include "session/teaching/background_file_writer.h"

#include <exception>
#include <utility>

#include "core/io/model_file.h"

namespace digitscope::ui {

BackgroundFileWriter::BackgroundFileWriter(Failure onFailure)
    : m_onFailure(std::move(onFailure)), m_thread([this] { run(); }) {}

BackgroundFileWriter::~BackgroundFileWriter() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;  // after the queued write: the last change is not lost on quitting
    }
    m_changed.notify_all();
    m_thread.join();
}

void BackgroundFileWriter::write(std::filesystem::path path,
                                 std::function<std::string()> contents) {
    {
        const std::lock_guard lock(m_mutex);
        m_pending = Job{std::move(path), std::move(contents)};
    }
    m_changed.notify_all();
}

void BackgroundFileWriter::wait() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_pending && !m_writing; });
}

void BackgroundFileWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stop || m_pending.has_value(); });
        if (!m_pending) return;  // stopping, nothing left to write
        Job job = std::move(*m_pending);
        m_pending.reset();
        m_writing = true;
        lock.unlock();
        std::string failure;
        try {
            if (job.path.has_parent_path())
                std::filesystem::create_directories(job.path.parent_path());
            core::writeFileAtomically(job.path, job.contents());
        } catch (const std::exception& error) {
            failure = error.what();
        }
        if (!failure.empty() && m_onFailure) m_onFailure(failure);
        lock.lock();
        m_writing = false;
        m_changed.notify_all();
    }
}

}  // namespace digitscope::ui
