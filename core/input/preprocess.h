#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace digitscope::core {

// A grayscale image, row-major, ink = high values in [0, 1] (the canvas, any size).
struct GrayImage {
    const float* pixels = nullptr;
    int width = 0;
    int height = 0;
};

struct PreprocessSettings {
    int outputSize = 28;        // MNIST's 28 x 28
    int boxSize = 20;           // the longer side of the ink is scaled to this, as MNIST did
    float inkThreshold = 0.1f;  // pixels above this count as ink for the bounding box
    // A drawing smaller than this fraction of the canvas's shorter side is scaled as if it
    // were that large, so a dot or a tiny scribble is not blown up into a blob of noise.
    float minInkFraction = 0.12f;
    // When > 0, the smallest extent in pixels instead of minInkFraction of the shorter side
    // (for images cropped around the ink, whose own size says nothing of the canvas).
    float minInkPixels = 0.0f;
};

// Turns a drawing into the network's input the way the MNIST authors made their digits:
// crop to the ink's bounding box, scale its longer side to 20 px keeping the aspect ratio with
// an area filter (each output pixel averages exactly the source area it covers, so nothing
// aliases), and place it in 28 x 28 with its centre of mass at the centre.
// Returns 28 * 28 values in [0, 1], row-major; all zero for an empty drawing.
Eigen::VectorXf preprocess(const GrayImage& image, const PreprocessSettings& settings = {});

}  // namespace digitscope::core
