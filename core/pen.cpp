#include "pen.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "preprocess.h"

namespace digitscope::core {
namespace {

// Distance from p to the segment a-b (a point when a == b).
double segmentDistance(Point p, Point a, Point b) {
    const Point ab = b - a, ap = p - a;
    const double length2 = ab.x * ab.x + ab.y * ab.y;
    double t = length2 > 0 ? (ap.x * ab.x + ap.y * ab.y) / length2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const Point nearest = a + ab * t;
    return std::hypot(p.x - nearest.x, p.y - nearest.y);
}

void paintSegment(InkImage& image, Point a, Point b, double radius) {
    const double reach = radius + 0.5;
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
    const int x1 =
        std::min(image.width - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int y1 =
        std::min(image.height - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    for (int y = y0; y <= y1; ++y) {
        float* row = image.pixels.data() + std::size_t(y) * std::size_t(image.width);
        for (int x = x0; x <= x1; ++x) {
            const double d = segmentDistance({x + 0.5, y + 0.5}, a, b);
            const float ink = static_cast<float>(std::clamp(reach - d, 0.0, 1.0));
            row[x] = std::max(row[x], ink);
        }
    }
}

}  // namespace

void paintStroke(InkImage& image, const Stroke& stroke, double width) {
    if (stroke.points.empty() || image.width <= 0 || image.height <= 0 || !(width > 0)) return;
    const double radius = width / 2;
    if (stroke.points.size() == 1) {
        paintSegment(image, stroke.points.front(), stroke.points.front(), radius);
        return;
    }
    for (std::size_t i = 1; i < stroke.points.size(); ++i)
        paintSegment(image, stroke.points[i - 1], stroke.points[i], radius);
}

InkImage renderForNetwork(const Drawing& drawing, double* minInkPixels) {
    double left = std::numeric_limits<double>::infinity(), top = left;
    double right = -left, bottom = -left;
    for (const Stroke& stroke : drawing.strokes)
        for (const Point& p : stroke.points) {
            left = std::min(left, p.x), right = std::max(right, p.x);
            top = std::min(top, p.y), bottom = std::max(bottom, p.y);
        }
    if (!(right >= left && bottom >= top)) return {};
    // Ink side = the points' side + the pen, and the pen = kPadPenShare * the ink side. Below
    // the minimum extent (a dot, a tiny scribble) the pen is that of a drawing of minimum size.
    const double minExtent = double(PreprocessSettings{}.minInkFraction) *
                             std::max(1, std::min(drawing.width, drawing.height));
    const double inkSide =
        std::max(std::max(right - left, bottom - top) / (1 - kPadPenShare), minExtent);
    const double pen = kPadPenShare * inkSide;
    const double scale = kNetworkResolution / inkSide;  // image pixels per canvas pixel
    constexpr int kMargin = 2;
    InkImage image(static_cast<int>(std::ceil((right - left + pen) * scale)) + 2 * kMargin,
                   static_cast<int>(std::ceil((bottom - top + pen) * scale)) + 2 * kMargin);
    const Point offset{kMargin + 0.5 * pen * scale, kMargin + 0.5 * pen * scale};
    Stroke mapped;
    for (const Stroke& stroke : drawing.strokes) {
        mapped.points.clear();
        for (const Point& p : stroke.points)
            mapped.points.push_back(offset + (p - Point{left, top}) * scale);
        paintStroke(image, mapped, pen * scale);
    }
    if (minInkPixels) *minInkPixels = minExtent * scale;
    return image;
}

Eigen::VectorXf networkInput(const Drawing& drawing) {
    double minInkPixels = 0;
    const InkImage image = renderForNetwork(drawing, &minInkPixels);
    if (image.pixels.empty()) return Eigen::VectorXf::Zero(28 * 28);
    PreprocessSettings settings;
    settings.minInkPixels = static_cast<float>(minInkPixels);
    return preprocess({image.pixels.data(), image.width, image.height}, settings);
}

}  // namespace digitscope::core
