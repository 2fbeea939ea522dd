#pragma once

#include <QImage>
#include <QString>
#include <cstdint>
#include <ostream>
#include <vector>

#include "bench/drawn/hand_drawer.h"
#include "bench/drawn/skeleton_tracer.h"
#include "core/data/dataset.h"
#include "session/canvas/drawing.h"

namespace digitscope::bench {

// One drawing of a drawn-digit set, as its poses.tsv records it.
struct DrawnSample {
    int label = 0;
    std::int64_t mnistIndex = 0;
    HandPose pose;  // canvas, heightFraction, penWidth and inputStrokeWidth are read back
};

// The test half of an MNIST folder.
core::Dataset readTestSet(const QString& folder);
// A test digit as strokes in its 28 x 28 pixel coordinates.
Trace traceDigit(const core::Dataset& test, std::int64_t index);
// "< 0.5 px", "< 1 px", ... ">= 6 px": buckets of the stroke width in the network input.
QString widthBucket(double width);

// Four drawings a row, each as MNIST original | the drawing on its canvas | network input
// (core::preprocess), captioned with index, label, height fraction, pen, input stroke width
// and, where `predicted` has an entry, the model's answer.
QImage contactSheet(const std::vector<ui::Drawing>& drawings,
                    const std::vector<DrawnSample>& samples, const std::vector<std::size_t>& chosen,
                    const std::vector<int>& predicted, const core::Dataset& test);

// Test digits magnified, their traced strokes on top (red, a blue dot where the pen goes
// down), captioned with the index, the chosen ink level and the IoU; fills `overlaps`.
QImage traceSheet(const core::Dataset& test, const std::vector<std::int64_t>& indices,
                  std::vector<double>& overlaps);

// A markdown table of the stroke width in the network input (ink mass / stroke length) of
// MNIST test digits and of the drawings, by their nominal input stroke width.
void printThickness(const std::vector<ui::Drawing>& drawings,
                    const std::vector<DrawnSample>& samples, const core::Dataset& test,
                    std::ostream& out);

}  // namespace digitscope::bench
