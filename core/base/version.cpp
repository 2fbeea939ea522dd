#include "core/base/version.h"

#ifndef DIGITSCOPE_VERSION
#error "DIGITSCOPE_VERSION (the CMake project version) must be defined by the build"
#endif

namespace digitscope::core {

std::string_view version() {
    return DIGITSCOPE_VERSION;
}

}  // namespace digitscope::core
