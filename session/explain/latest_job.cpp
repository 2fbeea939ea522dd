#include "session/explain/latest_job.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <exception>

#include "core/nn/compute_threads.h"
#include "session/common/thread_priority.h"

namespace digitscope::ui {

LatestJob::LatestJob(QObject* parent) : QObject(parent) {
    connect(this, &LatestJob::deliveryQueued, this, &LatestJob::deliver, Qt::QueuedConnection);
    m_thread = std::thread([this] {
        core::enableFlushToZero();
        run();
    });
}

LatestJob::~LatestJob() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
        m_pending.reset();
    }
    m_superseded = true;
    m_wake.notify_one();
    m_thread.join();
}

void LatestJob::submit(Job job) {
    {
        const std::lock_guard lock(m_mutex);
        m_pending = std::move(job);
        if (m_running) m_superseded = true;
    }
    m_wake.notify_one();
}

bool LatestJob::idle() {
    const std::lock_guard lock(m_mutex);
    return !m_pending && !m_running && !m_delivery;
}

bool LatestJob::waitUntilIdle(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!idle()) {
        if (timer.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

void LatestJob::deliver() {
    std::optional<Delivery> delivery;
    {
        const std::lock_guard lock(m_mutex);
        delivery = std::exchange(m_delivery, std::nullopt);
    }
    if (!delivery || !*delivery) return;
    (*delivery)();
    emit delivered();
}

void LatestJob::run() {
    lowerCurrentThreadPriority();  // an explanation may be late; the window may not
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
        if (m_stop) return;
        Job job = std::move(*m_pending);
        m_pending.reset();
        m_running = true;
        m_superseded = false;
        lock.unlock();

        std::optional<Delivery> delivery;
        try {
            delivery = job(m_superseded);
        } catch (const std::exception&) {
            // A model without a 28 x 28 input, out of memory, ...: nothing to show.
        }
        job = nullptr;  // what it captured is released here, not under the lock

        lock.lock();
        m_running = false;
        if (m_stop) return;
        // Latest request wins: a result whose request a newer one has replaced meanwhile is
        // dropped here, so the window never shows an answer to a question no longer asked.
        if (!delivery || m_pending) continue;
        m_delivery = std::move(delivery);  // an undelivered older one is replaced
        lock.unlock();
        emit deliveryQueued(QPrivateSignal{});
        lock.lock();
    }
}

}  // namespace digitscope::ui
