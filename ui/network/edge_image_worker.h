#pragma once

#include <QImage>
#include <QObject>
#include <QSize>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/nn/network.h"
#include "ui/network/edge_layer.h"
#include "ui/network/network_layout.h"

namespace digitscope::ui {

// Renders the network view's edge picture (EdgeLayer) on a thread of its own, so that new
// weights arriving ~30 times a second while training cost the GUI thread a request instead
// of a 10-15 ms rebuild per paint. The newest request wins: requests made while a picture
// is being rendered replace each other and only the latest is rendered next.
//
// request() and takeResult() are for the thread that created the worker; resultReady is
// emitted from the render thread (connect it queued). Requests and results cross threads
// through one std::mutex, never through Qt's event queue, so ThreadSanitizer (blind to Qt's
// own locks) checks the hand-off; the signal only wakes the receiver.
//
// The destructor waits for a render in progress and drops the rest: delete the worker
// before anything its requests point into (they hold the network by shared_ptr).
class EdgeImageWorker : public QObject {
    Q_OBJECT
public:
    struct Request {
        std::shared_ptr<const core::Network> network;  // not null
        NetworkLayout layout;                          // of the network's architecture
        QSize size;                                    // logical pixels
        qreal dpr = 1.0;
        std::uint64_t generation = 0;  // echoed in the result; the caller's own counter
        // The weights before a change: the result's glow lights the edges that changed most
        // since (EdgeLayer::renderGlow). Null: no glow.
        std::shared_ptr<const core::Network> glowFrom;
    };
    struct Result {
        QImage image;
        std::vector<int> sizes;  // the architecture it shows
        std::uint64_t generation = 0;
        double renderMs = 0.0;  // wall time of the render on the worker's thread
        EdgeLayer::Glow glow;   // over `image`; null without glowFrom
    };

    explicit EdgeImageWorker(QObject* parent = nullptr);
    ~EdgeImageWorker() override;
    EdgeImageWorker(const EdgeImageWorker&) = delete;
    EdgeImageWorker& operator=(const EdgeImageWorker&) = delete;

    // Replaces any request not yet started; when both glow, the glow spans both changes.
    void request(Request request);
    // The newest finished picture not yet taken (an older untaken one is dropped).
    std::optional<Result> takeResult();
    // Nothing pending or being rendered (a finished result may still wait to be taken).
    bool idle();

signals:
    // A result waits for takeResult(); emitted from the render thread.
    void resultReady(QPrivateSignal);

private:
    void run();  // the render thread

    std::mutex m_mutex;  // guards everything below but m_layer and m_thread
    std::condition_variable m_wake;
    std::optional<Request> m_pending;
    std::optional<Result> m_result;
    bool m_rendering = false;
    bool m_stop = false;
    EdgeLayer m_layer;     // the render thread's only
    std::thread m_thread;  // last: starts once the rest exists
};

}  // namespace digitscope::ui
