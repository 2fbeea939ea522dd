#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/input/drawing.h"

namespace digitscope::core {

// Kinds of drawing that are not a digit, as people scrawl them on the pad. Shapes that *are*
// digits are left out on purpose: a lone near-vertical stroke is a 1 (lines here lie at least
// 50 degrees from vertical), an ellipse is a 0 (circles here always carry something extra, and
// never a slash or a dot, which some people put in a zero), two lines meeting at a corner may be
// a 7 or an L-shaped 4 (never made), a zigzag of up to four segments may be a 2, Z or 7 (zigzags
// here have five or more), a spiral of one or two turns may be a 6 or 9 (spirals here have at
// least 2.5). Boxes are no taller than 1/0.7 of their width, so a tall rectangle (a square 0) is
// not one.
enum class NonDigitFamily : std::uint8_t {
    Scribble,         // dense loops, shading back and forth, a tangle through random points
    Dot,              // a tap, a tiny blob, a few taps scattered
    Line,             // one to three straight or slightly bowed lines, 50-90 degrees from vertical
    Cross,            // + and x, arms crossing near their middles
    Spiral,           // round (2.5 to 4 turns) or square (9 to 13 sides)
    Star,             // a pentagram in one stroke, an asterisk, two crossed triangles
    Hash,             // # (2 + 2 or 3 + 3 lines)
    Box,              // a rectangle or a diamond, in one to four strokes
    BoxWithCross,     // a box with its diagonals, a +, or one diagonal
    CircleWithExtra,  // an ellipse with a cross inside, a ring inside, a bar through, rays; "oo"
    Zigzag,           // five to ten segments, roughly horizontal
    Triangle,         // closed, any rotation
    Wave,             // two to four periods of a sine, roughly horizontal
    Face,             // a circle with two eyes and a mouth
    RandomPolyline,   // five to nine random corners (may happen to look like a digit)
};

inline constexpr std::array<NonDigitFamily, 15> kNonDigitFamilies{
    NonDigitFamily::Scribble,       NonDigitFamily::Dot,
    NonDigitFamily::Line,           NonDigitFamily::Cross,
    NonDigitFamily::Spiral,         NonDigitFamily::Star,
    NonDigitFamily::Hash,           NonDigitFamily::Box,
    NonDigitFamily::BoxWithCross,   NonDigitFamily::CircleWithExtra,
    NonDigitFamily::Zigzag,         NonDigitFamily::Triangle,
    NonDigitFamily::Wave,           NonDigitFamily::Face,
    NonDigitFamily::RandomPolyline,
};

std::string_view toString(NonDigitFamily family);  // "scribble", "box-with-cross", ...
// Throws ConfigError naming the text for an unknown family.
NonDigitFamily parseNonDigitFamily(std::string_view text);

// The eight families with a target (at least 90% flagged): scribbles, dots, lines,
// crosses, spirals, stars, hashes and boxes.
bool isTargetFamily(NonDigitFamily family);

// One non-digit of `family`, deterministic from `seed`: the shape with a hand's wobble, slant
// and per-stroke offsets, at a random size (a fifth to nine tenths of the canvas; dots much
// smaller), place, pen width (4-40 px per 400) and canvas (400 x 400, 500 x 500, 600 x 400 or
// 400 x 600), its strokes resampled to the spacing of real pointer events. Every point lies on
// the canvas. The same family and seed give the same drawing (the generator draws its own
// random numbers: <random>'s distributions differ between standard libraries).
Drawing makeNonDigit(NonDigitFamily family, std::uint64_t seed);

}  // namespace digitscope::core
