#pragma once

#include <QObject>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace digitscope::ui {

// One background job at a time on a thread of its own, for explanations that can take longer
// than a frame (occlusion of a wide network, dreams, a whole test set). The newest request
// wins: a request made while a job runs replaces any not yet started and raises the running
// job's `superseded` flag, which long jobs poll to stop early.
//
// A job runs on the worker and returns a delivery: a closure holding its result by value,
// run on the creating thread (queued), where it may touch widgets. The newest finished
// delivery runs (one finished before the last was delivered replaces it), so a steady stream
// of requests (drawing) still shows results as they come. A job that throws delivers nothing.
//
// The destructor waits for the running job and drops the rest: make this the last member of
// its owner so nothing a job refers to is gone before it.
class LatestJob : public QObject {
    Q_OBJECT
public:
    using Delivery = std::function<void()>;
    using Job = std::function<Delivery(const std::atomic<bool>& superseded)>;

    explicit LatestJob(QObject* parent = nullptr);
    ~LatestJob() override;
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;

    void submit(Job job);
    // No job pending, running or waiting to be delivered.
    bool idle();
    // Runs the event loop until idle (tests, benchmarks); false on timeout.
    bool waitUntilIdle(int timeoutMs = 5000);

signals:
    void delivered();  // after a delivery ran

    // Internal: a delivery waits (emitted from the worker thread).
    void deliveryQueued(QPrivateSignal);

private:
    void run();  // worker thread
    void deliver();

    std::mutex m_mutex;  // guards everything below but m_thread
    std::condition_variable m_wake;
    std::optional<Job> m_pending;
    std::optional<Delivery> m_delivery;
    bool m_running = false;
    bool m_stop = false;
    std::atomic<bool> m_superseded{false};
    std::thread m_thread;  // last: starts once the rest exists
};

}  // namespace digitscope::ui
