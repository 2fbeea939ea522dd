// Replays the IDX, model and ONNX fuzz corpora and every crash the fuzzers found
// (tests/fuzz/corpus, tests/fuzz/regressions) through the fuzz targets' own checks, so the
// normal test run keeps them fixed without libFuzzer; under the asan preset with sanitizers.
#include <gtest/gtest.h>

#include "fuzz/idx_input.h"
#include "fuzz/model_input.h"
#include "fuzz/onnx_input.h"
#include "fuzz/replay.h"

namespace digitscope::fuzz {
namespace {

template <typename Check>
void replaySeeds(const std::string& target, Check check) {
    const auto files = fuzzInputs("corpus", target);
    ASSERT_GE(files.size(), 5u) << "seed corpus of " << target << " not found";
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        const Outcome expected = namedValid(file) ? Outcome::Accepted : Outcome::Refused;
        Outcome outcome = Outcome::Refused;
        ASSERT_NO_THROW(outcome = check(readBytes(file)));
        EXPECT_EQ(outcome, expected);
    }
}

template <typename Check>
void replayRegressions(const std::string& target, Check check) {
    for (const auto& file : fuzzInputs("regressions", target)) {
        SCOPED_TRACE(file.string());
        EXPECT_NO_THROW(check(readBytes(file)));
    }
}

TEST(IdxFuzzRegression, SeedsAreAcceptedOrRefusedAsNamed) {
    replaySeeds("idx_fuzz", checkIdxInput);
}

TEST(IdxFuzzRegression, FoundCrashesStayFixed) {
    replayRegressions("idx_fuzz", checkIdxInput);
}

TEST(ModelFuzzRegression, SeedsAreAcceptedOrRefusedAsNamed) {
    replaySeeds("model_fuzz", checkModelInput);
}

TEST(ModelFuzzRegression, FoundCrashesStayFixed) {
    replayRegressions("model_fuzz", checkModelInput);
}

TEST(OnnxFuzzRegression, SeedsAreAcceptedOrRefusedAsNamed) {
    replaySeeds("onnx_fuzz", checkOnnxInput);
}

TEST(OnnxFuzzRegression, FoundCrashesStayFixed) {
    replayRegressions("onnx_fuzz", checkOnnxInput);
}

}  // namespace
}  // namespace digitscope::fuzz
