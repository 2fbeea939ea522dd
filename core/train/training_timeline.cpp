#include "core/train/training_timeline.h"

#include <cmath>

namespace digitscope::core {
namespace {

std::size_t bytesOf(const Network& network) {
    return network.parameters().size() * sizeof(float);
}

}  // namespace

void TrainingTimeline::clear() {
    m_snapshots.clear();
    m_bytes = 0;
    m_nextEarly = 0;
    m_stride = 1;
}

bool TrainingTimeline::offer(double epochPosition, std::shared_ptr<const Network> network) {
    if (!network) return false;
    if (!m_snapshots.empty() && epochPosition < m_nextEarly) return false;
    // After the first epoch (or the early ones), only epoch ends.
    if (m_nextEarly >= 1.0 || (!m_snapshots.empty() && epochPosition >= 1.0)) return false;
    append({epochPosition, 0, std::move(network)});
    // The next power of two of an epoch above this position (2^-10, 2^-9, ... 2^-1, then done).
    double next = std::ldexp(1.0, -kEarlySteps);
    while (next <= epochPosition && next < 1.0) next *= 2.0;
    m_nextEarly = next;
    return true;
}

void TrainingTimeline::recordEpoch(int epoch, std::shared_ptr<const Network> network) {
    if (!network) return;
    m_nextEarly = std::max(m_nextEarly, 1.0);  // a late first epoch: no early ones after it
    append({static_cast<double>(epoch), epoch, std::move(network)});
}

void TrainingTimeline::append(Snapshot snapshot) {
    // A new run's architecture, or a position before the last (a reset): start again.
    if (!m_snapshots.empty() &&
        (m_snapshots.back().network->architecture() != snapshot.network->architecture() ||
         snapshot.epochPosition < m_snapshots.back().epochPosition))
        clear();
    // The previous newest was kept only for being the newest.
    if (m_snapshots.size() > 1 && m_snapshots.back().epoch % m_stride != 0) {
        m_bytes -= bytesOf(*m_snapshots.back().network);
        m_snapshots.pop_back();
    }
    m_bytes += bytesOf(*snapshot.network);
    m_snapshots.push_back(std::move(snapshot));
    while (m_bytes > m_budget && m_snapshots.size() > 2 && m_stride < (1 << 30)) {
        m_stride *= 2;
        dropOffStride(true);
    }
}

void TrainingTimeline::dropOffStride(bool keepNewest) {
    std::vector<Snapshot> kept;
    kept.reserve(m_snapshots.size());
    for (std::size_t i = 0; i < m_snapshots.size(); ++i) {
        Snapshot& s = m_snapshots[i];
        const bool newest = keepNewest && i + 1 == m_snapshots.size();
        if (i > 0 && !newest && s.epoch > 0 && s.epoch % m_stride != 0) {
            m_bytes -= bytesOf(*s.network);
            continue;
        }
        kept.push_back(std::move(s));
    }
    m_snapshots = std::move(kept);
}

}  // namespace digitscope::core
