#pragma once

#include <QString>
#include <QStringList>
#include <memory>

#include "core/data/dataset.h"

namespace digitscope::ui {

// Where the training panel looks for a dataset and how it reads one. Reading is plain, blocking
// code: the panel runs it on the training worker's thread.
class DatasetLoader {
public:
    // The folders tried when none was chosen: data/mnist under the working directory, then
    // ../../data/mnist and ../data/mnist beside the executable (build/app/digitscope).
    static QStringList candidateFolders();
    // The first candidate holding the four IDX files, or an empty string.
    static QString findDefaultFolder();
    // True when `folder` holds the four MNIST-layout files (raw or .gz).
    static bool looksLikeDataset(const QString& folder);

    // Reads the training and test sets; throws core::FileError / core::ConfigError naming the
    // file and the problem. The dataset's name becomes the folder's name ("mnist").
    static std::shared_ptr<const core::DatasetPair> load(const QString& folder);

    // "mnist · 60,000 training / 10,000 test images, 28×28"
    static QString describe(const core::DatasetPair& data);

    // The bundled pen data (30 writers' digits, resources/pendigits/): under the working
    // directory, beside the executable in a build tree, or where it is installed
    // (share/digitscope/pendigits). Empty when none is found.
    static QString findBundledPenData();

    // What to tell the user when there is no dataset.
    static QString missingDatasetHint();
};

}  // namespace digitscope::ui
