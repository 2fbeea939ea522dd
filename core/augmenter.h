#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <random>
#include <vector>

namespace digitscope::core {

struct AugmentSettings {
    float maxRotationDegrees = 12.0f;
    float minScale = 0.85f;
    float maxScale = 1.15f;
    float maxShear = 0.15f;  // x += shear * y
    float maxShiftPixels = 2.0f;
    float elasticAlpha = 1.6f;     // displacement in pixels (Simard et al. 2003, scaled to 28 px)
    float elasticSigma = 4.0f;     // smoothing of the random displacement field
    float thicknessChange = 0.6f;  // strength of the random thickening / thinning
};

// Random distortions of training images, as people's drawings differ from MNIST: an affine
// transform (rotation, scale, shear, shift), an elastic distortion, and thicker or thinner
// strokes. Deterministic from the seed. Elastic fields come from a bank of pre-smoothed random
// fields, so a sample costs one bilinear resampling rather than a Gaussian blur.
class Augmenter {
public:
    Augmenter(AugmentSettings settings, int rows, int cols, std::uint64_t seed);

    // batch: (rows * cols) x B, pixel values in [0, 1], each column one row-major image.
    void apply(Eigen::MatrixXf& batch);
    // One image in place (rows * cols values).
    void apply(Eigen::Ref<Eigen::VectorXf> image);

private:
    void buildFieldBank();
    void changeThickness(float* image, float amount);

    AugmentSettings m_settings;
    int m_rows;
    int m_cols;
    std::mt19937_64 m_rng;
    std::vector<Eigen::MatrixXf> m_fields;  // each rows x cols, unit peak displacement
    Eigen::VectorXf m_scratch;
};

}  // namespace digitscope::core
