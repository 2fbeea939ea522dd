// libFuzzer target: see onnx_input.h for what one input is and what is checked.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_stats.h"
#include "fuzz/onnx_input.h"

namespace {
digitscope::fuzz::OutcomeCounter counter("onnx_fuzz");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    counter.add(digitscope::fuzz::checkOnnxInput({data, size}));
    return 0;
}
