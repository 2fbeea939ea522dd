#include "core/augment/non_digit_shapes.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace digitscope::core::shapes {

Point polar(double radius, double angle) {
    return {radius * std::cos(angle), radius * std::sin(angle)};
}

Point rotated(Point p, double angle) {
    const double c = std::cos(angle), s = std::sin(angle);
    return {c * p.x - s * p.y, s * p.x + c * p.y};
}

void rotate(std::vector<Polyline>& strokes, double angle) {
    for (Polyline& line : strokes)
        for (Point& p : line) p = rotated(p, angle);
}

// An elliptic arc from `start` through `sweep` radians (negative: the other way round).
Polyline arc(Point centre, double rx, double ry, double start, double sweep) {
    const int n = std::max(8, static_cast<int>(std::abs(sweep) / (2 * kPi) * 48));
    Polyline line;
    for (int i = 0; i <= n; ++i) {
        const double a = start + sweep * i / n;
        line.push_back({centre.x + rx * std::cos(a), centre.y + ry * std::sin(a)});
    }
    return line;
}

// A closed ellipse as a person draws it: from anywhere, either way round, a little overshoot.
Polyline ring(Random& random, Point centre, double rx, double ry) {
    // One random number per statement: the order of a call's arguments is unspecified.
    const double start = random.uniform(0, 2 * kPi);
    const double direction = random.sign();
    return arc(centre, rx, ry, start, direction * (2 * kPi + random.uniform(0, 0.35)));
}

// A Catmull-Rom curve through the points.
Polyline smoothThrough(const Polyline& points) {
    Polyline line;
    const auto at = [&](std::ptrdiff_t i) {
        return points[static_cast<std::size_t>(
            std::clamp<std::ptrdiff_t>(i, 0, std::ptrdiff_t(points.size()) - 1))];
    };
    for (std::ptrdiff_t i = 0; i + 1 < std::ptrdiff_t(points.size()); ++i) {
        const Point p0 = at(i - 1), p1 = at(i), p2 = at(i + 1), p3 = at(i + 2);
        for (int k = 0; k < 8; ++k) {
            const double t = k / 8.0, t2 = t * t, t3 = t2 * t;
            line.push_back((p1 * 2 + (p2 - p0) * t + (p0 * 2 - p1 * 5 + p2 * 4 - p3) * t2 +
                            (p1 * 3 - p0 - p2 * 3 + p3) * t3) *
                           0.5);
        }
    }
    line.push_back(points.back());
    return line;
}

Point randomPoint(Random& random) {
    return {random.uniform(-1, 1), random.uniform(-1, 1)};
}

// Closed polygon strokes: one stroke round, or one stroke per side.
void addPolygon(Random& random, std::vector<Polyline>& strokes, const Polyline& corners) {
    const int n = static_cast<int>(corners.size());
    const int first = random.integer(0, n - 1);
    if (random.chance(0.6)) {
        Polyline line;
        for (int i = 0; i <= n; ++i)
            line.push_back(corners[static_cast<std::size_t>((first + i) % n)]);
        strokes.push_back(std::move(line));
    } else {
        for (int i = 0; i < n; ++i)
            strokes.push_back({corners[static_cast<std::size_t>((first + i) % n)],
                               corners[static_cast<std::size_t>((first + i + 1) % n)]});
    }
}

