#include <algorithm>
#include <cmath>
#include <utility>

#include "core/augment/non_digit_shapes.h"

// The closed and crossed figures among the non-digits: stars, hashes, boxes, circles with
// something extra, triangles and faces.
namespace digitscope::core::shapes {
namespace {

// A rectangle of width / height up to 1.5 and no taller than 1 / 0.7, centred.
Polyline boxCorners(Random& random) {
    const double aspect = random.uniform(0.7, 1.5);  // width / height
    const double w = std::min(1.0, aspect), h = std::min(1.0, 1 / aspect);
    return {{-w, -h}, {w, -h}, {w, h}, {-w, h}};
}

}  // namespace

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

}  // namespace digitscope::core::shapes
