#pragma once

#include <Eigen/Core>
#include <vector>

#include "core/input/drawing.h"

namespace digitscope::core {

// An image the pen draws on: row-major gray levels in [0, 1], ink = 1.
struct InkImage {
    int width = 0;
    int height = 0;
    std::vector<float> pixels;

    InkImage() = default;
    InkImage(int w, int h) : width(w), height(h), pixels(std::size_t(w) * std::size_t(h), 0.0f) {}
    float at(int x, int y) const { return pixels[std::size_t(y) * std::size_t(width) + x]; }
};

// The pen a drawing is redrawn with before the network reads it, as a share of the ink's longer
// side (MNIST's median stroke, ~2.5 px in the 20 px box). Drawings and restroked training
// digits are both drawn with it.
inline constexpr double kPadPenShare = 2.5 / 20;
// Pixels of the ink's longer side while redrawing for the network: 4x the 20 px box, so the
// area filter of preprocess() sees a well antialiased stroke.
inline constexpr double kNetworkResolution = 80;

// The one pen of digitscope: a round pen of `width` pixels swept along the stroke, round caps
// and joins, antialiased over one pixel (a pixel's ink is how far its centre lies inside the
// pen's edge, clamped to [0, 1]; overlapping segments take the maximum, as one stroke of paint).
// A stroke of one point is a dot.
void paintStroke(InkImage& image, const Stroke& stroke, double width);

// The network's 28 x 28 input of a drawing (784 values in [0, 1], row-major; all zero for an
// empty drawing; an image drawing's image as it is, divided by 255): the strokes redrawn around
// their bounding box with a pen kPadPenShare of the ink's longer side, at kNetworkResolution px for
// that side, then preprocess() (crop, 20 px box, centre of mass). Independent of the drawing's pen
// width, its canvas size and where on the canvas the digit is. A drawing smaller than preprocess's
// minimum ink extent keeps its size relative to that extent, so a dot stays a dot. The canvas, the
// CLI and training all call this.
Eigen::VectorXf networkInput(const Drawing& drawing);

// A drawing that keeps a 28 x 28 input as its image (Drawing::image: each value clamped to
// [0, 1] and rounded to 1/255; not finite reads as 0): how a digit that has no strokes (an
// MNIST digit, a dream) is taught and saved. networkInput() of it gives the rounded values.
Drawing imageDrawing(const Eigen::Ref<const Eigen::VectorXf>& input, int label = -1);

// The image networkInput() preprocesses, and the minimum ink extent (pixels) it uses. Empty
// (0 x 0) for a drawing without points.
InkImage renderForNetwork(const Drawing& drawing, double* minInkPixels = nullptr);

}  // namespace digitscope::core
