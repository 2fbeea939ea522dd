#pragma once

// Small networks and traces for the network view, layout and inspector tests.
#include <Eigen/Core>
#include <memory>
#include <vector>

#include "core/nn/network.h"

namespace digitscope::ui::testing {

inline std::shared_ptr<core::Network> makeNetwork(std::vector<int> sizes, std::uint64_t seed = 7) {
    core::Architecture architecture;
    architecture.sizes = std::move(sizes);
    return std::make_shared<core::Network>(architecture, seed);
}

// A forward pass of a blob of ink in the middle of the 28 x 28 input (or a ramp otherwise).
inline core::ForwardTrace traceOf(const core::Network& network, float ink = 1.0f, int shift = 0) {
    const int inputs = network.architecture().inputSize();
    core::Matrix x = core::Matrix::Zero(inputs, 1);  // inputs x 1
    for (int i = 0; i < inputs; ++i) {
        const int row = i / 28, col = i % 28 - shift;
        if (row > 6 && row < 22 && col > 10 && col < 18) x(i, 0) = ink;
    }
    core::ForwardTrace trace;
    network.forward(x, trace);
    return trace;
}

}  // namespace digitscope::ui::testing
