#pragma once

#include "core/nn/architecture.h"

namespace digitscope::core {

// The threads Eigen splits a large matrix product over. Eigen keeps one count for the whole
// process (not per thread), so each program sets it once, before any work: the GUI's main
// (1: its products are small, and training, explanations and painting share the cores) and each
// digitscope-cli command (train: effectiveThreads of --threads; eval: --threads; the others: 1).
// Nothing else changes it, so that no thread's products change speed or results because another
// thread started something. Also makes the OpenMP threads that will compute those products
// flush denormals to zero (enableFlushToZero). Throws ConfigError below 1.
void setComputeThreads(int threads);
int computeThreads();

// Threads worth using for a network and batch: splitting products across cores costs more in
// synchronisation than it saves, so below 1e8 multiply-adds in the largest product (784 inputs x
// 1024 units x batch 128) the work stays on one core. Deterministic (no look at the machine's
// load), so that the same seed and thread count give the same weights (the count changes the
// products' blocking, and so the weights' last bits).
int effectiveThreads(const Architecture& architecture, int batchSize, int requested);

// Makes the calling thread's float arithmetic flush denormal (subnormal) results to zero and
// read denormal inputs as zero: on x86-64 the FTZ and DAZ bits of MXCSR, on AArch64 FPCR.FZ;
// nothing on other CPUs. Training produces ever smaller gradients and Adam moments, and each
// operation on a denormal costs about a hundred cycles on x86: 784-128-10 with Adam slowed from
// ~136 k to ~100 k samples/s after its first epoch. Values below 1.2e-38 change nothing a network
// computes. The setting belongs to each thread (and is inherited by threads it starts only on
// some systems), so every thread that computes calls this first: the programs' mains, the batch
// pipeline's helper, the GUI's workers, and Eigen's OpenMP threads (setComputeThreads).
void enableFlushToZero();

// Whether the calling thread flushes denormals to zero (enableFlushToZero has run on it).
bool flushToZeroEnabled();

}  // namespace digitscope::core