namespace {

Sketch scribble(Random& random) {
    Sketch sketch;
    switch (random.integer(0, 2)) {
        case 0: {  // loops drifting across the area
            const int turns = random.integer(4, 9);
            const double radius = random.uniform(0.3, 0.6), squash = random.uniform(0.6, 1.0);
            const Point from{random.uniform(-0.5, 0.5), random.uniform(-0.5, 0.5)};
            const Point to{random.uniform(-0.5, 0.5), random.uniform(-0.5, 0.5)};
            const double direction = random.sign(), phase = random.uniform(0, 2 * kPi);
            Polyline line;
            const int n = turns * 24;
            for (int i = 0; i <= n; ++i) {
                const double t = double(i) / n, a = direction * 2 * kPi * turns * t + phase;
                const double r = radius * (0.75 + 0.25 * std::sin(5 * t + phase));
                line.push_back(from + (to - from) * t +
                               Point{r * std::cos(a), squash * r * std::sin(a)});
            }
            sketch.strokes.push_back(std::move(line));
            break;
        }
        case 1: {  // shading: back and forth, at any angle
            const int passes = random.integer(6, 14);
            Polyline line;
            for (int i = 0; i <= passes; ++i)
                line.push_back({(i % 2 ? 1 : -1) * random.uniform(0.75, 1.0),
                                -1 + 2.0 * i / passes + random.uniform(-0.05, 0.05)});
            sketch.strokes.push_back(std::move(line));
            rotate(sketch.strokes, random.uniform(0, kPi));
            break;
        }
        default: {  // a tangle through random points, in one or two strokes
            const int strokes = random.chance(0.7) ? 1 : 2;
            for (int s = 0; s < strokes; ++s) {
                Polyline points;
                for (int i = random.integer(8, 14) / strokes; i > 0; --i)
                    points.push_back(randomPoint(random));
                sketch.strokes.push_back(smoothThrough(points));
            }
        }
    }
    return sketch;
}

Sketch dot(Random& random) {
    Sketch sketch;
    switch (random.integer(0, 2)) {
        case 0:  // a tap
            sketch.strokes.push_back({{0, 0}});
            break;
        case 1:  // a tiny blob or tiny scribble
            sketch.strokes.push_back(
                random.chance(0.5) ? ring(random, {0, 0}, 1, 1)
                                   : smoothThrough({randomPoint(random), randomPoint(random),
                                                    randomPoint(random), randomPoint(random)}));
            sketch.pose.minSize = 0.005;
            sketch.pose.maxSize = 0.04;
            break;
        default:  // a few taps scattered
            for (int i = random.integer(2, 6); i > 0; --i)
                sketch.strokes.push_back({randomPoint(random)});
            sketch.pose.minSize = 0.1;
            sketch.pose.maxSize = 0.7;
    }
    return sketch;
}

Sketch lines(Random& random) {
    Sketch sketch;
    // At least 50 degrees from vertical after the hand's wobble: a steeper line is a 1.
    const double side = random.sign();
    const double fromVertical = side * random.uniform(53, 90) * kDegree;
    const Point along{std::sin(fromVertical), std::cos(fromVertical)};
    const Point across{-along.y, along.x};
    const int count = random.chance(0.6) ? 1 : random.integer(2, 3);
    const double gap = random.uniform(0.3, 0.9);
    const double bow = random.chance(0.3) ? random.uniform(-0.12, 0.12) : 0.0;
    for (int i = 0; i < count; ++i) {
        const Point middle =
            across * (gap * (i - (count - 1) / 2.0)) + along * random.uniform(-0.15, 0.15);
        const double half = random.uniform(0.85, 1.0);
        Polyline line;
        for (int k = -4; k <= 4; ++k) {
            const double t = k / 4.0;
            line.push_back(middle + along * (half * t) + across * (bow * (1 - t * t)));
        }
        sketch.strokes.push_back(std::move(line));
    }
    sketch.pose.maxRotation = sketch.pose.maxShear = sketch.pose.maxAspect = 0;  // keep the angle
    return sketch;
}

Sketch cross(Random& random) {
    Sketch sketch;
    const bool plus = random.chance(0.5);
    const double side = random.sign();
    const double turn = (plus ? random.uniform(-20, 20) : side * random.uniform(30, 60)) * kDegree;
    const double length2 = random.uniform(0.7, 1.3);
    const double at1 = random.uniform(0.35, 0.65), at2 = random.uniform(0.35, 0.65);
    const Point u = rotated({0, 1}, turn);
    const Point v = rotated({1, 0}, turn + random.uniform(-10, 10) * kDegree);
    sketch.strokes.push_back({u * (-2 * at1), u * (2 * (1 - at1))});
    sketch.strokes.push_back({v * (-2 * length2 * at2), v * (2 * length2 * (1 - at2))});
    if (random.chance(0.5)) std::swap(sketch.strokes[0], sketch.strokes[1]);
    return sketch;
}

Sketch spiral(Random& random) {
    Sketch sketch;
    Polyline line;
    if (random.chance(0.7)) {  // round, 2.5 to 4 turns
        const double turns = random.uniform(2.5, 4.0), r0 = random.uniform(0.0, 0.15);
        const double squash = random.uniform(0.75, 1.0), direction = random.sign();
        const double phase = random.uniform(0, 2 * kPi);
        const int n = static_cast<int>(turns * 40);
        for (int i = 0; i <= n; ++i) {
            const double t = double(i) / n, a = phase + direction * 2 * kPi * turns * t;
            const double r = r0 + (1 - r0) * t;
            line.push_back({r * std::cos(a), squash * r * std::sin(a)});
        }
    } else {  // square, 9 to 13 sides growing outwards
        const int sides = random.integer(9, 13);
        Point p{0, 0};
        line.push_back(p);
        const double direction = random.sign();
        for (int i = 0; i < sides; ++i) {
            p = p + rotated({(i / 2 + 1) * 1.0, 0}, direction * i * kPi / 2);
            line.push_back(p);
        }
    }
    if (random.chance(0.5)) std::reverse(line.begin(), line.end());  // drawn inwards
    sketch.strokes.push_back(std::move(line));
    return sketch;
}

Sketch zigzag(Random& random) {
    Sketch sketch;
    const int segments = random.integer(5, 10);
    const double height = random.uniform(0.25, 0.8), up = random.sign();
    Polyline line;
    for (int i = 0; i <= segments; ++i)
        line.push_back({-1 + 2.0 * (i + random.uniform(-0.2, 0.2)) / segments,
                        up * (i % 2 ? height : -height) * random.uniform(0.8, 1.0)});
    sketch.strokes.push_back(std::move(line));
    rotate(sketch.strokes, random.uniform(-25, 25) * kDegree);
    return sketch;
}

Sketch wave(Random& random) {
    Sketch sketch;
    const double periods = random.uniform(2.0, 4.0), height = random.uniform(0.15, 0.5);
    const double phase = random.uniform(0, 2 * kPi);
    Polyline line;
    const int n = static_cast<int>(periods * 20);
    for (int i = 0; i <= n; ++i) {
        const double x = -1 + 2.0 * i / n;
        line.push_back({x, height * std::sin(periods * kPi * (x + 1) + phase)});
    }
    sketch.strokes.push_back(std::move(line));
    rotate(sketch.strokes, random.uniform(-25, 25) * kDegree);
    return sketch;
}

Sketch randomPolyline(Random& random) {
    Sketch sketch;
    Polyline points;
    for (int i = random.integer(5, 9); i > 0; --i) points.push_back(randomPoint(random));
    if (random.chance(0.7)) {
        sketch.strokes.push_back(std::move(points));
    } else {  // in two strokes
        const auto middle = points.begin() + static_cast<std::ptrdiff_t>(points.size() / 2);
        sketch.strokes.push_back(Polyline(points.begin(), middle + 1));
        sketch.strokes.push_back(Polyline(middle + 1, points.end()));
    }
    return sketch;
}

}  // namespace

Sketch sketch(NonDigitFamily family, Random& random) {
    switch (family) {
        case NonDigitFamily::Scribble:
            return scribble(random);
        case NonDigitFamily::Dot:
            return dot(random);
        case NonDigitFamily::Line:
            return lines(random);
        case NonDigitFamily::Cross:
            return cross(random);
        case NonDigitFamily::Spiral:
            return spiral(random);
        case NonDigitFamily::Star:
            return star(random);
        case NonDigitFamily::Hash:
            return hash(random);
        case NonDigitFamily::Box:
            return box(random, false);
        case NonDigitFamily::BoxWithCross:
            return box(random, true);
        case NonDigitFamily::CircleWithExtra:
            return circleWithExtra(random);
        case NonDigitFamily::Zigzag:
            return zigzag(random);
        case NonDigitFamily::Triangle:
            return triangle(random);
        case NonDigitFamily::Wave:
            return wave(random);
        case NonDigitFamily::Face:
            return face(random);
        case NonDigitFamily::RandomPolyline:
            return randomPolyline(random);
    }
    return dot(random);
}

}  // namespace digitscope::core::shapes
