#include "core/data/dataset.h"

#include <algorithm>
#include <random>

namespace digitscope::core {

void shuffleLabels(Dataset& data, std::uint64_t seed) {
    // Fisher-Yates with the generator's raw numbers: std::shuffle's use of its generator is the
    // standard library's choice, and the permutation is part of a reproducible run.
    std::mt19937_64 rng(seed);
    for (std::size_t i = data.labels.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng() % i);
        std::swap(data.labels[i - 1], data.labels[j]);
    }
}

void Dataset::truncate(std::int64_t limit) {
    if (limit <= 0 || limit >= count) return;
    count = limit;
    pixels.resize(static_cast<std::size_t>(count * featureSize()));
    labels.resize(static_cast<std::size_t>(count));
    pixels.shrink_to_fit();
    labels.shrink_to_fit();
}

void pixelsToFloats(const std::uint8_t* pixels, int count, float* out) {
    // float(pixel) * (1/255), written as a plain loop over contiguous bytes so that the compiler
    // widens it (16 pixels per AVX-512 instruction); Eigen's uint8 -> float cast went element
    // by element.
    constexpr float kScale = 1.0f / 255.0f;
    for (int i = 0; i < count; ++i) out[i] = static_cast<float>(pixels[i]) * kScale;
}

void gatherBatch(const Dataset& data, std::span<const std::int32_t> indices, Eigen::MatrixXf& x,
                 std::vector<std::uint8_t>& labels) {
    const int features = data.featureSize();
    const auto count = static_cast<Eigen::Index>(indices.size());
    if (x.rows() != features || x.cols() != count) x.resize(features, count);
    labels.resize(indices.size());
    for (std::size_t j = 0; j < indices.size(); ++j) {
        pixelsToFloats(data.image(indices[j]), features,
                       x.data() + static_cast<std::ptrdiff_t>(j) * features);
        labels[j] = data.labels[static_cast<std::size_t>(indices[j])];
    }
}

void prefetchBatch(const Dataset& data, std::span<const std::int32_t> indices) {
    constexpr int kLine = 64;
    const int bytes = data.featureSize();
    for (const std::int32_t index : indices) {
        const std::uint8_t* image = data.image(index);
        for (int offset = 0; offset < bytes; offset += kLine) __builtin_prefetch(image + offset);
        __builtin_prefetch(image + bytes - 1);
    }
}

}  // namespace digitscope::core
