#include "ui/canvas/stroke_smoother.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace digitscope::ui {
namespace {

double length(core::Point p) {
    return std::hypot(p.x, p.y);
}

// The curve's direction at b, per pixel of path, from its neighbours a and c; none at a corner
// (or where a neighbour coincides with b).
std::optional<core::Point> direction(core::Point a, core::Point b, core::Point c) {
    const core::Point in = b - a, out = c - b;
    const double lengthIn = length(in), lengthOut = length(out);
    if (lengthIn < 1e-9 || lengthOut < 1e-9) return std::nullopt;
    const double cosine = (in.x * out.x + in.y * out.y) / (lengthIn * lengthOut);
    if (cosine < std::cos(StrokeSmoother::kCornerDegrees * std::numbers::pi / 180)) return {};
    return (c - a) * (1.0 / (lengthIn + lengthOut));
}

// The distance of p from the line through a and b.
double offLine(core::Point p, core::Point a, core::Point b) {
    const core::Point d = b - a;
    return std::abs(d.x * (p.y - a.y) - d.y * (p.x - a.x)) / std::max(1e-9, length(d));
}

}  // namespace

std::vector<core::Point> StrokeSmoother::between(const core::Point* before, core::Point b,
                                                 core::Point c, const core::Point* after) {
    const core::Point chord = c - b;
    const double span = length(chord);
    if (span <= kMinGap) return {};
    // Hermite tangents for t in [0, 1]: the direction at each end times the segment's length;
    // the chord itself at an end of the stroke, the newest sample or a corner (a straight start
    // or finish).
    const auto startDirection = before ? direction(*before, b, c) : std::nullopt;
    const auto endDirection = after ? direction(b, c, *after) : std::nullopt;
    const core::Point m0 = startDirection ? *startDirection * span : chord;
    const core::Point m1 = endDirection ? *endDirection * span : chord;
    const int count = static_cast<int>(std::ceil(span / kSpacing)) - 1;
    std::vector<core::Point> points;
    points.reserve(static_cast<std::size_t>(std::max(0, count)));
    double furthest = 0;
    for (int i = 1; i <= count; ++i) {
        const double t = static_cast<double>(i) / (count + 1);
        const double t2 = t * t, t3 = t2 * t;
        const core::Point p = b * (2 * t3 - 3 * t2 + 1) + m0 * (t3 - 2 * t2 + t) +
                              c * (-2 * t3 + 3 * t2) + m1 * (t3 - t2);
        furthest = std::max(furthest, offLine(p, b, c));
        points.push_back(p);
    }
    if (furthest < kTolerance) return {};  // straight enough: the samples as they are
    return points;
}

}  // namespace digitscope::ui
