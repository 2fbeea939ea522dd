#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/network.h"

namespace digitscope::core {

// Every sample of a dataset classified, kept per sample so that the mistakes can be shown:
// the confusion matrix (row = true class, column = predicted), per-class accuracy, and for
// each cell the samples in it with their probabilities.
class ConfusionReport {
public:
    ConfusionReport() = default;
    // Classifies all of `data` in batches (no gradients). Throws ConfigError as evaluate().
    ConfusionReport(const Network& network, const Dataset& data, int batchSize = 1000);
    // The same for inputs already as the network reads them (stroke sets drawn through
    // networkInput). inputs: network inputs x N; labels: N class indices.
    ConfusionReport(const Network& network, const Matrix& inputs,
                    const std::vector<std::uint8_t>& labels, int batchSize = 1000);

    int classes() const { return m_classes; }
    std::int64_t count() const { return static_cast<std::int64_t>(m_predicted.size()); }
    std::int64_t at(int actual, int predicted) const {
        return m_counts[static_cast<std::size_t>(actual * m_classes + predicted)];
    }
    std::int64_t classCount(int actual) const;  // samples whose label is `actual`
    double classAccuracy(int actual) const;     // NaN for a class with no samples
    double accuracy() const;                    // fraction correct overall (0 when empty)

    int predicted(std::int64_t sample) const {
        return m_predicted[static_cast<std::size_t>(sample)];
    }
    int label(std::int64_t sample) const { return m_labels[static_cast<std::size_t>(sample)]; }
    // The network's output for a sample (probabilities for softmax outputs): classes values.
    const float* output(std::int64_t sample) const {
        return m_outputs.data() + sample * static_cast<std::int64_t>(m_classes);
    }
    // The samples of one cell, most confident in the predicted class first.
    std::vector<std::int32_t> samples(int actual, int predicted) const;

private:
    void start(const Network& network, std::int64_t count);
    // output: classes x B, the outputs of samples [first, first + B) labelled `labels`.
    void record(const Matrix& output, const std::uint8_t* labels, std::int64_t first,
                const std::string& setName);

    int m_classes = 0;
    std::vector<std::int64_t> m_counts;  // classes x classes, row-major by true class
    std::vector<std::uint8_t> m_labels;
    std::vector<std::uint8_t> m_predicted;
    std::vector<float> m_outputs;  // classes per sample
};

}  // namespace digitscope::core
