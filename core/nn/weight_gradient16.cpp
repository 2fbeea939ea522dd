#include "core/nn/weight_gradient16.h"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace digitscope::core::detail {

bool weightGradient16(const Eigen::Ref<const Matrix>& delta, const Eigen::Ref<const Matrix>& input,
                      MatrixMap gradient) {
#if defined(__AVX512F__)
    const Eigen::Index batch = delta.cols();
    const Eigen::Index inputs = input.rows();
    if (delta.rows() != 16 || batch % 8 != 0 || batch > 256 || inputs % 4 != 0 ||
        input.cols() != batch || delta.outerStride() != 16 || gradient.rows() != 16 ||
        gradient.cols() != inputs)
        return false;
    // gradient(:, k) = sum_j delta(:, j) * input(k, j), one 16-float register per column k,
    // four columns at a time. Even j go into c, odd j into d, and c + d at the end: the order of
    // Eigen's GEMM kernel for one 16-row panel, so the sums come out bit-identical
    // (tests/core/network_test.cpp checks it), without packing the 784 x B input twice.
    const float* d = delta.data();
    const float* x = input.data();
    const Eigen::Index stride = input.outerStride();
    float* g = gradient.data();
    for (Eigen::Index k = 0; k < inputs; k += 4) {
        __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
        __m512 e0 = c0, e1 = c0, e2 = c0, e3 = c0;
        for (Eigen::Index j = 0; j < batch; j += 2) {
            const float* xe = x + j * stride + k;
            const float* xo = xe + stride;
            const __m512 de = _mm512_loadu_ps(d + 16 * j);
            const __m512 dd = _mm512_loadu_ps(d + 16 * (j + 1));
            c0 = _mm512_fmadd_ps(de, _mm512_set1_ps(xe[0]), c0);
            c1 = _mm512_fmadd_ps(de, _mm512_set1_ps(xe[1]), c1);
            c2 = _mm512_fmadd_ps(de, _mm512_set1_ps(xe[2]), c2);
            c3 = _mm512_fmadd_ps(de, _mm512_set1_ps(xe[3]), c3);
            e0 = _mm512_fmadd_ps(dd, _mm512_set1_ps(xo[0]), e0);
            e1 = _mm512_fmadd_ps(dd, _mm512_set1_ps(xo[1]), e1);
            e2 = _mm512_fmadd_ps(dd, _mm512_set1_ps(xo[2]), e2);
            e3 = _mm512_fmadd_ps(dd, _mm512_set1_ps(xo[3]), e3);
        }
        _mm512_storeu_ps(g + 16 * k, _mm512_add_ps(c0, e0));
        _mm512_storeu_ps(g + 16 * (k + 1), _mm512_add_ps(c1, e1));
        _mm512_storeu_ps(g + 16 * (k + 2), _mm512_add_ps(c2, e2));
        _mm512_storeu_ps(g + 16 * (k + 3), _mm512_add_ps(c3, e3));
    }
    return true;
#else
    (void)delta;
    (void)input;
    (void)gradient;
    return false;
#endif
}

}  // namespace digitscope::core::detail
