#pragma once

#include <Eigen/Core>
#include <QString>
#include <cstdint>

#include "core/data/dataset.h"

namespace digitscope::app {

// The test images of a dataset folder in MNIST's layout, for "Try an MNIST digit": the user
// sees what the network was trained on next to what they draw.
class TestDigits {
public:
    // Reads t10k-images/t10k-labels (raw or .gz) from `folder`. Throws core::FileError.
    explicit TestDigits(const QString& folder);

    const QString& folder() const { return m_folder; }
    std::int64_t count() const { return m_data.count; }
    // 784 values in [0, 1], row-major, ink = 1 (as the network takes them).
    Eigen::VectorXf pixels(std::int64_t index) const;
    int label(std::int64_t index) const { return m_data.labels.at(index); }

private:
    QString m_folder;
    core::Dataset m_data;
};

// Throws core::FileError naming the missing file when `folder` lacks any of the four.
void checkDatasetFolder(const QString& folder);

}  // namespace digitscope::app
