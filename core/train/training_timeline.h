#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/nn/network.h"

namespace digitscope::core {

// Weight snapshots of one training run, to scrub through afterwards: the first weights, a few
// log-spaced ones early in the first epoch (where the weight maps change fastest), and the end
// of every epoch. Memory is bounded: when the snapshots exceed the budget, the epoch stride
// doubles and only epochs that are multiples of it stay (with the first, the early ones and the
// newest), so a long run keeps an even, coarser coverage: at most budget / (4 x parameters)
// snapshots, 64 MiB by default (about 1,290 of 784-16-16-10, 71 of 784-256-128-10). Snapshots are
// shared and never changed, so scrubbing to one gives exactly the weights that were recorded.
class TrainingTimeline {
public:
    struct Snapshot {
        double epochPosition = 0;  // epochs done when it was taken (1.0 = end of epoch 1)
        int epoch = 0;             // the finished epoch for an epoch-end snapshot, else 0
        std::shared_ptr<const Network> network;
    };

    static constexpr std::size_t kDefaultBudget = 64u << 20;  // bytes of weights
    static constexpr int kEarlySteps = 10;  // early snapshots at 2^-10 .. 2^-1 epochs

    explicit TrainingTimeline(std::size_t byteBudget = kDefaultBudget) : m_budget(byteBudget) {}

    void clear();
    // A snapshot during the run: kept when it is the run's first or it passes the next
    // log-spaced early position. Returns whether it was kept.
    bool offer(double epochPosition, std::shared_ptr<const Network> network);
    // The weights at the end of `epoch` (always kept, until thinned).
    void recordEpoch(int epoch, std::shared_ptr<const Network> network);

    bool empty() const { return m_snapshots.empty(); }
    int size() const { return static_cast<int>(m_snapshots.size()); }
    const Snapshot& at(int index) const { return m_snapshots[static_cast<std::size_t>(index)]; }
    std::size_t bytes() const { return m_bytes; }
    std::size_t budget() const { return m_budget; }
    int epochStride() const { return m_stride; }  // epochs between kept epoch-end snapshots

private:
    void append(Snapshot snapshot);
    void dropOffStride(bool keepNewest);

    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::vector<Snapshot> m_snapshots;  // in order of epochPosition
    double m_nextEarly = 0;             // the next early position to record at
    int m_stride = 1;
};

}  // namespace digitscope::core
