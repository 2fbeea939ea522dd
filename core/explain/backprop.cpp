#include "core/explain/backprop.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/base/errors.h"
#include "core/nn/activation.h"

namespace digitscope::core {
namespace {

void requireLayer(const BackpropExplanation& explanation, int layer, int neuron) {
    const int layers = static_cast<int>(explanation.layers.size());
    if (layer < 0 || layer >= layers)
        throw ConfigError("layer " + std::to_string(layer) + " is not a weight layer (0 to " +
                          std::to_string(layers - 1) + ")");
    const auto units = explanation.layers[static_cast<std::size_t>(layer)].a.size();
    if (neuron < 0 || neuron >= units)
        throw ConfigError("layer " + std::to_string(layer) + " has no neuron " +
                          std::to_string(neuron) + " (it has " + std::to_string(units) + ")");
}

// f'(z) written through a = f(z), as multiplyByDerivative uses it.
float slopeOf(Activation activation, float a) {
    switch (activation) {
        case Activation::Sigmoid:
            return a * (1.0f - a);
        case Activation::Relu:
            return a > 0.0f ? 1.0f : 0.0f;
        case Activation::Tanh:
            return 1.0f - a * a;
    }
    return 0.0f;
}

// The `top` entries of `values` of largest magnitude, largest first (ties: lower index first).
std::vector<IndexedValue> largest(const Vector& values, int top) {
    std::vector<int> order(static_cast<std::size_t>(values.size()));
    std::iota(order.begin(), order.end(), 0);
    const auto count = static_cast<std::size_t>(std::clamp<Eigen::Index>(top, 0, values.size()));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                      order.end(), [&](int a, int b) {
                          const float x = std::abs(values(a)), y = std::abs(values(b));
                          return x > y || (x == y && a < b);
                      });
    std::vector<IndexedValue> result;
    result.reserve(count);
    for (std::size_t i = 0; i < count; ++i) result.push_back({order[i], values(order[i])});
    return result;
}

}  // namespace

const Vector& BackpropExplanation::previousActivations(int layer) const {
    return layer == 0 ? input : layers[static_cast<std::size_t>(layer) - 1].a;
}

Matrix BackpropExplanation::weightGradient(int layer) const {
    requireLayer(*this, layer, 0);
    return layers[static_cast<std::size_t>(layer)].dC_dz * previousActivations(layer).transpose();
}

Vector BackpropExplanation::weightGradientRow(int layer, int neuron) const {
    requireLayer(*this, layer, neuron);
    return previousActivations(layer) * layers[static_cast<std::size_t>(layer)].dC_dz(neuron);
}

float BackpropExplanation::weightGradientAt(int layer, int neuron, int from) const {
    requireLayer(*this, layer, neuron);
    const Vector& previous = previousActivations(layer);
    if (from < 0 || from >= previous.size())
        throw ConfigError("layer " + std::to_string(layer) + " has no input " +
                          std::to_string(from));
    return layers[static_cast<std::size_t>(layer)].dC_dz(neuron) * previous(from);
}

BackpropExplanation explainBackprop(const Network& network, const Eigen::Ref<const Vector>& input,
                                    int label) {
    const Architecture& arch = network.architecture();
    if (input.size() != arch.inputSize())
        throw ConfigError("input has " + std::to_string(input.size()) + " values, the network " +
                          std::to_string(arch.inputSize()));
    if (label < 0 || label >= arch.outputSize())
        throw ConfigError("label " + std::to_string(label) + " is not one of the network's " +
                          std::to_string(arch.outputSize()) + " outputs");
    const int layers = network.layerCount();
    const Matrix x = input;  // inputs x 1: the shapes (and so the arithmetic) of the trainer's
    ForwardTrace trace;
    network.forward(x, trace);

    BackpropExplanation e;
    e.loss = arch.loss;
    e.hidden = arch.hidden;
    e.label = label;
    if (arch.normalization)  // as Network::firstLayerInput does it
        e.input = (x.array() - arch.normalization->mean) / arch.normalization->stdDev;
    else
        e.input = x;
    e.layers.resize(static_cast<std::size_t>(layers));
    for (int l = 0; l < layers; ++l) {
        e.layers[static_cast<std::size_t>(l)].z = trace.preActivations[static_cast<std::size_t>(l)];
        e.layers[static_cast<std::size_t>(l)].a =
            trace.activations[static_cast<std::size_t>(l) + 1];
    }

    // The output layer, as Network::computeGradient computes its delta for a batch of one.
    LayerBackprop& out = e.layers.back();
    const Matrix& a = trace.activations.back();
    Matrix delta = a;
    delta(label, 0) -= 1.0f;  // a - y
    e.costTerms.resize(a.rows());
    if (arch.loss == Loss::SquaredError) {
        out.dC_da = delta;
        for (Eigen::Index k = 0; k < a.rows(); ++k) {
            const double d = delta(k, 0);
            e.costTerms(k) = static_cast<float>(0.5 * d * d);
            e.cost += 0.5 * d * d;
        }
        multiplyByDerivative(Activation::Sigmoid, a, delta);
    } else {
        const float p = std::max(a(label, 0), 1e-12f);  // the clamp of Network::scoreBatch
        out.dC_da = Vector::Zero(a.rows());
        out.dC_da(label) = -1.0f / p;
        e.costTerms.setZero();
        e.costTerms(label) = -std::log(p);
        e.cost = -static_cast<double>(std::log(p));
    }
    out.dC_dz = delta;

    std::vector<Matrix> deltas(static_cast<std::size_t>(layers));
    deltas.back() = std::move(delta);
    for (int l = layers - 1; l > 0; --l) {
        Matrix& previous = deltas[static_cast<std::size_t>(l) - 1];
        previous.noalias() = network.weights(l).transpose() * deltas[static_cast<std::size_t>(l)];
        LayerBackprop& below = e.layers[static_cast<std::size_t>(l) - 1];
        below.dC_da = previous;
        multiplyByDerivative(arch.hidden, trace.activations[static_cast<std::size_t>(l)], previous);
        below.dC_dz = previous;
    }
    Matrix inputGradient;
    inputGradient.noalias() = network.weights(0).transpose() * deltas.front();
    e.dC_dx = inputGradient;
    if (arch.normalization) e.dC_dx /= arch.normalization->stdDev;
    return e;
}

