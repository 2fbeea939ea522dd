#pragma once

#include "core/nn/architecture.h"

namespace digitscope::core {

// The threads Eigen splits a large matrix product over. Eigen keeps one count for the whole
// process (not per thread), so each program sets it once, before any work: the GUI's main
// (1: its products are small, and training, explanations and painting share the cores) and each
// digitscope-cli command (train: effectiveThreads of --threads; eval: --threads; the others: 1).
// Nothing else changes it, so that no thread's products change speed or results because another
// thread started something. Throws ConfigError below 1.
void setComputeThreads(int threads);
int computeThreads();

// Threads worth using for a network and batch: splitting products across cores costs more in
// synchronisation than it saves, so below 1e8 multiply-adds in the largest product (784 inputs x
// 1024 units x batch 128) the work stays on one core. Deterministic (no look at the machine's
// load), so that the same seed and thread count give the same weights (the count changes the
// products' blocking, and so the weights' last bits).
int effectiveThreads(const Architecture& architecture, int batchSize, int requested);

}  // namespace digitscope::core
