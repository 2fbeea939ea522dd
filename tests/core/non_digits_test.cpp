#include "core/augment/non_digits.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"

namespace digitscope::core {
namespace {

bool sameDrawing(const Drawing& a, const Drawing& b) {
    if (a.width != b.width || a.height != b.height || a.penWidth != b.penWidth ||
        a.strokes.size() != b.strokes.size())
        return false;
    for (std::size_t i = 0; i < a.strokes.size(); ++i)
        if (a.strokes[i].points != b.strokes[i].points) return false;
    return true;
}

class NonDigits : public ::testing::Test {};  // one Eigen thread, as the app (core_test_main)

TEST_F(NonDigits, TheSameSeedGivesTheSameDrawing) {
    for (NonDigitFamily family : kNonDigitFamilies)
        for (std::uint64_t seed : {0ULL, 1ULL, 123456789ULL})
            EXPECT_TRUE(sameDrawing(makeNonDigit(family, seed), makeNonDigit(family, seed)))
                << toString(family) << " seed " << seed;
}

// The bundled gate was fitted on these drawings: a change to the generator changes what the gate
// would be fitted on. Then re-fit it (scripts/fit-digit-gate.sh), re-measure it
// (scripts/eval-unsure.sh) and update this fingerprint.
TEST_F(NonDigits, TheGeneratorStillMakesTheDrawingsTheGateWasFittedOn) {
    double fingerprint = 0;
    std::size_t points = 0;
    for (NonDigitFamily family : kNonDigitFamilies)
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            const Drawing drawing = makeNonDigit(family, seed);
            fingerprint += drawing.width + 3 * drawing.height + 5 * drawing.penWidth;
            for (const Stroke& stroke : drawing.strokes)
                for (const Point& p : stroke.points) fingerprint += p.x + 2 * p.y, ++points;
        }
    // Another compiler may fuse other multiply-adds, and a point at the very end of a stroke may
    // then come or go: a little slack, far less than any real change to a shape.
    EXPECT_NEAR(static_cast<double>(points), 12852, 3);
    EXPECT_NEAR(fingerprint, 8605105.32, 5000);
}

TEST_F(NonDigits, OtherSeedsAndFamiliesGiveOtherDrawings) {
    for (NonDigitFamily family : kNonDigitFamilies) {
        std::set<std::vector<float>> inputs;
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const Eigen::VectorXf input = networkInput(makeNonDigit(family, seed));
            inputs.insert(std::vector<float>(input.data(), input.data() + input.size()));
        }
        // Dots include single taps, which all look alike once centred: allow a few repeats.
        EXPECT_GE(inputs.size(), family == NonDigitFamily::Dot ? 10u : 20u) << toString(family);
    }
    EXPECT_FALSE(
        sameDrawing(makeNonDigit(NonDigitFamily::Box, 5), makeNonDigit(NonDigitFamily::Hash, 5)));
}

TEST_F(NonDigits, DrawingsLieOnTheirCanvasAndSurviveAStrokeFile) {
    for (NonDigitFamily family : kNonDigitFamilies)
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const Drawing drawing = makeNonDigit(family, seed);
            ASSERT_FALSE(drawing.isEmpty());
            EXPECT_GE(drawing.penWidth, 4.0 * std::min(drawing.width, drawing.height) / 400 - 1e-9);
            for (const Stroke& stroke : drawing.strokes) {
                ASSERT_FALSE(stroke.points.empty());
                for (const Point& p : stroke.points) {
                    EXPECT_TRUE(p.x >= 0 && p.x <= drawing.width && p.y >= 0 &&
                                p.y <= drawing.height)
                        << toString(family) << " seed " << seed;
                }
            }
            // The CLI reads them: predict --strokes gets the same network input.
            const std::vector<Drawing> read =
                StrokeFile::parse(StrokeFile::toJsonLine(drawing), "generated");
            ASSERT_EQ(read.size(), 1u);
            EXPECT_LT((networkInput(read[0]) - networkInput(drawing)).cwiseAbs().maxCoeff(), 0.02f);
            EXPECT_GT(networkInput(drawing).sum(), 0.0f);
        }
}

// A lone stroke near vertical is a 1, so the generator's lines keep their distance from it.
TEST_F(NonDigits, LinesLieFarFromVertical) {
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        const Drawing drawing = makeNonDigit(NonDigitFamily::Line, seed);
        for (const Stroke& stroke : drawing.strokes) {
            const Point d = stroke.points.back() - stroke.points.front();
            const double fromVertical =
                std::atan2(std::abs(d.x), std::abs(d.y)) * 180 / std::numbers::pi;
            EXPECT_GE(fromVertical, 47.0) << "seed " << seed;
        }
    }
}

TEST_F(NonDigits, NamesRoundTripAndUnknownNamesAreRefused) {
    for (NonDigitFamily family : kNonDigitFamilies)
        EXPECT_EQ(parseNonDigitFamily(toString(family)), family);
    EXPECT_THROW(parseNonDigitFamily("circle"), ConfigError);
    int targets = 0;
    for (NonDigitFamily family : kNonDigitFamilies) targets += isTargetFamily(family) ? 1 : 0;
    EXPECT_EQ(targets, 8);
}

}  // namespace
}  // namespace digitscope::core
