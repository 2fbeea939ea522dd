#pragma once

#include <Eigen/Core>
#include <QImage>

#include "core/preprocess.h"
#include "ui/canvas/drawing.h"

namespace digitscope::ui {

// Paints drawings the one way the app knows: white ink on black, antialiased, round caps and
// joins. The canvas shows the drawing at the user's pen width (render); the network gets the
// same strokes redrawn with a pen normalised to the drawing's size (networkInput(Drawing)), so
// a thin or a fat pen gives the network MNIST's stroke width. The GUI canvas and the CLI both
// take this one path.
class StrokeRasterizer {
public:
    // A Format_Grayscale8 image of the drawing's canvas size.
    static QImage render(const Drawing& drawing);
    // Adds one stroke (or its newest segment) to an image made by render().
    static void paintStroke(QImage& image, const Stroke& stroke, double penWidth);
    // The image's gray levels as floats in [0, 1], row-major (for core::preprocess).
    static Eigen::VectorXf grayLevels(const QImage& image);
    // The 28 x 28 network input of an image (any format; converted to gray, ink = bright):
    // core::preprocess of it, at whatever stroke width the image has.
    static Eigen::VectorXf networkInput(const QImage& image);
    // The 28 x 28 network input of a drawing: its strokes redrawn around their bounding box
    // with a pen kPenShare of the ink's longer side (MNIST's median stroke, ~2.5 px in the
    // 20 px box), at kNetworkResolution px for that side, then core::preprocess. Independent
    // of the user's pen width, the canvas size and where on it the digit is. A drawing
    // smaller than preprocess's minimum ink extent keeps its size relative to that extent,
    // so a dot stays a dot.
    static Eigen::VectorXf networkInput(const Drawing& drawing);
    // The image networkInput(Drawing) preprocesses, and the minimum ink extent (pixels) it
    // preprocesses it with.
    static QImage renderForNetwork(const Drawing& drawing, double* minInkPixels = nullptr);

    static constexpr double kPenShare = core::kPadPenShare;
    static constexpr double kNetworkResolution = 80;  // 4x the 20 px box: antialiased enough
};

}  // namespace digitscope::ui
