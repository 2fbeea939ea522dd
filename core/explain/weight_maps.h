#pragma once

#include "core/nn/network.h"

namespace digitscope::core {

// What the neurons of a hidden layer look for, in pixel space: one row per unit, one column
// per input. neuronLayer counts as the network view does (1 = the first hidden layer).
//   layer 1: W0 (units x inputs), each neuron's own incoming weights;
//   layer k: W(k-1) * ... * W1 * W0, the linear part only: the template a neuron would have
//            if the layers below it had no activation function and no biases.
// Throws ConfigError for a layer that is not hidden.
Matrix pixelTemplates(const Network& network, int neuronLayer);

}  // namespace digitscope::core
