#include "ui/explain/digit_set.h"

#include <QCoreApplication>
#include <cmath>
#include <filesystem>

#include "core/data/idx_reader.h"
#include "core/input/pen.h"

namespace digitscope::ui {

std::shared_ptr<const DigitSet> DigitSet::mnistTest(const QString& folder) {
    const std::filesystem::path dir = folder.toStdString();
    auto set = std::make_shared<DigitSet>();
    set->m_source = Source::MnistTest;
    set->m_images = std::make_shared<const core::Dataset>(
        core::IdxReader::readPair(core::IdxReader::locate(dir, "t10k-images-idx3-ubyte"),
                                  core::IdxReader::locate(dir, "t10k-labels-idx1-ubyte")));
    return set;
}

std::shared_ptr<const DigitSet> DigitSet::strokes(Source source,
                                                  std::vector<core::Drawing> drawings) {
    auto set = std::make_shared<DigitSet>();
    set->m_source = source;
    // Drawings without a digit (none in a labelled file) cannot be placed in the matrix.
    std::erase_if(drawings, [](const core::Drawing& d) { return d.label < 0 || d.label > 9; });
    set->m_inputs.resize(28 * 28, static_cast<Eigen::Index>(drawings.size()));
    set->m_labels.reserve(drawings.size());
    for (std::size_t i = 0; i < drawings.size(); ++i) {
        set->m_inputs.col(static_cast<Eigen::Index>(i)) = core::networkInput(drawings[i]);
        set->m_labels.push_back(static_cast<std::uint8_t>(drawings[i].label));
    }
    set->m_drawings = std::move(drawings);
    return set;
}

std::int64_t DigitSet::count() const {
    return m_images ? m_images->count : static_cast<std::int64_t>(m_labels.size());
}

int DigitSet::label(std::int64_t index) const {
    const auto i = static_cast<std::size_t>(index);
    return m_images ? m_images->labels[i] : m_labels[i];
}

Eigen::VectorXf DigitSet::input(std::int64_t index) const {
    if (!m_images) return m_inputs.col(static_cast<Eigen::Index>(index));
    Eigen::VectorXf pixels(m_images->featureSize());
    core::pixelsToFloats(m_images->image(index), m_images->featureSize(), pixels.data());
    return pixels;
}

QImage DigitSet::image(std::int64_t index) const {
    if (m_images) {
        return QImage(m_images->image(index), m_images->cols, m_images->rows, m_images->cols,
                      QImage::Format_Grayscale8)
            .copy();
    }
    QImage image(28, 28, QImage::Format_Grayscale8);
    const auto column = m_inputs.col(static_cast<Eigen::Index>(index));
    for (int y = 0; y < 28; ++y) {
        uchar* row = image.scanLine(y);
        for (int x = 0; x < 28; ++x)
            row[x] = static_cast<uchar>(std::lround(255.0f * column(y * 28 + x)));
    }
    return image;
}

const core::Drawing* DigitSet::drawing(std::int64_t index) const {
    return m_images ? nullptr : &m_drawings[static_cast<std::size_t>(index)];
}

QString DigitSet::caption(std::int64_t index) const {
    const auto tr = [](const char* text) { return QCoreApplication::translate("DigitSet", text); };
    switch (m_source) {
        case Source::MnistTest:
            return tr("MNIST test image #%1 · labelled %2").arg(index).arg(label(index));
        case Source::PenDigits: {
            const std::string& writer = m_drawings[static_cast<std::size_t>(index)].writer;
            return writer.empty() ? tr("Pen digit #%1 · labelled %2").arg(index).arg(label(index))
                                  : tr("Pen digit #%1 · writer %2 · labelled %3")
                                        .arg(index)
                                        .arg(QString::fromStdString(writer))
                                        .arg(label(index));
        }
        case Source::MyDigits:
            return tr("My digit #%1 · labelled %2").arg(index + 1).arg(label(index));
    }
    return {};
}

core::ConfusionReport DigitSet::classify(const core::Network& network) const {
    if (m_images) return core::ConfusionReport(network, *m_images);
    return core::ConfusionReport(network, m_inputs, m_labels);
}

}  // namespace digitscope::ui
