#include "core/input/preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Output pixel k covers [k, k+1); it sees the source interval [origin + k / scale,
// origin + (k+1) / scale). Weight (k, i) = overlap with source pixel [i, i+1) times scale,
// so each row sums to one where the interval lies inside the source. Each output pixel sees a
// few source pixels only: `first[k]` to `last[k]` (empty when last < first).
struct AreaWeights {
    Eigen::MatrixXf weights;  // outputs x sources
    std::vector<int> first, last;
};

AreaWeights areaWeights(int outputs, int sources, double origin, double scale) {
    AreaWeights w{Eigen::MatrixXf::Zero(outputs, sources), std::vector<int>(std::size_t(outputs)),
                  std::vector<int>(std::size_t(outputs))};
    for (int k = 0; k < outputs; ++k) {
        const double from = origin + k / scale;
        const double to = origin + (k + 1) / scale;
        const int first = std::max(0, static_cast<int>(std::floor(from)));
        const int last = std::min(sources - 1, static_cast<int>(std::ceil(to)) - 1);
        w.first[std::size_t(k)] = first;
        w.last[std::size_t(k)] = last;
        for (int i = first; i <= last; ++i) {
            const double overlap = std::min<double>(to, i + 1) - std::max<double>(from, i);
            if (overlap > 0) w.weights(k, i) = static_cast<float>(overlap * scale);
        }
    }
    return w;
}

}  // namespace

Eigen::VectorXf preprocess(const GrayImage& image, const PreprocessSettings& settings) {
    const int size = settings.outputSize;
    Eigen::VectorXf result = Eigen::VectorXf::Zero(size * size);
    if (image.width <= 0 || image.height <= 0 || image.pixels == nullptr) return result;
    const Eigen::Map<const RowMajor> pixels(image.pixels, image.height, image.width);

    // Bounding box of the ink: each row is searched from both ends for its first ink.
    int left = image.width, right = -1, top = image.height, bottom = -1;
    for (int y = 0; y < image.height; ++y) {
        const float* row = image.pixels + std::ptrdiff_t(y) * image.width;
        const auto ink = [&](int x) { return row[x] > settings.inkThreshold; };
        int first = 0;
        while (first < image.width && !ink(first)) ++first;
        if (first == image.width) continue;
        int last = image.width - 1;
        while (!ink(last)) --last;
        left = std::min(left, first);
        right = std::max(right, last);
        top = std::min(top, y);
        bottom = y;
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
    const AreaWeights wy = areaWeights(size, boxHeight, comY - centre / scale, scale);
    const AreaWeights wx = areaWeights(size, boxWidth, comX - centre / scale, scale);
    // out: size x size = Wy (size x h) * crop (h x w) * Wx^T (w x size), each product over
    // the few source pixels an output pixel sees (the weights are zero elsewhere).
    RowMajor rows = RowMajor::Zero(size, boxWidth);  // Wy * crop: size x w
    for (int k = 0; k < size; ++k)
        for (int i = wy.first[std::size_t(k)]; i <= wy.last[std::size_t(k)]; ++i)
            rows.row(k) += wy.weights(k, i) * crop.row(i);
    Eigen::MatrixXf out = Eigen::MatrixXf::Zero(size, size);  // (Wy * crop) * Wx^T
    for (int j = 0; j < size; ++j)
        for (int i = wx.first[std::size_t(j)]; i <= wx.last[std::size_t(j)]; ++i)
            out.col(j) += wx.weights(j, i) * rows.col(i);
    Eigen::Map<RowMajor>(result.data(), size, size) = out.cwiseMin(1.0f).cwiseMax(0.0f);
    return result;
}

}  // namespace digitscope::core
