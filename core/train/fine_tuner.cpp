#include "core/train/fine_tuner.h"

#include <algorithm>
#include <cmath>

#include "core/augment/augmenter.h"
#include "core/augment/stroke_augmenter.h"
#include "core/base/errors.h"
#include "core/input/pen.h"

namespace digitscope::core {
namespace {

constexpr int kInputs = 784;

// Seeds of the run's independent random streams, so that one change (say, more replay digits)
// does not shift what the others draw.
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream) {
    std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                           static_cast<std::uint32_t>(stream)};
    std::uint32_t words[2];
    sequence.generate(words, words + 2);
    return (std::uint64_t{words[0]} << 32) | words[1];
}

bool labelled(const Drawing& drawing) {
    return drawing.label >= 0 && drawing.label <= 9 && !drawing.isEmpty();
}

}  // namespace

void renderVariants(const std::vector<Drawing>& drawings, int variants, std::uint64_t seed,
                    Matrix& x, std::vector<std::uint8_t>& labels) {
    std::vector<const Drawing*> usable;
    for (const Drawing& drawing : drawings)
        if (labelled(drawing)) usable.push_back(&drawing);
    const auto count = static_cast<Eigen::Index>(usable.size()) * variants;
    x.resize(kInputs, count);
    labels.resize(static_cast<std::size_t>(count));
    // Distorted as strokes, then drawn with the one pen: variants of the person's hand. A digit
    // kept as an image (an MNIST digit, a dream) is distorted as an image, as training does.
    const StrokeAugmenter augmenter(StrokeAugmentSettings{}, streamSeed(seed, 1));
    const Augmenter imageAugmenter(AugmentSettings{}, Drawing::kImageSide, Drawing::kImageSide,
                                   streamSeed(seed, 4));
    Augmenter::Workspace work(Drawing::kImageSide, Drawing::kImageSide);
    Eigen::Index column = 0;
    for (std::size_t d = 0; d < usable.size(); ++d) {
        const Drawing& drawing = *usable[d];
        for (int v = 0; v < variants; ++v, ++column) {
            labels[static_cast<std::size_t>(column)] = static_cast<std::uint8_t>(drawing.label);
            const auto number =
                static_cast<std::uint64_t>(d) * static_cast<std::uint64_t>(variants) +
                static_cast<std::uint64_t>(v);
            // The first as drawn, exactly as the canvas reads it.
            if (v == 0)
                x.col(column) = networkInput(drawing);
            else if (drawing.isImage())
                imageAugmenter.distort(drawing.image.data(), x.col(column).data(), number, work);
            else
                x.col(column) = networkInput(augmenter.distort(drawing, number));
        }
    }
}

