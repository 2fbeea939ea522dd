#include "core/augment/stroke_augmenter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/base/errors.h"
#include "core/base/random.h"

namespace digitscope::core {
namespace {

constexpr double kDegrees = std::numbers::pi / 180;
// A stroke's segment is cut into at most this many pieces, whatever the settings' spacing.
constexpr int kMaxPiecesPerSegment = 256;

Point rotated(Point p, double cosine, double sine) {
    return {cosine * p.x - sine * p.y, sine * p.x + cosine * p.y};
}

double distance(Point a, Point b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

// The stroke's points without repeats (a pen resting on the pad), which the curve cannot pass
// through twice.
std::vector<Point> withoutRepeats(const std::vector<Point>& points, double tolerance) {
    std::vector<Point> out;
    out.reserve(points.size());
    for (const Point& p : points)
        if (out.empty() || distance(out.back(), p) > tolerance) out.push_back(p);
    return out;
}

// Point of the centripetal Catmull-Rom segment p1-p2 (Barry-Goldman's pyramid) at t in
// [t1, t2]; knots t0..t3 are spaced by the square roots of the distances, which keeps the
// curve free of cusps and loops between close points.
Point catmullRom(const Point (&p)[4], const double (&t)[4], double at) {
    const auto mix = [at](Point a, double ta, Point b, double tb) {
        return a * ((tb - at) / (tb - ta)) + b * ((at - ta) / (tb - ta));
    };
    const Point a1 = mix(p[0], t[0], p[1], t[1]);
    const Point a2 = mix(p[1], t[1], p[2], t[2]);
    const Point a3 = mix(p[2], t[2], p[3], t[3]);
    const Point b1 = mix(a1, t[0], a2, t[2]);
    const Point b2 = mix(a2, t[1], a3, t[3]);
    return mix(b1, t[1], b2, t[2]);
}

// The stroke redrawn through its points with a point about every `spacing` pixels; the
// recorded points are kept, and the pieces between them follow the curve.
std::vector<Point> resampled(const std::vector<Point>& recorded, double spacing, double size) {
    const std::vector<Point> points = withoutRepeats(recorded, 1e-9 * size);
    if (points.size() < 2) return points;
    std::vector<Point> out;
    const std::size_t n = points.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const Point p1 = points[i], p2 = points[i + 1];
        // The stroke's ends continue straight on, mirrored.
        const Point p0 = i > 0 ? points[i - 1] : p1 * 2.0 - p2;
        const Point p3 = i + 2 < n ? points[i + 2] : p2 * 2.0 - p1;
        const Point p[4] = {p0, p1, p2, p3};
        double t[4] = {0, 0, 0, 0};
        for (int k = 1; k < 4; ++k) t[k] = t[k - 1] + std::sqrt(distance(p[k - 1], p[k]));
        const double chord = distance(p1, p2);
        const int pieces =
            std::clamp(static_cast<int>(std::ceil(chord / spacing)), 1, kMaxPiecesPerSegment);
        out.push_back(p1);
        for (int j = 1; j < pieces; ++j)
            out.push_back(catmullRom(p, t, t[1] + (t[2] - t[1]) * j / pieces));
    }
    out.push_back(points.back());
    return out;
}

// A smooth wobble along the stroke, at most `amplitude` in x and in y: for each axis two
// sines over the arc length with random wavelengths and phases, their weights summing to
// at most one.
void addJitter(std::vector<Point>& points, double amplitude, double size, SplitMix64& random) {
    struct Wave {
        double weight, frequency, phase;
    };
    Wave waves[4];
    for (int axis = 0; axis < 2; ++axis) {
        const double first = random.uniform();
        const double second = (1 - first) * random.uniform();
        for (int k = 0; k < 2; ++k) {
            Wave& wave = waves[2 * axis + k];
            wave.weight = k == 0 ? first : second;
            wave.frequency = 2 * std::numbers::pi / (size * random.uniform(0.15, 0.6));
            wave.phase = 2 * std::numbers::pi * random.uniform();
        }
    }
    double arc = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i > 0) arc += distance(points[i - 1], points[i]);
        double offset[2] = {0, 0};
        for (int k = 0; k < 4; ++k)
            offset[k / 2] += waves[k].weight * std::sin(waves[k].frequency * arc + waves[k].phase);
        points[i].x += amplitude * offset[0];
        points[i].y += amplitude * offset[1];
    }
}

