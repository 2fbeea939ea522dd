#include "core/nn/architecture.h"

#include <charconv>
#include <cmath>

#include "core/base/errors.h"

namespace digitscope::core {

std::string toString(Activation activation) {
    switch (activation) {
        case Activation::Sigmoid:
            return "sigmoid";
        case Activation::Relu:
            return "relu";
        case Activation::Tanh:
            return "tanh";
    }
    return "?";
}

std::string toString(Loss loss) {
    return loss == Loss::CrossEntropy ? "xent" : "mse";
}

Activation parseActivation(std::string_view text) {
    if (text == "relu") return Activation::Relu;
    if (text == "sigmoid") return Activation::Sigmoid;
    if (text == "tanh") return Activation::Tanh;
    throw ConfigError("unknown activation '" + std::string(text) + "' (relu, sigmoid or tanh)");
}

Loss parseLoss(std::string_view text) {
    if (text == "xent" || text == "cross-entropy") return Loss::CrossEntropy;
    if (text == "mse") return Loss::SquaredError;
    throw ConfigError("unknown loss '" + std::string(text) + "' (xent or mse)");
}

std::vector<int> Architecture::parseSizes(std::string_view text) {
    std::vector<int> sizes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('-', start), text.size());
        const std::string_view part = text.substr(start, end - start);
        int value = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size())
            throw ConfigError("architecture '" + std::string(text) +
                              "' is not a list of sizes such as 784-16-16-10");
        sizes.push_back(value);
        start = end + 1;
    }
    return sizes;
}

std::string Architecture::sizesString() const {
    std::string text;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (i > 0) text += '-';
        text += std::to_string(sizes[i]);
    }
    return text;
}

std::int64_t Architecture::parameterCount() const {
    std::int64_t count = 0;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
        count += std::int64_t{sizes[l]} * sizes[l + 1] + sizes[l + 1];
    return count;
}

void InputNormalization::validate() const {
    if (!std::isfinite(mean) || !std::isfinite(stdDev) || std::abs(mean) > kMaxMagnitude ||
        stdDev < kMinStdDev || stdDev > kMaxMagnitude)
        throw ConfigError("input normalisation (x - " + std::to_string(mean) + ") / " +
                          std::to_string(stdDev) +
                          ": the mean must be finite and at most 1e6 in size, the standard "
                          "deviation from 1e-6 to 1e6");
}

void Architecture::validate() const {
    if (sizes.size() < 2)
        throw ConfigError("architecture " + sizesString() + " needs an input and an output layer");
    if (layerCount() - 1 > kMaxHiddenLayers)
        throw ConfigError("architecture " + sizesString() + " has more than " +
                          std::to_string(kMaxHiddenLayers) + " hidden layers");
    for (int size : sizes)
        if (size < 1 || size > kMaxLayerSize)
            throw ConfigError("architecture " + sizesString() + ": layer sizes must be 1 to " +
                              std::to_string(kMaxLayerSize));
    if (outputSize() < 2)
        throw ConfigError("architecture " + sizesString() + " needs at least two outputs");
    if (normalization) normalization->validate();
}

}  // namespace digitscope::core
