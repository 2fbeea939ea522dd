#include "ui/network/edge_image_worker.h"

#include <chrono>
#include <exception>
#include <utility>

#include "core/nn/compute_threads.h"
#include "session/common/thread_priority.h"

namespace digitscope::ui {

EdgeImageWorker::EdgeImageWorker(QObject* parent) : QObject(parent) {
    m_thread = std::thread([this] {
        core::enableFlushToZero();
        run();
    });
}

EdgeImageWorker::~EdgeImageWorker() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
        m_pending.reset();
    }
    m_wake.notify_one();
    m_thread.join();  // a render in progress finishes first; its result is dropped with us
}

void EdgeImageWorker::request(Request request) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_pending && m_pending->glowFrom && request.glowFrom)
            request.glowFrom = std::move(m_pending->glowFrom);  // the changes of both
        m_pending = std::move(request);
    }
    m_wake.notify_one();
}

std::optional<EdgeImageWorker::Result> EdgeImageWorker::takeResult() {
    const std::lock_guard lock(m_mutex);
    return std::exchange(m_result, std::nullopt);
}

bool EdgeImageWorker::idle() {
    const std::lock_guard lock(m_mutex);
    return !m_pending && !m_rendering;
}

void EdgeImageWorker::run() {
    lowerCurrentThreadPriority();  // a late picture is fine; a late window is not
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
        if (m_stop) return;
        Request job = std::move(*m_pending);
        m_pending.reset();
        m_rendering = true;
        lock.unlock();

        std::optional<Result> result;
        try {
            const auto start = std::chrono::steady_clock::now();
            QImage image = m_layer.render(*job.network, job.layout, job.size, job.dpr);
            EdgeLayer::Glow glow;
            if (job.glowFrom)
                glow = m_layer.renderGlow(*job.glowFrom, *job.network, job.layout, image);
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            result = Result{std::move(image), job.network->architecture().sizes, job.generation,
                            took.count(), std::move(glow)};
        } catch (const std::exception&) {
            // Out of memory for a huge view: keep showing the last picture rather than die.
        }
        job = {};  // the network is released here, not while holding the lock

        lock.lock();
        m_rendering = false;
        if (!result || m_stop) continue;
        m_result = std::move(result);
        lock.unlock();
        emit resultReady(QPrivateSignal{});
        lock.lock();
    }
}

}  // namespace digitscope::ui
