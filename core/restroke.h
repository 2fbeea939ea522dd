#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "dataset.h"

namespace digitscope::core {

struct RestrokeSettings {
    float inkLevel = 0.35f;         // gray level (0-1) taken as ink before thinning
    int upsampling = 2;             // the digit is thinned at this multiple of its resolution
    int minSpurPixels = 4;          // skeleton branches from a fork to a free end shorter than this
                                    // (in upsampled pixels) are thinning noise and dropped
    float penShare = 2.5f / 20.0f;  // the pen's share of the redrawn digit's longer side: the
                                    // app draws strokes at this share (ui::StrokeRasterizer)
    int renderResolution = 80;      // pixels of the longer side while redrawing
};

// Redraws a digit image the way the app sees a drawing: MNIST's pen strokes vary in width
// along the stroke and from writer to writer, while the app draws every stroke with one
// round pen of kPenShare of the digit's size. This thins the digit to its one-pixel skeleton
// (Zhang & Suen 1984, on an upsampled copy for sub-pixel positions), drops short spurs, and
// draws the skeleton again with that pen, antialiased, through the same core::preprocess.
// Training on such images teaches the network the pad's stroke style.
// image: rows x cols values in [0, 1], row-major, square (throws ConfigError otherwise).
// Returns an image of the same size, the ink's longer side filling 20/28 of it as in MNIST;
// all zero when the image has no ink.
Eigen::VectorXf restroke(const float* image, int rows, int cols,
                         const RestrokeSettings& settings = {});

// The whole set restroked (same order, same labels), on `threads` threads.
Dataset restrokeDataset(const Dataset& data, const RestrokeSettings& settings = {},
                        int threads = 2);

}  // namespace digitscope::core
