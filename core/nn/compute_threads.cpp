#include "core/nn/compute_threads.h"

#include <Eigen/Core>
#include <algorithm>

#include "core/base/errors.h"

namespace digitscope::core {

void setComputeThreads(int threads) {
    if (threads < 1) throw ConfigError("the number of compute threads must be at least 1");
    Eigen::setNbThreads(threads);
}

int computeThreads() {
    return Eigen::nbThreads();
}

int effectiveThreads(const Architecture& architecture, int batchSize, int requested) {
    // Multiply-adds of the largest product. Eigen forks and joins OpenMP threads around every
    // product, so a second thread pays off only when the other core is idle and the product is
    // long: on the shared 2-core machine of docs/figures.md, 2 threads were 5-15x slower than 1
    // for 784-128-64-10 (6.4M), 784-256-128-10 at batch 256 (51M) and 784-1024-512-10 at batch
    // 512 (411M). Was 4e6, which sent 784-128-64-10 batch 64 to 2 threads.
    constexpr double kParallelWork = 1e8;
    double largest = 0;
    for (int l = 0; l < architecture.layerCount(); ++l)
        largest = std::max(largest, static_cast<double>(architecture.sizes[l]) *
                                        architecture.sizes[l + 1] * batchSize);
    return largest >= kParallelWork ? std::max(requested, 1) : 1;
}

}  // namespace digitscope::core
