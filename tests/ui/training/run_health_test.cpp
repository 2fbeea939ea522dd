#include "session/training/run_health.h"

#include <gtest/gtest.h>

#include "core/nn/network.h"

namespace digitscope::ui {
namespace {

core::Network smallNetwork() {
    core::Architecture architecture;
    architecture.sizes = {6, 32, 16, 10};
    return core::Network(architecture, 5);
}

Eigen::MatrixXf someInputs() {
    Eigen::MatrixXf x(6, 20);  // 6 inputs x 20 samples, in [-1, 1]
    for (int c = 0; c < 20; ++c)
        for (int r = 0; r < 6; ++r) x(r, c) = static_cast<float>((r * 7 + c * 3) % 5) / 2.0f - 1.0f;
    return x;
}

TEST(RunHealth, FreshWeightsAreFarFromDead) {
    const std::vector<double> shares = constantUnitShare(smallNetwork(), someInputs());
    ASSERT_EQ(shares.size(), 2u);  // two hidden layers
    EXPECT_LT(shares[0], 0.2);
    EXPECT_LT(shares[1], 0.2);
}

TEST(RunHealth, UnitsPushedBelowZeroAreDeadAndSoIsTheLayerAfterThem) {
    core::Network network = smallNetwork();
    // Layer 0's biases far below zero: its ReLUs give 0 for every input; layer 1 then sees
    // zeros only, so each of its units gives the same value (its bias's ReLU) for every input.
    const core::ParameterLayout& layout = network.layout();
    layout.biases(network.parameters(), 0).setConstant(-1000.0f);
    const std::vector<double> shares = constantUnitShare(network, someInputs());
    ASSERT_EQ(shares.size(), 2u);
    EXPECT_DOUBLE_EQ(shares[0], 1.0);
    EXPECT_DOUBLE_EQ(shares[1], 1.0);
}

TEST(RunHealth, AHealthyEpochSaysNothing) {
    EpochCheck check;
    check.epoch = 2;
    check.testAccuracy = 0.93;
    check.firstTrainLoss = 0.5;
    check.trainLoss = 0.3;
    check.constantShare = {0.1, 0.0};
    check.learningRate = 0.002;
    EXPECT_FALSE(diagnoseEpoch(check).found());
}

TEST(RunHealth, ChanceLevelWithDeadNeuronsSaysWhatHappenedAndWhatToTry) {
    EpochCheck check;
    check.epoch = 1;
    check.testAccuracy = 0.098;
    check.firstTrainLoss = check.trainLoss = 2.31;
    check.constantShare = {1.0, 1.0};
    check.learningRate = 10;
    check.optimizer = core::OptimizerKind::Adam;
    const RunTrouble trouble = diagnoseEpoch(check);
    ASSERT_TRUE(trouble.found());
    EXPECT_TRUE(trouble.stopsLearning);
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("9.8%"))) << trouble.message.toStdString();
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("guessing")));
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("Every neuron of hidden layer 1")));
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("dead")));
    // What to try: Adam's usual rate, not just a tenth of 10.
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("set it to 0.002")));
}

TEST(RunHealth, ADeadLayerStopsTheRunEvenAboveChance) {
    EpochCheck check;
    check.testAccuracy = 0.40;
    check.firstTrainLoss = check.trainLoss = 1.7;
    check.constantShare = {0.2, 0.97};
    check.learningRate = 0.5;
    check.optimizer = core::OptimizerKind::Sgd;
    const RunTrouble trouble = diagnoseEpoch(check);
    ASSERT_TRUE(trouble.found());
    EXPECT_TRUE(trouble.stopsLearning);
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("97.0% of the neurons of hidden layer 2")));
    EXPECT_FALSE(trouble.message.contains(QStringLiteral("guessing")));
}

TEST(RunHealth, ARisingLossWarnsWithoutStopping) {
    EpochCheck check;
    check.epoch = 3;
    check.testAccuracy = 0.6;
    check.firstTrainLoss = 0.8;
    check.trainLoss = 1.9;
    check.learningRate = 0.01;  // near Adam's usual 0.002: a tenth is suggested
    check.optimizer = core::OptimizerKind::Adam;
    const RunTrouble trouble = diagnoseEpoch(check);
    ASSERT_TRUE(trouble.found());
    EXPECT_FALSE(trouble.stopsLearning);
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("rising")));
    EXPECT_TRUE(trouble.message.contains(QStringLiteral("set it to 0.001")));
}

}  // namespace
}  // namespace digitscope::ui
