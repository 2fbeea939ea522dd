#pragma once

#include <atomic>
#include <cstdint>

#include "core/nn/network.h"

namespace digitscope::core {

// How a dream is made: gradient ascent on the input image, each step clamped to [0, 1].
// Regularised (Yosinski et al. 2015), the image is pulled towards blank (L2 decay) and blurred
// every few steps, so it keeps to smooth strokes a person can read; unregularised, it starts
// from noise and stays noise, which the network can still read as a digit with high confidence.
struct DreamSettings {
    int steps = 400;
    float stepSize = 0.05f;  // change of the image per step: the gradient scaled to RMS 1
    bool regularise = true;
    float decay = 0.5f;      // L2: -decay * x added to the normalised gradient each step
    int blurEvery = 3;       // a 3 x 3 Gaussian blur every this many steps (0: never)
    std::uint64_t seed = 1;  // the starting image's noise
};

struct Dream {
    Vector image;               // inputs, each in [0, 1]; row-major 28 x 28 for MNIST
    float startActivation = 0;  // the neuron on the starting image
    float activation = 0;       // the neuron on the dream (probability for a softmax output)
    Vector output;              // the network's output for the dream
    int steps = 0;              // done (fewer when cancelled)
};

// The input that excites one neuron most. neuronLayer counts as the view does (1 = first
// hidden layer, layerCount = output). A hidden neuron's pre-activation is raised (its ReLU has
// no gradient while it is off); a softmax output's log-probability, so that the other digits
// lose. `cancel` (optional) is polled every step. Throws ConfigError for a missing neuron.
Dream dreamNeuron(const Network& network, int neuronLayer, int unit, const DreamSettings& settings,
                  const std::atomic<bool>* cancel = nullptr);

}  // namespace digitscope::core
