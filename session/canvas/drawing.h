#pragma once

#include <QPointF>
#include <QSize>
#include <vector>

#include "core/input/drawing.h"

namespace digitscope::ui {

// The widgets speak Qt's geometry; drawings are core's (core/input/drawing.h), so the canvas, the
// CLI and training share one type. These convert at the boundary.
using core::Drawing;
using core::Stroke;

inline QPointF toQPointF(core::Point p) {
    return {p.x, p.y};
}
inline core::Point toPoint(QPointF p) {
    return {p.x(), p.y()};
}
inline QSize canvasSize(const Drawing& drawing) {
    return {drawing.width, drawing.height};
}
inline std::vector<QPointF> toQPointFs(const std::vector<core::Point>& points) {
    std::vector<QPointF> result;
    result.reserve(points.size());
    for (const core::Point& p : points) result.push_back(toQPointF(p));
    return result;
}
inline std::vector<core::Point> toPoints(const std::vector<QPointF>& points) {
    std::vector<core::Point> result;
    result.reserve(points.size());
    for (const QPointF& p : points) result.push_back(toPoint(p));
    return result;
}
// A drawing of `size` with these strokes and pen.
inline Drawing makeDrawing(QSize size, double penWidth, std::vector<Stroke> strokes) {
    Drawing drawing;
    drawing.width = size.width();
    drawing.height = size.height();
    drawing.penWidth = penWidth;
    drawing.strokes = std::move(strokes);
    return drawing;
}

}  // namespace digitscope::ui
