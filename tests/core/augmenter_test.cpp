#include "core/augment/augmenter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace digitscope::core {
namespace {

// Column j: a thick ring of radius 6 to 8 px around a centre that moves a little with j,
// in a rows x cols image (row-major), values in [0, 1].
Eigen::MatrixXf rings(int rows, int cols, int count) {
    Eigen::MatrixXf batch(rows * cols, count);
    for (int j = 0; j < count; ++j) {
        const double cx = 0.5 * (cols - 1) + (j % 3) - 1;
        const double cy = 0.5 * (rows - 1) + (j % 2);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                const double r = std::hypot(x - cx, y - cy);
                const double v = std::clamp(1.0 - std::abs(r - 7.0) / 2.0, 0.0, 1.0);
                batch(y * cols + x, j) = static_cast<float>(v);
            }
    }
    return batch;
}

TEST(Augmenter, IsDeterministicFromTheSeed) {
    const Eigen::MatrixXf original = rings(28, 28, 8);
    Eigen::MatrixXf a = original, b = original;
    Augmenter first(AugmentSettings{}, 28, 28, 2024);
    Augmenter second(AugmentSettings{}, 28, 28, 2024);
    first.apply(a);
    second.apply(b);
    EXPECT_EQ(a, b);
    EXPECT_GT((a - original).cwiseAbs().maxCoeff(), 0.2f);  // it did distort
}

TEST(Augmenter, DifferentSeedsDiffer) {
    const Eigen::MatrixXf original = rings(28, 28, 8);
    Eigen::MatrixXf a = original, b = original;
    Augmenter(AugmentSettings{}, 28, 28, 1).apply(a);
    Augmenter(AugmentSettings{}, 28, 28, 2).apply(b);
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        EXPECT_GT((a.col(j) - b.col(j)).norm(), 0.5f) << "column " << j;
}

TEST(Augmenter, EachImageAndEachCallGetsItsOwnDistortion) {
    Eigen::MatrixXf same(28 * 28, 4);
    same.colwise() = rings(28, 28, 1).col(0);
    Augmenter augmenter(AugmentSettings{}, 28, 28, 7);
    Eigen::MatrixXf first = same;
    augmenter.apply(first);
    EXPECT_GT((first.col(0) - first.col(1)).norm(), 0.5f);
    Eigen::MatrixXf second = same;
    augmenter.apply(second);
    EXPECT_GT((first - second).norm(), 1.0f);
}

TEST(Augmenter, ResultsDoNotDependOnHowTheImagesAreBatched) {
    const Eigen::MatrixXf original = rings(28, 28, 8);
    Eigen::MatrixXf whole = original;
    Augmenter(AugmentSettings{}, 28, 28, 99).apply(whole);
    Augmenter split(AugmentSettings{}, 28, 28, 99);
    Eigen::MatrixXf left = original.leftCols(3), right = original.rightCols(5);
    split.apply(left);
    split.apply(right);
    EXPECT_EQ(whole.leftCols(3), left);
    EXPECT_EQ(whole.rightCols(5), right);
}

// The augmenter reuses its buffers from image to image; what one image leaves in them (here
// a white image thickened everywhere, up to the buffers' borders) must not leak into the next.
TEST(Augmenter, AnImageDoesNotDependOnTheImagesBeforeIt) {
    const Eigen::MatrixXf ring = rings(28, 28, 1);
    Eigen::MatrixXf afterWhite(28 * 28, 6), afterEmpty(28 * 28, 6);
    for (int j = 0; j < 6; j += 2) {
        afterWhite.col(j).setOnes();
        afterEmpty.col(j).setZero();
        afterWhite.col(j + 1) = ring;
        afterEmpty.col(j + 1) = ring;
    }
    Augmenter(AugmentSettings{}.scaled(2), 28, 28, 3).apply(afterWhite);
    Augmenter(AugmentSettings{}.scaled(2), 28, 28, 3).apply(afterEmpty);
    for (int j = 1; j < 6; j += 2)
        EXPECT_EQ(afterWhite.col(j), afterEmpty.col(j)) << "column " << j;
    EXPECT_EQ(afterEmpty.col(0).maxCoeff(), 0.0f);  // nothing stays nothing
}

// Only the output pixels the ink can reach are resampled: ink touching every border must come
// through a tiny distortion whole, wherever it is.
TEST(Augmenter, InkAtTheBordersIsKept) {
    Eigen::MatrixXf batch = Eigen::MatrixXf::Zero(28 * 28, 4);
    for (int i = 0; i < 28; ++i) {
        batch(i, 0) = 1;            // top row
        batch(27 * 28 + i, 1) = 1;  // bottom row
        batch(i * 28, 2) = 1;       // left column
        batch(i * 28 + 27, 3) = 1;  // right column
    }
    const Eigen::MatrixXf original = batch;
    Augmenter(AugmentSettings{}.scaled(0.01f), 28, 28, 5).apply(batch);
    for (Eigen::Index j = 0; j < batch.cols(); ++j) {
        EXPECT_NEAR(batch.col(j).sum(), original.col(j).sum(), 2.0) << "column " << j;
        EXPECT_LT((batch.col(j) - original.col(j)).cwiseAbs().maxCoeff(), 0.35f) << "column " << j;
    }
}

