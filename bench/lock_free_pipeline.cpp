#include "bench/lock_free_pipeline.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "core/nn/compute_threads.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace digitscope::bench {
namespace {

// How long the helper waits for the next batch before it sleeps.
constexpr std::chrono::microseconds kHelperSpin{200};
// How long the trainer waits for the helper's columns before it prepares them itself: a few
// columns' time.
constexpr std::chrono::microseconds kHelperGrace{5};

// The helper's share of a core is measured over kShareWindow while it is runnable; below
// kMinShare it rests for kRest.
constexpr std::chrono::milliseconds kShareWindow{2};
constexpr double kMinShare = 0.8;
constexpr std::chrono::milliseconds kRest{20};

// CPU time of the calling thread in seconds; negative where the system cannot tell.
double threadCpuSeconds() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec now{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
        return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
#endif
    return -1;
}

constexpr int kColumnBits = 20;  // batches of up to 65536 samples
constexpr std::uint64_t kColumnMask = (1u << kColumnBits) - 1;
constexpr std::uint32_t kBatchMask = (1u << 24) - 1;

std::uint64_t stateOf(std::uint32_t batch, std::uint64_t state) {
    return static_cast<std::uint64_t>(batch) << 3 | state;
}

// The leading columns that are the dataset's (the trainer puts them first).
std::size_t datasetColumns(std::span<const std::int32_t> indices,
                           std::span<const std::uint8_t> sets) {
    if (sets.empty()) return indices.size();
    return static_cast<std::size_t>(
        std::find_if(sets.begin(), sets.end(), [](std::uint8_t s) { return s != 0; }) -
        sets.begin());
}

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

}  // namespace

LockFreePipeline::LockFreePipeline(core::BatchSources sources, int maxColumns, bool helperThread)
    : m_sources(sources),
      m_features(sources.data->featureSize()),
      m_maxColumns(maxColumns),
      m_columns(
          std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(maxColumns))),
      m_states(
          std::make_unique<std::atomic<std::uint64_t>[]>(static_cast<std::size_t>(maxColumns))),
      m_work(sources.data->rows, sources.data->cols) {
    for (int j = 0; j < maxColumns; ++j) {
        m_columns[j].store(0, std::memory_order_relaxed);
        m_states[j].store(stateOf(0, kDone), std::memory_order_relaxed);
    }
    if (helperThread) {
        m_helperWork.emplace(sources.data->rows, sources.data->cols);
        m_helperColumn.resize(static_cast<std::size_t>(m_features));
        m_helper = std::thread([this] {
            core::enableFlushToZero();  // as core/train/batch_pipeline.cpp
            helperLoop();
        });
    }
}

LockFreePipeline::~LockFreePipeline() {
    if (!m_helper.joinable()) return;
    m_stop.store(true);
    m_batchesStarted.fetch_add(1);
    { std::lock_guard lock(m_sleepMutex); }
    m_wake.notify_one();  // sleeping or resting
    m_helper.join();
}

void LockFreePipeline::wakeHelper() {
    m_batchesStarted.fetch_add(1);
    // Either the helper sees the new count before it sleeps, or it sleeps before this load
    // (both sequentially consistent): then the lock waits until it is inside wait(). A resting
    // helper wakes by itself.
    if (m_helperSleeping.load()) {
        { std::lock_guard lock(m_sleepMutex); }
        m_wake.notify_one();
    }
}

