#include "non_digit_shapes.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace digitscope::core::shapes {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDegree = kPi / 180;

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

// A rectangle of width / height up to 1.5 and no taller than 1 / 0.7, centred.
Polyline boxCorners(Random& random) {
    const double aspect = random.uniform(0.7, 1.5);  // width / height
    const double w = std::min(1.0, aspect), h = std::min(1.0, 1 / aspect);
    return {{-w, -h}, {w, -h}, {w, h}, {-w, h}};
}

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

Sketch star(Random& random) {
    Sketch sketch;
    switch (random.integer(0, 2)) {
        case 0: {  // a pentagram in one stroke
            const double start = -kPi / 2 + random.uniform(-20, 20) * kDegree;
            Polyline line;
            for (int k = 0; k <= 5; ++k) line.push_back(polar(1, start + k * 4 * kPi / 5));
            sketch.strokes.push_back(std::move(line));
            break;
        }
        case 1: {  // an asterisk of three or four lines
            const int count = random.integer(3, 4);
            const double start = random.uniform(0, kPi);
            for (int k = 0; k < count; ++k) {
                const double a = start + k * kPi / count + random.uniform(-8, 8) * kDegree;
                const Point shift{random.uniform(-0.08, 0.08), random.uniform(-0.08, 0.08)};
                sketch.strokes.push_back({polar(-random.uniform(0.8, 1.0), a) + shift,
                                          polar(random.uniform(0.8, 1.0), a) + shift});
            }
            break;
        }
        default: {  // two crossed triangles
            const double turn = random.uniform(-15, 15) * kDegree;
            for (double start : {-kPi / 2, kPi / 2}) {
                Polyline corners;
                for (int k = 0; k < 3; ++k)
                    corners.push_back(polar(1, start + turn + k * 2 * kPi / 3));
                corners.push_back(corners.front());
                sketch.strokes.push_back(std::move(corners));
            }
        }
    }
    return sketch;
}

Sketch hash(Random& random) {
    Sketch sketch;
    const int count = random.chance(0.8) ? 2 : 3;
    const double spread = random.uniform(0.3, 0.55), slant = random.uniform(-0.35, 0.35);
    std::vector<Polyline> upright, level;
    for (int i = 0; i < count; ++i) {
        const double at = spread * (2.0 * i / (count - 1) - 1);
        const double top = -random.uniform(0.85, 1.0), bottom = random.uniform(0.85, 1.0);
        upright.push_back({{at + slant * top, top}, {at + slant * bottom, bottom}});
        const double tilt = random.uniform(-0.15, 0.15);
        const double left = -random.uniform(0.85, 1.0), right = random.uniform(0.85, 1.0);
        level.push_back({{left, at + tilt * left}, {right, at + tilt * right}});
    }
    const bool uprightFirst = random.chance(0.6);
    for (auto* group : {uprightFirst ? &upright : &level, uprightFirst ? &level : &upright})
        for (Polyline& line : *group) sketch.strokes.push_back(std::move(line));
    return sketch;
}

Sketch box(Random& random, bool withCross) {
    Sketch sketch;
    const Polyline corners = boxCorners(random);
    addPolygon(random, sketch.strokes, corners);
    if (withCross) {
        switch (random.integer(0, 2)) {
            case 0:  // both diagonals
                sketch.strokes.push_back({corners[0], corners[2]});
                sketch.strokes.push_back({corners[1], corners[3]});
                break;
            case 1:  // a + through the middles of the sides
                sketch.strokes.push_back(
                    {(corners[0] + corners[1]) * 0.5, (corners[2] + corners[3]) * 0.5});
                sketch.strokes.push_back(
                    {(corners[1] + corners[2]) * 0.5, (corners[3] + corners[0]) * 0.5});
                break;
            default:  // one diagonal
                sketch.strokes.push_back(random.chance(0.5) ? Polyline{corners[0], corners[2]}
                                                            : Polyline{corners[1], corners[3]});
        }
    }
    const bool diamond = !withCross && random.chance(0.25);
    rotate(sketch.strokes, (diamond ? 45 : 0) * kDegree + random.uniform(-12, 12) * kDegree);
    return sketch;
}

Sketch circleWithExtra(Random& random) {
    Sketch sketch;
    const double ry = random.uniform(0.8, 1.25);
    sketch.strokes.push_back(ring(random, {0, 0}, 1, ry));
    switch (random.integer(0, 4)) {
        case 0: {  // a cross inside (+ or x), or a + reaching out of it
            const bool out = random.chance(0.4);
            const double turn = out ? 0.0 : random.chance(0.5) ? 0.0 : kPi / 4;
            const double reach = out ? random.uniform(1.25, 1.5) : random.uniform(0.55, 0.85);
            sketch.strokes.push_back(
                {rotated({0, -reach * ry}, turn), rotated({0, reach * ry}, turn)});
            sketch.strokes.push_back({rotated({-reach, 0}, turn), rotated({reach, 0}, turn)});
            break;
        }
        case 1: {  // a ring inside
            const double share = random.uniform(0.35, 0.65);
            sketch.strokes.push_back(
                ring(random, {random.uniform(-0.1, 0.1), 0}, share, share * ry));
            break;
        }
        case 2: {  // a bar through, reaching out on both sides
            const double y = random.uniform(-0.15, 0.15) * ry, tilt = random.uniform(-0.15, 0.15);
            const double left = -random.uniform(1.3, 1.6), right = random.uniform(1.3, 1.6);
            sketch.strokes.push_back({{left, y + tilt * left}, {right, y + tilt * right}});
            break;
        }
        case 3: {  // rays all round (a sun)
            const int count = random.integer(6, 10);
            const double start = random.uniform(0, 2 * kPi);
            for (int k = 0; k < count; ++k) {
                const double a = start + k * 2 * kPi / count;
                sketch.strokes.push_back({polar(1.2, a), polar(random.uniform(1.5, 1.8), a)});
            }
            break;
        }
        default:  // a second circle beside it: "oo"
            sketch.strokes.push_back(ring(random, {2.1, 0}, random.uniform(0.85, 1.15), ry));
    }
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

Sketch triangle(Random& random) {
    Sketch sketch;
    const double start = random.uniform(0, 2 * kPi);
    Polyline corners;
    for (int k = 0; k < 3; ++k) {
        const double radius = random.uniform(0.8, 1.0);
        corners.push_back(polar(radius, start + (k * 120 + random.uniform(-20, 20)) * kDegree));
    }
    addPolygon(random, sketch.strokes, corners);
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

Sketch face(Random& random) {
    Sketch sketch;
    sketch.strokes.push_back(ring(random, {0, 0}, 1, random.uniform(0.9, 1.15)));
    const double eyeY = -random.uniform(0.2, 0.4), eyeX = random.uniform(0.3, 0.45);
    for (double side : {-1.0, 1.0}) {
        const Point eye{side * eyeX, eyeY};
        sketch.strokes.push_back(random.chance(0.5) ? Polyline{eye}
                                                    : Polyline{eye, eye + Point{0, 0.12}});
    }
    const double smile = random.uniform(0.35, 0.55), mouthY = random.uniform(0.0, 0.15);
    const double open = random.uniform(0.6, 1.0), from = random.uniform(15, 35) * kDegree;
    sketch.strokes.push_back(
        arc({0, mouthY}, smile, smile * open, from, random.uniform(110, 150) * kDegree));
    sketch.pose.minSize = 0.25;
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
