#include "core/train/batch_pipeline.h"

#include <algorithm>
#include <string>

#include "core/base/errors.h"
#include "core/base/random.h"
#include "core/input/pen.h"
#include "core/nn/compute_threads.h"

namespace digitscope::core {
namespace {

// The leading columns that are the dataset's (the trainer puts them first).
std::size_t datasetColumns(std::span<const std::int32_t> indices,
                           std::span<const std::uint8_t> sets) {
    if (sets.empty()) return indices.size();
    return static_cast<std::size_t>(
        std::find_if(sets.begin(), sets.end(), [](std::uint8_t s) { return s != 0; }) -
        sets.begin());
}

}  // namespace

std::uint8_t prepareBatchColumn(const BatchSources& sources, const BatchKey& key, int column,
                                std::int32_t index, std::size_t set, float* x,
                                Augmenter::Workspace& work) {
    const std::uint64_t sample = static_cast<std::uint64_t>(key.firstSample + column);
    const std::uint64_t image = key.firstImage + static_cast<std::uint64_t>(column);
    const int features = sources.data->featureSize();
    if (set > 0) {
        const Drawing& drawing = sources.strokeSets[set - 1]->drawings[std::size_t(index)];
        if (drawing.isImage() && features == Drawing::kImagePixels) {
            // A digit kept as an image (see Drawing::image): distorted as the images are.
            if (sources.augmenter != nullptr)
                sources.augmenter->distort(drawing.image.data(), x, image, work);
            else
                pixelsToFloats(drawing.image.data(), features, x);
            return static_cast<std::uint8_t>(drawing.label);
        }
        const Eigen::VectorXf input =
            sources.strokeAugmenter != nullptr
                ? networkInput(sources.strokeAugmenter->distort(drawing, image))
                : networkInput(drawing);
        std::copy(input.data(), input.data() + features, x);
        return static_cast<std::uint8_t>(drawing.label);
    }
    const std::uint8_t* pixels = sources.data->image(index);
    // The coin of each sample depends only on the key and its running number.
    if (sources.restroked != nullptr &&
        unitInterval(splitMixHash(sources.restrokeKey + sample)) < sources.restrokeShare) {
        // Used only while another thread makes the same image.
        thread_local std::vector<std::uint8_t> scratch;
        scratch.resize(static_cast<std::size_t>(features));
        pixels = sources.restroked->image(index, scratch.data());
    }
    if (sources.augmenter != nullptr)
        sources.augmenter->distort(pixels, x, image, work);
    else
        pixelsToFloats(pixels, features, x);
    return sources.data->labels[static_cast<std::size_t>(index)];
}

BatchPipeline::BatchPipeline(BatchSources sources, int maxColumns, bool helperThread)
    : m_sources(std::move(sources)),
      m_features(m_sources.data->featureSize()),
      m_maxColumns(maxColumns),
      m_work(m_sources.data->rows, m_sources.data->cols) {
    m_indices.reserve(static_cast<std::size_t>(maxColumns));
    m_sets.reserve(static_cast<std::size_t>(maxColumns));
    if (helperThread) {
        m_helperWork.emplace(m_sources.data->rows, m_sources.data->cols);
        m_helper = std::thread([this] {
            enableFlushToZero();  // distortions and pen strokes are float arithmetic too
            helperLoop();
        });
    }
}

BatchPipeline::~BatchPipeline() {
    if (!m_helper.joinable()) return;
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_helper.join();
}

void BatchPipeline::start(const BatchKey& key, std::span<const std::int32_t> indices,
                          std::span<const std::uint8_t> sets) {
    finish();  // never two batches under way: one buffer is being trained on
    const auto columns = static_cast<int>(indices.size());
    if (columns < 1 || columns > m_maxColumns)
        throw ConfigError("a batch of " + std::to_string(columns) +
                          " samples; the pipeline takes 1 to " + std::to_string(m_maxColumns));
    if (!sets.empty() && sets.size() != indices.size())
        throw ConfigError("a batch needs one stroke-set number per sample or none");
    {
        const std::lock_guard lock(m_mutex);
        m_indices.assign(indices.begin(), indices.end());
        m_sets.assign(sets.begin(), sets.end());
        if (m_x.rows() != m_features || m_x.cols() != columns) m_x.resize(m_features, columns);
        m_labels.resize(indices.size());
        m_key = key;
        m_finished = false;
        m_state = State::Pending;
    }
    if (m_helper.joinable())
        m_wake.notify_one();
    else
        prefetchBatch(*m_sources.data, indices.first(datasetColumns(indices, sets)));
}

void BatchPipeline::finish() {
    std::unique_lock lock(m_mutex);
    if (m_state == State::Idle) return;
    if (m_state == State::Pending) {
        m_state = State::Trainer;
        lock.unlock();
        prepare(m_work);
        lock.lock();
    } else {
        m_done.wait(lock, [this] { return m_state == State::Done; });
    }
    m_state = State::Idle;
    m_finished = true;
}

void BatchPipeline::take(Matrix& x, std::vector<std::uint8_t>& labels) {
    x.swap(m_x);
    labels.swap(m_labels);
    m_finished = false;
}

void BatchPipeline::prepare(Augmenter::Workspace& work) {
    for (std::size_t j = 0; j < m_indices.size(); ++j)
        m_labels[j] = prepareBatchColumn(
            m_sources, m_key, static_cast<int>(j), m_indices[j], m_sets.empty() ? 0 : m_sets[j],
            m_x.data() + static_cast<std::ptrdiff_t>(j) * m_features, work);
}

void BatchPipeline::helperLoop() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_state == State::Pending; });
        if (m_stop) return;
        m_state = State::Helper;
        lock.unlock();
        prepare(*m_helperWork);
        lock.lock();
        m_state = State::Done;
        m_done.notify_one();
    }
}

}  // namespace digitscope::core
