#include "core/train/fine_tuner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/base/errors.h"
#include "core/input/pen.h"
#include "test_data.h"

namespace digitscope::core {
namespace {

Drawing drawingOf(std::vector<std::vector<Point>> strokes, int label) {
    Drawing drawing;
    for (auto& points : strokes) drawing.strokes.push_back({std::move(points)});
    drawing.label = label;
    return drawing;
}

// A cross, a circle-ish square and a bar: three shapes the tests teach a network.
std::vector<Drawing> shapes() {
    return {drawingOf({{{100, 100}, {300, 300}}, {{300, 100}, {100, 300}}}, 4),
            drawingOf({{{120, 100}, {280, 100}, {280, 300}, {120, 300}, {120, 100}}}, 0),
            drawingOf({{{200, 60}, {200, 340}}}, 1)};
}

int predicted(const Network& network, const Drawing& drawing) {
    Eigen::Index digit = 0;
    network.predict(networkInput(drawing)).maxCoeff(&digit);
    return static_cast<int>(digit);
}

Network smallNetwork() {
    Architecture arch;
    arch.sizes = {784, 32, 10};
    return Network(arch, 7);
}

FineTuneSettings quickSettings(std::uint64_t seed) {
    FineTuneSettings settings;
    settings.steps = 60;
    settings.batchSize = 32;
    settings.variantsPerDrawing = 8;
    settings.penReplayDigits = 40;
    settings.maxBatchSize =
        32;  // no growth (SmallNetworksReplayMoreAndReadTheReplayBetter grows it)
    settings.optimizer.learningRate = 3e-3f;
    settings.seed = seed;
    return settings;
}

ReplaySources replay() {
    ReplaySources sources;
    sources.images = std::make_shared<const Dataset>(testing::syntheticDigits(200, 28, 28, 3));
    // Pen digits of other shapes: a horizontal bar and a corner.
    sources.strokes = {drawingOf({{{60, 200}, {340, 200}}}, 7),
                       drawingOf({{{100, 100}, {300, 100}, {300, 300}}}, 2)};
    return sources;
}

TEST(FineTuner, TeachesTheDrawingsAndLeavesTheStartNetworkAlone) {
    const Network start = smallNetwork();
    const std::vector<float> before(start.parameters().begin(), start.parameters().end());
    const std::vector<Drawing> mine = shapes();
    int wrongBefore = 0;
    for (const Drawing& drawing : mine) wrongBefore += predicted(start, drawing) != drawing.label;
    ASSERT_GT(wrongBefore, 0);  // else the test could not tell learning from luck

    FineTuner tuner(start, mine, replay(), quickSettings(5));
    EXPECT_EQ(tuner.train(10), 10);
    EXPECT_FALSE(tuner.finished());
    tuner.run();
    EXPECT_TRUE(tuner.finished());
    EXPECT_EQ(tuner.stepsDone(), 60);
    EXPECT_EQ(tuner.train(5), 0);
    for (const Drawing& drawing : mine)
        EXPECT_EQ(predicted(tuner.network(), drawing), drawing.label);
    EXPECT_TRUE(std::equal(before.begin(), before.end(), start.parameters().begin()));
}

TEST(FineTuner, SameInputsAndSeedGiveIdenticalWeightsInAnyChunking) {
    const Network start = smallNetwork();
    FineTuner whole(start, shapes(), replay(), quickSettings(9));
    whole.run();
    FineTuner chunked(start, shapes(), replay(), quickSettings(9));
    while (chunked.train(7) > 0) {
    }
    const auto a = whole.network().parameters();
    const auto b = chunked.network().parameters();
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));

    FineTuner other(start, shapes(), replay(), quickSettings(10));
    other.run();
    const auto c = other.network().parameters();
    EXPECT_FALSE(std::equal(a.begin(), a.end(), c.begin()));
}

TEST(FineTuner, VariantsStartWithTheDrawingAsDrawnAndDiffer) {
    Matrix x;
    std::vector<std::uint8_t> labels;
    renderVariants(shapes(), 4, 1, x, labels);
    ASSERT_EQ(x.cols(), 12);
    EXPECT_EQ(labels, (std::vector<std::uint8_t>{4, 4, 4, 4, 0, 0, 0, 0, 1, 1, 1, 1}));
    EXPECT_TRUE(x.col(0).isApprox(networkInput(shapes()[0])));
    EXPECT_GT((x.col(1) - x.col(0)).norm(), 0.5f);
    EXPECT_GT((x.col(2) - x.col(1)).norm(), 0.5f);
}

TEST(FineTuner, RefusesUnlabelledDrawingsAndOtherNetworks) {
    std::vector<Drawing> unlabelled = shapes();
    for (Drawing& drawing : unlabelled) drawing.label = -1;
    EXPECT_THROW(FineTuner(smallNetwork(), unlabelled, replay(), quickSettings(1)), ConfigError);
    Architecture wide;
    wide.sizes = {100, 10};
    EXPECT_THROW(FineTuner(Network(wide, 1), shapes(), replay(), quickSettings(1)), ConfigError);
}

