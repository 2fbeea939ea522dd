#pragma once

#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/network.h"

namespace digitscope::core {

struct Evaluation {
    std::int64_t count = 0;
    double loss = 0;      // mean per sample
    double accuracy = 0;  // fraction correct
    int classes = 0;
    std::vector<std::int64_t> confusion;  // classes x classes, row = true class, column = predicted

    std::int64_t confusionAt(int actual, int predicted) const {
        return confusion[static_cast<std::size_t>(actual * classes + predicted)];
    }
    std::vector<double> perClassAccuracy() const;  // NaN for a class with no samples
};

// Scores the network on a whole dataset in batches (no gradients).
Evaluation evaluate(const Network& network, const Dataset& data, int batchSize = 1000);

}  // namespace digitscope::core
