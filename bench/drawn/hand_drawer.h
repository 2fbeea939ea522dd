#pragma once

#include <QSize>
#include <QString>
#include <random>
#include <vector>

#include "session/canvas/drawing.h"

namespace digitscope::bench {

// The random choices behind one drawn digit, kept so results can be broken down by them.
struct HandPose {
    QSize canvas;              // 400x400, 600x400 or 400x600
    double heightFraction{};   // ink height / canvas height (0.2 .. 0.95)
    double penWidth{};         // canvas pixels
    double rotationDegrees{};  // the whole digit
    double shear{};            // slant: x += shear * y before rotating
    double widthScale{};       // narrower or wider than the MNIST original
    // The stroke width the network input gets from core::preprocess: the ink's longer side
    // is scaled to 20 px, so the pen becomes penWidth * 20 / longer side (MNIST: ~2-3 px).
    double inputStrokeWidth{};

    QString aspectName() const;  // "square", "landscape" or "portrait"
    QString sizeBucket() const;  // "small" (< 0.4), "medium" (< 0.7), "large"
    QString penBucket() const;   // "thin" (< 10 px on a 400 px side), "medium" (< 20), "fat"
};

struct DrawnDigit {
    ui::Drawing drawing;
    HandPose pose;
};

// Puts traced strokes (in MNIST's 28 x 28 pixel coordinates) on a canvas the way a person
// would draw them on the pad: a random canvas shape, digit height (1/5 to 95% of the canvas
// height), place (anywhere that keeps the ink on the canvas, so it may touch an edge), pen
// width (log-uniform 4..40 px per 400 px of canvas side, independent of the digit's size as
// in the app, but at most 30% of the ink height: at that point a person sees a blob and
// draws bigger), a small rotation, slant and width change, a slow wobble along each stroke
// and a small offset of each stroke against the others (a hand lifting the pen).
class HandDrawer {
public:
    static constexpr double kMinHeightFraction = 0.2;
    static constexpr double kMaxHeightFraction = 0.95;
    static constexpr double kMinPen = 4;  // per 400 px of the canvas's shorter side
    static constexpr double kMaxPen = 40;
    static constexpr double kMaxPenToHeight = 0.3;

    // Deterministic in `rng`. Points are rounded to 0.1 px and lie inside the canvas.
    static DrawnDigit draw(const std::vector<ui::Stroke>& strokes, std::mt19937_64& rng);
};

}  // namespace digitscope::bench
