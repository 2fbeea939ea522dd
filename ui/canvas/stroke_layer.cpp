#include "ui/canvas/stroke_layer.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

#include "session/canvas/stroke_rasterizer.h"

namespace digitscope::ui {
namespace {

QSize deviceSize(QSize logical, double scale) {
    return {static_cast<int>(std::lround(logical.width() * scale)),
            static_cast<int>(std::lround(logical.height() * scale))};
}

Stroke scaled(const Stroke& stroke, double scale) {
    if (scale == 1.0) return stroke;
    Stroke result;
    result.points.reserve(stroke.points.size());
    for (const core::Point& p : stroke.points) result.points.push_back(p * scale);
    return result;
}

// Device pixels a stroke can touch: its points' bounds grown by half the pen and a pixel of
// antialiasing.
QRect strokeBounds(const Stroke& stroke, double penWidth, QSize imageSize) {
    if (stroke.points.empty()) return {};
    double left = stroke.points.front().x, right = left;
    double top = stroke.points.front().y, bottom = top;
    for (const core::Point& p : stroke.points) {
        left = std::min(left, p.x);
        right = std::max(right, p.x);
        top = std::min(top, p.y);
        bottom = std::max(bottom, p.y);
    }
    const double margin = penWidth / 2 + 2;
    const QRect rect(QPoint(static_cast<int>(std::floor(left - margin)),
                            static_cast<int>(std::floor(top - margin))),
                     QPoint(static_cast<int>(std::ceil(right + margin)),
                            static_cast<int>(std::ceil(bottom + margin))));
    return rect.intersected(QRect(QPoint(0, 0), imageSize));
}

void copyRect(const QImage& from, QImage& to, const QRect& rect) {
    if (rect.isEmpty()) return;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        std::copy_n(from.constScanLine(y) + rect.left(), rect.width(),
                    to.scanLine(y) + rect.left());
}

}  // namespace

StrokeLayer::StrokeLayer(QSize logicalSize, double scale)
    : m_logicalSize(logicalSize), m_scale(scale) {
    Drawing empty;
    empty.width = logicalSize.width();
    empty.height = logicalSize.height();
    empty.penWidth = 1.0;
    reset(empty);
}

void StrokeLayer::reset(const Drawing& finished, const Stroke& current) {
    Drawing device;
    const QSize size = deviceSize(m_logicalSize, m_scale);
    device.width = size.width();
    device.height = size.height();
    device.penWidth = finished.penWidth * m_scale;
    for (const Stroke& stroke : finished.strokes) device.strokes.push_back(scaled(stroke, m_scale));
    m_base = StrokeRasterizer::render(device);
    m_image = m_base;
    m_currentBounds = {};
    if (!current.points.empty()) paintCurrent(current, finished.penWidth);
}

QRect StrokeLayer::paintCurrent(const Stroke& stroke, double penWidth) {
    const Stroke device = scaled(stroke, m_scale);
    const double devicePen = penWidth * m_scale;
    const QRect bounds = strokeBounds(device, devicePen, m_image.size());
    // Restore the base where the stroke was and is, then paint the whole stroke once, as
    // render() would: painting segment by segment would blend the joins differently.
    const QRect touched = bounds.united(m_currentBounds);
    copyRect(m_base, m_image, touched);
    StrokeRasterizer::paintStroke(m_image, device, devicePen);
    m_currentBounds = bounds;
    // Only the stroke's end can look different: the new segment and the join before it.
    Stroke tail;
    const std::size_t n = device.points.size();
    tail.points.assign(device.points.begin() + static_cast<std::ptrdiff_t>(n > 3 ? n - 3 : 0),
                       device.points.end());
    return strokeBounds(tail, devicePen, m_image.size());
}

void StrokeLayer::commitCurrent() {
    copyRect(m_image, m_base, m_currentBounds);
    m_currentBounds = {};
}

}  // namespace digitscope::ui
