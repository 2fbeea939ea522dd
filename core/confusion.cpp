#include "confusion.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "errors.h"

namespace digitscope::core {

ConfusionReport::ConfusionReport(const Network& network, const Dataset& data, int batchSize) {
    if (data.featureSize() != network.architecture().inputSize())
        throw ConfigError(data.name + ": images have " + std::to_string(data.featureSize()) +
                          " pixels but the network takes " +
                          std::to_string(network.architecture().inputSize()));
    m_classes = network.architecture().outputSize();
    m_counts.assign(static_cast<std::size_t>(m_classes * m_classes), 0);
    m_labels.reserve(static_cast<std::size_t>(data.count));
    m_predicted.reserve(static_cast<std::size_t>(data.count));
    m_outputs.resize(static_cast<std::size_t>(data.count * m_classes));
    GradientWorkspace workspace;
    Matrix x;       // inputs x B
    Matrix output;  // classes x B
    std::vector<std::uint8_t> labels;
    std::vector<std::int32_t> indices;
    for (std::int64_t start = 0; start < data.count; start += batchSize) {
        const std::int64_t end = std::min<std::int64_t>(start + batchSize, data.count);
        indices.resize(static_cast<std::size_t>(end - start));
        std::iota(indices.begin(), indices.end(), static_cast<std::int32_t>(start));
        gatherBatch(data, indices, x, labels);
        network.predictBatch(x, workspace, output);
        std::copy(output.data(), output.data() + output.size(),
                  m_outputs.begin() + start * m_classes);
        for (Eigen::Index j = 0; j < output.cols(); ++j) {
            Eigen::Index best = 0;
            output.col(j).maxCoeff(&best);
            const int actual = labels[static_cast<std::size_t>(j)];
            if (actual >= m_classes)
                throw ConfigError(data.name + ": label " + std::to_string(actual) +
                                  " beyond the network's " + std::to_string(m_classes) +
                                  " outputs");
            ++m_counts[static_cast<std::size_t>(actual * m_classes + best)];
            m_labels.push_back(static_cast<std::uint8_t>(actual));
            m_predicted.push_back(static_cast<std::uint8_t>(best));
        }
    }
}

std::int64_t ConfusionReport::classCount(int actual) const {
    std::int64_t total = 0;
    for (int p = 0; p < m_classes; ++p) total += at(actual, p);
    return total;
}

double ConfusionReport::classAccuracy(int actual) const {
    const std::int64_t total = classCount(actual);
    return total == 0 ? std::numeric_limits<double>::quiet_NaN()
                      : static_cast<double>(at(actual, actual)) / static_cast<double>(total);
}

double ConfusionReport::accuracy() const {
    if (m_predicted.empty()) return 0.0;
    std::int64_t correct = 0;
    for (int c = 0; c < m_classes; ++c) correct += at(c, c);
    return static_cast<double>(correct) / static_cast<double>(m_predicted.size());
}

std::vector<std::int32_t> ConfusionReport::samples(int actual, int predicted) const {
    std::vector<std::int32_t> result;
    for (std::size_t i = 0; i < m_predicted.size(); ++i)
        if (m_labels[i] == actual && m_predicted[i] == predicted)
            result.push_back(static_cast<std::int32_t>(i));
    std::stable_sort(result.begin(), result.end(), [&](std::int32_t a, std::int32_t b) {
        return output(a)[predicted] > output(b)[predicted];
    });
    return result;
}

}  // namespace digitscope::core
