#include "ui/network/neuron_inspector.h"

#include <gtest/gtest.h>

#include <QSet>

#include "tests/ui/network_test_helpers.h"

namespace digitscope::ui {
namespace {

using testing::makeNetwork;
using testing::traceOf;

TEST(NeuronInspectorTest, WithoutASelectionItShowsAHint) {
    NeuronInspector inspector;
    inspector.resize(500, 180);
    inspector.setNetwork(makeNetwork({784, 16, 10}));
    EXPECT_TRUE(inspector.title().contains(QStringLiteral("Click a neuron")));
    EXPECT_TRUE(inspector.weightMap().isNull());
    EXPECT_FALSE(inspector.grab().isNull());
}

TEST(NeuronInspectorTest, HeatMapColourFollowsTheWeightsSign) {
    auto network = makeNetwork({784, 16, 10});
    std::vector<float> parameters(network->parameters().begin(), network->parameters().end());
    auto w = network->layout().weights(std::span<float>(parameters), 0);  // 16 x 784
    w.row(3).setZero();
    w(3, 0) = 0.8f;            // pixel (0, 0): positive
    w(3, 1) = -0.8f;           // pixel (1, 0): negative
    w(3, 5 * 28 + 2) = -0.2f;  // pixel (2, 5): weakly negative
    network->setParameters(parameters);
    NeuronInspector inspector;
    inspector.resize(600, 200);
    inspector.setNetwork(network);
    inspector.setTrace(traceOf(*network));
    inspector.showNeuron(1, 3);
    EXPECT_EQ(inspector.title(), QStringLiteral("Hidden layer 1 · neuron 3"));
    const QImage map = inspector.weightMap();
    ASSERT_EQ(map.size(), QSize(28, 28));
    const QColor positive = map.pixelColor(0, 0), negative = map.pixelColor(1, 0);
    const QColor weak = map.pixelColor(2, 5), zero = map.pixelColor(10, 10);
    EXPECT_GT(positive.blue(), positive.red() + 100);
    EXPECT_GT(negative.red(), negative.blue() + 100);
    EXPECT_GT(weak.red(), weak.blue());
    EXPECT_LT(weak.red(), negative.red());  // symmetric scale: weaker is fainter
    EXPECT_LT(zero.lightness(), 40);        // zero is the background
    EXPECT_FALSE(inspector.grab().isNull());
}

TEST(NeuronInspectorTest, DeeperNeuronsAndInputsPaintWithoutAHeatMap) {
    const auto network = makeNetwork({784, 32, 32, 32, 10});
    NeuronInspector inspector;
    inspector.resize(600, 200);
    inspector.setNetwork(network);
    inspector.setTrace(traceOf(*network));
    for (const NeuronId id : {NeuronId{2, 4}, NeuronId{4, 9}, NeuronId{0, 400}}) {
        inspector.showNeuron(id.layer, id.index);
        ASSERT_TRUE(inspector.selectedNeuron().has_value());
        EXPECT_TRUE(inspector.weightMap().isNull());
        const QImage image = inspector.grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
        EXPECT_GT(colours.size(), 3);  // text and bars, not a blank panel
    }
    EXPECT_EQ(inspector.title(), QStringLiteral("Input pixel (8, 14)"));
    inspector.showNeuron(4, 9);
    EXPECT_EQ(inspector.title(), QStringLiteral("Output neuron 9"));
}

TEST(NeuronInspectorTest, AnotherArchitectureResetsAStaleSelection) {
    NeuronInspector inspector;
    inspector.resize(600, 200);
    inspector.setNetwork(makeNetwork({784, 128, 64, 10}));
    inspector.showNeuron(1, 100);
    ASSERT_TRUE(inspector.selectedNeuron().has_value());
    inspector.setNetwork(makeNetwork({784, 128, 64, 10}, 3));  // new weights: kept
    EXPECT_TRUE(inspector.selectedNeuron().has_value());
    inspector.setNetwork(makeNetwork({784, 16, 16, 10}));
    EXPECT_FALSE(inspector.selectedNeuron().has_value());
    EXPECT_FALSE(inspector.grab().isNull());
    inspector.showNeuron(7, 0);  // out of range
    EXPECT_FALSE(inspector.selectedNeuron().has_value());
    inspector.showNeuron(-1, -1);
    EXPECT_FALSE(inspector.selectedNeuron().has_value());
}

}  // namespace
}  // namespace digitscope::ui
