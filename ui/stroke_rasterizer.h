#pragma once

#include <Eigen/Core>
#include <QImage>

#include "ui/drawing.h"

namespace digitscope::ui {

// Paints drawings the one way the app knows: white ink on black, antialiased, round caps and
// joins, at the drawing's pen width. The canvas shows this image and the network gets
// core::preprocess of it, in the GUI and the CLI alike.
class StrokeRasterizer {
public:
    // A Format_Grayscale8 image of the drawing's canvas size.
    static QImage render(const Drawing& drawing);
    // Adds one stroke (or its newest segment) to an image made by render().
    static void paintStroke(QImage& image, const Stroke& stroke, double penWidth);
    // The image's gray levels as floats in [0, 1], row-major (for core::preprocess).
    static Eigen::VectorXf grayLevels(const QImage& image);
    // The 28 x 28 network input of an image (any format; converted to gray, ink = bright).
    static Eigen::VectorXf networkInput(const QImage& image);
    static Eigen::VectorXf networkInput(const Drawing& drawing);
};

}  // namespace digitscope::ui
