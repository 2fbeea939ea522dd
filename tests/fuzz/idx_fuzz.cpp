// libFuzzer target: see idx_input.h for what one input is and what is checked.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_stats.h"
#include "fuzz/idx_input.h"

namespace {
digitscope::fuzz::OutcomeCounter counter("idx_fuzz");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    counter.add(digitscope::fuzz::checkIdxInput({data, size}));
    return 0;
}
