#pragma once

#include <Eigen/Core>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/input/pen.h"
#include "core/input/preprocess.h"

namespace digitscope::core {

struct RestrokeSettings {
    float inkLevel = 0.35f;  // gray level (0-1) taken as ink before thinning
    int upsampling = 2;      // the digit is thinned at this multiple of its resolution
    int minSpurPixels = 4;   // skeleton branches from a fork to a free end shorter than this
                             // (in upsampled pixels) are thinning noise and dropped
    // The pen's share of the redrawn digit's longer side: the app's (kPadPenShare).
    float penShare = static_cast<float>(kPadPenShare);
    int renderResolution = 80;  // pixels of the longer side while redrawing
};

// Redraws a digit image the way the app sees a drawing: MNIST's pen strokes vary in width
// along the stroke and from writer to writer, while the app draws every stroke with one
// round pen of kPadPenShare of the digit's size. This thins the digit to its one-pixel skeleton
// (Zhang & Suen 1984, on an upsampled copy for sub-pixel positions), drops short spurs, and
// draws the skeleton again with that pen, antialiased, through the same core::preprocess.
// Training on such images teaches the network the pad's stroke style.
// image: rows x cols values in [0, 1], row-major, square (throws ConfigError otherwise).
// Returns an image of the same size, the ink's longer side filling 20/28 of it as in MNIST;
// all zero when the image has no ink.
Eigen::VectorXf restroke(const float* image, int rows, int cols,
                         const RestrokeSettings& settings = {});

// A set's restroked images, each made the first time it is asked for (about 80 us an image),
// so that training starts at once and only the images drawn for restroking are made. Safe to
// use from several threads at once (a trainer's batch is prepared on two); the result does not
// depend on the order or the thread of the requests.
class RestrokedImages {
public:
    explicit RestrokedImages(const Dataset& source, RestrokeSettings settings = {});

    // Image `index` restroked: rows * cols bytes, as Dataset::image. Points into the cache, or
    // into `scratch` (featureSize bytes) while another thread is making the same image.
    const std::uint8_t* image(std::int64_t index, std::uint8_t* scratch);
    std::int64_t made() const { return m_made.load(); }  // images in the cache
    const Dataset& source() const { return m_source; }

private:
    enum State : std::uint8_t { kMissing, kMaking, kReady };

    const Dataset& m_source;
    RestrokeSettings m_settings;
    std::vector<std::uint8_t> m_pixels;
    std::unique_ptr<std::atomic<std::uint8_t>[]> m_state;  // per image
    std::atomic<std::int64_t> m_made{0};
};

}  // namespace digitscope::core
