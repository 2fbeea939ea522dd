#include "core/base/random.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>

namespace digitscope::core {
namespace {

// The numbers the reference SplitMix64 (Steele, Lea and Flood 2014; Vigna's splitmix64.c) gives
// from the state 1234567. Every distortion, generated non-digit and batch coin depends on them,
// so a change here would silently change every seeded training run.
TEST(SplitMix64, GivesTheReferenceSequence) {
    SplitMix64 random(1234567);
    const std::array<std::uint64_t, 5> reference = {6457827717110365317ULL, 3203168211198807973ULL,
                                                    9817491932198370423ULL, 4593380528125082431ULL,
                                                    16408922859458223821ULL};
    for (std::uint64_t expected : reference) EXPECT_EQ(random(), expected);
}

TEST(SplitMix64, HashIsTheFirstNumberOfTheStreamFromTheKey) {
    for (std::uint64_t key : {0ULL, 1ULL, 1234567ULL, ~0ULL}) {
        SplitMix64 random(key);
        EXPECT_EQ(splitMixHash(key), random.next()) << key;
    }
}

TEST(SplitMix64, StaysInItsRanges) {
    SplitMix64 random(42);
    bool sawLow = false, sawHigh = false;
    for (int i = 0; i < 20000; ++i) {
        const double u = random.uniform();
        EXPECT_GE(u, 0.0);
        EXPECT_LT(u, 1.0);
        const double s = random.symmetric();
        EXPECT_GE(s, -1.0);
        EXPECT_LT(s, 1.0);
        const float f = random.symmetricFloat();
        EXPECT_GE(f, -1.0f);
        EXPECT_LT(f, 1.0f);
        const double b = random.uniform(-3.0, 5.0);
        EXPECT_GE(b, -3.0);
        EXPECT_LT(b, 5.0);
        const int n = random.integer(-2, 3);
        EXPECT_GE(n, -2);
        EXPECT_LE(n, 3);
        sawLow = sawLow || n == -2;
        sawHigh = sawHigh || n == 3;
        const double sign = random.sign();
        EXPECT_TRUE(sign == 1.0 || sign == -1.0);
    }
    EXPECT_TRUE(sawLow && sawHigh);  // both ends of integer()'s closed range come up
}

TEST(SplitMix64, ChanceMatchesItsProbability) {
    SplitMix64 random(7);
    int hits = 0;
    const int draws = 100000;
    for (int i = 0; i < draws; ++i) hits += random.chance(0.3) ? 1 : 0;
    EXPECT_NEAR(static_cast<double>(hits) / draws, 0.3, 0.01);
}

TEST(SplitMix64, ServesTheStandardDistributions) {
    static_assert(std::uniform_random_bit_generator<SplitMix64>);
    SplitMix64 a(99), b(99);
    std::uniform_int_distribution<int> digits(0, 9);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(digits(a), digits(b));
}

TEST(UnitInterval, UsesTheTop53Bits) {
    EXPECT_EQ(unitInterval(0), 0.0);
    EXPECT_EQ(unitInterval(~0ULL), 1.0 - 0x1.0p-53);
    EXPECT_EQ(unitInterval(0x7ffULL), 0.0);  // the low 11 bits do not count
}

}  // namespace
}  // namespace digitscope::core
