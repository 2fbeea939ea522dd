#include "core/explain/neuron_arithmetic.h"

#include <algorithm>
#include <cmath>

#include "core/base/errors.h"

namespace digitscope::core {

NeuronArithmetic explainNeuron(const Network& network, const ForwardTrace& trace, int neuronLayer,
                               int unit, int topCount) {
    const int layers = network.layerCount();
    if (neuronLayer < 1 || neuronLayer > layers || unit < 0 ||
        unit >= network.architecture().sizes[static_cast<std::size_t>(neuronLayer)])
        throw ConfigError("explainNeuron: no neuron " + std::to_string(unit) + " in layer " +
                          std::to_string(neuronLayer));
    if (static_cast<int>(trace.activations.size()) != layers + 1 || trace.activations[0].cols() < 1)
        throw ConfigError("explainNeuron: the trace is not of this network");
    const int l = neuronLayer - 1;                                              // weight layer
    const auto row = network.weights(l).row(unit);                              // 1 x inputs
    const auto inputs = trace.activations[static_cast<std::size_t>(l)].col(0);  // inputs

    NeuronArithmetic result;
    result.layer = neuronLayer;
    result.unit = unit;
    result.inputCount = static_cast<int>(row.size());
    result.bias = network.biases(l)(unit);
    result.weightedSum = trace.preActivations[static_cast<std::size_t>(l)](unit, 0);
    result.activation = trace.activations[static_cast<std::size_t>(neuronLayer)](unit, 0);
    result.output = neuronLayer == layers;
    result.softmax = result.output && network.architecture().loss == Loss::CrossEntropy;
    result.function = result.output ? Activation::Sigmoid : network.architecture().hidden;

    std::vector<NeuronArithmetic::Term> terms;
    terms.reserve(static_cast<std::size_t>(row.size()));
    for (int i = 0; i < row.size(); ++i) {
        const float product = row(i) * inputs(i);
        if (product == 0.0f) {
            ++result.zeroTerms;
            continue;
        }
        terms.push_back({i, row(i), inputs(i), product});
    }
    std::sort(terms.begin(), terms.end(),
              [](const auto& a, const auto& b) { return a.product > b.product; });
    for (const auto& term : terms) {
        if (term.product > 0 && static_cast<int>(result.positive.size()) < topCount)
            result.positive.push_back(term);
        else if (term.product > 0) {
            result.otherPositive += term.product;
            ++result.otherPositiveCount;
        }
    }
    for (auto it = terms.rbegin(); it != terms.rend(); ++it) {
        if (it->product < 0 && static_cast<int>(result.negative.size()) < topCount)
            result.negative.push_back(*it);
        else if (it->product < 0) {
            result.otherNegative += it->product;
            ++result.otherNegativeCount;
        }
    }

    if (result.softmax) {
        const auto z = trace.preActivations[static_cast<std::size_t>(l)].col(0);
        result.logits.assign(z.data(), z.data() + z.size());
        result.maxLogit = z.maxCoeff();
        result.expSum = (z.array() - result.maxLogit).exp().sum();
    }
    return result;
}

}  // namespace digitscope::core
