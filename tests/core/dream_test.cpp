#include "core/explain/dream.h"

#include <gtest/gtest.h>

#include "core/base/errors.h"
#include "core/io/model_file.h"

namespace digitscope::core {
namespace {

void expectInUnitRange(const Vector& image) {
    ASSERT_EQ(image.size(), 784);
    EXPECT_GE(image.minCoeff(), 0.0f);
    EXPECT_LE(image.maxCoeff(), 1.0f);
}

// Every neuron of a small random network, hidden and output, regularised or not.
TEST(Dream, RaisesItsNeuronsActivationAndStaysInTheUnitRange) {
    const Network network(Architecture{}, 3);
    for (int layer = 1; layer <= 3; ++layer) {
        for (int unit : {0, 5, 9}) {
            for (bool regularise : {true, false}) {
                DreamSettings settings;
                settings.regularise = regularise;
                const Dream dream = dreamNeuron(network, layer, unit, settings);
                expectInUnitRange(dream.image);
                EXPECT_GT(dream.activation, dream.startActivation)
                    << "layer " << layer << " unit " << unit << " regularise " << regularise;
                EXPECT_EQ(dream.steps, settings.steps);
                // The reported activation is the network's own on the returned image.
                ForwardTrace trace;
                network.forward(Eigen::Map<const Matrix>(dream.image.data(), 784, 1), trace);
                EXPECT_FLOAT_EQ(dream.activation,
                                trace.activations[static_cast<std::size_t>(layer)](unit, 0));
            }
        }
    }
}

// The video's point, on the trained 784-16-16-10: the unregularised "perfect" digit is noise
// (most pixels far from both 0 and 1 or scattered), yet the network answers it with high
// confidence; the regularised dream is answered as its digit too.
TEST(Dream, TheTrainedNetworkAnswersItsDreamsAsTheirDigits) {
    const Model model = ModelFile::load(std::string(DIGITSCOPE_MODELS_DIR) + "/3b1b.dsm");
    for (int digit = 0; digit < 10; ++digit) {
        for (bool regularise : {false, true}) {
            DreamSettings settings;
            settings.regularise = regularise;
            const Dream dream = dreamNeuron(model.network, 3, digit, settings);
            Eigen::Index best = 0;
            dream.output.maxCoeff(&best);
            EXPECT_EQ(best, digit) << "regularise " << regularise;
            EXPECT_GT(dream.activation, 0.9f) << digit << " regularise " << regularise;
            expectInUnitRange(dream.image);
        }
    }
}

TEST(Dream, IsDeterministicAndStopsWhenCancelled) {
    const Network network(Architecture{}, 5);
    const Dream a = dreamNeuron(network, 2, 3, DreamSettings{});
    const Dream b = dreamNeuron(network, 2, 3, DreamSettings{});
    EXPECT_EQ(a.image, b.image);
    const std::atomic<bool> cancel{true};
    const Dream cancelled = dreamNeuron(network, 2, 3, DreamSettings{}, &cancel);
    EXPECT_EQ(cancelled.steps, 0);
    expectInUnitRange(cancelled.image);
}

TEST(Dream, RefusesAMissingNeuron) {
    const Network network(Architecture{}, 1);
    EXPECT_THROW(dreamNeuron(network, 0, 0, {}), ConfigError);
    EXPECT_THROW(dreamNeuron(network, 4, 0, {}), ConfigError);
    EXPECT_THROW(dreamNeuron(network, 1, 16, {}), ConfigError);
}

}  // namespace
}  // namespace digitscope::core
