#pragma once

#include <Eigen/Core>
#include <QImage>

#include "session/canvas/drawing.h"

namespace digitscope::ui {

// What the canvas shows: the drawing at the user's pen width, white ink on black, antialiased,
// round caps and joins (QPainter, at the screen's resolution). The network never reads this
// picture: it reads core::networkInput(drawing), the strokes redrawn by core's one pen (pen.h).
// Also turns an image file (the CLI's --image) into the network's input.
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
};

}  // namespace digitscope::ui
