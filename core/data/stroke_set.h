#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/input/drawing.h"

namespace digitscope::core {

// A stroke dataset: labelled drawings (a stroke file's lines), trained on beside an image
// dataset. Each training sample is one of its drawings distorted as strokes
// (StrokeAugmenter) and drawn through networkInput(), as the app draws what a person draws.
struct StrokeSet {
    std::string name;  // where it came from, for messages and model metadata
    std::vector<Drawing> drawings;

    // Reads a stroke file (raw or gzip-compressed) whose every line has a label. Throws
    // FileError naming the file, and the line where one is at fault.
    static StrokeSet read(const std::string& path);
};

// A stroke set and its share of every training batch (see Trainer).
struct StrokeShare {
    std::shared_ptr<const StrokeSet> set;
    float share = 0;
};

}  // namespace digitscope::core
