#include "core/explain/neuron_arithmetic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

ForwardTrace traceOf(const Network& network, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Matrix x(784, 1);
    for (int i = 0; i < 784; ++i) x(i, 0) = uniform(rng) < 0.3f ? uniform(rng) : 0.0f;
    ForwardTrace trace;
    network.forward(x, trace);
    return trace;
}

// A hand-computed neuron: inputs (1, 0.5, 0, 2), weights (2, -4, 7, 0.25), bias -1:
//   z = 2 - 2 + 0 + 0.5 - 1 = -0.5, ReLU -> 0.
TEST(NeuronArithmetic, SplitsAHandComputedSum) {
    Architecture arch;
    arch.sizes = {4, 1, 2};
    Network network(arch, 1);
    std::vector<float> p(static_cast<std::size_t>(network.layout().size()), 0.0f);
    p[0] = 2, p[1] = -4, p[2] = 7, p[3] = 0.25f, p[4] = -1;  // W0 (1 x 4), b0
    network.setParameters(p);
    ForwardTrace trace;
    Matrix x(4, 1);
    x << 1, 0.5f, 0, 2;
    network.forward(x, trace);
    const NeuronArithmetic n = explainNeuron(network, trace, 1, 0, 1);
    ASSERT_EQ(n.positive.size(), 1u);
    EXPECT_EQ(n.positive[0].input, 0);
    EXPECT_FLOAT_EQ(n.positive[0].product, 2.0f);
    EXPECT_FLOAT_EQ(n.otherPositive, 0.5f);
    EXPECT_EQ(n.otherPositiveCount, 1);
    EXPECT_EQ(n.otherNegativeCount, 0);
    ASSERT_EQ(n.negative.size(), 1u);
    EXPECT_EQ(n.negative[0].input, 1);
    EXPECT_FLOAT_EQ(n.negative[0].product, -2.0f);
    EXPECT_EQ(n.zeroTerms, 1);
    EXPECT_FLOAT_EQ(n.bias, -1.0f);
    EXPECT_FLOAT_EQ(n.weightedSum, -0.5f);
    EXPECT_FLOAT_EQ(n.activation, 0.0f);
    EXPECT_FALSE(n.output);
}

TEST(NeuronArithmetic, TermsAndBiasMakeUpTheWeightedSum) {
    const Network network(Architecture{}, 2);
    const ForwardTrace trace = traceOf(network, 6);
    for (int layer = 1; layer <= 3; ++layer) {
        const NeuronArithmetic n = explainNeuron(network, trace, layer, 3, 4);
        float sum = n.bias + n.otherPositive + n.otherNegative;
        for (const auto& t : n.positive) sum += t.product;
        for (const auto& t : n.negative) sum += t.product;
        EXPECT_NEAR(sum, n.weightedSum, 1e-4f) << layer;
        EXPECT_EQ(static_cast<int>(n.positive.size() + n.negative.size()) + n.otherPositiveCount +
                      n.otherNegativeCount + n.zeroTerms,
                  n.inputCount);
        for (std::size_t i = 1; i < n.positive.size(); ++i)
            EXPECT_GE(n.positive[i - 1].product, n.positive[i].product);
        for (std::size_t i = 1; i < n.negative.size(); ++i)
            EXPECT_LE(n.negative[i - 1].product, n.negative[i].product);
    }
}

TEST(NeuronArithmetic, SoftmaxOutputsShowTheirProbability) {
    const Network network(Architecture{}, 3);
    const ForwardTrace trace = traceOf(network, 1);
    const NeuronArithmetic n = explainNeuron(network, trace, 3, 7);
    ASSERT_TRUE(n.softmax);
    ASSERT_EQ(n.logits.size(), 10u);
    EXPECT_NEAR(std::exp(n.weightedSum - n.maxLogit) / n.expSum, n.activation, 1e-6f);
    EXPECT_THROW(explainNeuron(network, trace, 3, 10), ConfigError);
    EXPECT_THROW(explainNeuron(network, trace, 0, 0), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