// Images are 8-bit (as the datasets are): the identity holds for values k / 255.
TEST(Augmenter, StrengthZeroIsTheIdentity) {
    for (const auto& [rows, cols] : {std::pair{28, 28}, std::pair{20, 28}, std::pair{28, 22}}) {
        SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
        const Eigen::MatrixXf original = (rings(rows, cols, 5) * 255).array().round() / 255;
        Eigen::MatrixXf batch = original;
        Augmenter(AugmentSettings{}.scaled(0.0f), rows, cols, 5).apply(batch);
        EXPECT_LT((batch - original).cwiseAbs().maxCoeff(), 1e-5f);
    }
}

TEST(Augmenter, FloatInputIsRoundedToEightBits) {
    const Eigen::MatrixXf exact = rings(28, 28, 1);
    Eigen::MatrixXf rounded = (exact * 255).array().round() / 255;
    Eigen::MatrixXf fromExact = exact;
    Augmenter(AugmentSettings{}, 28, 28, 8).apply(fromExact);
    Augmenter(AugmentSettings{}, 28, 28, 8).apply(rounded);
    EXPECT_EQ(fromExact, rounded);
}

// What the trainer calls: one image at a time from a dataset's bytes, numbered explicitly, on
// any thread with its own workspace; the same as apply() gives.
TEST(Augmenter, DistortingBytesMatchesApply) {
    const Eigen::MatrixXf original = (rings(28, 28, 6) * 255).array().round() / 255;
    Eigen::MatrixXf batch = original;
    Augmenter augmenter(AugmentSettings{}, 28, 28, 12);
    augmenter.apply(batch);
    Augmenter::Workspace work(28, 28);
    for (int j = 5; j >= 0; --j) {  // any order
        std::vector<std::uint8_t> bytes(28 * 28);
        for (int i = 0; i < 28 * 28; ++i)
            bytes[static_cast<std::size_t>(i)] =
                static_cast<std::uint8_t>(std::lround(original(i, j) * 255));
        Eigen::VectorXf image(28 * 28);
        augmenter.distort(bytes.data(), image.data(), static_cast<std::uint64_t>(j), work);
        EXPECT_EQ(image, batch.col(j)) << "column " << j;
    }
    // An image without ink comes out all zero, whatever was in the buffer.
    std::vector<std::uint8_t> blank(28 * 28, 0);
    Eigen::VectorXf image = Eigen::VectorXf::Ones(28 * 28);
    augmenter.distort(blank.data(), image.data(), 3, work);
    EXPECT_EQ(image.maxCoeff(), 0.0f);
}

TEST(Augmenter, ScaledMultipliesEveryDistortion) {
    const AugmentSettings base;
    const AugmentSettings twice = base.scaled(2.0f);
    EXPECT_FLOAT_EQ(twice.maxRotationDegrees, 2 * base.maxRotationDegrees);
    EXPECT_FLOAT_EQ(twice.minScale, 0.7f);
    EXPECT_FLOAT_EQ(twice.maxScale, 1.3f);
    EXPECT_FLOAT_EQ(twice.maxShear, 2 * base.maxShear);
    EXPECT_FLOAT_EQ(twice.maxShiftPixels, 2 * base.maxShiftPixels);
    EXPECT_FLOAT_EQ(twice.elasticAlpha, 2 * base.elasticAlpha);
    EXPECT_FLOAT_EQ(twice.thicknessChange, 2 * base.thicknessChange);
    EXPECT_FLOAT_EQ(twice.elasticSigma, base.elasticSigma);  // smoothness, not strength
}

TEST(Augmenter, OutputStaysInUnitRangeAndKeepsItsInk) {
    for (float strength : {1.0f, 4.0f}) {
        SCOPED_TRACE(strength);
        const Eigen::MatrixXf original = rings(28, 28, 64);
        Eigen::MatrixXf batch = original;
        Augmenter(AugmentSettings{}.scaled(strength), 28, 28, 31).apply(batch);
        EXPECT_TRUE(batch.allFinite());
        EXPECT_GE(batch.minCoeff(), 0.0f);
        EXPECT_LE(batch.maxCoeff(), 1.0f);
        if (strength == 1.0f) {
            double ratioSum = 0;
            for (Eigen::Index j = 0; j < batch.cols(); ++j) {
                const double ratio = batch.col(j).sum() / original.col(j).sum();
                EXPECT_GT(ratio, 0.4) << "column " << j;
                EXPECT_LT(ratio, 2.2) << "column " << j;  // thicker and 15% larger
                ratioSum += ratio;
            }
            EXPECT_NEAR(ratioSum / static_cast<double>(batch.cols()), 1.0, 0.15);
        }
    }
}

}  // namespace
}  // namespace digitscope::core
