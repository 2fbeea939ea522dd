// The AVX-512 kernel of the 16-unit weight gradient, built for AVX-512 whatever the preset (see
// tests/CMakeLists.txt: registered only where the CPU has AVX-512), so CI checks the kernel that
// native builds train with: bit-identical to Eigen's product in the same build, and equal to a
// plain double-precision reference within float rounding.
#include "core/nn/weight_gradient16.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace digitscope::core {
namespace {

TEST(WeightGradient16, Avx512KernelMatchesEigenBitForBitAndAPortableReference) {
#if !defined(__AVX512F__)
    FAIL() << "this program must be built with -mavx512f";
#endif
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.0f, 0.1f);
    for (const int batch : {8, 16, 24, 32, 64, 128, 256})
        for (const int inputs : {16, 100, 784}) {
            Matrix delta(16, batch);
            Matrix input(inputs, batch);
            for (Eigen::Index i = 0; i < delta.size(); ++i) delta.data()[i] = normal(rng);
            for (Eigen::Index i = 0; i < input.size(); ++i)
                input.data()[i] = static_cast<float>(rng() % 256) / 255.0f;
            Matrix expected(16, inputs);
            expected.noalias() = delta * input.transpose();
            std::vector<float> buffer(static_cast<std::size_t>(16 * inputs), -1.0f);
            MatrixMap got(buffer.data(), 16, inputs);
            ASSERT_TRUE(detail::weightGradient16(delta, input, got));
            EXPECT_EQ(std::memcmp(expected.data(), got.data(), buffer.size() * sizeof(float)), 0)
                << "batch " << batch << ", inputs " << inputs;
            for (int r = 0; r < 16; ++r)
                for (int k = 0; k < inputs; ++k) {
                    double sum = 0, magnitude = 0;
                    for (int j = 0; j < batch; ++j) {
                        sum += double(delta(r, j)) * double(input(k, j));
                        magnitude += std::abs(double(delta(r, j)) * double(input(k, j)));
                    }
                    ASSERT_NEAR(got(r, k), sum, 1e-6 * magnitude + 1e-9)
                        << "row " << r << ", input " << k << ", batch " << batch;
                }
        }
    // Shapes it does not take are left to Eigen, untouched.
    std::vector<float> buffer(16 * 784, -1.0f);
    EXPECT_FALSE(detail::weightGradient16(Matrix::Ones(16, 33), Matrix::Ones(784, 33),
                                          MatrixMap(buffer.data(), 16, 784)));
    EXPECT_FALSE(detail::weightGradient16(Matrix::Ones(32, 32), Matrix::Ones(784, 32),
                                          MatrixMap(buffer.data(), 16, 784)));
    EXPECT_EQ(buffer.front(), -1.0f);
}

}  // namespace
}  // namespace digitscope::core
