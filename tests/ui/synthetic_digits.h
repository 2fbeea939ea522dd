#pragma once

// A small, learnable ten-class dataset made in the test (8 x 8 images: class c lights row c, or
// column 1 / 6 for classes 8 and 9, over uniform noise), and a writer of it as IDX files.
#include <QString>
#include <cstdint>
#include <random>
#include <string>

#include "common/idx_files.h"
#include "core/data/dataset.h"

namespace digitscope::testdata {

inline core::Dataset syntheticDigits(std::int64_t count, std::uint64_t seed,
                                     const std::string& name = "synthetic") {
    constexpr int kSide = 8;
    core::Dataset data;
    data.name = name;
    data.rows = data.cols = kSide;
    data.count = count;
    data.pixels.resize(static_cast<std::size_t>(count * kSide * kSide));
    data.labels.resize(static_cast<std::size_t>(count));
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int> noise(0, 70);
    for (std::int64_t i = 0; i < count; ++i) {
        const int label = static_cast<int>(i % 10);
        data.labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(label);
        std::uint8_t* image = data.pixels.data() + i * kSide * kSide;
        for (int p = 0; p < kSide * kSide; ++p) {
            const int row = p / kSide;
            const int col = p % kSide;
            const bool lit = label < 8 ? row == label : col == (label == 8 ? 1 : 6);
            image[p] = static_cast<std::uint8_t>(lit ? 255 - noise(random) : noise(random));
        }
    }
    return data;
}

inline core::DatasetPair syntheticPair(std::int64_t trainCount, std::int64_t testCount) {
    return {syntheticDigits(trainCount, 11, "synthetic-train"),
            syntheticDigits(testCount, 12, "synthetic-test")};
}

// Writes the pair in MNIST's layout (four raw IDX files) into `folder`.
inline bool writeIdxFolder(const QString& folder, const core::DatasetPair& pair) {
    return testing_support::writeIdxFolder(folder.toStdString(), pair);
}

}  // namespace digitscope::testdata
