#include "preprocess.h"

#include <algorithm>
#include <cmath>

#include "errors.h"

namespace digitscope::core {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Output pixel k covers [k, k+1); it sees the source interval [origin + k / scale,
// origin + (k+1) / scale). Weight (k, i) = overlap with source pixel [i, i+1) times scale,
// so each row sums to one where the interval lies inside the source.
Eigen::MatrixXf areaWeights(int outputs, int sources, double origin, double scale) {
    Eigen::MatrixXf weights = Eigen::MatrixXf::Zero(outputs, sources);
    for (int k = 0; k < outputs; ++k) {
        const double from = origin + k / scale;
        const double to = origin + (k + 1) / scale;
        const int first = std::max(0, static_cast<int>(std::floor(from)));
        const int last = std::min(sources - 1, static_cast<int>(std::ceil(to)) - 1);
        for (int i = first; i <= last; ++i) {
            const double overlap = std::min<double>(to, i + 1) - std::max<double>(from, i);
            if (overlap > 0) weights(k, i) = static_cast<float>(overlap * scale);
        }
    }
    return weights;
}

}  // namespace

Eigen::VectorXf preprocess(const GrayImage& image, const PreprocessSettings& settings) {
    const int size = settings.outputSize;
    Eigen::VectorXf result = Eigen::VectorXf::Zero(size * size);
    if (image.width <= 0 || image.height <= 0 || image.pixels == nullptr) return result;
    const Eigen::Map<const RowMajor> pixels(image.pixels, image.height, image.width);

    // Bounding box of the ink.
    int left = image.width, right = -1, top = image.height, bottom = -1;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            if (pixels(y, x) > settings.inkThreshold) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
    }
    if (right < 0) return result;
    const int boxWidth = right - left + 1;
    const int boxHeight = bottom - top + 1;
    const auto crop =
        pixels.block(top, left, boxHeight, boxWidth)
            .unaryExpr([](float v) { return std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) : 0.0f; })
            .eval();

    // Centre of mass of the ink inside the crop, in crop coordinates (pixel centres at +0.5).
    const double mass = crop.sum();
    const Eigen::VectorXf rowMass = crop.rowwise().sum();
    const Eigen::VectorXf colMass = crop.colwise().sum().transpose();
    double comY = 0, comX = 0;
    for (int y = 0; y < boxHeight; ++y) comY += rowMass(y) * (y + 0.5);
    for (int x = 0; x < boxWidth; ++x) comX += colMass(x) * (x + 0.5);
    comY /= mass;
    comX /= mass;

    const double minExtent = settings.minInkPixels > 0 ? double(settings.minInkPixels)
                                                       : double(settings.minInkFraction) *
                                                             std::min(image.width, image.height);
    const double extent = std::max({double(boxWidth), double(boxHeight), minExtent});
    const double scale = settings.boxSize / extent;  // output pixels per source pixel
    const double centre = 0.5 * size;
    // Output pixel k sees source coordinate com + (k - centre) / scale.
    const Eigen::MatrixXf wy = areaWeights(size, boxHeight, comY - centre / scale, scale);
    const Eigen::MatrixXf wx = areaWeights(size, boxWidth, comX - centre / scale, scale);
    // out: size x size = Wy (size x h) * crop (h x w) * Wx^T (w x size)
    const RowMajor out = (wy * crop * wx.transpose()).cwiseMin(1.0f).cwiseMax(0.0f);
    Eigen::Map<RowMajor>(result.data(), size, size) = out;
    return result;
}

}  // namespace digitscope::core
