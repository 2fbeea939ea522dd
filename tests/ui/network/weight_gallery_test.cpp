#include "ui/network/weight_gallery.h"

#include <gtest/gtest.h>

#include <QSignalSpy>

#include "core/explain/weight_maps.h"
#include "tests/ui/mouse_input.h"
#include "tests/ui/network_test_helpers.h"
#include "ui/network/neuron_colours.h"
#include "ui/network/signed_map.h"

namespace digitscope::ui {
namespace {

TEST(WeightGallery, ShowsEveryFirstLayerNeuronsWeightsAndTheirTemplatesDeeper) {
    const auto network = testing::makeNetwork({784, 16, 16, 10});
    WeightGallery gallery;
    gallery.resize(380, 420);
    gallery.setNetwork(network);
    EXPECT_EQ(gallery.hiddenLayers(), 2);
    EXPECT_EQ(gallery.galleryLayout().count(), 16);
    const Eigen::VectorXf w = network->weights(0).row(5).transpose();
    EXPECT_EQ(gallery.mapImage(5), signedMapImage(w, 28));
    // The strongest weight is full blue or red; the map is the neuron's, pixel for pixel.
    Eigen::Index strongest = 0;
    w.cwiseAbs().maxCoeff(&strongest);
    const QColor full = w(strongest) > 0 ? neuron_colours::kPositive : neuron_colours::kNegative;
    EXPECT_EQ(gallery.mapImage(5).pixelColor(static_cast<int>(strongest % 28),
                                             static_cast<int>(strongest / 28)),
              full);
    gallery.setLayer(2);
    EXPECT_EQ(gallery.layer(), 2);
    const Eigen::VectorXf t = core::pixelTemplates(*network, 2).row(3).transpose();
    EXPECT_EQ(gallery.mapImage(3), signedMapImage(t, 28));
    EXPECT_TRUE(gallery.caption().contains("linear"));
    gallery.setLayer(3);  // the output: clamped to the last hidden layer
    EXPECT_EQ(gallery.layer(), 2);
}

TEST(WeightGallery, NewWeightsRedrawTheMaps) {
    auto network = testing::makeNetwork({784, 16, 10}, 1);
    WeightGallery gallery;
    gallery.resize(380, 420);
    gallery.setNetwork(network);
    const QImage before = gallery.mapImage(0);
    gallery.setNetwork(testing::makeNetwork({784, 16, 10}, 2));  // a training step later
    EXPECT_NE(gallery.mapImage(0), before);
}

TEST(WeightGallery, HoverAndClickAnnounceTheNeuron) {
    WeightGallery gallery;
    gallery.resize(380, 420);
    gallery.setNetwork(testing::makeNetwork({784, 16, 16, 10}));
    gallery.show();
    QSignalSpy hovered(&gallery, &WeightGallery::neuronHovered);
    QSignalSpy clicked(&gallery, &WeightGallery::neuronClicked);
    const QPointF at = gallery.galleryLayout().mapRect(6, 0).center();
    digitscope::testing::sendMouse(&gallery, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    digitscope::testing::sendMouse(&gallery, QEvent::MouseButtonPress, at, Qt::LeftButton,
                                   Qt::LeftButton);
    ASSERT_EQ(hovered.count(), 1);
    EXPECT_EQ(hovered.at(0).at(1).toInt(), 6);
    ASSERT_EQ(clicked.count(), 1);
    EXPECT_EQ(clicked.at(0).at(0).toInt(), 1);
    EXPECT_EQ(clicked.at(0).at(1).toInt(), 6);
}

TEST(WeightGallery, WideLayersArePagedAndSelectionTurnsToItsPage) {
    WeightGallery gallery;
    gallery.resize(380, 420);
    gallery.setNetwork(testing::makeNetwork({784, 512, 10}));
    ASSERT_GT(gallery.pages(), 1);
    gallery.selectNeuron(NeuronId{1, 500});
    EXPECT_EQ(gallery.page(), 500 / gallery.galleryLayout().perPage());
    QImage target(gallery.size(), QImage::Format_ARGB32_Premultiplied);
    gallery.render(&target);  // paints the page without trouble
}

TEST(NeuronColours, LayerScaleKeepsZeroBlackAndTheLargestWhite) {
    Eigen::VectorXf a(4);
    a << 0.0f, 2.0f, 12.5f, 6.0f;
    const float scale = neuron_colours::layerScale(a);
    EXPECT_EQ(scale, 12.5f);
    EXPECT_EQ(neuron_colours::scaledActivation(0.0f, scale), neuron_colours::activation(0.0f));
    EXPECT_EQ(neuron_colours::scaledActivation(12.5f, scale), QColor(Qt::white));
    // Values that all looked yellow before are now distinct greys.
    EXPECT_NE(neuron_colours::scaledActivation(2.0f, scale),
              neuron_colours::scaledActivation(6.0f, scale));
    Eigen::VectorXf small(2);
    small << 0.2f, 0.5f;
    EXPECT_EQ(neuron_colours::layerScale(small), 1.0f);  // never stretches values below 1
}

}  // namespace
}  // namespace digitscope::ui
