#include "core/input/pen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/base/errors.h"
#include "core/input/preprocess.h"

namespace digitscope::core {
namespace {

// Eight pixels of a row at once: a fixed-size Eigen array is one vector register (two with SSE)
// and needs no loop of its own.
using Lane = Eigen::Array<float, 8, 1>;

// Paints the segment a-b (a dot when a == b) with a round pen reaching `reach` pixels from it
// (radius + half a pixel of antialiasing): each pixel's ink is how far its centre lies inside
// that reach, clamped to [0, 1], and the image keeps the larger of its ink and the pixel's.
// As the ink of every pixel is exact and kept by maximum, any pixel may be visited, and more
// than once: the segment's box is painted eight pixels at a time, the last eight of a row
// overlapping their neighbours rather than reaching past the image. In float: a ten-thousandth
// of a pixel is far below what the 28 x 28 input can show.
void paintSegment(InkImage& image, Point a, Point b, double reach) {
    const int width = image.width;
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
    const int x1 = std::min(width - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int y1 =
        std::min(image.height - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    if (x1 < x0 || y1 < y0) return;
    const auto abx = static_cast<float>(b.x - a.x), aby = static_cast<float>(b.y - a.y);
    const float length2 = abx * abx + aby * aby;
    const float inverse = length2 > 0 ? 1 / length2 : 0.0f;
    const auto penReach = static_cast<float>(reach);
    const Lane step = Lane::LinSpaced(0.0f, 7.0f);
    for (int y = y0; y <= y1; ++y) {
        float* row = image.pixels.data() + std::size_t(y) * std::size_t(width);
        const auto py = static_cast<float>(y + 0.5 - a.y);  // pixel centre - a
        const auto paint = [&](int x, auto& pixels) {
            const Lane px = step + static_cast<float>(x + 0.5 - a.x);
            // The nearest point of the segment is a + t * ab.
            const Lane t = ((px * abx + py * aby) * inverse).max(0.0f).min(1.0f);
            const Lane distance = ((px - t * abx).square() + (py - t * aby).square()).sqrt();
            pixels = pixels.max((penReach - distance).max(0.0f).min(1.0f));
        };
        if (width < 8) {  // narrower than a lane: through a copy
            Lane pixels = Lane::Zero();
            std::copy(row, row + width, pixels.data());
            paint(0, pixels);
            std::copy(pixels.data(), pixels.data() + width, row);
            continue;
        }
        for (int x = x0;; x += 8) {
            const int start = std::min(x, width - 8);
            Eigen::Map<Lane> pixels(row + start);
            paint(start, pixels);
            if (x + 8 > x1) break;
        }
    }
}

}  // namespace

void paintStroke(InkImage& image, const Stroke& stroke, double width) {
    if (stroke.points.empty() || image.width <= 0 || image.height <= 0 || !(width > 0)) return;
    const double reach = width / 2 + 0.5;
    if (stroke.points.size() == 1) {
        paintSegment(image, stroke.points.front(), stroke.points.front(), reach);
        return;
    }
    for (std::size_t i = 1; i < stroke.points.size(); ++i)
        paintSegment(image, stroke.points[i - 1], stroke.points[i], reach);
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
    if (drawing.isImage()) {
        if (drawing.image.size() != std::size_t(Drawing::kImagePixels))
            throw ConfigError("a drawing's image must have 28 x 28 pixels");
        return Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>>(
                   drawing.image.data(), Drawing::kImagePixels)
                   .cast<float>() /
               255.0f;
    }
    double minInkPixels = 0;
    const InkImage image = renderForNetwork(drawing, &minInkPixels);
    if (image.pixels.empty()) return Eigen::VectorXf::Zero(28 * 28);
    PreprocessSettings settings;
    settings.minInkPixels = static_cast<float>(minInkPixels);
    return preprocess({image.pixels.data(), image.width, image.height}, settings);
}

Drawing imageDrawing(const Eigen::Ref<const Eigen::VectorXf>& input, int label) {
    if (input.size() != Drawing::kImagePixels)
        throw ConfigError("an image drawing needs 28 x 28 values, not " +
                          std::to_string(input.size()));
    Drawing drawing;
    drawing.width = drawing.height = Drawing::kImageSide;
    drawing.penWidth = 1;
    drawing.label = label;
    drawing.image.resize(std::size_t(Drawing::kImagePixels));
    for (int i = 0; i < Drawing::kImagePixels; ++i) {
        const float value = std::isfinite(input[i]) ? std::clamp(input[i], 0.0f, 1.0f) : 0.0f;
        drawing.image[std::size_t(i)] = static_cast<std::uint8_t>(std::lround(value * 255.0f));
    }
    return drawing;
}

}  // namespace digitscope::core
