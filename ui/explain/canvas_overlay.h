#pragma once

#include <Eigen/Core>
#include <QImage>
#include <QTransform>
#include <optional>

#include "core/input/drawing.h"

namespace digitscope::ui {

// Painting maps of the network's 28 x 28 input (contributions) over the drawing on the canvas.
namespace canvas_overlay {

// Input pixels (x right, y down, 0-28) to canvas pixels, for strokes that became `input`
// through core::networkInput. core's pen path does not return its crop, scale and centre-of-mass
// shift, so this maps the input's ink bounding box onto the drawing's: the strokes' points
// widened by the pen the network's copy is drawn with (core::kPadPenShare of the ink's side, as
// core::renderForNetwork draws it), one scale for both axes (preprocess keeps the aspect ratio),
// the boxes' centres together. It can be off by about one input pixel (the area filter's fringe,
// the centre of mass against the box's centre). nullopt for an empty drawing or input.
std::optional<QTransform> inputToCanvas(const core::Drawing& drawing, const Eigen::VectorXf& input);

// A 28 x 28 sample shown on the whole canvas (the canvas's sample mode).
QTransform sampleToCanvas(int canvasWidth, int canvasHeight);

// values: side * side, row-major. Blue where positive, red where negative, as the views colour
// them, opaque in proportion to |value| (square root, as the maps) up to `maxAlpha`: where a
// pixel contributed nothing, the drawing shows through.
QImage contributionImage(const Eigen::VectorXf& values, int side, float maxAlpha = 0.7f);

}  // namespace canvas_overlay
}  // namespace digitscope::ui
