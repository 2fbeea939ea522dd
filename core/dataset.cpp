#include "dataset.h"

namespace digitscope::core {

void Dataset::truncate(std::int64_t limit) {
    if (limit <= 0 || limit >= count) return;
    count = limit;
    pixels.resize(static_cast<std::size_t>(count * featureSize()));
    labels.resize(static_cast<std::size_t>(count));
    pixels.shrink_to_fit();
    labels.shrink_to_fit();
}

void gatherBatch(const Dataset& data, std::span<const std::int32_t> indices, Eigen::MatrixXf& x,
                 std::vector<std::uint8_t>& labels) {
    using Pixels = Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>>;
    const int features = data.featureSize();
    x.resize(features, static_cast<Eigen::Index>(indices.size()));
    labels.resize(indices.size());
    constexpr float kScale = 1.0f / 255.0f;
    for (std::size_t j = 0; j < indices.size(); ++j) {
        const Pixels column(data.image(indices[j]), features);
        x.col(static_cast<Eigen::Index>(j)) = column.cast<float>() * kScale;
        labels[j] = data.labels[static_cast<std::size_t>(indices[j])];
    }
}

}  // namespace digitscope::core
