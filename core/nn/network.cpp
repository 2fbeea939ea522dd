#include "core/nn/network.h"

#include <cmath>
#include <random>

#include "core/base/errors.h"
#include "core/nn/activation.h"
#include "core/nn/weight_gradient16.h"

namespace digitscope::core {

ParameterLayout::ParameterLayout(const std::vector<int>& sizes) : m_sizes(sizes) {
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        m_offsets.push_back(m_total);
        m_total += std::int64_t{sizes[l]} * sizes[l + 1] + sizes[l + 1];
    }
}

MatrixMap ParameterLayout::weights(std::span<float> buffer, int layer) const {
    return {buffer.data() + m_offsets[layer], outputsOf(layer), inputsOf(layer)};
}

ConstMatrixMap ParameterLayout::weights(std::span<const float> buffer, int layer) const {
    return {buffer.data() + m_offsets[layer], outputsOf(layer), inputsOf(layer)};
}

VectorMap ParameterLayout::biases(std::span<float> buffer, int layer) const {
    const std::int64_t start = m_offsets[layer] + std::int64_t{inputsOf(layer)} * outputsOf(layer);
    return {buffer.data() + start, outputsOf(layer)};
}

ConstVectorMap ParameterLayout::biases(std::span<const float> buffer, int layer) const {
    const std::int64_t start = m_offsets[layer] + std::int64_t{inputsOf(layer)} * outputsOf(layer);
    return {buffer.data() + start, outputsOf(layer)};
}

Network::Network(Architecture architecture, std::uint64_t seed)
    : m_architecture((architecture.validate(), std::move(architecture))),
      m_layout(m_architecture.sizes),
      m_parameters(static_cast<std::size_t>(m_layout.size()), 0.0f) {
    initialize(seed);
}

void Network::initialize(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int l = 0; l < layerCount(); ++l) {
        const int fanIn = m_layout.inputsOf(l);
        const int fanOut = m_layout.outputsOf(l);
        const bool relu = m_architecture.hidden == Activation::Relu && l + 1 < layerCount();
        const double stddev = relu ? std::sqrt(2.0 / fanIn) : std::sqrt(2.0 / (fanIn + fanOut));
        std::normal_distribution<float> normal(0.0f, static_cast<float>(stddev));
        MatrixMap w = m_layout.weights(parameters(), l);
        for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = normal(rng);
        m_layout.biases(parameters(), l).setZero();
    }
}

void Network::setParameters(std::span<const float> values) {
    if (static_cast<std::int64_t>(values.size()) != m_layout.size())
        throw ConfigError("expected " + std::to_string(m_layout.size()) + " parameters for " +
                          m_architecture.sizesString() + ", got " + std::to_string(values.size()));
    std::copy(values.begin(), values.end(), m_parameters.begin());
}

void Network::forwardInto(const Eigen::Ref<const Matrix>& input, std::span<Matrix> outputs,
                          std::vector<Matrix>* preActivations) const {
    const int layers = layerCount();
    if (preActivations) preActivations->resize(static_cast<std::size_t>(layers));
    for (int l = 0; l < layers; ++l) {
        // Z: out x B = W (out x in) * A (in x B) + b
        Matrix& z = outputs[l];
        if (l == 0)
            z.noalias() = weights(0) * input;
        else
            z.noalias() = weights(l) * outputs[l - 1];
        z.colwise() += biases(l);
        if (preActivations) (*preActivations)[l] = z;
        if (l + 1 < layers)
            applyActivation(m_architecture.hidden, z);
        else if (m_architecture.loss == Loss::CrossEntropy)
            softmaxColumns(z);
        else
            applyActivation(Activation::Sigmoid, z);
    }
}

Eigen::Ref<const Matrix> Network::firstLayerInput(const Eigen::Ref<const Matrix>& input,
                                                  Matrix& buffer) const {
    if (!m_architecture.normalization) return input;
    // A true division, as PyTorch's Normalize and ONNX's Div do, so the three agree bit for bit.
    const InputNormalization& n = *m_architecture.normalization;
    buffer = (input.array() - n.mean) / n.stdDev;
    return buffer;
}

