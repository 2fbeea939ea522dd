#pragma once

#include <cstdint>
#include <numbers>
#include <vector>

#include "drawing.h"
#include "non_digits.h"

// The shapes behind makeNonDigit(), before a hand draws them (internal to core).
namespace digitscope::core::shapes {

// splitmix64 (Steele, Lea & Flood 2014): small, well mixed, and the same on every platform.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    int integer(int a, int b) {  // [a, b]
        return a + static_cast<int>(next() % static_cast<std::uint64_t>(b - a + 1));
    }
    bool chance(double p) { return uniform() < p; }
    double sign() { return chance(0.5) ? 1.0 : -1.0; }

private:
    std::uint64_t m_state;
};

using Polyline = std::vector<Point>;

// How freely the hand may distort a shape (angles in radians, sizes as shares of the canvas's
// shorter side, wobble and offsets as shares of the shape's own size of about 2 units).
struct Pose {
    double minSize = 0.2;  // the drawing's longer side
    double maxSize = 0.9;
    double maxRotation = 0.12;
    double maxShear = 0.15;  // x += shear * y
    double maxAspect = 0.1;  // x scaled by e^a, y by e^-a, |a| up to this
    double wobble = 0.02;
    double strokeOffset = 0.02;
};

// A shape as strokes in its own frame (about [-1, 1], y down) and how it may be drawn.
struct Sketch {
    std::vector<Polyline> strokes;
    Pose pose;
};

Sketch sketch(NonDigitFamily family, Random& random);

// --- pieces the shape files share (non_digit_shapes.cpp, non_digit_figures.cpp) ---

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kDegree = kPi / 180;

Point polar(double radius, double angle);
Point rotated(Point p, double angle);
void rotate(std::vector<Polyline>& strokes, double angle);
// An elliptic arc from `start` through `sweep` radians (negative: the other way round).
Polyline arc(Point centre, double rx, double ry, double start, double sweep);
// A closed ellipse as a person draws it: from anywhere, either way round, a little overshoot.
Polyline ring(Random& random, Point centre, double rx, double ry);
// A Catmull-Rom curve through the points.
Polyline smoothThrough(const Polyline& points);
Point randomPoint(Random& random);  // in [-1, 1] x [-1, 1]
// Closed polygon strokes: one stroke round, or one stroke per side.
void addPolygon(Random& random, std::vector<Polyline>& strokes, const Polyline& corners);

// The figures (non_digit_figures.cpp).
Sketch star(Random& random);
Sketch hash(Random& random);
Sketch box(Random& random, bool withCross);
Sketch circleWithExtra(Random& random);
Sketch triangle(Random& random);
Sketch face(Random& random);

}  // namespace digitscope::core::shapes
