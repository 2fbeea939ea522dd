#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "core/train/batch_pipeline.h"

namespace digitscope::bench {

// Benchmark-only (bench/batch_pipeline_bench.cpp): the lock-free pipeline the trainer used until
// the plain double buffer of core::BatchPipeline measured as fast or faster (docs/figures.md,
// section 3). Kept so that the comparison can be run again.
//
// Prepares training batches: gathers the samples (pixel / 255), swaps in the restroked copy
// for a share of them, and distorts each with the augmenter; a stroke set's column is its
// drawing distorted as strokes and drawn with the app's pen. A column depends only on the
// batch's key, its number and what start() was given for it, so a batch is the same whoever
// prepares which column.
//
// With a helper thread, the next batch is prepared while the trainer trains on the current
// one, and the trainer joins in when its step is done; both take columns from one atomic
// counter. The trainer never waits long for the helper: the helper prepares a column in its
// own buffer and hands it over only if the trainer has not taken the column back meanwhile
// (the helper may lose its core to another process for milliseconds), so the helper never
// writes into a batch the trainer has finished. Used by one thread (the trainer's); the helper
// only ever works between start() and the end of finish().
class LockFreePipeline {
public:
    // maxColumns: the largest batch that will be started.
    LockFreePipeline(core::BatchSources sources, int maxColumns, bool helperThread);
    ~LockFreePipeline();  // stops and joins the helper
    LockFreePipeline(const LockFreePipeline&) = delete;
    LockFreePipeline& operator=(const LockFreePipeline&) = delete;

    bool hasHelper() const { return m_helper.joinable(); }

    // Starts preparing the batch of these samples (at most maxColumns). Returns at once;
    // without a helper it only asks the CPU to start loading the images. A batch started and
    // not yet taken is dropped. sets: per column, 0 for the dataset's sample `indices[j]`, or
    // k + 1 for drawing `indices[j]` of stroke set k; empty when every column is the dataset's.
    // A stroke column's distortion is number key.firstImage + j of the stroke augmenter.
    void start(const core::BatchKey& key, std::span<const std::int32_t> indices,
               std::span<const std::uint8_t> sets = {});
    // Prepares what is left of the started batch on this thread. Does nothing when no batch
    // is under way.
    void finish();
    // Whether a finished batch with this key is waiting to be taken.
    bool holds(const core::BatchKey& key) const { return m_finished && m_key == key; }
    // x: features x B. Swaps the finished batch into x and labels; x's old buffers are reused
    // for the next batch.
    void take(core::Matrix& x, std::vector<std::uint8_t>& labels);

private:
    // A column's state: (batch number << 3) | one of these.
    enum ColumnState : std::uint64_t { kFree, kClaimed, kWriting, kDone, kTakenBack };

    bool claimColumn(int& column, std::uint32_t& batch);
    // Writes column `column` of the batch under way into `x` (features floats); returns its
    // label (prepareBatchColumn). Reads only the atomics of the batch, so a helper that fell
    // behind may call it for a batch already replaced (its result is then thrown away).
    std::uint8_t prepareColumn(int column, float* x, core::Augmenter::Workspace& work) const;
    void finishOnThisThread();
    void helperLoop();
    void helperColumns();
    void wakeHelper();

    core::BatchSources m_sources;
    int m_features;
    int m_maxColumns;

    // The batch under way or finished; the trainer's thread writes them, the helper writes a
    // column only in the kWriting state (the trainer then waits for kDone).
    core::Matrix m_x;
    std::vector<std::uint8_t> m_labels;
    core::BatchKey m_key;
    bool m_underWay = false;  // started, not yet finished (trainer's thread only)
    bool m_finished = false;  // finished, not yet taken (trainer's thread only)
    std::uint32_t m_batchNumber = 0;

    // What the helper reads of the batch under way: atomics, as a helper that fell behind may
    // read them while the next batch is written (it notices by its column's state).
    // Per column: set << 32 | index (see start()), in one word so that a helper that fell
    // behind never pairs one batch's set with another's index.
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_columns;
    std::atomic<std::int64_t> m_firstSample{0};
    std::atomic<std::uint64_t> m_firstImage{0};
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_states;
    // (batch number mod 2^24) << 40 | columns << 20 | next unclaimed column.
    std::atomic<std::uint64_t> m_claim{0};

    std::atomic<std::uint32_t> m_batchesStarted{0};  // a change wakes the helper
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_helperSleeping{false};  // until the next batch
    std::mutex m_sleepMutex;
    std::condition_variable m_wake;
    core::Augmenter::Workspace m_work;
    std::optional<core::Augmenter::Workspace> m_helperWork;
    std::vector<float> m_helperColumn;
    std::thread m_helper;  // last: started after everything it reads is built
};

}  // namespace digitscope::bench
