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

TEST(NetworkEdgesTest, LargestChangesAreTheWeightsThatMovedMost) {
    Eigen::MatrixXf before(3, 4);  // outputs x inputs
    before << 0.3f, -0.1f, 0.8f, 0.2f, -0.5f, 0.4f, 0.1f, 0.0f, 0.7f, -0.2f, 0.6f, -0.9f;
    Eigen::MatrixXf after = before;
    after(1, 2) += 0.5f;   // into output 1 from input 2: the largest change
    after(0, 3) -= 0.2f;   // the second, negative
    after(2, 0) += 0.01f;  // small
    const std::vector<Edge> two = NetworkEdges::largestChanges(before, after, 2);
    ASSERT_EQ(two.size(), 2u);
    std::set<std::pair<int, int>> found;
    for (const Edge& e : two) {
        found.insert({e.from, e.to});
        EXPECT_FLOAT_EQ(e.value, after(e.to, e.from) - before(e.to, e.from));
    }
    EXPECT_EQ(found, (std::set<std::pair<int, int>>{{2, 1}, {3, 0}}));
    // Only weights that changed, however many are asked for; none for other shapes.
    EXPECT_EQ(NetworkEdges::largestChanges(before, after, 12).size(), 3u);
    EXPECT_TRUE(NetworkEdges::largestChanges(before, before, 12).empty());
    EXPECT_TRUE(NetworkEdges::largestChanges(before, Eigen::MatrixXf::Zero(4, 3), 12).empty());
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
