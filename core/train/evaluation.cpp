#include "core/train/evaluation.h"

#include <limits>
#include <numeric>

#include "core/base/errors.h"

namespace digitscope::core {

std::vector<double> Evaluation::perClassAccuracy() const {
    std::vector<double> result(static_cast<std::size_t>(classes));
    for (int c = 0; c < classes; ++c) {
        std::int64_t total = 0;
        for (int p = 0; p < classes; ++p) total += confusionAt(c, p);
        result[static_cast<std::size_t>(c)] =
            total == 0 ? std::numeric_limits<double>::quiet_NaN()
                       : static_cast<double>(confusionAt(c, c)) / static_cast<double>(total);
    }
    return result;
}

Evaluation evaluate(const Network& network, const Dataset& data, int batchSize) {
    if (data.featureSize() != network.architecture().inputSize())
        throw ConfigError(data.name + ": images have " + std::to_string(data.featureSize()) +
                          " pixels but the network takes " +
                          std::to_string(network.architecture().inputSize()));
    if (network.architecture().outputSize() < 10)
        throw ConfigError("the network has " + std::to_string(network.architecture().outputSize()) +
                          " outputs; digit datasets need 10");
    Evaluation result;
    result.classes = network.architecture().outputSize();
    result.count = data.count;
    result.confusion.assign(static_cast<std::size_t>(result.classes * result.classes), 0);
    GradientWorkspace workspace;
    Matrix x;
    Matrix output;
    std::vector<std::uint8_t> labels;
    std::vector<std::int32_t> indices;
    double lossSum = 0;
    std::int64_t correct = 0;
    for (std::int64_t start = 0; start < data.count; start += batchSize) {
        const std::int64_t end = std::min<std::int64_t>(start + batchSize, data.count);
        indices.resize(static_cast<std::size_t>(end - start));
        std::iota(indices.begin(), indices.end(), static_cast<std::int32_t>(start));
        gatherBatch(data, indices, x, labels);
        network.predictBatch(x, workspace, output);
        const BatchStats stats = network.scoreBatch(output, labels);
        lossSum += stats.lossSum;
        correct += stats.correct;
        for (Eigen::Index j = 0; j < output.cols(); ++j) {
            Eigen::Index predicted = 0;
            output.col(j).maxCoeff(&predicted);
            const int actual = labels[static_cast<std::size_t>(j)];
            ++result.confusion[static_cast<std::size_t>(actual * result.classes + predicted)];
        }
    }
    if (data.count > 0) {
        result.loss = lossSum / static_cast<double>(data.count);
        result.accuracy = static_cast<double>(correct) / static_cast<double>(data.count);
    }
    return result;
}

}  // namespace digitscope::core
