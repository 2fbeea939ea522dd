// libFuzzer target: see model_input.h for what one input is and what is checked.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_stats.h"
#include "fuzz/model_input.h"

namespace {
digitscope::fuzz::OutcomeCounter counter("model_fuzz");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    counter.add(digitscope::fuzz::checkModelInput({data, size}));
    return 0;
}
