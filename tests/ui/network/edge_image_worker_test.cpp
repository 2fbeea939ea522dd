#include "ui/network/edge_image_worker.h"

#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>
#include <vector>

#include "tests/ui/network_test_helpers.h"

namespace digitscope::ui {
namespace {

using testing::makeNetwork;

EdgeImageWorker::Request requestFor(std::shared_ptr<const core::Network> network, QSize size,
                                    std::uint64_t generation,
                                    std::shared_ptr<const core::Network> glowFrom = nullptr) {
    NetworkLayout layout(network->architecture().sizes, QRectF(QPointF(12, 30), size));
    return {std::move(network), std::move(layout), size, 1.0, generation, std::move(glowFrom)};
}

// Takes results as they are signalled until one of `generation` arrives (or time runs out).
std::vector<EdgeImageWorker::Result> resultsUntil(EdgeImageWorker& worker,
                                                  std::uint64_t generation) {
    std::vector<EdgeImageWorker::Result> results;
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            if (auto result = worker.takeResult()) results.push_back(std::move(*result));
            return !results.empty() && results.back().generation == generation;
        },
        10000))
        << "no result of generation " << generation;
    return results;
}

TEST(EdgeImageWorkerTest, RendersWhatTheViewWouldRenderItselfAndSignals) {
    const auto network = makeNetwork({784, 16, 16, 10});
    EdgeImageWorker worker;
    QSignalSpy spy(&worker, &EdgeImageWorker::resultReady);
    const auto request = requestFor(network, QSize(640, 400), 5);
    worker.request(request);
    const auto results = resultsUntil(worker, 5);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_GE(spy.count(), 1);
    EXPECT_EQ(results[0].sizes, network->architecture().sizes);
    EXPECT_GT(results[0].renderMs, 0.0);
    EXPECT_EQ(results[0].image,
              EdgeLayer().render(*network, request.layout, request.size, request.dpr));
    EXPECT_TRUE(worker.idle());
    EXPECT_FALSE(worker.takeResult().has_value());  // taken once
}

TEST(EdgeImageWorkerTest, AGlowLightsTheChangedEdgesOverThePicture) {
    const auto before = makeNetwork({784, 16, 16, 10}, 1);
    const auto after = makeNetwork({784, 16, 16, 10}, 2);  // every weight changed
    EdgeImageWorker worker;
    worker.request(requestFor(after, QSize(640, 400), 1, before));
    auto results = resultsUntil(worker, 1);
    ASSERT_EQ(results.size(), 1u);
    const EdgeLayer::Glow& glow = results[0].glow;
    // At most kGlowEdges a weight layer; the smallest of them (under 6% of the largest) unlit.
    EXPECT_GT(glow.edges, EdgeLayer::kGlowEdges);
    EXPECT_LE(glow.edges, 3 * EdgeLayer::kGlowEdges);
    ASSERT_FALSE(glow.image.isNull());
    EXPECT_TRUE(results[0].image.rect().contains(QRect(glow.origin, glow.image.size())));
    EXPECT_NE(glow.image, results[0].image.copy(QRect(glow.origin, glow.image.size())));
    // Unchanged weights, or no glowFrom: no glow.
    worker.request(requestFor(after, QSize(640, 400), 2, after));
    results = resultsUntil(worker, 2);
    ASSERT_FALSE(results.empty());
    EXPECT_TRUE(results.back().glow.image.isNull());
    EXPECT_EQ(results.back().glow.edges, 0);
    worker.request(requestFor(after, QSize(640, 400), 3));
    results = resultsUntil(worker, 3);
    ASSERT_FALSE(results.empty());
    EXPECT_TRUE(results.back().glow.image.isNull());
}

TEST(EdgeImageWorkerTest, TheNewestRequestWins) {
    EdgeImageWorker worker;
    std::vector<std::shared_ptr<core::Network>> networks;
    for (std::uint64_t seed = 1; seed <= 12; ++seed)
        networks.push_back(makeNetwork({784, 128, 64, 10}, seed));
    // All made within microseconds while the first takes milliseconds: most are replaced.
    for (std::uint64_t g = 1; g <= networks.size(); ++g)
        worker.request(requestFor(networks[g - 1], QSize(1600, 1000), g));
    const auto results = resultsUntil(worker, networks.size());
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results.back().generation, networks.size());
    EXPECT_LT(results.size(), networks.size() / 2);
    for (std::size_t i = 1; i < results.size(); ++i)
        EXPECT_GT(results[i].generation, results[i - 1].generation);
    EXPECT_TRUE(QTest::qWaitFor([&] { return worker.idle(); }, 10000));
}

TEST(EdgeImageWorkerTest, IsDestroyedWhileRenderingOrWithWorkPending) {
    const auto network = makeNetwork({784, 128, 64, 10});
    for (int round = 0; round < 6; ++round) {
        EdgeImageWorker worker;
        worker.request(requestFor(network, QSize(2000, 1200), 1));
        worker.request(requestFor(network, QSize(2000, 1200), 2));
        if (round % 2 == 1) QTest::qWait(2);
    }
    QTest::qWait(20);
}

}  // namespace
}  // namespace digitscope::ui
