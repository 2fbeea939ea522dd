#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <vector>

#include "core/nn/network.h"

namespace digitscope::core {

// How one example teaches the network (3Blue1Brown's chapters 3 and 4): the cost of the example
// under the network's own loss, and backpropagation's every intermediate, layer by layer.
//
// Cost C of one example with label y (one-hot):
//   cross-entropy (softmax outputs):   C = -log p_y
//   squared error (sigmoid outputs):   C = 1/2 sum_k (a_k - y_k)^2
// the loss the trainer minimises (Network::computeGradient for a batch of one).

// One weight layer's values for the example: z = W a_prev + b, a = f(z).
struct LayerBackprop {
    Vector z;      // pre-activations
    Vector a;      // activations; of the output layer, the probabilities (or sigmoid outputs)
    Vector dC_da;  // dC/da: how the cost changes with each activation (minus: its "wish")
    Vector dC_dz;  // dC/dz, which is also dC/db, the bias gradient
};

struct BackpropExplanation {
    Loss loss = Loss::CrossEntropy;
    Activation hidden = Activation::Relu;
    int label = 0;
    double cost = 0;  // the sum of costTerms
    // Each output's share of the cost: 1/2 (a_k - y_k)^2 for squared error; for cross-entropy
    // -y_k log p_k, which is -log p_y for the label and 0 for every other output.
    Vector costTerms;
    // The first layer's input: the raw input, or (x - mean) / stdDev for a normalising network.
    Vector input;
    Vector dC_dx;  // dC/dx with respect to the raw input (through the normalisation)
    std::vector<LayerBackprop> layers;  // weight layer 0 (the first hidden layer) to the output

    const Vector& outputs() const { return layers.back().a; }
    // a_prev of weight layer `layer`: `input` for layer 0, else layers[layer - 1].a.
    const Vector& previousActivations(int layer) const;
    // dC/dW of weight layer `layer` = dC_dz a_prev^T (outputs x inputs), the same numbers as
    // the trainer's gradient for this one example.
    Matrix weightGradient(int layer) const;
    // Row `neuron` of it: dC/dw_{neuron,k} = a_prev_k dC/dz_neuron, one value per input k.
    Vector weightGradientRow(int layer, int neuron) const;
    // One edge, from input `from` of weight layer `layer` to its neuron `neuron`.
    float weightGradientAt(int layer, int neuron, int from) const;
};

// Forward and backward pass of one example. input: inputSize() values; label: an output index.
// Throws ConfigError on a wrong input size or a label outside the outputs.
BackpropExplanation explainBackprop(const Network& network, const Eigen::Ref<const Vector>& input,
                                    int label);

// An incoming connection and its value (a gradient, an activation, a weight...).
struct IndexedValue {
    int index = 0;
    float value = 0;
};

// The three levers by which neuron j of weight layer l can lower the cost (chapter 3): its bias,
// its incoming weights (each in proportion to the activation it carries) and the previous
// layer's activations (each in proportion to the weight it comes through). Each lever's part of
// the gradient, and how far one gradient step of size eta moves z_j through it:
//   bias:        dC/db_j = dC/dz_j;               dz_j = -eta dC/dz_j
//   weights:     dC/dw_jk = a_k dC/dz_j;          dz_j = -eta dC/dz_j |a_prev|^2
//   activations: w_jk dC/dz_j (neuron j's share   dz_j = -eta dC/dz_j |w_j|^2
//                of dC/da_prev_k);
// so the levers' strengths stand as 1 : |a_prev|^2 : |w_j|^2. Summed over the layer's neurons,
// the activation parts make dC/da of the previous layer (the wishes flowing back).
struct NeuronLevers {
    int layer = 0;
    int neuron = 0;
    float dC_dz = 0;             // the neuron's wish is -dC_dz: up when negative
    float bias = 0;              // dC/db_j
    Vector weights;              // dC/dw_jk, one per input k
    Vector previousActivations;  // w_jk dC/dz_j, one per input k
    // The first-order change of z_j per unit of step size along each lever (see above).
    float biasEffect = 0;
    float weightsEffect = 0;
    float activationsEffect = 0;
    // The weights this example pushes most (largest |dC/dw_jk| first) and the previous
    // activations it would move most (largest |w_jk dC/dz_j| first), `top` of each.
    std::vector<IndexedValue> topWeights;
    std::vector<IndexedValue> topActivations;
};

// Throws ConfigError on a layer or neuron out of range; top is clamped to the inputs.
NeuronLevers neuronLevers(const Network& network, const BackpropExplanation& explanation, int layer,
                          int neuron, int top = 5);

// The chain rule along one edge w (input k of weight layer l to its neuron j), chapter 4:
//   dC/dw = dz_j/dw * da_j/dz_j * dC/da_j = a_prev_k * f'(z_j) * dC/da_j.
// Through a softmax every output depends on z_j: dC/dz_j = p_j(1 - p_j) dC/da_j (its own path)
// + sum_{i != j} -p_i p_j dC/da_i (the other outputs' paths), given as otherOutputs.
struct EdgeChainRule {
    float previousActivation = 0;  // dz_j/dw = a_prev_k
    float slope = 0;               // da_j/dz_j: f'(z_j), or p_j (1 - p_j) through a softmax
    float dC_da = 0;               // dC/da_j
    float otherOutputs = 0;        // 0 except through a softmax
    float dC_dz = 0;               // slope * dC_da + otherOutputs
    float gradient = 0;            // previousActivation * dC_dz
};

EdgeChainRule edgeChainRule(const BackpropExplanation& explanation, int layer, int neuron,
                            int from);

// One mini-batch against its examples (chapter 3's "drunk man stumbling down the hill"): the
// step gradient descent takes is the mean of the examples' gradients, each of which points
// elsewhere.
struct MiniBatchComparison {
    // The mean gradient (layout-shaped), as the trainer computes it for the batch.
    std::vector<float> meanGradient;
    std::vector<double> cosines;  // each example's gradient against the mean, -1 to 1
    std::vector<double> norms;    // each example's gradient's length
    std::vector<double> costs;    // each example's cost
    double meanGradientNorm = 0;  // |mean of the gradients|
    double meanOfNorms = 0;       // mean of |gradient|: larger, unless all point the same way
};

// input: inputs x N; labels: N output indices (N >= 1). Throws ConfigError on mismatches.
MiniBatchComparison compareMiniBatch(const Network& network, const Eigen::Ref<const Matrix>& input,
                                     std::span<const std::uint8_t> labels);

}  // namespace digitscope::core
