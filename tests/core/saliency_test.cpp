#include "core/explain/saliency.h"

#include <gtest/gtest.h>

#include <random>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

Vector randomImage(std::uint64_t seed, float inkShare = 0.3f) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Vector x(784);
    for (int i = 0; i < 784; ++i) x(i) = uniform(rng) < inkShare ? uniform(rng) : 0.0f;
    return x;
}

// A model without hidden layers: z = W x + b, so the margin z_p - z_r is linear in x.
TEST(Saliency, OfALinearModelIsItsWeightsTimesTheInput) {
    Architecture arch;
    arch.sizes = {784, 10};
    const Network network(arch, 7);
    const Vector x = randomImage(3);
    const AnswerSaliency s = explainAnswer(network, x);
    ASSERT_NE(s.predicted, s.runnerUp);
    const Vector expected =
        (network.weights(0).row(s.predicted) - network.weights(0).row(s.runnerUp))
            .transpose()
            .cwiseProduct(x);
    ASSERT_EQ(s.gradientTimesInput.size(), 784);
    for (int i = 0; i < 784; ++i) EXPECT_FLOAT_EQ(s.gradientTimesInput(i), expected(i)) << i;
    // Completeness: the contributions and the bias difference make up the margin.
    const float bias = network.biases(0)(s.predicted) - network.biases(0)(s.runnerUp);
    EXPECT_NEAR(s.gradientTimesInput.sum() + bias, s.margin, 1e-4f);
    // Occlusion of a linear model: the sum of the blanked patch's contributions.
    for (int i : {0, 29, 400, 783}) {
        const int r = i / 28, c = i % 28;
        float sum = 0;
        for (int y = std::max(0, r - 1); y <= std::min(27, r + 1); ++y)
            for (int xx = std::max(0, c - 1); xx <= std::min(27, c + 1); ++xx)
                sum += expected(y * 28 + xx);
        EXPECT_NEAR(s.occlusion(i), sum, 1e-4f) << i;
    }
}

TEST(Saliency, PredictedAndRunnerUpAreTheTwoLargestOutputs) {
    const Network network(Architecture{}, 5);
    const Vector x = randomImage(9);
    const AnswerSaliency s = explainAnswer(network, x);
    const Vector p = network.predict(x);
    Vector rest = p;
    rest(s.predicted) = -1;
    EXPECT_EQ(p.maxCoeff(), p(s.predicted));
    EXPECT_EQ(rest.maxCoeff(), p(s.runnerUp));
    EXPECT_GT(s.margin, 0.0f);
}

// Gradient x input against central finite differences of the margin, through two ReLU layers.
TEST(Saliency, GradientMatchesFiniteDifferencesThroughHiddenLayers) {
    for (Activation activation : {Activation::Relu, Activation::Sigmoid, Activation::Tanh}) {
        Architecture arch;
        arch.sizes = {784, 16, 16, 10};
        arch.hidden = activation;
        const Network network(arch, 11);
        const Vector x = randomImage(4, 0.5f);
        const AnswerSaliency s = explainAnswer(network, x);
        auto margin = [&](const Vector& image) {
            ForwardTrace trace;
            network.forward(Eigen::Map<const Matrix>(image.data(), 784, 1), trace);
            const auto& z = trace.preActivations.back();
            return static_cast<double>(z(s.predicted, 0)) - z(s.runnerUp, 0);
        };
        int checked = 0;
        for (int i = 0; i < 784 && checked < 20; i += 13) {
            if (x(i) == 0.0f) continue;
            const double h = 1e-2;
            Vector plus = x, minus = x;
            plus(i) += static_cast<float>(h);
            minus(i) -= static_cast<float>(h);
            const double numeric = (margin(plus) - margin(minus)) / (2 * h) * x(i);
            EXPECT_NEAR(s.gradientTimesInput(i), numeric, 2e-3 + 2e-2 * std::abs(numeric))
                << toString(activation) << " pixel " << i;
            ++checked;
        }
        EXPECT_GE(checked, 10);
    }
}

TEST(Saliency, OcclusionIsTheMarginDropOfBlankingThePatch) {
    const Network network(Architecture{}, 2);
    const Vector x = randomImage(8);
    const AnswerSaliency s = explainAnswer(network, x);
    ForwardTrace trace;
    for (int i : {100, 350, 500}) {
        Vector blanked = x;
        for (int y = i / 28 - 1; y <= i / 28 + 1; ++y)
            for (int c = i % 28 - 1; c <= i % 28 + 1; ++c) blanked(y * 28 + c) = 0;
        network.forward(Eigen::Map<const Matrix>(blanked.data(), 784, 1), trace);
        const auto& z = trace.preActivations.back();
        EXPECT_NEAR(s.occlusion(i), s.margin - (z(s.predicted, 0) - z(s.runnerUp, 0)), 1e-4f);
    }
    // A blank image: nothing to occlude, nothing contributes.
    const AnswerSaliency blank = explainAnswer(network, Vector::Zero(784));
    EXPECT_EQ(blank.occludedPatches, 0);
    EXPECT_EQ(blank.gradientTimesInput.cwiseAbs().maxCoeff(), 0.0f);
}

TEST(Saliency, RefusesAMismatchedLayer) {
    const Network network(Architecture{}, 1);
    ForwardTrace trace;
    network.forward(Matrix::Zero(784, 1), trace);
    EXPECT_THROW(preActivationGradient(network, trace, 3, Vector::Zero(10)), ConfigError);
    EXPECT_THROW(preActivationGradient(network, trace, 2, Vector::Zero(16)), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
