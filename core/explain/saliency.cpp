#include "core/explain/saliency.h"

#include <cmath>
#include <vector>

#include "core/base/errors.h"
#include "core/nn/activation.h"

namespace digitscope::core {
namespace {

int squareSide(int size) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(size))));
    return side * side == size ? side : 0;
}

// The two largest outputs: the answer and the runner-up.
std::pair<int, int> topTwo(const Vector& output) {
    int first = 0;
    int second = output.size() > 1 ? 1 : 0;
    if (output.size() > 1 && output(second) > output(first)) std::swap(first, second);
    for (int k = 2; k < output.size(); ++k) {
        if (output(k) > output(first)) {
            second = first;
            first = k;
        } else if (output(k) > output(second)) {
            second = k;
        }
    }
    return {first, second};
}

}  // namespace

Vector preActivationGradient(const Network& network, const ForwardTrace& trace, int layer,
                             const Vector& coefficients) {
    if (layer < 0 || layer >= network.layerCount() ||
        coefficients.size() != network.layout().outputsOf(layer))
        throw ConfigError("preActivationGradient: no weight layer " + std::to_string(layer) +
                          " with " + std::to_string(coefficients.size()) + " units");
    if (static_cast<int>(trace.activations.size()) != network.layerCount() + 1)
        throw ConfigError("preActivationGradient: the trace is not of this network");
    Matrix g = coefficients;  // units of layer l x 1
    for (int l = layer; l >= 0; --l) {
        Matrix previous = network.weights(l).transpose() * g;  // in x 1
        if (l == 0) return previous.col(0);
        // Through the hidden activation a = f(z) of weight layer l - 1 (activations[l]).
        const Matrix a = trace.activations[static_cast<std::size_t>(l)].col(0);
        multiplyByDerivative(network.architecture().hidden, a, previous);
        g = std::move(previous);
    }
    return {};
}

AnswerSaliency explainAnswer(const Network& network, const Vector& input) {
    const int outputs = network.architecture().outputSize();
    if (outputs < 2) throw ConfigError("explainAnswer: the network has fewer than two outputs");
    ForwardTrace trace;
    network.forward(Eigen::Map<const Matrix>(input.data(), input.size(), 1), trace);
    AnswerSaliency result;
    std::tie(result.predicted, result.runnerUp) = topTwo(trace.output().col(0));
    const int last = network.layerCount() - 1;
    const Vector logits = trace.preActivations[static_cast<std::size_t>(last)].col(0);
    result.margin = logits(result.predicted) - logits(result.runnerUp);

    Vector direction = Vector::Zero(outputs);  // dm/dz of the output layer
    direction(result.predicted) = 1.0f;
    direction(result.runnerUp) = -1.0f;
    result.gradientTimesInput =
        input.cwiseProduct(preActivationGradient(network, trace, last, direction));

    // Occlusion: each inked patch blanked in a column of its own. Only the first layer's
    // product changes, by -W0 (patch values), so Z1 of every column starts from z1.
    const int n = static_cast<int>(input.size());
    const int side = squareSide(n);
    const int radius = side > 0 ? 1 : 0;
    std::vector<int> centres;
    std::vector<std::vector<int>> patches;
    for (int i = 0; i < n; ++i) {
        std::vector<int> patch;
        if (side == 0) {
            patch.push_back(i);
        } else {
            const int r = i / side;
            const int c = i % side;
            for (int y = std::max(0, r - radius); y <= std::min(side - 1, r + radius); ++y)
                for (int x = std::max(0, c - radius); x <= std::min(side - 1, c + radius); ++x)
                    patch.push_back(y * side + x);
        }
        bool ink = false;
        for (int p : patch) ink = ink || input(p) != 0.0f;
        if (!ink) continue;
        centres.push_back(i);
        patches.push_back(std::move(patch));
    }
    result.occlusion = Vector::Zero(n);
    result.occludedPatches = static_cast<int>(centres.size());
    if (centres.empty()) return result;
    const auto count = static_cast<Eigen::Index>(centres.size());
    const auto w0 = network.weights(0);                             // units x inputs
    Matrix z = trace.preActivations[0].col(0).replicate(1, count);  // units x patches
    for (Eigen::Index k = 0; k < count; ++k)
        for (int p : patches[static_cast<std::size_t>(k)]) z.col(k) -= w0.col(p) * input(p);
    // The rest of the network, whole batch at a time, keeping the logits (pre-activations).
    for (int l = 0; l < network.layerCount(); ++l) {
        if (l > 0) {
            Matrix next = network.weights(l) * z;
            next.colwise() += network.biases(l);
            z = std::move(next);
        }
        if (l < last) applyActivation(network.architecture().hidden, z);
    }
    for (Eigen::Index k = 0; k < count; ++k)
        result.occlusion(centres[static_cast<std::size_t>(k)]) =
            result.margin - (z(result.predicted, k) - z(result.runnerUp, k));
    return result;
}

}  // namespace digitscope::core
