#pragma once

#include <Eigen/Core>
#include <QImage>
#include <QString>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/explain/confusion.h"
#include "core/input/drawing.h"
#include "core/nn/network.h"

namespace digitscope::ui {

// The labelled digits a confusion matrix is made of: the MNIST test set (uint8 images, as read)
// or a stroke set (the bundled pen digits, My digits), each drawing turned into the network's
// input by core::networkInput once, when the set is made. Making one reads files or rasterises
// thousands of drawings: do it on a background job. Immutable once made; shared by value.
class DigitSet {
public:
    enum class Source { MnistTest, PenDigits, MyDigits };

    // The test files (t10k-*) of an MNIST folder. Throws core::FileError naming the file.
    static std::shared_ptr<const DigitSet> mnistTest(const QString& folder);
    // Labelled drawings (label 0-9), drawn through core::networkInput.
    static std::shared_ptr<const DigitSet> strokes(Source source,
                                                   std::vector<core::Drawing> drawings);

    Source source() const { return m_source; }
    std::int64_t count() const;
    int label(std::int64_t index) const;
    // The 28 x 28 input the network reads for this digit (784 values, row-major, ink = 1).
    Eigen::VectorXf input(std::int64_t index) const;
    QImage image(std::int64_t index) const;  // the same, Grayscale8
    // The drawing behind a stroke digit; nullptr for MNIST.
    const core::Drawing* drawing(std::int64_t index) const;
    // What the canvas says when this digit is put on it ("Pen digit #12 · writer 7 · label 3").
    QString caption(std::int64_t index) const;

    core::ConfusionReport classify(const core::Network& network) const;

private:
    Source m_source = Source::MnistTest;
    std::shared_ptr<const core::Dataset> m_images;  // MNIST
    core::Matrix m_inputs;                          // stroke sets: 784 x N
    std::vector<std::uint8_t> m_labels;             // stroke sets: N
    std::vector<core::Drawing> m_drawings;          // stroke sets: N
};

}  // namespace digitscope::ui