FineTuner::FineTuner(const Network& start, const std::vector<Drawing>& mine, ReplaySources replay,
                     FineTuneSettings settings)
    : m_settings(settings),
      m_network(start),
      m_optimizer(settings.optimizer, start.layout().size()),
      m_replay(std::move(replay)),
      m_rng(streamSeed(settings.seed, 2)) {
    const Architecture& arch = start.architecture();
    if (arch.inputSize() != kInputs || arch.outputSize() != 10)
        throw ConfigError("fine-tuning needs a network from 28 x 28 inputs to 10 digits");
    if (m_settings.steps < 0 || m_settings.batchSize < 1 || m_settings.variantsPerDrawing < 1 ||
        m_settings.maxBatchSize < m_settings.batchSize || m_settings.stepWork < 0)
        throw ConfigError(
            "fine-tuning needs steps >= 0, a batch, batch <= maxBatchSize, stepWork >= 0 and a "
            "variant per drawing");
    if (std::none_of(mine.begin(), mine.end(), labelled))
        throw ConfigError("fine-tuning needs at least one drawing labelled 0-9");
    if (m_replay.images &&
        (m_replay.images->featureSize() != kInputs || m_replay.images->count == 0))
        throw ConfigError(m_replay.images->name + ": replay images must be 28 x 28 and not empty");
    renderVariants(mine, m_settings.variantsPerDrawing, m_settings.seed, m_mine, m_mineLabels);

    // A fixed sample of the pen digits, drawn as the network reads them.
    std::vector<const Drawing*> pen;
    for (const Drawing& drawing : m_replay.strokes)
        if (labelled(drawing)) pen.push_back(&drawing);
    std::mt19937_64 penRng(streamSeed(m_settings.seed, 3));
    std::shuffle(pen.begin(), pen.end(), penRng);
    pen.resize(
        std::min(pen.size(), static_cast<std::size_t>(std::max(0, m_settings.penReplayDigits))));
    m_pen.resize(kInputs, static_cast<Eigen::Index>(pen.size()));
    m_penLabels.resize(pen.size());
    for (std::size_t i = 0; i < pen.size(); ++i) {
        m_pen.col(static_cast<Eigen::Index>(i)) = networkInput(*pen[i]);
        m_penLabels[i] = static_cast<std::uint8_t>(pen[i]->label);
    }
    m_replay.strokes.clear();  // rendered; the drawings are no longer needed
    m_replay.strokes.shrink_to_fit();
    m_gradient.assign(static_cast<std::size_t>(m_network.layout().size()), 0.0f);
    const std::int64_t fits =
        m_settings.stepWork / std::max<std::int64_t>(1, m_network.layout().size());
    // Without replay there is nothing to grow the batch with.
    const bool anyReplay = m_replay.images != nullptr || m_pen.cols() > 0;
    m_stepBatch = anyReplay ? static_cast<int>(std::clamp<std::int64_t>(fits, m_settings.batchSize,
                                                                        m_settings.maxBatchSize))
                            : m_settings.batchSize;
}

void FineTuner::gatherBatch() {
    const int base = m_settings.batchSize;
    const bool images = m_replay.images != nullptr;
    const bool pen = m_pen.cols() > 0;
    const int batch = m_stepBatch;
    int mine = batch;
    if (images || pen)
        mine = std::clamp(
            static_cast<int>(std::lround(m_settings.mineShare * static_cast<float>(base))), 1,
            base);
    const int replay = batch - mine;
    int penCount = 0;
    if (pen && images)
        penCount = static_cast<int>(std::lround(m_settings.penShare * static_cast<float>(replay)));
    else if (pen)
        penCount = replay;
    const int imageCount = replay - penCount;

    m_batch.resize(kInputs, batch);
    m_labels.resize(static_cast<std::size_t>(batch));
    auto pick = [this](Eigen::Index size) {
        return std::uniform_int_distribution<Eigen::Index>(0, size - 1)(m_rng);
    };
    int column = 0;
    for (int i = 0; i < mine; ++i, ++column) {
        const Eigen::Index j = pick(m_mine.cols());
        m_batch.col(column) = m_mine.col(j);
        m_labels[static_cast<std::size_t>(column)] = m_mineLabels[static_cast<std::size_t>(j)];
    }
    for (int i = 0; i < penCount; ++i, ++column) {
        const Eigen::Index j = pick(m_pen.cols());
        m_batch.col(column) = m_pen.col(j);
        m_labels[static_cast<std::size_t>(column)] = m_penLabels[static_cast<std::size_t>(j)];
    }
    for (int i = 0; i < imageCount; ++i, ++column) {
        const Dataset& data = *m_replay.images;
        const Eigen::Index j = pick(data.count);
        pixelsToFloats(data.image(j), kInputs, m_batch.col(column).data());
        m_labels[static_cast<std::size_t>(column)] = data.labels[static_cast<std::size_t>(j)];
    }
}

int FineTuner::train(int maxSteps) {
    int done = 0;
    for (; done < maxSteps && !finished(); ++done, ++m_step) {
        gatherBatch();
        const BatchStats stats =
            m_network.computeGradient(m_batch, m_labels, m_workspace, m_gradient);
        m_lastLoss = stats.lossSum / static_cast<double>(m_batch.cols());
        m_optimizer.step(m_network.parameters(), m_gradient, m_settings.optimizer.learningRate);
    }
    return done;
}

}  // namespace digitscope::core
