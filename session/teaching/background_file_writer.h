#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace digitscope::ui {

// Writes a file atomically (core::writeFileAtomically: temporary file, fsync, rename) on a
// thread of its own, so that the fsync does not hold the caller: on a busy disk it took 20-100
// ms, a stall when the caller is the GUI thread. The newest write queued wins; its contents are
// made on the writer's thread too. A failure goes to the callback, on the writer's thread.
class BackgroundFileWriter {
public:
    using Failure = std::function<void(const std::string& message)>;

    explicit BackgroundFileWriter(Failure onFailure);
    ~BackgroundFileWriter();  // finishes the write queued or running
    BackgroundFileWriter(const BackgroundFileWriter&) = delete;
    BackgroundFileWriter& operator=(const BackgroundFileWriter&) = delete;

    // Replaces a write not yet started. The folder is made when missing.
    void write(std::filesystem::path path, std::function<std::string()> contents);
    // Returns once nothing is queued or being written.
    void wait();

private:
    struct Job {
        std::filesystem::path path;
        std::function<std::string()> contents;
    };
    void run();  // the writer's thread

    Failure m_onFailure;
    std::mutex m_mutex;  // guards the three below
    std::condition_variable m_changed;
    std::optional<Job> m_pending;
    bool m_writing = false;
    bool m_stop = false;
    std::thread m_thread;  // last: starts once the rest exists
};

}  // namespace digitscope::ui
