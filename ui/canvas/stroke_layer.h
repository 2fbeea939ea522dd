#pragma once

#include <QImage>
#include <QRect>
#include <QSize>

#include "session/canvas/drawing.h"

namespace digitscope::ui {

// A drawing rasterised at a scale (1 for the network's image, the device pixel ratio for the
// screen), kept up to date stroke by stroke. Finished strokes live in a base image; the stroke
// in progress is painted whole over a copy of the base, each time it grows. So the image is
// always exactly StrokeRasterizer::render of the (scaled) drawing, as the CLI would make it,
// while each new point costs only the area of one stroke.
class StrokeLayer {
public:
    explicit StrokeLayer(QSize logicalSize = {400, 400}, double scale = 1.0);

    QSize logicalSize() const { return m_logicalSize; }
    double scale() const { return m_scale; }
    // Format_Grayscale8, logicalSize * scale pixels; ink white on black.
    const QImage& image() const { return m_image; }

    // Re-renders everything: the finished strokes, and `current` (may be empty) on top.
    void reset(const Drawing& finished, const Stroke& current = {});
    // `stroke` (in logical pixels) grew by a point: repaints it over the base. Returns the
    // device-pixel rectangle whose pixels changed: around the newest segment and its join.
    QRect paintCurrent(const Stroke& stroke, double penWidth);
    // The stroke in progress is finished: it becomes part of the base.
    void commitCurrent();

private:
    QSize m_logicalSize;
    double m_scale = 1.0;
    QImage m_base;          // finished strokes
    QImage m_image;         // base + the stroke in progress
    QRect m_currentBounds;  // device pixels last touched by the stroke in progress
};

}  // namespace digitscope::ui
