#include "ui/network/network_edges.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace digitscope::ui {
namespace {

TEST(NetworkEdgesTest, SmallLayersShowEveryEdgeWideOnesAreThinned) {
    EXPECT_EQ(NetworkEdges::shownPerNeuron(784, 16), 784);  // 12,544 edges, all drawn
    EXPECT_EQ(NetworkEdges::shownPerNeuron(16, 10), 16);
    EXPECT_EQ(NetworkEdges::shownPerNeuron(128, 64), 128);
    EXPECT_EQ(NetworkEdges::shownPerNeuron(784, 128), 16);
    EXPECT_EQ(NetworkEdges::shownPerNeuron(784, 256), 8);
    EXPECT_EQ(NetworkEdges::shownPerNeuron(784, 512), 4);
    EXPECT_EQ(NetworkEdges::shownPerNeuron(4096, 4096), 4);
}

TEST(NetworkEdgesTest, ThinningKeepsTheStrongestIncomingEdgesOfEachNeuron) {
    Eigen::MatrixXf w(2, 6);                     // outputs x inputs
    w << 0.1f, -0.9f, 0.3f, 0.05f, 0.8f, -0.2f,  //
        -0.7f, 0.0f, 0.01f, 0.6f, -0.02f, 0.5f;
    const auto edges = NetworkEdges::strongestIncoming(w, 2);
    ASSERT_EQ(edges.size(), 4u);
    std::set<std::pair<int, int>> kept;
    for (const Edge& e : edges) {
        kept.insert({e.to, e.from});
        EXPECT_FLOAT_EQ(e.value, w(e.to, e.from));
    }
    EXPECT_EQ(kept, (std::set<std::pair<int, int>>{{0, 1}, {0, 4}, {1, 0}, {1, 3}}));
    EXPECT_EQ(NetworkEdges::strongestIncoming(w, 6).size(), 12u);
}

TEST(NetworkEdgesTest, PulsesFollowTheStrongestWeightTimesActivation) {
    Eigen::MatrixXf w(2, 3);  // outputs x inputs
    w << 1.0f, -2.0f, 0.5f,   //
        0.1f, 3.0f, -4.0f;
    Eigen::VectorXf a(3);
    a << 1.0f, 0.0f, 0.5f;  // input 1 is silent: its big weights carry nothing
    const auto pulses = NetworkEdges::strongestContributions(w, a, 2);
    ASSERT_EQ(pulses.size(), 2u);
    const auto strongest = *std::max_element(pulses.begin(), pulses.end(), [](auto x, auto y) {
        return std::abs(x.value) < std::abs(y.value);
    });
    EXPECT_EQ(strongest.from, 2);
    EXPECT_EQ(strongest.to, 1);
    EXPECT_FLOAT_EQ(strongest.value, -2.0f);
    for (const Edge& e : pulses) EXPECT_NE(e.from, 1);
}

TEST(NetworkEdgesTest, MagnitudeScaleIgnoresASingleOutlier) {
    Eigen::MatrixXf w = Eigen::MatrixXf::Constant(10, 10, 0.1f);
    w(0, 0) = 100.0f;
    EXPECT_LT(NetworkEdges::magnitudeScale(w), 100.0f);
    EXPECT_FLOAT_EQ(NetworkEdges::magnitudeScale(Eigen::MatrixXf::Constant(3, 3, -0.5f)), 0.5f);
    EXPECT_FLOAT_EQ(NetworkEdges::magnitudeScale(Eigen::MatrixXf::Zero(3, 3)), 1.0f);
}

}  // namespace
}  // namespace digitscope::ui
