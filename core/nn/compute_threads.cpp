#include "core/nn/compute_threads.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

#include "core/base/errors.h"

namespace digitscope::core {

void setComputeThreads(int threads) {
    if (threads < 1) throw ConfigError("the number of compute threads must be at least 1");
    Eigen::setNbThreads(threads);
#if defined(_OPENMP)
    // OpenMP keeps its threads for later parallel regions, so setting them once here lasts
    // for every product Eigen splits across them.
#pragma omp parallel num_threads(threads)
    enableFlushToZero();
#endif
}

namespace {
#if defined(__x86_64__) || defined(_M_X64)
constexpr unsigned kFlushToZero = 0x8000;     // MXCSR.FTZ: denormal results become 0
constexpr unsigned kDenormalsAreZero = 0x40;  // MXCSR.DAZ: denormal inputs read as 0
#elif defined(__aarch64__)
constexpr std::uint64_t kFpcrFlushToZero = std::uint64_t{1} << 24;  // FPCR.FZ
std::uint64_t readFpcr() {
    std::uint64_t fpcr = 0;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    return fpcr;
}
#endif
}  // namespace

void enableFlushToZero() {
#if defined(__x86_64__) || defined(_M_X64)
    _mm_setcsr(_mm_getcsr() | kFlushToZero | kDenormalsAreZero);
#elif defined(__aarch64__)
    const std::uint64_t fpcr = readFpcr() | kFpcrFlushToZero;
    asm volatile("msr fpcr, %0" : : "r"(fpcr));
#endif
}

bool flushToZeroEnabled() {
#if defined(__x86_64__) || defined(_M_X64)
    return (_mm_getcsr() & (kFlushToZero | kDenormalsAreZero)) ==
           (kFlushToZero | kDenormalsAreZero);
#elif defined(__aarch64__)
    return (readFpcr() & kFpcrFlushToZero) != 0;
#else
    return false;
#endif
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
