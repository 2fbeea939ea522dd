#include "ui/explain/timeline_bar.h"

#include <gtest/gtest.h>

#include <QSignalSpy>

#include "tests/ui/network_test_helpers.h"

namespace digitscope::ui {
namespace {

TEST(TimelineBar, ScrubbingChoosesTheRecordedWeightsAndLiveReturns) {
    TimelineBar bar;
    QSignalSpy chosen(&bar, &TimelineBar::snapshotChosen);
    QSignalSpy live(&bar, &TimelineBar::liveChosen);
    std::vector<std::shared_ptr<core::Network>> nets;
    for (int k = 0; k < 4; ++k) nets.push_back(testing::makeNetwork({784, 16, 10}, 10 + k));
    bar.offer(0.0, nets[0]);
    bar.offer(0.3, nets[1]);
    bar.recordEpoch(1);       // the newest offered
    bar.offer(1.4, nets[2]);  // after the first epoch: not kept, but the newest
    bar.recordEpoch(2);
    ASSERT_EQ(bar.timeline().size(), 4);
    EXPECT_EQ(bar.timeline().at(2).network, nets[1]);
    EXPECT_EQ(bar.timeline().at(3).network, nets[2]);
    EXPECT_TRUE(bar.isLive());
    EXPECT_EQ(bar.current(), 3);

    bar.scrubTo(2);
    ASSERT_EQ(chosen.count(), 1);
    EXPECT_EQ(chosen.at(0).at(0).value<std::shared_ptr<const core::Network>>(), nets[1]);
    EXPECT_DOUBLE_EQ(chosen.at(0).at(1).toDouble(), 1.0);
    EXPECT_FALSE(bar.isLive());
    EXPECT_TRUE(bar.label().startsWith(QStringLiteral("epoch 1")));
    bar.offer(2.5, nets[3]);
    bar.recordEpoch(3);
    EXPECT_EQ(bar.current(), 2);  // scrubbing: new snapshots do not move the slider
    bar.goLive();
    EXPECT_EQ(live.count(), 1);
    EXPECT_EQ(bar.current(), bar.timeline().size() - 1);
    EXPECT_EQ(bar.newest(), nets[3]);
    bar.clear();
    EXPECT_TRUE(bar.timeline().empty());
}

}  // namespace
}  // namespace digitscope::ui