// A digit that has no strokes (an MNIST digit, a dream) is taught from its image: its variants
// are the image as it is, then distorted as images.
TEST(FineTuner, TeachesADigitKeptAsAnImage) {
    std::vector<Drawing> mine = shapes();
    mine[1] = imageDrawing(networkInput(mine[1]), 0);
    ASSERT_TRUE(mine[1].isImage());

    Matrix x;
    std::vector<std::uint8_t> labels;
    renderVariants(mine, 4, 1, x, labels);
    ASSERT_EQ(x.cols(), 12);
    EXPECT_EQ(labels[4], 0);
    EXPECT_TRUE(x.col(4).isApprox(networkInput(mine[1])));
    EXPECT_GT((x.col(5) - x.col(4)).norm(), 0.5f);  // distorted as an image
    EXPECT_GT((x.col(6) - x.col(5)).norm(), 0.5f);

    const Network start = smallNetwork();
    FineTuner tuner(start, mine, replay(), quickSettings(5));
    tuner.run();
    for (const Drawing& drawing : mine)
        EXPECT_EQ(predicted(tuner.network(), drawing), drawing.label);
}

// Mean cross-entropy of a network on labelled images: how well it still reads them.
double meanLoss(const Network& network, const Dataset& data) {
    double sum = 0;
    Vector x(784);
    for (std::int64_t i = 0; i < data.count; ++i) {
        pixelsToFloats(data.image(i), 784, x.data());
        sum -= std::log(network.predict(x)(data.labels[static_cast<std::size_t>(i)]));
    }
    return sum / static_cast<double>(data.count);
}

TEST(FineTuner, SmallNetworksReplayMoreAndReadTheReplayBetter) {
    // A network that has begun to learn the replay images (mean loss ~0.3), then one drawing
    // it misreads.
    Network start = smallNetwork();
    const ReplaySources sources = replay();
    {
        FineTuneSettings learn = quickSettings(3);
        learn.steps = 12;
        learn.mineShare = 0.0f;  // clamped to one drawing sample a batch: mostly replay
        learn.maxBatchSize = learn.batchSize;
        FineTuner teacher(start, {shapes()[2]}, sources, learn);
        teacher.run();
        start = teacher.network();
    }
    std::vector<Drawing> lesson;
    for (const Drawing& drawing : shapes())
        if (predicted(start, drawing) != drawing.label) lesson.push_back(drawing);
    ASSERT_FALSE(lesson.empty());
    lesson.resize(1);

    FineTuneSettings fixedBatch = quickSettings(4);
    fixedBatch.maxBatchSize = fixedBatch.batchSize;
    FineTuneSettings grown = quickSettings(4);
    grown.maxBatchSize = 256;
    grown.stepWork = std::int64_t{1} << 40;  // any network this small grows to maxBatchSize
    FineTuner narrow(start, lesson, sources, fixedBatch);
    FineTuner wide(start, lesson, sources, grown);
    EXPECT_EQ(narrow.stepBatchSize(), 32);
    EXPECT_EQ(wide.stepBatchSize(), 256);
    narrow.run();
    wide.run();
    // Both learn the drawing; the one that replayed more reads the replay images better
    // (measured: mean loss 0.0003 against 0.0013).
    EXPECT_EQ(predicted(narrow.network(), lesson[0]), lesson[0].label);
    EXPECT_EQ(predicted(wide.network(), lesson[0]), lesson[0].label);
    const Dataset& images = *sources.images;
    const double wideLoss = meanLoss(wide.network(), images);
    const double narrowLoss = meanLoss(narrow.network(), images);
    EXPECT_LT(wideLoss, 0.8 * narrowLoss);

    // The default work keeps a large network's batch and grows a small one's.
    FineTuneSettings defaults;
    EXPECT_EQ(FineTuner(start, lesson, sources, defaults).stepBatchSize(),
              static_cast<int>(std::min<std::int64_t>(defaults.maxBatchSize,
                                                      defaults.stepWork / start.layout().size())));
    Architecture large;
    large.sizes = {784, 256, 128, 10};
    EXPECT_EQ(FineTuner(Network(large, 1), lesson, sources, defaults).stepBatchSize(), 64);
    // Without replay the batch is the person's alone and does not grow.
    EXPECT_EQ(FineTuner(start, lesson, ReplaySources{}, grown).stepBatchSize(), 32);
}

TEST(FineTuner, WithoutReplayEveryBatchIsThePersons) {
    FineTuner tuner(smallNetwork(), shapes(), ReplaySources{}, quickSettings(2));
    tuner.run();
    for (const Drawing& drawing : shapes())
        EXPECT_EQ(predicted(tuner.network(), drawing), drawing.label);
}

}  // namespace
}  // namespace digitscope::core