void LockFreePipeline::start(const core::BatchKey& key, std::span<const std::int32_t> indices,
                             std::span<const std::uint8_t> sets) {
    finish();  // never two batches under way: the buffers and the counters are shared
    const auto columns = static_cast<int>(indices.size());
    if (columns < 1 || columns > m_maxColumns) throw std::invalid_argument("bad batch size");
    if (!sets.empty() && sets.size() != indices.size())
        throw std::invalid_argument("one set per column");
    if (m_x.rows() != m_features || m_x.cols() != columns) m_x.resize(m_features, columns);
    m_labels.resize(indices.size());
    m_key = key;
    m_finished = false;
    m_underWay = true;
    m_batchNumber = (m_batchNumber + 1) & kBatchMask;
    // Every column of the last batch is done or taken back by now; a helper still on one of
    // them that reads what follows fails its hand-over (the fence orders those states before).
    std::atomic_thread_fence(std::memory_order_release);
    for (int j = 0; j < columns; ++j) {
        const std::uint64_t set = sets.empty() ? 0 : sets[static_cast<std::size_t>(j)];
        m_columns[j].store(set << 32 | static_cast<std::uint32_t>(indices[std::size_t(j)]),
                           std::memory_order_relaxed);
        m_states[j].store(stateOf(m_batchNumber, kFree), std::memory_order_relaxed);
    }
    m_firstSample.store(key.firstSample, std::memory_order_relaxed);
    m_firstImage.store(key.firstImage, std::memory_order_relaxed);
    // Publishes the batch: a column claimed from this value sees everything written above.
    m_claim.store(static_cast<std::uint64_t>(m_batchNumber) << (2 * kColumnBits) |
                      static_cast<std::uint64_t>(columns) << kColumnBits,
                  std::memory_order_release);
    if (m_helper.joinable())
        wakeHelper();
    else
        core::prefetchBatch(*m_sources.data, indices.first(datasetColumns(indices, sets)));
}

void LockFreePipeline::finish() {
    if (!m_underWay) return;
    finishOnThisThread();
    m_underWay = false;
    m_finished = true;
}

void LockFreePipeline::take(core::Matrix& x, std::vector<std::uint8_t>& labels) {
    x.swap(m_x);
    labels.swap(m_labels);
    m_finished = false;
}

void LockFreePipeline::finishOnThisThread() {
    const auto column = [this](int j) {
        return m_x.data() + static_cast<std::ptrdiff_t>(j) * m_features;
    };
    const auto columns = static_cast<int>(m_x.cols());
    if (!m_helper.joinable()) {  // no one to share with: no claims
        for (int j = 0; j < columns; ++j)
            m_labels[static_cast<std::size_t>(j)] = prepareColumn(j, column(j), m_work);
        m_claim.store(0, std::memory_order_relaxed);
        return;
    }
    int j = 0;
    std::uint32_t batch = 0;
    while (claimColumn(j, batch)) {
        m_labels[static_cast<std::size_t>(j)] = prepareColumn(j, column(j), m_work);
        m_states[j].store(stateOf(batch, kDone), std::memory_order_relaxed);
    }
    // The helper's columns: done, being handed over (a copy: wait), or still under way; those
    // it has not handed over within the grace time are prepared here and taken back from it.
    const auto deadline = std::chrono::steady_clock::now() + kHelperGrace;
    bool late = false;
    for (j = 0; j < columns; ++j)
        for (int spins = 0;; ++spins) {
            std::uint64_t state = m_states[j].load(std::memory_order_acquire);
            const std::uint64_t kind = state & 7;
            if (kind == kDone || kind == kTakenBack) break;
            if (kind == kWriting) {
                if (spins > 64) std::this_thread::yield();
                cpuRelax();
                continue;
            }
            if (!late) {
                late = spins % 16 == 15 && std::chrono::steady_clock::now() > deadline;
                cpuRelax();
                continue;
            }
            if (m_states[j].compare_exchange_strong(state, (state & ~std::uint64_t{7}) | kTakenBack,
                                                    std::memory_order_acq_rel)) {
                m_labels[static_cast<std::size_t>(j)] = prepareColumn(j, column(j), m_work);
                break;
            }
        }
}

bool LockFreePipeline::claimColumn(int& column, std::uint32_t& batch) {
    std::uint64_t claim = m_claim.load(std::memory_order_acquire);
    for (;;) {
        const std::uint64_t next = claim & kColumnMask;
        if (next >= ((claim >> kColumnBits) & kColumnMask)) return false;
        if (m_claim.compare_exchange_weak(claim, claim + 1, std::memory_order_acq_rel,
                                          std::memory_order_acquire)) {
            column = static_cast<int>(next);
            batch = static_cast<std::uint32_t>(claim >> (2 * kColumnBits));
            return true;
        }
    }
}

