#pragma once

#include <cstdint>
#include <numbers>
#include <vector>

#include "core/augment/non_digits.h"
#include "core/base/random.h"
#include "core/input/drawing.h"

// The shapes behind makeNonDigit(), before a hand draws them (internal to core).
namespace digitscope::core::shapes {

using Random = SplitMix64;  // core/base/random.h

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
