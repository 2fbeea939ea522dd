#pragma once

#include <Eigen/Core>
#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRect>
#include <QSize>
#include <vector>

namespace digitscope::ui {

// Antialiased lines added up as light into a float RGB buffer, then laid over a background:
// the network view's 12,544+ static edges in a few milliseconds, where QPainter's per-pixel
// blending of as many long translucent lines takes ~150 ms, too slow for weights arriving
// 30 times a second while training. Overlapping edges brighten, as light does.
class EdgeRasterizer {
public:
    // A cleared canvas of this many device pixels.
    void reset(QSize pixels);
    // Cleared again, at the cost of the lit rectangle only (a frame of a few short lines).
    void clear();
    QSize size() const { return {m_width, m_height}; }
    QRect litRect() const { return m_lit; }  // where lines were added since the last clear

    struct Line {
        QPointF a, b;          // device pixels
        bool positive = true;  // which of the two colours
        float opacity = 1;     // 0..1
        float width = 1;       // device pixels; below one the line gets fainter, not thinner
    };

    void addLines(const std::vector<Line>& lines);

    // Writes background + light of both colours (clamped) into image: RGB32 of size().
    void composite(QImage& image, const QColor& background, const QColor& positive,
                   const QColor& negative) const;

    // Adds the light as CompositionMode_Plus would, each channel clamped at 255: the pixel of
    // canvas point p is image's pixel p - origin (RGB32). Only the lit rectangle is visited;
    // pixels outside the image are skipped. For pulses drawn over a finished picture.
    void addOnto(QImage& image, QPoint origin, const QColor& positive,
                 const QColor& negative) const;

private:
    // Clipped to rows [bandTop, bandBottom): one band for now; drawing band by band (to keep
    // the buffer in cache) measured no faster at 1280 x 800.
    void addLine(const Line& line, int bandTop, int bandBottom);

    int m_width = 0;
    int m_height = 0;
    // 2 x (width * height), row-major pixels: the summed opacity of positive and of negative
    // lines, so a pixel costs two additions and colour is applied once, when compositing.
    Eigen::Array2Xf m_light;
    QRect m_lit;  // where lines were added: the rest is plain background
};

}  // namespace digitscope::ui