NeuronLevers neuronLevers(const Network& network, const BackpropExplanation& explanation, int layer,
                          int neuron, int top) {
    requireLayer(explanation, layer, neuron);
    if (network.layerCount() != static_cast<int>(explanation.layers.size()) ||
        network.layout().outputsOf(layer) !=
            explanation.layers[static_cast<std::size_t>(layer)].a.size())
        throw ConfigError("the explanation is of another network's shape");
    const Vector& previous = explanation.previousActivations(layer);
    const Vector w = network.weights(layer).row(neuron).transpose();
    NeuronLevers levers;
    levers.layer = layer;
    levers.neuron = neuron;
    levers.dC_dz = explanation.layers[static_cast<std::size_t>(layer)].dC_dz(neuron);
    levers.bias = levers.dC_dz;
    levers.weights = previous * levers.dC_dz;
    levers.previousActivations = w * levers.dC_dz;
    levers.biasEffect = levers.dC_dz;
    levers.weightsEffect = levers.dC_dz * previous.squaredNorm();
    levers.activationsEffect = levers.dC_dz * w.squaredNorm();
    levers.topWeights = largest(levers.weights, top);
    levers.topActivations = largest(levers.previousActivations, top);
    return levers;
}

EdgeChainRule edgeChainRule(const BackpropExplanation& explanation, int layer, int neuron,
                            int from) {
    EdgeChainRule rule;
    rule.gradient = explanation.weightGradientAt(layer, neuron, from);  // checks the indices
    const LayerBackprop& values = explanation.layers[static_cast<std::size_t>(layer)];
    rule.previousActivation = explanation.previousActivations(layer)(from);
    rule.dC_da = values.dC_da(neuron);
    rule.dC_dz = values.dC_dz(neuron);
    const bool output = layer + 1 == static_cast<int>(explanation.layers.size());
    if (!output) {
        rule.slope = slopeOf(explanation.hidden, values.a(neuron));
    } else if (explanation.loss == Loss::SquaredError) {
        rule.slope = slopeOf(Activation::Sigmoid, values.a(neuron));
    } else {
        // Softmax: da_i/dz_j = p_i (delta_ij - p_j).
        const Vector& p = values.a;
        rule.slope = p(neuron) * (1.0f - p(neuron));
        double others = 0;
        for (Eigen::Index i = 0; i < p.size(); ++i)
            if (i != neuron) others -= static_cast<double>(p(i)) * p(neuron) * values.dC_da(i);
        rule.otherOutputs = static_cast<float>(others);
    }
    return rule;
}

MiniBatchComparison compareMiniBatch(const Network& network, const Eigen::Ref<const Matrix>& input,
                                     std::span<const std::uint8_t> labels) {
    const Architecture& arch = network.architecture();
    const Eigen::Index n = input.cols();
    if (n < 1) throw ConfigError("a mini-batch needs at least one example");
    if (input.rows() != arch.inputSize())
        throw ConfigError("input has " + std::to_string(input.rows()) + " values, the network " +
                          std::to_string(arch.inputSize()));
    if (static_cast<Eigen::Index>(labels.size()) != n)
        throw ConfigError(std::to_string(n) + " examples but " + std::to_string(labels.size()) +
                          " labels");
    for (const std::uint8_t label : labels)
        if (label >= arch.outputSize())
            throw ConfigError("label " + std::to_string(label) + " is not one of the network's " +
                              std::to_string(arch.outputSize()) + " outputs");

    const auto size = static_cast<std::size_t>(network.layout().size());
    MiniBatchComparison result;
    GradientWorkspace workspace;
    // Aligned as the trainer's gradient, so that Eigen takes the trainer's code paths.
    std::vector<float, Eigen::aligned_allocator<float>> gradient(size);
    network.computeGradient(input, labels, workspace, gradient);
    result.meanGradient.assign(gradient.begin(), gradient.end());
    const ConstVectorMap mean(result.meanGradient.data(), static_cast<Eigen::Index>(size));
    result.meanGradientNorm = mean.cast<double>().norm();

    const ConstVectorMap one(gradient.data(), static_cast<Eigen::Index>(size));
    for (Eigen::Index j = 0; j < n; ++j) {
        const BatchStats stats = network.computeGradient(
            input.col(j), labels.subspan(static_cast<std::size_t>(j), 1), workspace, gradient);
        const double norm = one.cast<double>().norm();
        const double dot = one.cast<double>().dot(mean.cast<double>());
        const double lengths = norm * result.meanGradientNorm;
        result.cosines.push_back(lengths > 0 ? std::clamp(dot / lengths, -1.0, 1.0) : 0.0);
        result.norms.push_back(norm);
        result.costs.push_back(stats.lossSum);
        result.meanOfNorms += norm;
    }
    result.meanOfNorms /= static_cast<double>(n);
    return result;
}

}  // namespace digitscope::core
