// Replays the stroke-file fuzz corpus and every crash strokes_fuzz found (tests/fuzz/corpus,
// tests/fuzz/regressions) through the fuzz target's own check, so the normal test run keeps
// them fixed without libFuzzer; under the asan preset with sanitizers.
#include <gtest/gtest.h>

#include "fuzz/replay.h"
#include "fuzz/strokes_input.h"

namespace digitscope::fuzz {
namespace {

TEST(StrokesFuzzRegression, SeedsAreAcceptedOrRefusedAsNamed) {
    const auto files = fuzzInputs("corpus", "strokes_fuzz");
    ASSERT_GE(files.size(), 5u) << "seed corpus of strokes_fuzz not found";
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        const Outcome expected = namedValid(file) ? Outcome::Accepted : Outcome::Refused;
        Outcome outcome = Outcome::Refused;
        ASSERT_NO_THROW(outcome = checkStrokesInput(readBytes(file)));
        EXPECT_EQ(outcome, expected);
    }
}

TEST(StrokesFuzzRegression, FoundCrashesStayFixed) {
    for (const auto& file : fuzzInputs("regressions", "strokes_fuzz")) {
        SCOPED_TRACE(file.string());
        EXPECT_NO_THROW(checkStrokesInput(readBytes(file)));
    }
}

}  // namespace
}  // namespace digitscope::fuzz
