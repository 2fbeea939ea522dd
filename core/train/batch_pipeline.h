#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "core/augment/augmenter.h"
#include "core/augment/restroke.h"
#include "core/augment/stroke_augmenter.h"
#include "core/data/dataset.h"
#include "core/data/stroke_set.h"
#include "core/nn/network.h"

namespace digitscope::core {

// Which batch of training a batch is: its samples, which of them are restroked and how each is
// distorted follow from these numbers alone.
struct BatchKey {
    int epoch = 0;
    std::int64_t position = 0;     // its first sample's place in the epoch's order
    std::int64_t firstSample = 0;  // running number of its first sample (restroke coins)
    std::uint64_t firstImage = 0;  // augmenter number of its first image
    bool operator==(const BatchKey&) const = default;
};

// What a batch is made from. The datasets and the augmenter must outlive the pipeline.
struct BatchSources {
    const Dataset* data = nullptr;
    RestrokedImages* restroked = nullptr;  // the data redrawn (see restroke()); null for none
    float restrokeShare = 0;               // share of samples taken from `restroked`
    std::uint64_t restrokeKey = 0;         // a sample's coin: uniform(restrokeKey + running number)
    const Augmenter* augmenter = nullptr;  // null for none
    // Stroke sets a column may come from (see start()), and the distortion of their drawings
    // (null for none). Their columns are drawn through networkInput(): 28 x 28 data only.
    std::vector<const StrokeSet*> strokeSets;
    const StrokeAugmenter* strokeAugmenter = nullptr;
};

// Column `column` of the batch `key` into x (features floats), returning its label: the
// dataset's sample `index` (set 0), restroked by the coin of sample key.firstSample + column and
// distorted as image key.firstImage + column, or drawing `index` of stroke set `set` - 1 drawn
// with the app's pen. Depends on nothing else, so any thread may prepare any column.
std::uint8_t prepareBatchColumn(const BatchSources& sources, const BatchKey& key, int column,
                                std::int32_t index, std::size_t set, float* x,
                                Augmenter::Workspace& work);

// Prepares training batches: gathers the samples (pixel / 255), swaps in the restroked copy
// for a share of them, and distorts each with the augmenter; a stroke set's column is its
// drawing distorted as strokes and drawn with the app's pen (prepareBatchColumn). A batch is the
// same whoever prepares it.
//
// A double buffer behind one mutex: with a helper thread, start() hands the next batch to the
// helper, which prepares it while the trainer trains on the current one; finish() waits until
// the helper is done, or prepares the batch itself when the helper has not begun (so a helper
// that lost its core to another process never holds training up for long). Used by one thread
// (the trainer's); the helper only ever works between start() and the end of finish(). It
// replaced a lock-free pipeline in which both threads shared out the columns: that one was
// 5-30% slower on the shared 2-core machine (docs/figures.md, section 3).
class BatchPipeline {
public:
    // maxColumns: the largest batch that will be started.
    BatchPipeline(BatchSources sources, int maxColumns, bool helperThread);
    ~BatchPipeline();  // stops and joins the helper (after the batch it is preparing)
    BatchPipeline(const BatchPipeline&) = delete;
    BatchPipeline& operator=(const BatchPipeline&) = delete;

    bool hasHelper() const { return m_helper.joinable(); }

    // Starts preparing the batch of these samples (at most maxColumns). Returns at once;
    // without a helper it only asks the CPU to start loading the images. A batch started and
    // not yet taken is dropped. sets: per column, 0 for the dataset's sample `indices[j]`, or
    // k + 1 for drawing `indices[j]` of stroke set k; empty when every column is the dataset's.
    // A stroke column's distortion is number key.firstImage + j of the stroke augmenter.
    void start(const BatchKey& key, std::span<const std::int32_t> indices,
               std::span<const std::uint8_t> sets = {});
    // Waits for, or prepares, the started batch. Does nothing when no batch is under way.
    void finish();
    // Whether a finished batch with this key is waiting to be taken.
    bool holds(const BatchKey& key) const { return m_finished && m_key == key; }
    // x: features x B. Swaps the finished batch into x and labels; x's old buffers are reused
    // for the next batch.
    void take(Matrix& x, std::vector<std::uint8_t>& labels);

private:
    // Idle: nothing under way. Pending: started, nobody on it yet. Helper / Trainer: being
    // prepared by that thread. Done: the helper finished it, finish() has not yet seen it.
    enum class State { Idle, Pending, Helper, Trainer, Done };

    void prepare(Augmenter::Workspace& work);  // the whole batch under way
    void helperLoop();

    BatchSources m_sources;
    int m_features;
    int m_maxColumns;
    Augmenter::Workspace m_work;
    std::optional<Augmenter::Workspace> m_helperWork;

    // The batch under way: written by start() before it is Pending, then only by whichever
    // thread took it (the mutex orders the hand-overs).
    std::vector<std::int32_t> m_indices;
    std::vector<std::uint8_t> m_sets;
    Matrix m_x;
    std::vector<std::uint8_t> m_labels;
    BatchKey m_key;
    bool m_finished = false;  // finished, not yet taken (trainer's thread only)

    std::mutex m_mutex;
    std::condition_variable m_wake;  // the helper: a batch is pending, or stop
    std::condition_variable m_done;  // the trainer: the helper's batch is done
    State m_state = State::Idle;
    bool m_stop = false;
    std::thread m_helper;  // last: started after everything it reads is built
};

}  // namespace digitscope::core
