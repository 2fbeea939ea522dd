#pragma once

#include <QPointF>
#include <QSize>
#include <vector>

namespace digitscope::ui {

// A polyline in canvas pixels.
struct Stroke {
    std::vector<QPointF> points;
};

// What the user drew: the canvas size, the pen width and the strokes, in canvas pixels.
// The canvas, the CLI's --strokes files and the tests all describe drawings this way.
struct Drawing {
    QSize canvasSize{400, 400};
    double penWidth = 18.0;
    std::vector<Stroke> strokes;

    bool isEmpty() const { return strokes.empty(); }
};

}  // namespace digitscope::ui
