#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
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

    // All distortions scaled by `strength` (0 = none, 1 = the defaults above).
    AugmentSettings scaled(float strength) const;
};

// Random distortions of training images, as people's drawings differ from MNIST: an affine
// transform (rotation, scale, shear, shift), an elastic distortion, and thicker or thinner
// strokes. Each image draws its distortion from its own random stream, derived from the seed
// and the image's running number, so results are the same whatever the thread count. Elastic
// fields come from a bank of pre-smoothed random fields, so an image costs one bilinear
// resampling (affine and elastic composed into one map) rather than a Gaussian blur, and only
// the output pixels that the ink's bounding box can reach are resampled at all.
class Augmenter {
public:
    // Scratch buffers for distorting one image at a time, sized once; one per thread. Only the
    // augmenter reads or writes them.
    struct Workspace {
        Workspace(int rows, int cols);

        // The source with a zero border of 2 pixels, (rows + 4) x (cols + 4) row-major, as
        // bytes and as row pairs (pixel (y, x) | pixel (y + 1, x) << 8); zero between images.
        std::vector<std::uint8_t> padded;
        std::vector<std::uint16_t> pairs;
        Eigen::ArrayXf result;  // the resampled image, padded the same way; zero between images
        Eigen::Array<int, Eigen::Dynamic, 1> spanBegin, spanEnd;  // per row: resampled pixels
    };

    Augmenter(AugmentSettings settings, int rows, int cols, std::uint64_t seed);

    // batch: (rows * cols) x B, pixel values in [0, 1], each column one row-major image. The
    // images are numbered on from the last call's (the first call's start at 0). Images are
    // 8-bit: values are rounded to multiples of 1/255 first.
    void apply(Eigen::MatrixXf& batch);
    // pixels: rows * cols bytes, row-major (a dataset's image). Writes it distorted as image
    // number `number` into image (rows * cols floats in [0, 1]; the same as apply() gives that
    // image). Changes no state of the augmenter, so threads may call it at once, each with its
    // own workspace.
    void distort(const std::uint8_t* pixels, float* image, std::uint64_t number,
                 Workspace& work) const;

private:
    // Pixels from (left, top) to (right, bottom), inclusive; empty when right < left.
    struct Box {
        int left = 0, top = 0, right = -1, bottom = -1;
        bool empty() const { return right < left || bottom < top; }
        Box clipped(int cols, int rows) const {
            return {std::max(left, 0), std::max(top, 0), std::min(right, cols - 1),
                    std::min(bottom, rows - 1)};
        }
    };

    void buildFieldBank(std::uint64_t seed);
    void changeThickness(float amount, int first, int last, float* image, Workspace& work) const;
    // image: rows x cols, row-major. The box of the pixels above zero.
    static Box inkBox(const std::uint8_t* image, int rows, int cols);
    void buildRowPairs(const std::uint8_t* pixels, const Box& ink, Workspace& work) const;
    // The box holding forward * (p - from) + to for every p within one pixel of `ink`, grown
    // by `margin`.
    static Box mappedBox(const Box& ink, const Eigen::Matrix2f& forward, float toX, float toY,
                         float fromX, float fromY, float margin);

    AugmentSettings m_settings;
    int m_rows;
    int m_cols;
    std::uint64_t m_seed;
    std::uint64_t m_imagesDone = 0;
    std::vector<Eigen::ArrayXf> m_fields;  // each rows * cols (row-major), unit peak displacement
    Workspace m_work;
};

}  // namespace digitscope::core
