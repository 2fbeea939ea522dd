#include "ui/explain/canvas_overlay.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input/pen.h"
#include "ui/network/neuron_colours.h"
#include "ui/network/signed_map.h"

namespace digitscope::ui::canvas_overlay {
namespace {

constexpr float kInkThreshold = 0.1f;  // core::PreprocessSettings' threshold for the box

}  // namespace

std::optional<QTransform> inputToCanvas(const core::Drawing& drawing,
                                        const Eigen::VectorXf& input) {
    if (input.size() != 28 * 28) return std::nullopt;
    // The input's ink box, in pixel edges.
    int left = 28, top = 28, right = -1, bottom = -1;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
            if (input(y * 28 + x) > kInkThreshold) {
                left = std::min(left, x), right = std::max(right, x + 1);
                top = std::min(top, y), bottom = std::max(bottom, y + 1);
            }
    double minX = std::numeric_limits<double>::infinity(), minY = minX;
    double maxX = -minX, maxY = -minX;
    for (const core::Stroke& stroke : drawing.strokes)
        for (const core::Point& p : stroke.points) {
            minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
            minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
        }
    if (right < 0 || !(maxX >= minX && maxY >= minY)) return std::nullopt;
    // The ink's side on the canvas with the network's pen: the points' side + the pen, where
    // the pen is kPadPenShare of that side (core::renderForNetwork; the minimum extent of tiny
    // drawings is left out).
    const double inkSide = std::max(maxX - minX, maxY - minY) / (1 - core::kPadPenShare);
    const double inputSide = std::max(right - left, bottom - top);
    const double scale = inkSide / inputSide;  // canvas pixels per input pixel
    const double dx = 0.5 * (minX + maxX) - scale * 0.5 * (left + right);
    const double dy = 0.5 * (minY + maxY) - scale * 0.5 * (top + bottom);
    return QTransform(scale, 0, 0, scale, dx, dy);
}

QTransform sampleToCanvas(int canvasWidth, int canvasHeight) {
    return QTransform::fromScale(canvasWidth / 28.0, canvasHeight / 28.0);
}

QImage contributionImage(const Eigen::VectorXf& values, int side, float maxAlpha) {
    if (side <= 0 || values.size() != side * side) return {};
    const float scale = signedMapScale(values);
    const QColor positive = neuron_colours::weight(1.0f, 1.0f);
    const QColor negative = neuron_colours::weight(-1.0f, 1.0f);
    QImage image(side, side, QImage::Format_ARGB32);
    for (int y = 0; y < side; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < side; ++x) {
            const float v = values(y * side + x);
            const float t = std::isfinite(v) ? std::sqrt(std::min(std::abs(v) / scale, 1.0f)) : 0;
            const QColor& colour = v >= 0.0f ? positive : negative;
            line[x] = qRgba(colour.red(), colour.green(), colour.blue(),
                            static_cast<int>(std::lround(255.0f * maxAlpha * t)));
        }
    }
    return image;
}

}  // namespace digitscope::ui::canvas_overlay