void Network::forward(const Eigen::Ref<const Matrix>& input, ForwardTrace& trace) const {
    if (input.rows() != m_architecture.inputSize())
        throw ConfigError("input has " + std::to_string(input.rows()) + " values, the network " +
                          std::to_string(m_architecture.inputSize()));
    trace.activations.resize(static_cast<std::size_t>(layerCount()) + 1);
    trace.activations[0] = input;
    Matrix normalized;
    forwardInto(firstLayerInput(input, normalized), std::span(trace.activations).subspan(1),
                &trace.preActivations);
}

Vector Network::predict(const Eigen::Ref<const Vector>& input) const {
    if (input.size() != m_architecture.inputSize())
        throw ConfigError("input has " + std::to_string(input.size()) + " values, the network " +
                          std::to_string(m_architecture.inputSize()));
    std::vector<Matrix> outputs(static_cast<std::size_t>(layerCount()));
    Matrix normalized;
    forwardInto(firstLayerInput(input, normalized), outputs, nullptr);
    return outputs.back();
}

void Network::predictBatch(const Eigen::Ref<const Matrix>& input, GradientWorkspace& workspace,
                           Matrix& output) const {
    workspace.outputs.resize(static_cast<std::size_t>(layerCount()));
    forwardInto(firstLayerInput(input, workspace.normalizedInput), workspace.outputs, nullptr);
    output = workspace.outputs.back();
}

BatchStats Network::scoreBatch(const Eigen::Ref<const Matrix>& output,
                               std::span<const std::uint8_t> labels) const {
    BatchStats stats;
    const bool xent = m_architecture.loss == Loss::CrossEntropy;
    for (Eigen::Index j = 0; j < output.cols(); ++j) {
        const int label = labels[static_cast<std::size_t>(j)];
        Eigen::Index best = 0;
        output.col(j).maxCoeff(&best);
        stats.correct += best == label ? 1 : 0;
        if (xent) {
            stats.lossSum -= std::log(std::max(output(label, j), 1e-12f));
        } else {
            // Squared error against the one-hot target: sum_k (a_k - y_k)^2 / 2
            const double sq = output.col(j).squaredNorm() - 2.0 * output(label, j) + 1.0;
            stats.lossSum += 0.5 * sq;
        }
    }
    return stats;
}

BatchStats Network::computeGradient(const Eigen::Ref<const Matrix>& input,
                                    std::span<const std::uint8_t> labels,
                                    GradientWorkspace& workspace, std::span<float> gradient) const {
    const int layers = layerCount();
    const Eigen::Index batch = input.cols();
    std::vector<Matrix>& a = workspace.outputs;  // a[l]: output of weight layer l
    a.resize(static_cast<std::size_t>(layers));
    const Eigen::Ref<const Matrix> x = firstLayerInput(input, workspace.normalizedInput);
    forwardInto(x, a, nullptr);
    const BatchStats stats = scoreBatch(a.back(), labels);

    std::vector<Matrix>& deltas = workspace.deltas;
    deltas.resize(static_cast<std::size_t>(layers));
    // Output delta, dLoss/dZ of the mean loss:
    //   softmax + cross-entropy: (P - Y) / B;  sigmoid + squared error: (A - Y) .* A (1 - A) / B
    Matrix& top = deltas[layers - 1];
    top = a.back();
    for (Eigen::Index j = 0; j < batch; ++j) top(labels[static_cast<std::size_t>(j)], j) -= 1.0f;
    if (m_architecture.loss == Loss::SquaredError)
        multiplyByDerivative(Activation::Sigmoid, a.back(), top);
    top *= 1.0f / static_cast<float>(batch);

    for (int l = layers - 1; l >= 0; --l) {
        // dW: out x in = delta (out x B) * A_prev^T (B x in);  db = row sums of delta
        const Eigen::Ref<const Matrix> previous = l == 0 ? x : Eigen::Ref<const Matrix>(a[l - 1]);
        MatrixMap weightGradient = m_layout.weights(gradient, l);
        if (!detail::weightGradient16(deltas[l], previous, weightGradient))
            weightGradient.noalias() = deltas[l] * previous.transpose();
        m_layout.biases(gradient, l) = deltas[l].rowwise().sum();
        if (l > 0) {
            // delta_prev: in x B = W^T (in x out) * delta (out x B), times f'(Z_prev)
            deltas[l - 1].noalias() = weights(l).transpose() * deltas[l];
            multiplyByDerivative(m_architecture.hidden, a[l - 1], deltas[l - 1]);
        }
    }
    return stats;
}

}  // namespace digitscope::core
