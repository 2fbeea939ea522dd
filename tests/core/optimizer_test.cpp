#include "core/nn/optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

OptimizerSettings settingsFor(OptimizerKind kind, float learningRate) {
    OptimizerSettings settings;
    settings.kind = kind;
    settings.learningRate = learningRate;
    return settings;
}

TEST(Optimizer, SgdStep) {
    Optimizer sgd(settingsFor(OptimizerKind::Sgd, 0.1f), 3);
    std::vector<float> w{1.0f, -2.0f, 3.0f};
    std::vector<float> g{0.5f, 0.5f, -1.0f};
    sgd.step(w, g, 0.1f);
    EXPECT_FLOAT_EQ(w[0], 0.95f);
    EXPECT_FLOAT_EQ(w[1], -2.05f);
    EXPECT_FLOAT_EQ(w[2], 3.1f);
    // The rate passed to step() is used, not the one in the settings (schedules set it).
    std::vector<float> g2{1.0f, 0.0f, 0.0f};
    sgd.step(w, g2, 0.5f);
    EXPECT_FLOAT_EQ(w[0], 0.45f);
    EXPECT_FLOAT_EQ(w[1], -2.05f);
}

TEST(Optimizer, MomentumStepsInPyTorchsForm) {
    OptimizerSettings settings = settingsFor(OptimizerKind::Momentum, 0.1f);
    settings.momentum = 0.9f;
    Optimizer momentum(settings, 2);
    std::vector<float> w{1.0f, 0.0f};
    std::vector<float> g{1.0f, -2.0f};
    momentum.step(w, g, 0.1f);  // v = g = [1, -2]; w = [1 - 0.1, 0 + 0.2]
    EXPECT_FLOAT_EQ(w[0], 0.9f);
    EXPECT_FLOAT_EQ(w[1], 0.2f);
    g = {0.5f, 0.0f};
    momentum.step(w, g, 0.1f);  // v = 0.9 [1, -2] + [0.5, 0] = [1.4, -1.8]
    EXPECT_FLOAT_EQ(w[0], 0.9f - 0.14f);
    EXPECT_FLOAT_EQ(w[1], 0.2f + 0.18f);
    momentum.reset();  // velocity forgotten: the next step is plain SGD again
    g = {1.0f, 1.0f};
    momentum.step(w, g, 0.1f);
    EXPECT_FLOAT_EQ(w[0], 0.76f - 0.1f);
    EXPECT_FLOAT_EQ(w[1], 0.38f - 0.1f);
}

TEST(Optimizer, AdamTwoSteps) {
    OptimizerSettings settings = settingsFor(OptimizerKind::Adam, 0.01f);
    Optimizer adam(settings, 1);
    std::vector<float> w{1.0f};
    std::vector<float> g{0.2f};
    adam.step(w, g, 0.01f);
    // Step 1: m_hat = g, s_hat = g^2, so w -= lr * g / (|g| + eps) = lr * sign(g).
    EXPECT_NEAR(w[0], 0.99f, 1e-7);
    g = {-0.1f};
    adam.step(w, g, 0.01f);
    // m = 0.9 * 0.02 - 0.01 = 0.008, s = 0.999 * 4e-5 + 1e-5 = 4.996e-5
    // m_hat = 0.008 / 0.19 = 0.0421053, s_hat = 4.996e-5 / 0.001999 = 0.0249925
    // w = 0.99 - 0.01 * 0.0421053 / sqrt(0.0249925) = 0.9873366
    EXPECT_NEAR(w[0], 0.9873366f, 2e-6);
}

TEST(Optimizer, AdamStepIsScaleFreeAndResetRestartsBiasCorrection) {
    Optimizer adam(settingsFor(OptimizerKind::Adam, 0.001f), 2);
    std::vector<float> w{0.0f, 0.0f};
    std::vector<float> g{1000.0f, -0.001f};
    adam.step(w, g, 0.001f);
    EXPECT_NEAR(w[0], -0.001f, 1e-8);
    EXPECT_NEAR(w[1], 0.001f, 1e-7);
    adam.reset();
    w = {0.0f, 0.0f};
    g = {3.0f, 3.0f};
    adam.step(w, g, 0.001f);  // a first step again after reset
    EXPECT_NEAR(w[0], -0.001f, 1e-8);
}

