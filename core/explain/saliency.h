#pragma once

#include <Eigen/Core>

#include "core/nn/network.h"

namespace digitscope::core {

// Gradient of a weighted sum of one layer's pre-activations with respect to the input:
//   d(sum_k c_k z_k) / dx, with z = the pre-activations of weight layer `layer`.
// trace: a forward pass of the input (column 0 is used); coefficients: outputsOf(layer).
// Returns one value per input. Backprop with the shapes of one sample:
//   g_layer = c;  g_prev (in) = W^T (in x out) g;  through a hidden layer g .*= f'(z).
Vector preActivationGradient(const Network& network, const ForwardTrace& trace, int layer,
                             const Vector& coefficients);

// Why the network gave its answer rather than the runner-up: per-pixel contributions to the
// margin m(x) = z_predicted - z_runnerUp between the two output logits (pre-activations of the
// output layer), positive where the pixel pushed towards the answer.
struct AnswerSaliency {
    int predicted = -1;
    int runnerUp = -1;
    float margin = 0;           // m(x)
    Vector gradientTimesInput;  // x_i * dm/dx_i; for a linear model these sum to m - (b_p - b_r)
    Vector occlusion;           // m(x) - m(x with the 3 x 3 patch around pixel i blanked)
    int occludedPatches = 0;    // patches with ink (the others change nothing and are 0)
};

// input: the network's input (a square image for occlusion patches; otherwise single pixels).
// Occlusion runs every inked patch in one batch through the network.
AnswerSaliency explainAnswer(const Network& network, const Vector& input);

}  // namespace digitscope::core
