#pragma once

#include "core/nn/network.h"

namespace digitscope::core::detail {

// gradient (16 x inputs) = delta (16 x B) * input^T (B x inputs), bit-identical to Eigen's
// product, for 16-unit layers with B a multiple of 8 (up to 256) and inputs a multiple of 4, in
// builds for AVX-512 (the native preset). Returns false, writing nothing, for any other shape,
// and always in portable builds (x86-64-v3), which use Eigen's product: the same binary then
// trains the same weights on every CPU. The kernel has its own file so that a test program can
// build it for AVX-512 and check it in CI whatever the preset (tests/CMakeLists.txt).
bool weightGradient16(const Eigen::Ref<const Matrix>& delta, const Eigen::Ref<const Matrix>& input,
                      MatrixMap gradient);

}  // namespace digitscope::core::detail
