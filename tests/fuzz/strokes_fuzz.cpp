// libFuzzer target: see strokes_input.h for what one input is and what is checked.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_stats.h"
#include "fuzz/strokes_input.h"

namespace {
digitscope::fuzz::OutcomeCounter counter("strokes_fuzz");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    counter.add(digitscope::fuzz::checkStrokesInput({data, size}));
    return 0;
}
