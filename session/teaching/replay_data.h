#pragma once

#include <QString>
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/input/drawing.h"

namespace digitscope::ui {

// What a lesson replays so that the network keeps what it knew: MNIST's training images and the
// real pen digits compiled into the binaries. The app and `digitscope-cli finetune` take their
// defaults from here, so both replay the same data.
class ReplayData {
public:
    // The pen digits of resources/pendigits (7,494 labelled drawings, 30 writers). Throws
    // core::FileError when the resource cannot be read.
    static std::vector<core::Drawing> bundledPenDigits();
    // MNIST's training set from `folder` (only the training files are read). Throws
    // core::FileError naming the file.
    static std::shared_ptr<const core::Dataset> trainingImages(const QString& folder);
    // MNIST's test set from `folder`, for what a lesson costs. Throws core::FileError.
    static std::shared_ptr<const core::Dataset> testImages(const QString& folder);
    // The default MNIST folder (DatasetLoader's search), or empty when there is none.
    static QString defaultImageFolder();
};

}  // namespace digitscope::ui