TEST(Optimizer, WeightDecayAddsAnL2Term) {
    OptimizerSettings settings = settingsFor(OptimizerKind::Sgd, 0.1f);
    settings.weightDecay = 0.1f;
    Optimizer sgd(settings, 2);
    std::vector<float> w{2.0f, -4.0f};
    std::vector<float> g{0.0f, 1.0f};
    sgd.step(w, g, 0.1f);  // g' = g + 0.1 w = [0.2, 0.6]
    EXPECT_FLOAT_EQ(w[0], 2.0f - 0.02f);
    EXPECT_FLOAT_EQ(w[1], -4.0f - 0.06f);

    settings.kind = OptimizerKind::Momentum;
    Optimizer momentum(settings, 1);
    std::vector<float> v{1.0f};
    std::vector<float> zero{0.0f};
    momentum.step(v, zero, 1.0f);  // v = 0.1; w = 0.9
    EXPECT_FLOAT_EQ(v[0], 0.9f);
    zero = {0.0f};
    momentum.step(v, zero, 1.0f);  // v = 0.9 * 0.1 + 0.09 = 0.18; w = 0.72
    EXPECT_FLOAT_EQ(v[0], 0.72f);
}

TEST(Optimizer, RefusesBadSettings) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    for (float rate : {0.0f, -0.1f, nan, inf})
        EXPECT_THROW(Optimizer(settingsFor(OptimizerKind::Adam, rate), 4), ConfigError) << rate;
    for (float decay : {-0.01f, nan, inf}) {
        OptimizerSettings settings = settingsFor(OptimizerKind::Sgd, 0.1f);
        settings.weightDecay = decay;
        EXPECT_THROW(Optimizer(settings, 4), ConfigError) << decay;
    }
}

TEST(Optimizer, NamesRoundTrip) {
    for (OptimizerKind kind : {OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam})
        EXPECT_EQ(parseOptimizer(toString(kind)), kind);
    for (Schedule schedule : {Schedule::Constant, Schedule::Step, Schedule::Cosine})
        EXPECT_EQ(parseSchedule(toString(schedule)), schedule);
    EXPECT_THROW(parseOptimizer("rmsprop"), ConfigError);
    EXPECT_THROW(parseSchedule("linear"), ConfigError);
}

TEST(LearningRateSchedule, ConstantIgnoresProgress) {
    const LearningRateSchedule constant;
    EXPECT_EQ(constant.rate(0.05f, 0, 0.0), 0.05f);
    EXPECT_EQ(constant.rate(0.05f, 9, 0.99), 0.05f);
}

TEST(LearningRateSchedule, StepMultipliesEveryFewEpochs) {
    LearningRateSchedule step;
    step.kind = Schedule::Step;
    step.stepEvery = 2;
    step.stepFactor = 0.5f;
    EXPECT_FLOAT_EQ(step.rate(0.1f, 0, 0.0), 0.1f);
    EXPECT_FLOAT_EQ(step.rate(0.1f, 1, 0.3), 0.1f);
    EXPECT_FLOAT_EQ(step.rate(0.1f, 2, 0.5), 0.05f);
    EXPECT_FLOAT_EQ(step.rate(0.1f, 3, 0.6), 0.05f);
    EXPECT_FLOAT_EQ(step.rate(0.1f, 4, 0.8), 0.025f);
    step.stepEvery = 0;  // treated as every epoch
    step.stepFactor = 0.1f;
    EXPECT_FLOAT_EQ(step.rate(1.0f, 3, 0.0), 0.001f);
}

TEST(LearningRateSchedule, CosineFallsFromTheBaseToZero) {
    LearningRateSchedule cosine;
    cosine.kind = Schedule::Cosine;
    EXPECT_FLOAT_EQ(cosine.rate(0.2f, 0, 0.0), 0.2f);
    EXPECT_FLOAT_EQ(cosine.rate(0.2f, 0, 0.5), 0.1f);
    EXPECT_NEAR(cosine.rate(0.2f, 0, 0.25), 0.2f * 0.8535534f, 1e-7);  // (1 + cos(pi/4)) / 2
    EXPECT_NEAR(cosine.rate(0.2f, 0, 0.75), 0.2f * 0.1464466f, 1e-7);
    EXPECT_NEAR(cosine.rate(0.2f, 3, 1.0), 0.0f, 1e-9);
    EXPECT_FLOAT_EQ(cosine.rate(0.2f, 0, -1.0), 0.2f);  // clamped into [0, 1]
    EXPECT_NEAR(cosine.rate(0.2f, 0, 2.0), 0.0f, 1e-9);
}

}  // namespace
}  // namespace digitscope::core
