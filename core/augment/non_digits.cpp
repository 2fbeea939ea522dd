#include "core/augment/non_digits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "core/augment/non_digit_shapes.h"
#include "core/base/errors.h"

namespace digitscope::core {
namespace {

using shapes::Polyline;
using shapes::Pose;
using shapes::Random;
using shapes::Sketch;

constexpr double kPi = std::numbers::pi;

struct Canvas {
    int width, height;
};
constexpr std::array<Canvas, 4> kCanvases{{{400, 400}, {500, 500}, {600, 400}, {400, 600}}};

// Points every `step` shape units along each segment, the corners kept.
Polyline densified(const Polyline& line, double step) {
    if (line.size() < 2) return line;
    Polyline out{line.front()};
    for (std::size_t i = 1; i < line.size(); ++i) {
        const Point a = line[i - 1], b = line[i];
        const int pieces =
            std::max(1, static_cast<int>(std::ceil(std::hypot(b.x - a.x, b.y - a.y) / step)));
        for (int k = 1; k <= pieces; ++k) out.push_back(a + (b - a) * (double(k) / pieces));
    }
    return out;
}

// A polyline resampled by arc length every `spacing` (its last point kept), as a pointer
// reports a stroke.
Polyline resampled(const Polyline& line, double spacing) {
    if (line.size() < 2) return line;
    Polyline out{line.front()};
    double carried = 0;  // arc length since the last point written
    for (std::size_t i = 1; i < line.size(); ++i) {
        const Point a = line[i - 1], b = line[i];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        double at = spacing - carried;
        while (at < length) {
            out.push_back(a + (b - a) * (at / length));
            at += spacing;
        }
        carried = length - (at - spacing);
    }
    if (out.back() != line.back()) out.push_back(line.back());
    return out;
}

// A smooth random displacement: three low sinusoids in each direction.
struct Wobble {
    double ax[3], ay[3], kx[3][2], ky[3][2], px[3], py[3];

