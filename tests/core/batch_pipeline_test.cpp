#include "core/train/batch_pipeline.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "core/augment/augmenter.h"
#include "core/base/errors.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using testing::syntheticDigits;

// A batch is the same whoever prepares it: the helper, or the trainer's thread in finish().
TEST(BatchPipeline, TheHelperPreparesTheBatchesTheTrainerWould) {
    const Dataset data = syntheticDigits(200, 6, 6, 1);
    const Augmenter augmenter(AugmentSettings{}, 6, 6, 3);
    BatchSources sources;
    sources.data = &data;
    sources.augmenter = &augmenter;
    auto batches = [&](bool helper) {
        BatchPipeline pipeline(sources, 32, helper);
        EXPECT_EQ(pipeline.hasHelper(), helper);
        std::vector<float> all;
        Matrix x;
        std::vector<std::uint8_t> labels;
        std::vector<std::int32_t> indices(32);
        for (int b = 0; b < 20; ++b) {
            std::iota(indices.begin(), indices.end(), b * 7);
            const BatchKey key{1, b * 32, b * 32, static_cast<std::uint64_t>(b) * 32};
            pipeline.start(key, indices);
            EXPECT_FALSE(pipeline.holds(key));
            pipeline.finish();
            EXPECT_TRUE(pipeline.holds(key));
            pipeline.take(x, labels);
            EXPECT_FALSE(pipeline.holds(key));
            EXPECT_EQ(x.cols(), 32);
            all.insert(all.end(), x.data(), x.data() + x.size());
            for (int j = 0; j < 32; ++j)
                EXPECT_EQ(labels[static_cast<std::size_t>(j)],
                          data.labels[static_cast<std::size_t>(b * 7 + j)]);
        }
        return all;
    };
    const std::vector<float> inline_ = batches(false);
    for (int run = 0; run < 3; ++run) EXPECT_EQ(batches(true), inline_);
}

TEST(BatchPipeline, RefusesABatchItCannotHold) {
    const Dataset data = syntheticDigits(50, 6, 6, 1);
    BatchSources sources;
    sources.data = &data;
    BatchPipeline pipeline(sources, 8, false);
    const std::vector<std::int32_t> nine(9, 0);
    EXPECT_THROW(pipeline.start({}, nine), ConfigError);
    EXPECT_THROW(pipeline.start({}, std::span<const std::int32_t>{}), ConfigError);
    const std::vector<std::int32_t> two{0, 1};
    const std::vector<std::uint8_t> oneSet{0};
    EXPECT_THROW(pipeline.start({}, two, oneSet), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
