#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace digitscope::core {

// Images and labels as the IDX files hold them: uint8, one image after another (row-major
// within an image), so the pixel block is already "features x count" in column-major terms.
// Batches are gathered and converted to float only when used.
struct Dataset {
    std::string name;  // where it came from, for messages and model metadata
    int rows = 28;
    int cols = 28;
    std::int64_t count = 0;
    std::vector<std::uint8_t> pixels;  // count * rows * cols
    std::vector<std::uint8_t> labels;  // count

    int featureSize() const { return rows * cols; }
    const std::uint8_t* image(std::int64_t index) const {
        return pixels.data() + index * featureSize();
    }
    // The first `limit` samples (all when limit <= 0 or beyond the count).
    void truncate(std::int64_t limit);
};

// Permutes the labels (the images stay), the same way for the same seed: each image keeps a
// label, but one that belongs to another image. Trained on such labels a network can only
// memorise, and its test accuracy stays at chance (Zhang et al. 2017, "Understanding deep
// learning requires rethinking generalization").
void shuffleLabels(Dataset& data, std::uint64_t seed);

// out: `count` floats, pixel / 255: one image as gatherBatch converts it.
void pixelsToFloats(const std::uint8_t* pixels, int count, float* out);

// X: features x indices.size(), pixel / 255. Labels of the same samples into `labels`.
void gatherBatch(const Dataset& data, std::span<const std::int32_t> indices, Eigen::MatrixXf& x,
                 std::vector<std::uint8_t>& labels);

// Asks the CPU to start loading these samples' pixels, so that a later gatherBatch of them does
// not wait on main memory (a shuffled epoch reads images in random order).
void prefetchBatch(const Dataset& data, std::span<const std::int32_t> indices);

// A training set and its test set, loaded from one folder.
struct DatasetPair {
    Dataset train;
    Dataset test;
};

}  // namespace digitscope::core
