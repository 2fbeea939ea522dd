#pragma once

#include <Eigen/Core>
#include <QImage>

namespace digitscope::ui {

// A side x side map of signed values (weights, contributions) as the views colour them:
// blue positive, red negative, fading into the background at 0, full at |value| >= scale
// (a square root lifts the small values). values: side * side, row-major.
// With `ink` (same size, 0..1), the pixels lie over the drawing in grey, so an overlay of
// contributions shows where the strokes were; without it, over the views' background.
// scale <= 0: the largest |value| (an all-zero map is the background).
QImage signedMapImage(const Eigen::VectorXf& values, int side, float scale = 0.0f,
                      const Eigen::VectorXf* ink = nullptr);

// The symmetric scale of a map: its largest |value|, never 0.
float signedMapScale(const Eigen::VectorXf& values);

}  // namespace digitscope::ui
