#pragma once

// The data the digit gate is fitted and measured on, as network inputs (28 x 28 bytes, the
// Dataset layout): MNIST as it is and restroked, real pen digits by writer, generated non-digits.

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/augment/non_digits.h"
#include "core/data/dataset.h"
#include "core/input/drawing.h"

namespace digitscope::bench {

// Seeds of the non-digits that fit the gate, and of those that measure it: never the same.
inline constexpr std::uint64_t kFitSeeds = 1;
inline constexpr std::uint64_t kMeasureSeeds = 1'000'000'000;

// The families the gate is fitted on. Stars, waves, faces and random polylines are only
// measured, to see how the gate does on shapes its generator never showed it (triangles were
// too, until they proved to need fitting: 1.2% flagged; see docs/figures.md).
bool fittedFamily(core::NonDigitFamily family);

// Folds of the real pen digits, by writer ("1" ... "30"): writer w is in fold (w - 1) % 5.
inline constexpr int kFolds = 5;
int writerFold(const std::string& writer);  // throws std::invalid_argument for other names

// One sample: the network input quantised to bytes, appended to `set` with `label`.
void appendInput(core::Dataset& set, const Eigen::VectorXf& input, int label);
core::Dataset emptySet(const std::string& name);

// X: 784 x (end - begin), pixel / 255.
Eigen::MatrixXf floatsOf(const core::Dataset& set, std::int64_t begin, std::int64_t end);

// A drawing redrawn by a slightly different hand: rotation up to 10 degrees, slant up to 0.25,
// width and height scaled by up to 15%, each point moved by up to 1% of the drawing's size.
core::Drawing jittered(const core::Drawing& drawing, std::uint64_t seed);

// A digit that looks like the simplest non-digits, which the non-digit set leaves out for that
// reason: 1 (one stroke, at most 40 degrees from vertical), 0 (an ellipse up to as wide as
// tall, tilted up to 20 degrees) or 7 (a bar and a long diagonal, one stroke), each redrawn by
// jittered().
core::Drawing lookalikeDigit(int digit, std::uint64_t seed);

// `count` non-digits of `family` from seed `firstSeed` on, labelled `label`.
void appendNonDigits(core::Dataset& set, core::NonDigitFamily family, std::uint64_t firstSeed,
                     int count, int label);
// Samples [begin, end) of `source`, as they are or restroked, labelled `label`.
void appendMnist(core::Dataset& set, const core::Dataset& source, std::int64_t begin,
                 std::int64_t end, bool restroked, int label);
// Drawings in or out of `fold` (-1: all), each rendered plainly and `jitteredCopies` more times.
void appendPenDigits(core::Dataset& set, const std::vector<core::Drawing>& pen, int fold,
                     bool inFold, int jitteredCopies, int label);

}  // namespace digitscope::bench