    Wobble(Random& random, double amplitude) {
        for (int i = 0; i < 3; ++i) {
            ax[i] = amplitude * random.uniform(0.3, 1.0);
            ay[i] = amplitude * random.uniform(0.3, 1.0);
            for (int j = 0; j < 2; ++j) {
                kx[i][j] = random.uniform(-2.5, 2.5);
                ky[i][j] = random.uniform(-2.5, 2.5);
            }
            px[i] = random.uniform(0, 2 * kPi);
            py[i] = random.uniform(0, 2 * kPi);
        }
    }
    Point operator()(Point p) const {
        Point d{0, 0};
        for (int i = 0; i < 3; ++i) {
            d.x += ax[i] * std::sin(kx[i][0] * p.x + kx[i][1] * p.y + px[i]);
            d.y += ay[i] * std::sin(ky[i][0] * p.x + ky[i][1] * p.y + py[i]);
        }
        return p + d;
    }
};

// The sketch drawn by a hand on a canvas: slant, wobble, size, place, pen and pointer events.
Drawing handDraw(const Sketch& sketch, Random& random) {
    const Pose& pose = sketch.pose;
    const double rotation = random.uniform(-pose.maxRotation, pose.maxRotation);
    const double shear = random.uniform(-pose.maxShear, pose.maxShear);
    const double aspect = std::exp(random.uniform(-pose.maxAspect, pose.maxAspect));
    const Wobble wobble(random, pose.wobble * 2 / 3);
    const double c = std::cos(rotation), s = std::sin(rotation);

    std::vector<Polyline> strokes;
    for (const Polyline& line : sketch.strokes) {
        const Point offset{random.uniform(-1, 1) * pose.strokeOffset,
                           random.uniform(-1, 1) * pose.strokeOffset};
        Polyline out;
        for (Point p : densified(line, 0.05)) {
            p = {(p.x + shear * p.y) * aspect, p.y / aspect};
            p = {c * p.x - s * p.y, s * p.x + c * p.y};
            out.push_back(wobble(p) + offset);
        }
        strokes.push_back(std::move(out));
    }

    double left = std::numeric_limits<double>::infinity(), top = left, right = -left,
           bottom = -left;
    for (const Polyline& line : strokes)
        for (const Point& p : line) {
            left = std::min(left, p.x), right = std::max(right, p.x);
            top = std::min(top, p.y), bottom = std::max(bottom, p.y);
        }
    const Canvas canvas = kCanvases[static_cast<std::size_t>(random.integer(0, 3))];
    Drawing drawing;
    drawing.width = canvas.width;
    drawing.height = canvas.height;
    const double shorter = std::min(canvas.width, canvas.height);
    drawing.penWidth = random.uniform(4, 40) * shorter / 400;
    const double side = std::max(right - left, bottom - top);
    const double size = random.uniform(pose.minSize, pose.maxSize) * shorter;
    const double scale = side > 0 ? size / side : 1.0;
    const double margin = drawing.penWidth / 2 + 1;
    const double x0 =
        random.uniform(margin, std::max(margin, canvas.width - margin - (right - left) * scale));
    const double y0 =
        random.uniform(margin, std::max(margin, canvas.height - margin - (bottom - top) * scale));
    const double spacing = random.uniform(1.5, 6.0);
    for (const Polyline& line : strokes) {
        Polyline placed;
        for (const Point& p : line)
            placed.push_back({x0 + (p.x - left) * scale, y0 + (p.y - top) * scale});
        Stroke stroke;
        for (Point p : resampled(placed, spacing)) {
            p = p + Point{random.uniform(-0.3, 0.3), random.uniform(-0.3, 0.3)};
            stroke.points.push_back({std::clamp(p.x, 0.0, double(canvas.width)),
                                     std::clamp(p.y, 0.0, double(canvas.height))});
        }
        drawing.strokes.push_back(std::move(stroke));
    }
    return drawing;
}

struct FamilyName {
    NonDigitFamily family;
    std::string_view name;
};
constexpr std::array<FamilyName, kNonDigitFamilies.size()> kNames{{
    {NonDigitFamily::Scribble, "scribble"},
    {NonDigitFamily::Dot, "dot"},
    {NonDigitFamily::Line, "line"},
    {NonDigitFamily::Cross, "cross"},
    {NonDigitFamily::Spiral, "spiral"},
    {NonDigitFamily::Star, "star"},
    {NonDigitFamily::Hash, "hash"},
    {NonDigitFamily::Box, "box"},
    {NonDigitFamily::BoxWithCross, "box-with-cross"},
    {NonDigitFamily::CircleWithExtra, "circle-with-extra"},
    {NonDigitFamily::Zigzag, "zigzag"},
    {NonDigitFamily::Triangle, "triangle"},
    {NonDigitFamily::Wave, "wave"},
    {NonDigitFamily::Face, "face"},
    {NonDigitFamily::RandomPolyline, "random-polyline"},
}};

}  // namespace

std::string_view toString(NonDigitFamily family) {
    for (const FamilyName& entry : kNames)
        if (entry.family == family) return entry.name;
    return "unknown";
}

NonDigitFamily parseNonDigitFamily(std::string_view text) {
    for (const FamilyName& entry : kNames)
        if (entry.name == text) return entry.family;
    throw ConfigError("unknown kind of non-digit: " + std::string(text));
}

bool isTargetFamily(NonDigitFamily family) {
    switch (family) {
        case NonDigitFamily::Scribble:
        case NonDigitFamily::Dot:
        case NonDigitFamily::Line:
        case NonDigitFamily::Cross:
        case NonDigitFamily::Spiral:
        case NonDigitFamily::Star:
        case NonDigitFamily::Hash:
        case NonDigitFamily::Box:
            return true;
        default:
            return false;
    }
}

Drawing makeNonDigit(NonDigitFamily family, std::uint64_t seed) {
    // One stream per family and seed: seed n of two families are unrelated drawings.
    Random random(seed * kSplitMixGamma +
                  static_cast<std::uint64_t>(family) * 0xd1b54a32d192ed03ULL);
    return handDraw(shapes::sketch(family, random), random);
}

}  // namespace digitscope::core
