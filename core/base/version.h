#pragma once

#include <string_view>

namespace digitscope::core {

// digitscope's version, from the CMake project (e.g. "0.1.0"): what --version prints and what
// exported files name as their producer.
std::string_view version();

}  // namespace digitscope::core
