#pragma once

#include <vector>

#include "core/nn/architecture.h"
#include "core/nn/network.h"

namespace digitscope::core {

// One neuron's arithmetic with the real numbers, as in the video:
//   activation = f(w_1 a_1 + ... + w_n a_n + b)
// with the weighted sum split into its largest positive and negative terms; for a softmax
// output, also how the weighted sums become the probability.
struct NeuronArithmetic {
    struct Term {
        int input = 0;         // index in the previous layer
        float weight = 0;      // w_i
        float activation = 0;  // a_i, the previous layer's value now
        float product = 0;     // w_i * a_i
    };

    int layer = 0;  // neuron layer as the view counts (1 = first hidden, layerCount = output)
    int unit = 0;
    int inputCount = 0;
    std::vector<Term> positive;  // the largest products > 0, largest first
    std::vector<Term> negative;  // the most negative products < 0, most negative first
    float otherPositive = 0;     // the positive products not listed, summed
    float otherNegative = 0;     // the negative products not listed, summed
    int otherPositiveCount = 0;  // how many products otherPositive sums
    int otherNegativeCount = 0;
    int zeroTerms = 0;  // products exactly 0 (a quiet input or a zero weight)
    float bias = 0;
    float weightedSum = 0;  // z = sum of all products + b (the forward pass's own value)
    float activation = 0;   // f(z), or the probability for a softmax output

    bool output = false;
    Activation function = Activation::Relu;  // hidden layers (sigmoid for squared-error outputs)
    bool softmax = false;                    // output of a cross-entropy network
    std::vector<float> logits;               // softmax: every output's z
    float maxLogit = 0;                      // subtracted before exp
    float expSum = 0;                        // sum_j exp(z_j - max)
};

// trace: a forward pass (column 0); neuronLayer >= 1. topCount: terms listed on each side.
// Throws ConfigError for a neuron that does not exist or a trace of another network.
NeuronArithmetic explainNeuron(const Network& network, const ForwardTrace& trace, int neuronLayer,
                               int unit, int topCount = 5);

}  // namespace digitscope::core
