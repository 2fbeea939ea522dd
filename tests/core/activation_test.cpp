#include "core/nn/activation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace digitscope::core {
namespace {

Eigen::MatrixXf sampleInputs() {
    Eigen::MatrixXf z(2, 3);  // two units x three samples
    z << -2.0f, 0.0f, 0.7f,   //
        3.0f, -0.25f, 1.5f;
    return z;
}

TEST(Activation, SigmoidMatchesTheFormula) {
    Eigen::MatrixXf m = sampleInputs();
    const Eigen::MatrixXf z = m;
    applyActivation(Activation::Sigmoid, m);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        EXPECT_NEAR(m.data()[i], 1.0 / (1.0 + std::exp(-double(z.data()[i]))), 1e-6);
    EXPECT_FLOAT_EQ(m(0, 1), 0.5f);  // sigmoid(0)
}

TEST(Activation, ReluClampsNegativesToZero) {
    Eigen::MatrixXf m = sampleInputs();
    applyActivation(Activation::Relu, m);
    Eigen::MatrixXf expected(2, 3);
    expected << 0.0f, 0.0f, 0.7f, 3.0f, 0.0f, 1.5f;
    EXPECT_EQ(m, expected);
}

TEST(Activation, TanhMatchesTheFormula) {
    Eigen::MatrixXf m = sampleInputs();
    const Eigen::MatrixXf z = m;
    applyActivation(Activation::Tanh, m);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        EXPECT_NEAR(m.data()[i], std::tanh(double(z.data()[i])), 1e-6);
}

TEST(Activation, SigmoidSaturatesWithoutNaN) {
    Eigen::MatrixXf m(1, 2);
    m << -200.0f, 200.0f;
    applyActivation(Activation::Sigmoid, m);
    EXPECT_NEAR(m(0, 0), 0.0f, 1e-30);
    EXPECT_FLOAT_EQ(m(0, 1), 1.0f);
}

// multiplyByDerivative writes f'(z) through a = f(z); compare with central differences of f.
class ActivationDerivative : public ::testing::TestWithParam<Activation> {};

TEST_P(ActivationDerivative, MatchesCentralDifferences) {
    const Activation activation = GetParam();
    Eigen::MatrixXf z = sampleInputs();
    z(0, 1) = 0.3f;  // away from relu's kink
    Eigen::MatrixXf a = z;
    applyActivation(activation, a);
    Eigen::MatrixXf delta = Eigen::MatrixXf::Constant(z.rows(), z.cols(), 2.0f);
    multiplyByDerivative(activation, a, delta);
    const float h = 1e-3f;
    for (Eigen::Index i = 0; i < z.size(); ++i) {
        Eigen::MatrixXf plus = z, minus = z;
        plus.data()[i] += h;
        minus.data()[i] -= h;
        applyActivation(activation, plus);
        applyActivation(activation, minus);
        const double numeric = (double(plus.data()[i]) - double(minus.data()[i])) / (2.0 * h);
        EXPECT_NEAR(delta.data()[i], 2.0 * numeric, 2e-3) << "element " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(AllHidden, ActivationDerivative,
                         ::testing::Values(Activation::Sigmoid, Activation::Relu, Activation::Tanh),
                         [](const ::testing::TestParamInfo<Activation>& p) {
                             return toString(p.param);
                         });

TEST(Activation, ReluDerivativeIsZeroWhereTheUnitIsOff) {
    Eigen::MatrixXf a(1, 3);
    a << 0.0f, 0.5f, 0.0f;
    Eigen::MatrixXf delta(1, 3);
    delta << 7.0f, 7.0f, -3.0f;
    multiplyByDerivative(Activation::Relu, a, delta);
    EXPECT_EQ(delta(0, 0), 0.0f);
    EXPECT_EQ(delta(0, 1), 7.0f);
    EXPECT_EQ(delta(0, 2), 0.0f);
}

TEST(Softmax, HandComputedColumn) {
    Eigen::MatrixXf m(3, 2);
    m << 1.0f, 0.0f,  //
        2.0f, 0.0f,   //
        3.0f, 0.0f;
    softmaxColumns(m);
    const double sum = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    EXPECT_NEAR(m(0, 0), std::exp(1.0) / sum, 1e-6);  // 0.0900306
    EXPECT_NEAR(m(1, 0), std::exp(2.0) / sum, 1e-6);  // 0.2447285
    EXPECT_NEAR(m(2, 0), std::exp(3.0) / sum, 1e-6);  // 0.6652410
    for (int r = 0; r < 3; ++r) EXPECT_NEAR(m(r, 1), 1.0 / 3.0, 1e-6);
}

TEST(Softmax, LargeLogitsDoNotOverflow) {
    Eigen::MatrixXf m(3, 1);
    m << 1000.0f, 999.0f, -1000.0f;
    softmaxColumns(m);
    ASSERT_TRUE(m.allFinite());
    EXPECT_NEAR(m(0, 0), 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
    EXPECT_NEAR(m(1, 0), std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-6);
    EXPECT_NEAR(m(2, 0), 0.0f, 1e-30);
}

TEST(Softmax, ColumnsSumToOneAndAreShiftInvariant) {
    Eigen::MatrixXf m(4, 3);
    m << 0.1f, -3.0f, 5.0f,  //
        2.0f, 0.5f, 5.0f,    //
        -1.0f, 0.0f, 4.0f,   //
        0.3f, 1.0f, -2.0f;
    Eigen::MatrixXf shifted = m.array() + 17.0f;
    softmaxColumns(m);
    softmaxColumns(shifted);
    for (Eigen::Index j = 0; j < m.cols(); ++j) EXPECT_NEAR(m.col(j).sum(), 1.0f, 1e-6);
    EXPECT_TRUE(m.isApprox(shifted, 1e-5f));
}

}  // namespace
}  // namespace digitscope::core