std::uint8_t LockFreePipeline::prepareColumn(int column, float* x,
                                             core::Augmenter::Workspace& work) const {
    const std::uint64_t source = m_columns[column].load(std::memory_order_relaxed);
    core::BatchKey key;
    key.firstSample = m_firstSample.load(std::memory_order_relaxed);
    key.firstImage = m_firstImage.load(std::memory_order_relaxed);
    return core::prepareBatchColumn(m_sources, key, column,
                                    static_cast<std::int32_t>(source & 0xffffffffu),
                                    static_cast<std::size_t>(source >> 32), x, work);
}

void LockFreePipeline::helperColumns() {
    int j = 0;
    std::uint32_t batch = 0;
    while (claimColumn(j, batch)) {
        std::atomic<std::uint64_t>& state = m_states[j];
        std::uint64_t expected = stateOf(batch, kFree);
        if (!state.compare_exchange_strong(expected, stateOf(batch, kClaimed),
                                           std::memory_order_acq_rel))
            continue;  // the trainer took it back
        const std::uint8_t label = prepareColumn(j, m_helperColumn.data(), *m_helperWork);
        // The batch's atomics were read before the hand-over below: if they belonged to a
        // later batch already, the trainer took this column back first and the hand-over fails.
        std::atomic_thread_fence(std::memory_order_acquire);
        expected = stateOf(batch, kClaimed);
        if (!state.compare_exchange_strong(expected, stateOf(batch, kWriting),
                                           std::memory_order_acq_rel))
            continue;
        std::copy(m_helperColumn.begin(), m_helperColumn.end(),
                  m_x.data() + static_cast<std::ptrdiff_t>(j) * m_features);
        m_labels[static_cast<std::size_t>(j)] = label;
        state.store(stateOf(batch, kDone), std::memory_order_release);
    }
}

void LockFreePipeline::helperLoop() {
    std::uint32_t seen = 0;
    auto windowStart = std::chrono::steady_clock::now();
    double cpuAtStart = threadCpuSeconds();
    const auto sleepUntilWoken = [&] {
        std::unique_lock lock(m_sleepMutex);
        m_helperSleeping.store(true);
        m_wake.wait(lock, [&] { return m_batchesStarted.load() != seen || m_stop.load(); });
        m_helperSleeping.store(false);
    };
    for (;;) {
        // Training starts a batch every few tens of microseconds, and a sleeping thread takes
        // about as long to wake (longer on a virtual machine): the helper spins a while for
        // the next batch before it sleeps, so that it joins in while the batch is young.
        const auto until = std::chrono::steady_clock::now() + kHelperSpin;
        bool slept = false;
        // The stop flag is part of every wait: the destructor may set it (and notify) after
        // the check below and before `seen` is read again.
        for (int spins = 1; m_batchesStarted.load() == seen && !m_stop.load(); ++spins) {
            cpuRelax();
            if (spins % 64 == 0 && std::chrono::steady_clock::now() > until) {
                sleepUntilWoken();
                slept = true;
                break;
            }
        }
        if (m_stop.load()) return;
        // Spinning pays only with a core of its own. When the helper got less than most of a
        // core while it was runnable, it shares one (with the trainer or another program), and
        // its spinning takes time from training: it rests a while, unwoken, then tries again.
        const auto now = std::chrono::steady_clock::now();
        if (slept) {
            windowStart = now;
            cpuAtStart = threadCpuSeconds();
        } else if (now - windowStart > kShareWindow) {
            const double cpu = threadCpuSeconds();
            const double wall = std::chrono::duration<double>(now - windowStart).count();
            if (cpu >= 0 && cpu - cpuAtStart < kMinShare * wall) {
                std::unique_lock lock(m_sleepMutex);
                m_wake.wait_for(lock, kRest, [&] { return m_stop.load(); });
                if (m_stop.load()) return;
            }
            windowStart = std::chrono::steady_clock::now();
            cpuAtStart = threadCpuSeconds();
        }
        seen = m_batchesStarted.load();
        helperColumns();
    }
}

}  // namespace digitscope::bench
