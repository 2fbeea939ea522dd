#pragma once

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
struct Drawing {
    int width = 400;
    int height = 400;
    double penWidth = 18.0;
    std::vector<Stroke> strokes;
    int label = -1;      // 0-9, or -1 when not known
    std::string writer;  // empty when not known

    bool isEmpty() const { return strokes.empty(); }
};

}  // namespace digitscope::core
