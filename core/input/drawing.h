#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace digitscope::core {

// A point in canvas pixels (x to the right, y down).
struct Point {
    double x = 0;
    double y = 0;

    friend Point operator+(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
    friend Point operator-(Point a, Point b) { return {a.x - b.x, a.y - b.y}; }
    friend Point operator*(Point a, double s) { return {a.x * s, a.y * s}; }
    friend bool operator==(Point a, Point b) = default;
};

// A polyline in canvas pixels; a single point is a tap (a dot of the pen's width).
struct Stroke {
    std::vector<Point> points;
};

// What a person drew: the canvas size, the pen width and the strokes, in canvas pixels. The
// canvas, the CLI's --strokes files, stroke datasets and the tests all describe drawings this
// way. A drawing from a dataset also knows its digit and, where the data says, its writer.
//
// A digit that was never drawn as strokes (an MNIST digit, a dream, a digit of the Mistakes
// gallery shown on the canvas) is kept as the image the network read instead: `image` holds its
// kImageSide x kImageSide gray levels, row-major, 0-255 with ink 255, and `strokes` is empty.
struct Drawing {
    static constexpr int kImageSide = 28;
    static constexpr int kImagePixels = kImageSide * kImageSide;

    int width = 400;
    int height = 400;
    double penWidth = 18.0;
    std::vector<Stroke> strokes;
    std::vector<std::uint8_t> image;  // kImagePixels values, or empty for a drawing of strokes
    int label = -1;                   // 0-9, or -1 when not known
    std::string writer;               // empty when not known

    bool isImage() const { return !image.empty(); }
    bool isEmpty() const { return strokes.empty() && image.empty(); }
};

}  // namespace digitscope::core
