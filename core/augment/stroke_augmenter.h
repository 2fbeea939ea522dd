#pragma once

#include <cstdint>

#include "core/input/drawing.h"

namespace digitscope::core {

// How far a stroke sample is distorted. Lengths are shares of the drawing's size (the longer
// side of its points' bounding box), so a digit written 100 or 400 px tall changes alike.
struct StrokeAugmentSettings {
    float maxRotationDegrees = 10.0f;       // the whole drawing, about its centre
    float maxStrokeRotationDegrees = 6.0f;  // each stroke about its own centre
    float maxSlant = 0.2f;                  // x += slant * (y - centre y)
    float minScale = 0.85f;                 // x and y each scaled in [minScale, maxScale]
    float maxScale = 1.15f;
    float maxStrokeShift = 0.04f;  // each stroke moved by up to this in x and in y
    float jitter = 0.01f;          // smooth wobble of each point, at most this far
    // Strokes are redrawn through their points (a centripetal Catmull-Rom curve) with a point
    // every [minSpacing, maxSpacing] of the size, as a pointer on a screen reports a smooth
    // curve; zero keeps the recorded points. The bundled tablet data has a point every 0.058
    // of the size (median), a mouse on the canvas one every few pixels. Against a spacing of
    // 0.005, the network's input of the tablet digits differs by 0.2% of its ink at 0.03, 0.5%
    // at 0.06 and 1% as recorded: denser points would cost rasterising time for nothing.
    float minSpacing = 0.03f;
    float maxSpacing = 0.06f;

    // Every distortion scaled by `strength` (0 = none, 1 = the defaults above); the
    // resampling is kept whatever the strength above zero (it is not a distortion).
    StrokeAugmentSettings scaled(float strength) const;
};

// Random distortions of drawings before they are rasterised, as people's handwriting differs
// from one digit to the next: per-stroke rotation and offset, rotation, slant and x/y scale of
// the whole drawing, resampling to a pointer's density and a smooth jitter. Each drawing draws
// its distortion from its own random stream, derived from the seed and the drawing's number,
// so the result depends on nothing else (not on threads or order). Canvas, pen, label and
// writer are kept.
class StrokeAugmenter {
public:
    StrokeAugmenter(StrokeAugmentSettings settings, std::uint64_t seed);

    // Safe to call from several threads at once.
    Drawing distort(const Drawing& drawing, std::uint64_t number) const;

    const StrokeAugmentSettings& settings() const { return m_settings; }

private:
    StrokeAugmentSettings m_settings;
    std::uint64_t m_seed;
};

}  // namespace digitscope::core
