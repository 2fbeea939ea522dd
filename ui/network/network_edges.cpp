#include "ui/network/network_edges.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace digitscope::ui {

int NetworkEdges::shownPerNeuron(int inputs, int outputs) {
    if (inputs <= 0 || outputs <= 0) return 0;
    if (static_cast<long long>(inputs) * outputs <= kFullEdges) return inputs;
    return std::clamp(kThinnedEdges / outputs, 4, inputs);
}

std::vector<Edge> NetworkEdges::strongestIncoming(const Eigen::Ref<const Eigen::MatrixXf>& weights,
                                                  int perNeuron) {
    const int outputs = static_cast<int>(weights.rows());
    const int inputs = static_cast<int>(weights.cols());
    const int keep = std::clamp(perNeuron, 0, inputs);
    std::vector<Edge> edges;
    edges.reserve(static_cast<std::size_t>(outputs) * keep);
    std::vector<int> order(static_cast<std::size_t>(inputs));
    for (int j = 0; j < outputs; ++j) {
        std::iota(order.begin(), order.end(), 0);
        if (keep < inputs) {
            // Row j is strided in a column-major matrix; nth_element reads it through indices.
            std::nth_element(order.begin(), order.begin() + keep, order.end(), [&](int a, int b) {
                return std::abs(weights(j, a)) > std::abs(weights(j, b));
            });
        }
        for (int k = 0; k < keep; ++k) {
            const int i = order[static_cast<std::size_t>(k)];
            edges.push_back({i, j, weights(j, i)});
        }
    }
    return edges;
}

namespace {

// The `count` entries of `values` (outputs x inputs) largest in magnitude, zeros left out.
std::vector<Edge> largestEntries(const Eigen::MatrixXf& values, int count) {
    const auto total = static_cast<int>(values.size());
    std::vector<int> order(static_cast<std::size_t>(total));
    std::iota(order.begin(), order.end(), 0);
    const int keep = std::clamp(count, 0, total);
    const float* c = values.data();
    std::nth_element(order.begin(), order.begin() + keep, order.end(),
                     [c](int a, int b) { return std::abs(c[a]) > std::abs(c[b]); });
    std::vector<Edge> edges;
    edges.reserve(static_cast<std::size_t>(keep));
    const int rows = static_cast<int>(values.rows());
    for (int k = 0; k < keep; ++k) {
        const int flat = order[static_cast<std::size_t>(k)];
        if (c[flat] != 0.0f) edges.push_back({flat / rows, flat % rows, c[flat]});
    }
    return edges;
}

}  // namespace

std::vector<Edge> NetworkEdges::strongestContributions(
    const Eigen::Ref<const Eigen::MatrixXf>& weights,
    const Eigen::Ref<const Eigen::VectorXf>& activation, int count) {
    if (weights.cols() != activation.size() || count <= 0) return {};
    // C = W diag(a): outputs x inputs, C(j, i) = w_ji a_i.
    return largestEntries(weights * activation.asDiagonal(), count);
}

std::vector<Edge> NetworkEdges::largestChanges(const Eigen::Ref<const Eigen::MatrixXf>& before,
                                               const Eigen::Ref<const Eigen::MatrixXf>& after,
                                               int count) {
    if (before.rows() != after.rows() || before.cols() != after.cols() || count <= 0) return {};
    return largestEntries(after - before, count);  // outputs x inputs
}

float NetworkEdges::magnitudeScale(const Eigen::Ref<const Eigen::MatrixXf>& values) {
    if (values.size() == 0) return 1.0f;
    const float maxAbs = values.cwiseAbs().maxCoeff();
    const float rms = values.norm() / std::sqrt(static_cast<float>(values.size()));
    const float scale = std::min(maxAbs, 2.5f * rms);
    return scale > 0.0f && std::isfinite(scale) ? scale : 1.0f;
}

}  // namespace digitscope::ui
