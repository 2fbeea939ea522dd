#pragma once

#include <cstdint>

// The one pseudo-random generator of the engine: SplitMix64 (Steele, Lea and Flood 2014). Its
// state is one word, so each image, drawing or batch column can start its own stream cheaply
// from a key, and it gives the same numbers on every platform and compiler, so a seed gives the
// same training run everywhere.
namespace digitscope::core {

// The golden-ratio increment of the state; also used to spread a seed and a number into a
// stream's key (seed * kSplitMixGamma + number).
inline constexpr std::uint64_t kSplitMixGamma = 0x9e3779b97f4a7c15ULL;

// SplitMix64's output function: a well-mixed word from a state word.
constexpr std::uint64_t splitMixFinalise(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A well-mixed word from a key: the first number of SplitMix64(key), without a generator.
constexpr std::uint64_t splitMixHash(std::uint64_t key) {
    return splitMixFinalise(key + kSplitMixGamma);
}

// [0, 1) from the top 53 bits of a word.
constexpr double unitInterval(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

class SplitMix64 {
public:
    using result_type = std::uint64_t;  // a UniformRandomBitGenerator

    explicit constexpr SplitMix64(std::uint64_t state) : m_state(state) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }

    constexpr result_type next() { return splitMixFinalise(m_state += kSplitMixGamma); }
    constexpr result_type operator()() { return next(); }

    double uniform() { return unitInterval(next()); }  // [0, 1)
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    double symmetric() { return 2 * uniform() - 1; }  // [-1, 1)
    // [-1, 1) in float from the top 24 bits (cheaper where float precision is all that is used).
    float symmetricFloat() { return static_cast<float>(next() >> 40) * 0x1.0p-23f - 1.0f; }
    int integer(int low, int high) {  // [low, high]
        return low + static_cast<int>(next() % static_cast<std::uint64_t>(high - low + 1));
    }
    bool chance(double p) { return uniform() < p; }
    double sign() { return chance(0.5) ? 1.0 : -1.0; }

private:
    std::uint64_t m_state;
};

}  // namespace digitscope::core
