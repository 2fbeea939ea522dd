#include "core/explain/confusion.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/base/errors.h"

namespace digitscope::core {

ConfusionReport::ConfusionReport(const Network& network, const Dataset& data, int batchSize) {
    if (data.featureSize() != network.architecture().inputSize())
        throw ConfigError(data.name + ": images have " + std::to_string(data.featureSize()) +
                          " pixels but the network takes " +
                          std::to_string(network.architecture().inputSize()));
    start(network, data.count);
    GradientWorkspace workspace;
    Matrix x;       // inputs x B
    Matrix output;  // classes x B
    std::vector<std::uint8_t> labels;
    std::vector<std::int32_t> indices;
    for (std::int64_t first = 0; first < data.count; first += batchSize) {
        const std::int64_t end = std::min<std::int64_t>(first + batchSize, data.count);
        indices.resize(static_cast<std::size_t>(end - first));
        std::iota(indices.begin(), indices.end(), static_cast<std::int32_t>(first));
        gatherBatch(data, indices, x, labels);
        network.predictBatch(x, workspace, output);
        record(output, labels.data(), first, data.name);
    }
}

ConfusionReport::ConfusionReport(const Network& network, const Matrix& inputs,
                                 const std::vector<std::uint8_t>& labels, int batchSize) {
    if (inputs.rows() != network.architecture().inputSize())
        throw ConfigError("inputs have " + std::to_string(inputs.rows()) +
                          " values but the network takes " +
                          std::to_string(network.architecture().inputSize()));
    if (static_cast<std::size_t>(inputs.cols()) != labels.size())
        throw ConfigError(std::to_string(inputs.cols()) + " inputs but " +
                          std::to_string(labels.size()) + " labels");
    start(network, inputs.cols());
    GradientWorkspace workspace;
    Matrix output;  // classes x B
    for (std::int64_t first = 0; first < inputs.cols(); first += batchSize) {
        const std::int64_t width = std::min<std::int64_t>(batchSize, inputs.cols() - first);
        network.predictBatch(inputs.middleCols(first, width), workspace, output);
        record(output, labels.data() + first, first, "the digits");
    }
}

void ConfusionReport::start(const Network& network, std::int64_t count) {
    m_classes = network.architecture().outputSize();
    m_counts.assign(static_cast<std::size_t>(m_classes * m_classes), 0);
    m_labels.reserve(static_cast<std::size_t>(count));
    m_predicted.reserve(static_cast<std::size_t>(count));
    m_outputs.resize(static_cast<std::size_t>(count * m_classes));
}

void ConfusionReport::record(const Matrix& output, const std::uint8_t* labels, std::int64_t first,
                             const std::string& setName) {
    std::copy(output.data(), output.data() + output.size(), m_outputs.begin() + first * m_classes);
    for (Eigen::Index j = 0; j < output.cols(); ++j) {
        Eigen::Index best = 0;
        output.col(j).maxCoeff(&best);
        const int actual = labels[j];
        if (actual >= m_classes)
            throw ConfigError(setName + ": label " + std::to_string(actual) +
                              " beyond the network's " + std::to_string(m_classes) + " outputs");
        ++m_counts[static_cast<std::size_t>(actual * m_classes + best)];
        m_labels.push_back(static_cast<std::uint8_t>(actual));
        m_predicted.push_back(static_cast<std::uint8_t>(best));
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
