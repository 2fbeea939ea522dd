#include "core/train/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

// A 10-10 network whose output is softmax(10 x): image p (one bright pixel at p) is predicted
// as class p.
Network pixelClassifier() {
    Architecture arch;
    arch.sizes = {10, 10};
    arch.loss = Loss::CrossEntropy;
    Network network(arch, 1);
    std::vector<float> p(static_cast<std::size_t>(network.layout().size()), 0.0f);
    for (int i = 0; i < 10; ++i) p[static_cast<std::size_t>(i * 10 + i)] = 10.0f;
    network.setParameters(p);
    return network;
}

// Samples as (bright pixel, label) pairs; 1 x 10 images.
Dataset handBuilt(const std::vector<std::pair<int, int>>& samples) {
    Dataset data;
    data.name = "hand-built";
    data.rows = 1;
    data.cols = 10;
    data.count = static_cast<std::int64_t>(samples.size());
    data.pixels.assign(samples.size() * 10, 0);
    for (std::size_t n = 0; n < samples.size(); ++n) {
        data.pixels[n * 10 + static_cast<std::size_t>(samples[n].first)] = 255;
        data.labels.push_back(static_cast<std::uint8_t>(samples[n].second));
    }
    return data;
}

TEST(Evaluation, AccuracyConfusionAndPerClassOnAHandBuiltCase) {
    // (predicted, actual): 8 right, 4 wrong; class 9 never appears.
    const Dataset data = handBuilt({{0, 0},
                                    {1, 1},
                                    {1, 1},
                                    {2, 2},
                                    {3, 3},
                                    {4, 4},
                                    {5, 5},
                                    {6, 6},
                                    {7, 1},
                                    {3, 8},
                                    {3, 8},
                                    {0, 7}});
    const Network network = pixelClassifier();
    for (int batch : {1000, 5, 1}) {  // the last batch is partial for 5
        SCOPED_TRACE(batch);
        const Evaluation result = evaluate(network, data, batch);
        EXPECT_EQ(result.count, 12);
        EXPECT_EQ(result.classes, 10);
        ASSERT_EQ(result.confusion.size(), 100u);
        EXPECT_DOUBLE_EQ(result.accuracy, 8.0 / 12.0);
        EXPECT_EQ(result.confusionAt(1, 1), 2);
        EXPECT_EQ(result.confusionAt(1, 7), 1);
        EXPECT_EQ(result.confusionAt(8, 3), 2);
        EXPECT_EQ(result.confusionAt(7, 0), 1);
        EXPECT_EQ(result.confusionAt(3, 3), 1);
        EXPECT_EQ(result.confusionAt(3, 8), 0);  // rows are the true class
        std::int64_t total = 0;
        for (std::int64_t c : result.confusion) total += c;
        EXPECT_EQ(total, 12);

        const std::vector<double> perClass = result.perClassAccuracy();
        ASSERT_EQ(perClass.size(), 10u);
        EXPECT_DOUBLE_EQ(perClass[0], 1.0);
        EXPECT_DOUBLE_EQ(perClass[1], 2.0 / 3.0);
        EXPECT_DOUBLE_EQ(perClass[7], 0.0);
        EXPECT_DOUBLE_EQ(perClass[8], 0.0);
        EXPECT_TRUE(std::isnan(perClass[9]));

        // Right: p = e^10 / (e^10 + 9); wrong: p = 1 / (e^10 + 9).
        const double denominator = std::exp(10.0) + 9.0;
        const double right = std::log(denominator) - 10.0;
        const double wrong = std::log(denominator);
        EXPECT_NEAR(result.loss, (8 * right + 4 * wrong) / 12.0, 1e-4);
    }
}

TEST(Evaluation, AnEmptyDatasetScoresZero) {
    const Evaluation result = evaluate(pixelClassifier(), handBuilt({}));
    EXPECT_EQ(result.count, 0);
    EXPECT_EQ(result.accuracy, 0.0);
    EXPECT_EQ(result.loss, 0.0);
}

TEST(Evaluation, RefusesMismatchedShapes) {
    Dataset data = handBuilt({{1, 1}});
    data.cols = 9;  // 9 pixels for a 10-input network
    EXPECT_THROW(evaluate(pixelClassifier(), data), ConfigError);
    Architecture fewOutputs;
    fewOutputs.sizes = {10, 4};
    EXPECT_THROW(evaluate(Network(fewOutputs), handBuilt({{1, 1}})), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
