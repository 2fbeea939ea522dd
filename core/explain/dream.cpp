#include "core/explain/dream.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/base/errors.h"
#include "core/explain/saliency.h"

namespace digitscope::core {
namespace {

int squareSide(Eigen::Index size) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(size))));
    return side * side == size ? side : 0;
}

// A 3 x 3 Gaussian (1 2 1 / 2 4 2 / 1 2 1, over 16) of a side x side image, edges clamped.
void blur(Vector& image, int side) {
    const Vector source = image;
    auto at = [&](int r, int c) {
        r = std::clamp(r, 0, side - 1);
        c = std::clamp(c, 0, side - 1);
        return source(r * side + c);
    };
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c)
            image(r * side + c) =
                (4 * at(r, c) + 2 * (at(r - 1, c) + at(r + 1, c) + at(r, c - 1) + at(r, c + 1)) +
                 at(r - 1, c - 1) + at(r - 1, c + 1) + at(r + 1, c - 1) + at(r + 1, c + 1)) /
                16.0f;
}

}  // namespace

Dream dreamNeuron(const Network& network, int neuronLayer, int unit, const DreamSettings& settings,
                  const std::atomic<bool>* cancel) {
    const int layers = network.layerCount();
    if (neuronLayer < 1 || neuronLayer > layers || unit < 0 ||
        unit >= network.architecture().sizes[static_cast<std::size_t>(neuronLayer)])
        throw ConfigError("dreamNeuron: no neuron " + std::to_string(unit) + " in layer " +
                          std::to_string(neuronLayer));
    const int inputs = network.architecture().inputSize();
    const int side = squareSide(inputs);
    const int l = neuronLayer - 1;  // weight layer
    const bool softmax = neuronLayer == layers && network.architecture().loss == Loss::CrossEntropy;

    // Regularised dreams start nearly blank (a faint noise breaks the symmetry and wakes
    // ReLUs); unregularised ones from full noise, as the video's "perfect 5".
    std::mt19937_64 rng(settings.seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Vector x(inputs);
    const float noise = settings.regularise ? 0.2f : 1.0f;
    for (int i = 0; i < inputs; ++i) x(i) = noise * uniform(rng);

    ForwardTrace trace;
    auto activationOf = [&](const Vector& image) {
        network.forward(Eigen::Map<const Matrix>(image.data(), inputs, 1), trace);
        return trace.activations[static_cast<std::size_t>(neuronLayer)](unit, 0);
    };
    Dream dream;
    dream.startActivation = activationOf(x);
    for (int step = 0; step < settings.steps; ++step) {
        if (cancel && cancel->load(std::memory_order_relaxed)) break;
        if (step > 0) activationOf(x);  // the trace of x (the first is already there)
        // d objective / dz of layer l: e_unit, minus the probabilities for log softmax.
        Vector coefficients = Vector::Zero(network.layout().outputsOf(l));
        coefficients(unit) = 1.0f;
        if (softmax) coefficients -= trace.output().col(0);
        Vector g = preActivationGradient(network, trace, l, coefficients);
        const float rms = std::sqrt(g.squaredNorm() / static_cast<float>(inputs));
        if (rms > 0) g /= rms;
        if (settings.regularise) g -= settings.decay * x;
        x = (x + settings.stepSize * g).cwiseMax(0.0f).cwiseMin(1.0f);
        if (settings.regularise && side > 0 && settings.blurEvery > 0 &&
            (step + 1) % settings.blurEvery == 0)
            blur(x, side);
        dream.steps = step + 1;
    }
    dream.activation = activationOf(x);
    dream.output = trace.output().col(0);
    dream.image = std::move(x);
    return dream;
}

}  // namespace digitscope::core