bool validShare(float value) {
    return std::isfinite(value) && value >= 0 && value <= 1;
}

}  // namespace

StrokeAugmentSettings StrokeAugmentSettings::scaled(float strength) const {
    StrokeAugmentSettings s = *this;
    s.maxRotationDegrees *= strength;
    s.maxStrokeRotationDegrees *= strength;
    s.maxSlant *= strength;
    s.minScale = 1 - (1 - minScale) * strength;
    s.maxScale = 1 + (maxScale - 1) * strength;
    s.maxStrokeShift *= strength;
    s.jitter *= strength;
    if (!(strength > 0)) s.minSpacing = s.maxSpacing = 0;
    return s;
}

StrokeAugmenter::StrokeAugmenter(StrokeAugmentSettings settings, std::uint64_t seed)
    : m_settings(settings), m_seed(seed) {
    const StrokeAugmentSettings& s = settings;
    const bool angles = std::isfinite(s.maxRotationDegrees) && s.maxRotationDegrees >= 0 &&
                        s.maxRotationDegrees <= 90 && std::isfinite(s.maxStrokeRotationDegrees) &&
                        s.maxStrokeRotationDegrees >= 0 && s.maxStrokeRotationDegrees <= 90;
    const bool scales = std::isfinite(s.minScale) && std::isfinite(s.maxScale) &&
                        s.minScale > 0.1f && s.minScale <= s.maxScale && s.maxScale <= 10;
    const bool spacing = validShare(s.minSpacing) && validShare(s.maxSpacing) &&
                         s.minSpacing <= s.maxSpacing &&
                         (s.maxSpacing == 0 || s.minSpacing >= 0.002f);
    if (!angles || !scales || !spacing || !validShare(s.maxSlant) ||
        !validShare(s.maxStrokeShift) || !validShare(s.jitter))
        throw ConfigError("stroke augmentation: a setting is out of range");
}

Drawing StrokeAugmenter::distort(const Drawing& drawing, std::uint64_t number) const {
    Drawing out = drawing;
    double left = std::numeric_limits<double>::infinity(), top = left;
    double right = -left, bottom = -left;
    for (const Stroke& stroke : drawing.strokes)
        for (const Point& p : stroke.points) {
            left = std::min(left, p.x), right = std::max(right, p.x);
            top = std::min(top, p.y), bottom = std::max(bottom, p.y);
        }
    if (!(right >= left && bottom >= top)) return out;
    const double size = std::max({right - left, bottom - top, 1.0});
    const Point centre{(left + right) / 2, (top + bottom) / 2};
    const StrokeAugmentSettings& s = m_settings;
    SplitMix64 random(m_seed * kSplitMixGamma + number);

    // The whole drawing: rotation, then slant, then x / y scale, about its centre.
    const double angle = random.symmetric() * s.maxRotationDegrees * kDegrees;
    const double slant = random.symmetric() * s.maxSlant;
    const double scaleX = random.uniform(s.minScale, s.maxScale);
    const double scaleY = random.uniform(s.minScale, s.maxScale);
    const double spacing = random.uniform(s.minSpacing, s.maxSpacing) * size;
    const double cosine = std::cos(angle), sine = std::sin(angle);
    for (Stroke& stroke : out.strokes) {
        if (stroke.points.empty()) continue;
        // The stroke on its own: rotated about its centre and moved.
        Point own{0, 0};
        for (const Point& p : stroke.points) own = own + p;
        own = own * (1.0 / static_cast<double>(stroke.points.size()));
        const double strokeAngle = random.symmetric() * s.maxStrokeRotationDegrees * kDegrees;
        const Point shift =
            Point{random.symmetric(), random.symmetric()} * (s.maxStrokeShift * size);
        const double strokeCos = std::cos(strokeAngle), strokeSin = std::sin(strokeAngle);
        for (Point& p : stroke.points) {
            p = own + rotated(p - own, strokeCos, strokeSin) + shift;
            Point q = rotated(p - centre, cosine, sine);
            q.x += slant * q.y;
            p = centre + Point{q.x * scaleX, q.y * scaleY};
        }
        // The wobble moves the recorded points; the curve through them carries it on smoothly.
        if (s.jitter > 0) addJitter(stroke.points, s.jitter * size, size, random);
        if (spacing > 0) stroke.points = resampled(stroke.points, spacing, size);
    }
    return out;
}

}  // namespace digitscope::core
