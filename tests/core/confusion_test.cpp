#include "core/explain/confusion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/base/errors.h"
#include "core/train/evaluation.h"
#include "core/train/trainer.h"
#include "test_data.h"

namespace digitscope::core {
namespace {

// The counts digitscope-cli eval prints come from core::evaluate: the report must agree with it
// cell by cell, for an untrained network (mistakes everywhere) and a briefly trained one, with
// a batch size that does not divide the set.
TEST(ConfusionReport, CountsEqualTheEvaluationsConfusionMatrix) {
    const Dataset data = testing::syntheticDigits(1237, 8, 8, 21);
    Architecture arch;
    arch.sizes = {64, 12, 10};
    Network network(arch, 5);
    for (int round = 0; round < 2; ++round) {
        const Evaluation evaluation = evaluate(network, data);
        const ConfusionReport report(network, data, 300);
        ASSERT_EQ(report.classes(), 10);
        ASSERT_EQ(report.count(), data.count);
        for (int a = 0; a < 10; ++a)
            for (int p = 0; p < 10; ++p)
                EXPECT_EQ(report.at(a, p), evaluation.confusionAt(a, p)) << a << "," << p;
        EXPECT_DOUBLE_EQ(report.accuracy(), evaluation.accuracy);
        const std::vector<double> perClass = evaluation.perClassAccuracy();
        for (int c = 0; c < 10; ++c) EXPECT_DOUBLE_EQ(report.classAccuracy(c), perClass[c]);
        TrainerSettings settings;
        settings.epochs = 1;
        Trainer(network, data, settings).trainEpoch();
    }
}

TEST(ConfusionReport, CellsListTheirSamplesMostConfidentFirst) {
    const Dataset data = testing::syntheticDigits(500, 8, 8, 3);
    Architecture arch;
    arch.sizes = {64, 10};
    const Network network(arch, 9);
    const ConfusionReport report(network, data);
    std::int64_t listed = 0;
    for (int a = 0; a < 10; ++a) {
        for (int p = 0; p < 10; ++p) {
            const std::vector<std::int32_t> cell = report.samples(a, p);
            EXPECT_EQ(static_cast<std::int64_t>(cell.size()), report.at(a, p));
            for (std::size_t i = 0; i < cell.size(); ++i) {
                EXPECT_EQ(report.label(cell[i]), a);
                EXPECT_EQ(report.predicted(cell[i]), p);
                EXPECT_EQ(data.labels[static_cast<std::size_t>(cell[i])], a);
                if (i > 0) {
                    EXPECT_GE(report.output(cell[i - 1])[p], report.output(cell[i])[p]);
                }
            }
            listed += static_cast<std::int64_t>(cell.size());
        }
    }
    EXPECT_EQ(listed, data.count);
    // The stored output is the network's own for that image.
    Matrix x;
    std::vector<std::uint8_t> labels;
    const std::vector<std::int32_t> one{42};
    gatherBatch(data, one, x, labels);
    const Vector p = network.predict(x.col(0));
    for (int k = 0; k < 10; ++k) EXPECT_NEAR(report.output(42)[k], p(k), 1e-6f);  // batch vs one
}

// Inputs already as floats (stroke sets drawn through networkInput): the same report as the
// images they came from, and a mismatch of inputs and labels is refused.
TEST(ConfusionReport, FloatInputsGiveTheSameReportAsTheirImages) {
    const Dataset data = testing::syntheticDigits(777, 8, 8, 4);
    Architecture arch;
    arch.sizes = {64, 12, 10};
    const Network network(arch, 3);
    std::vector<std::int32_t> all(static_cast<std::size_t>(data.count));
    std::iota(all.begin(), all.end(), 0);
    Matrix x;  // 64 x 777
    std::vector<std::uint8_t> labels;
    gatherBatch(data, all, x, labels);
    const ConfusionReport fromImages(network, data, 250);
    const ConfusionReport fromFloats(network, x, labels, 100);
    ASSERT_EQ(fromFloats.count(), data.count);
    for (int a = 0; a < 10; ++a)
        for (int p = 0; p < 10; ++p) EXPECT_EQ(fromFloats.at(a, p), fromImages.at(a, p));
    for (std::int64_t i = 0; i < data.count; i += 97) {
        EXPECT_EQ(fromFloats.label(i), data.labels[static_cast<std::size_t>(i)]);
        EXPECT_EQ(fromFloats.predicted(i), fromImages.predicted(i));
    }
    labels.pop_back();
    EXPECT_THROW(ConfusionReport(network, x, labels), ConfigError);
}

TEST(ConfusionReport, AnEmptySetHasNoAccuracy) {
    Dataset data = testing::syntheticDigits(10, 8, 8, 3);
    data.count = 0;
    data.pixels.clear();
    data.labels.clear();
    Architecture arch;
    arch.sizes = {64, 10};
    const ConfusionReport report(Network(arch, 1), data);
    EXPECT_EQ(report.count(), 0);
    EXPECT_EQ(report.accuracy(), 0.0);
    EXPECT_TRUE(std::isnan(report.classAccuracy(3)));
}

}  // namespace
}  // namespace digitscope::core
