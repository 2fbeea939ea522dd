#include "core/nn/compute_threads.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <bit>
#include <cfloat>
#include <cstdint>
#include <thread>
#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
#endif

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

TEST(ComputeThreads, SetsEigensCountForTheProcess) {
    ASSERT_EQ(computeThreads(), 1);  // tests/core/core_test_main.cpp
    setComputeThreads(2);
    EXPECT_EQ(computeThreads(), 2);
    EXPECT_EQ(Eigen::nbThreads(), 2);
    EXPECT_THROW(setComputeThreads(0), ConfigError);
    EXPECT_EQ(computeThreads(), 2);  // a refused count changes nothing
    setComputeThreads(1);
    EXPECT_EQ(Eigen::nbThreads(), 1);
}

// What the calling thread computes for a product whose exact result is denormal (1e-40, below
// FLT_MIN = 1.2e-38) and for a denormal input times one, scalar and through Eigen's vector code.
struct DenormalResults {
    float product = -1;
    float input = -1;
    float eigenSum = -1;
};

DenormalResults computeDenormals() {
    volatile float small = 1e-30f;
    volatile float tiny = 1e-10f;
    volatile float denormal = 1e-40f;
    volatile float one = 1.0f;
    DenormalResults results;
    results.product = small * tiny;
    results.input = denormal * one;
    const float smallValue = small;
    const float tinyValue = tiny;
    const Eigen::VectorXf a = Eigen::VectorXf::Constant(64, smallValue);
    const Eigen::VectorXf b = Eigen::VectorXf::Constant(64, tinyValue);
    results.eigenSum = a.cwiseProduct(b).sum();
    return results;
}

// The bits of a float, compared as integers: this thread reads denormals as zero (DAZ), so a
// float comparison or print here would see 0 for a denormal another thread computed.
std::uint32_t bits(float value) {
    return std::bit_cast<std::uint32_t>(value);
}

#if defined(__x86_64__) || defined(_M_X64)
// Linux threads start with their creator's MXCSR; clearing the bits makes this thread start as
// a thread does on systems that do not copy it (and as the programs' threads did before).
void clearFlushToZeroForTest() {
    _mm_setcsr(_mm_getcsr() & ~0x8040u);
}
#endif

TEST(FlushToZero, DenormalsBecomeZeroOnTheThreadThatAsked) {
#if !defined(__x86_64__) && !defined(_M_X64)
    GTEST_SKIP() << "the test clears the setting through MXCSR, on x86-64 only";
#else
    ASSERT_TRUE(flushToZeroEnabled());  // tests/core/core_test_main.cpp, as every program
    const DenormalResults main = computeDenormals();
    EXPECT_EQ(bits(main.product), 0u);
    EXPECT_EQ(bits(main.input), 0u);
    EXPECT_EQ(bits(main.eigenSum), 0u);

    DenormalResults before;
    DenormalResults after;
    bool enabledBefore = true;
    bool enabledAfter = false;
    std::thread worker([&] {
        clearFlushToZeroForTest();
        enabledBefore = flushToZeroEnabled();
        before = computeDenormals();
        enableFlushToZero();
        enabledAfter = flushToZeroEnabled();
        after = computeDenormals();
    });
    worker.join();
    EXPECT_FALSE(enabledBefore);
    // Gradual underflow: positive denormals (exponent bits 0, mantissa not), not 0.
    EXPECT_NE(bits(before.product), 0u);
    EXPECT_EQ(bits(before.product) & 0x7f800000u, 0u);
    EXPECT_NE(bits(before.input), 0u);
    EXPECT_NE(bits(before.eigenSum), 0u);
    EXPECT_EQ(bits(before.eigenSum) & 0x7f800000u, 0u);
    EXPECT_TRUE(enabledAfter);
    EXPECT_EQ(bits(after.product), 0u);  // +0.0f
    EXPECT_EQ(bits(after.input), 0u);
    EXPECT_EQ(bits(after.eigenSum), 0u);

    // The other thread's setting is its own: this thread's stays as it was.
    EXPECT_TRUE(flushToZeroEnabled());
    std::thread cleared([&] {
        clearFlushToZeroForTest();
        enabledBefore = flushToZeroEnabled();
    });
    cleared.join();
    EXPECT_FALSE(enabledBefore);
    EXPECT_TRUE(flushToZeroEnabled());
    EXPECT_EQ(bits(computeDenormals().product), 0u);
#endif
}

// Normal numbers are untouched: the smallest normal float survives a product by one.
TEST(FlushToZero, NormalNumbersAreUnchanged) {
    enableFlushToZero();
    volatile float smallest = FLT_MIN;
    volatile float one = 1.0f;
    EXPECT_EQ(smallest * one, FLT_MIN);
    volatile float x = 0.1f;
    volatile float y = 3.0f;
    EXPECT_EQ(x * y, 0.1f * 3.0f);
}

TEST(EffectiveThreads, SmallProductsStayOnOneCore) {
    Architecture small;
    small.sizes = {784, 16, 16, 10};
    EXPECT_EQ(effectiveThreads(small, 32, 2), 1);  // 784 * 16 * 32 = 0.4M
    Architecture large;
    large.sizes = {784, 256, 128, 10};
    EXPECT_EQ(effectiveThreads(large, 64, 2), 1);  // 784 * 256 * 64 = 12.8M: still one core
    Architecture huge;
    huge.sizes = {784, 1024, 512, 10};
    EXPECT_EQ(effectiveThreads(huge, 128, 2), 2);  // 784 * 1024 * 128 = 103M
    EXPECT_EQ(effectiveThreads(huge, 128, 0), 1);
    EXPECT_EQ(effectiveThreads(huge, 1, 2), 1);
}

}  // namespace
}  // namespace digitscope::core
