#include "ui/network/activation_wave.h"

#include <gtest/gtest.h>

namespace digitscope::ui {
namespace {

std::vector<Eigen::VectorXf> layers(float value) {
    return {Eigen::VectorXf::Constant(4, value), Eigen::VectorXf::Constant(3, value),
            Eigen::VectorXf::Constant(2, value)};
}

TEST(ActivationWaveTest, WithoutAnimationShowsTheTargetAtOnce) {
    ActivationWave wave;
    wave.setTargets(layers(0.5f), 0.0, false);
    for (int l = 0; l < 3; ++l) EXPECT_FLOAT_EQ(wave.shown(l, 0.0)(0), 0.5f);
    EXPECT_FALSE(wave.running(0.0));
}

TEST(ActivationWaveTest, LayersLightUpOneAfterAnother) {
    const double dt = ActivationWave::kLayerMs;
    ActivationWave wave;
    wave.setTargets(layers(1.0f), 0.0, true);
    EXPECT_FLOAT_EQ(wave.shown(0, 0.0)(0), 1.0f);  // the input at once
    EXPECT_FLOAT_EQ(wave.shown(1, 0.0)(0), 0.0f);
    EXPECT_NEAR(wave.shown(1, dt / 2)(0), 0.5f, 1e-6);
    EXPECT_FLOAT_EQ(wave.shown(2, dt / 2)(0), 0.0f);  // still waiting for layer 1
    EXPECT_FLOAT_EQ(wave.shown(1, dt)(0), 1.0f);
    EXPECT_NEAR(wave.shown(2, dt * 1.5)(0), 0.5f, 1e-6);
    EXPECT_TRUE(wave.running(dt * 1.9));
    EXPECT_FALSE(wave.running(dt * 2));
    EXPECT_FLOAT_EQ(wave.shown(2, dt * 2)(0), 1.0f);
}

TEST(ActivationWaveTest, ANewTargetMidWaveRetargetsWithoutJumpingOrQueueing) {
    const double dt = ActivationWave::kLayerMs;
    ActivationWave wave;
    wave.setTargets(layers(1.0f), 0.0, true);
    const float before = wave.shown(1, dt / 2)(0);
    wave.setTargets(layers(1.0f), dt / 2, true);  // same values: nothing moves
    EXPECT_FLOAT_EQ(wave.shown(1, dt / 2)(0), before);
    // Inputs arriving faster than a layer fades still reach the last layer in two fades.
    for (double t = dt / 2; t < 4 * dt; t += 16) wave.setTargets(layers(0.25f), t, true);
    EXPECT_FALSE(wave.running(4 * dt + 2 * dt));
    EXPECT_FLOAT_EQ(wave.shown(2, 6 * dt)(0), 0.25f);
}

TEST(ActivationWaveTest, NewWeightsForTheSameInputStartNoWaveButLetOneFinish) {
    const double dt = ActivationWave::kLayerMs;
    ActivationWave wave;
    wave.setTargets(layers(1.0f), 0.0, true);
    // Mid-wave: the wave goes on, towards the newest values.
    wave.setTargets(layers(0.5f), dt / 2, true, /*newInput=*/false);
    EXPECT_TRUE(wave.running(dt / 2));
    EXPECT_GT(wave.shown(1, dt * 0.75)(0), 0.0f);
    EXPECT_FLOAT_EQ(wave.shown(2, dt)(0), 0.0f);  // layer 2 still waits its turn
    EXPECT_FALSE(wave.running(2 * dt));
    EXPECT_FLOAT_EQ(wave.shown(2, 2 * dt)(0), 0.5f);
    // Settled: new values at once, no wave.
    wave.setTargets(layers(0.25f), 3 * dt, true, /*newInput=*/false);
    EXPECT_FALSE(wave.running(3 * dt));
    for (int l = 0; l < 3; ++l) EXPECT_FLOAT_EQ(wave.shown(l, 3 * dt)(0), 0.25f);
}

TEST(ActivationWaveTest, ANewShapeStartsFromBlack) {
    ActivationWave wave;
    wave.setTargets(layers(1.0f), 0.0, false);
    wave.setTargets({Eigen::VectorXf::Ones(5), Eigen::VectorXf::Ones(2)}, 10.0, true);
    EXPECT_EQ(wave.layerCount(), 2);
    EXPECT_FLOAT_EQ(wave.shown(1, 10.0)(0), 0.0f);
    wave.finish();
    EXPECT_FLOAT_EQ(wave.shown(1, 10.0)(0), 1.0f);
}

}  // namespace
}  // namespace digitscope::ui
