#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "core/nn/architecture.h"

namespace digitscope::core {

using Matrix = Eigen::MatrixXf;  // column-major: samples are columns
using Vector = Eigen::VectorXf;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<Vector>;
using ConstVectorMap = Eigen::Map<const Vector>;

// Where each layer's weights and biases sit in one flat parameter buffer. The same layout
// serves parameters, gradients and optimiser state, so each is one contiguous vector.
// Layer l: W (sizes[l+1] x sizes[l], column-major) followed by b (sizes[l+1]).
class ParameterLayout {
public:
    explicit ParameterLayout(const std::vector<int>& sizes);

    int layerCount() const { return static_cast<int>(m_sizes.size()) - 1; }
    std::int64_t size() const { return m_total; }
    int inputsOf(int layer) const { return m_sizes[layer]; }
    int outputsOf(int layer) const { return m_sizes[layer + 1]; }

    MatrixMap weights(std::span<float> buffer, int layer) const;
    ConstMatrixMap weights(std::span<const float> buffer, int layer) const;
    VectorMap biases(std::span<float> buffer, int layer) const;
    ConstVectorMap biases(std::span<const float> buffer, int layer) const;

private:
    std::vector<int> m_sizes;
    std::vector<std::int64_t> m_offsets;  // start of W of each layer
    std::int64_t m_total = 0;
};

// Every layer's values for a batch, kept for the network view: activations[0] is the input,
// activations[l + 1] and preActivations[l] belong to weight layer l. Each is units x B.
struct ForwardTrace {
    std::vector<Matrix> preActivations;
    std::vector<Matrix> activations;
    const Matrix& output() const { return activations.back(); }
};

// Buffers for one training step, sized once per batch shape.
struct GradientWorkspace {
    std::vector<Matrix> outputs;  // each weight layer's activation, units x B
    std::vector<Matrix> deltas;   // dLoss/dZ of each weight layer, units x B
    Matrix normalizedInput;       // (X - mean) / stdDev, inputs x B; only for normalising models
};

struct BatchStats {
    double lossSum = 0;  // summed over the batch's samples
    int correct = 0;     // samples whose argmax equals the label
};

// A multilayer perceptron: hidden layers with one activation, softmax or sigmoid outputs.
class Network {
public:
    explicit Network(Architecture architecture = {}, std::uint64_t seed = 1);

    const Architecture& architecture() const { return m_architecture; }
    const ParameterLayout& layout() const { return m_layout; }
    int layerCount() const { return m_layout.layerCount(); }

    // He initialisation for ReLU, Xavier (Glorot) for sigmoid and tanh; zero biases.
    void initialize(std::uint64_t seed);

    std::span<float> parameters() { return m_parameters; }
    std::span<const float> parameters() const { return m_parameters; }
    void setParameters(std::span<const float> values);  // throws ConfigError on a size mismatch

    ConstMatrixMap weights(int layer) const { return m_layout.weights(parameters(), layer); }
    ConstVectorMap biases(int layer) const { return m_layout.biases(parameters(), layer); }

    // Every entry point below takes raw inputs (pixels in [0, 1]); a network whose architecture
    // has an input normalisation applies it before the first layer. activations[0] of a trace
    // stays the raw input, as the view shows it.
    // X: inputs x B. Fills every layer's pre-activations and activations (for the view).
    void forward(const Eigen::Ref<const Matrix>& input, ForwardTrace& trace) const;
    // x: inputs. Returns the output layer (probabilities for softmax outputs).
    Vector predict(const Eigen::Ref<const Vector>& input) const;
    // X: inputs x B -> outputs x B, through the workspace's buffers (no allocation once sized).
    void predictBatch(const Eigen::Ref<const Matrix>& input, GradientWorkspace& workspace,
                      Matrix& output) const;

    // Forward and backward over one batch. input: inputs x B; labels: B class indices.
    // Writes the gradient of the mean loss into `gradient` (layout-shaped) and returns the
    // batch's summed loss and correct count.
    BatchStats computeGradient(const Eigen::Ref<const Matrix>& input,
                               std::span<const std::uint8_t> labels, GradientWorkspace& workspace,
                               std::span<float> gradient) const;

    // Summed loss and correct count of a batch without gradients. output: outputs x B.
    BatchStats scoreBatch(const Eigen::Ref<const Matrix>& output,
                          std::span<const std::uint8_t> labels) const;

private:
    // X (inputs x B) itself, or (X - mean) / stdDev written into `buffer` when the architecture
    // normalises the input. The result refers to `input` or `buffer`: use it while both live.
    Eigen::Ref<const Matrix> firstLayerInput(const Eigen::Ref<const Matrix>& input,
                                             Matrix& buffer) const;
    // outputs[l] <- activation of weight layer l (outputs.size() == layerCount()). `input` is
    // the first layer's input, already normalised.
    void forwardInto(const Eigen::Ref<const Matrix>& input, std::span<Matrix> outputs,
                     std::vector<Matrix>* preActivations) const;

    Architecture m_architecture;
    ParameterLayout m_layout;
    // 64-byte aligned, so that Eigen takes the same code paths whatever the heap addresses
    std::vector<float, Eigen::aligned_allocator<float>> m_parameters;
};

}  // namespace digitscope::core
