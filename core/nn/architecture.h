#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace digitscope::core {

enum class Activation { Sigmoid, Relu, Tanh };

// The output layer and its cost: softmax with cross-entropy, or the video's sigmoid outputs
// with the squared error ("cost") against the one-hot target.
enum class Loss { CrossEntropy, SquaredError };

std::string toString(Activation activation);
std::string toString(Loss loss);
Activation parseActivation(std::string_view text);  // "relu" | "sigmoid" | "tanh"
Loss parseLoss(std::string_view text);              // "xent" | "mse"

// What the network does to its input before the first layer: x -> (x - mean) / stdDev, as
// PyTorch's transforms.Normalize((mean,), (stdDev,)) does to the pixels it trains on.
struct InputNormalization {
    static constexpr float kMaxMagnitude = 1e6f;
    static constexpr float kMinStdDev = 1e-6f;

    float mean = 0.0f;
    float stdDev = 1.0f;

    void validate() const;  // finite, |mean| <= 1e6, stdDev in [1e-6, 1e6]; throws ConfigError
    bool operator==(const InputNormalization&) const = default;
};

// Layer sizes from input to output, e.g. {784, 16, 16, 10}, and the functions between them.
struct Architecture {
    static constexpr int kMaxLayerSize = 4096;
    static constexpr int kMaxHiddenLayers = 8;

    std::vector<int> sizes{784, 16, 16, 10};
    Activation hidden = Activation::Relu;
    Loss loss = Loss::CrossEntropy;
    std::optional<InputNormalization> normalization;  // none: the input goes in as it is

    // "784-16-16-10"; throws ConfigError on anything else.
    static std::vector<int> parseSizes(std::string_view text);
    std::string sizesString() const;

    int layerCount() const { return static_cast<int>(sizes.size()) - 1; }  // weight layers
    int inputSize() const { return sizes.front(); }
    int outputSize() const { return sizes.back(); }
    std::int64_t parameterCount() const;
    void validate() const;  // throws ConfigError naming the problem

    bool operator==(const Architecture&) const = default;
};

}  // namespace digitscope::core
