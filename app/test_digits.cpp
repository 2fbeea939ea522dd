#include "app/test_digits.h"

#include <QDir>

#include "core/base/errors.h"
#include "core/data/idx_reader.h"

namespace digitscope::app {

TestDigits::TestDigits(const QString& folder) : m_folder(folder) {
    const std::filesystem::path dir = folder.toStdString();
    m_data = core::IdxReader::readTestSet(dir);
    if (m_data.rows != 28 || m_data.cols != 28 || m_data.count == 0)
        throw core::FileError(folder.toStdString(), "the test images are not 28 x 28 digits");
}

Eigen::VectorXf TestDigits::pixels(std::int64_t index) const {
    if (index < 0 || index >= m_data.count)
        throw core::ConfigError("no test image " + std::to_string(index) + " (there are " +
                                std::to_string(m_data.count) + ")");
    const std::uint8_t* image = m_data.image(index);
    Eigen::VectorXf result(m_data.featureSize());
    for (int i = 0; i < m_data.featureSize(); ++i) result(i) = image[i] / 255.0f;
    return result;
}

void checkDatasetFolder(const QString& folder) {
    if (folder.isEmpty() || !QDir(folder).exists())
        throw core::FileError(folder.toStdString(), "no such folder");
    core::IdxReader::requireMnistFiles(folder.toStdString());
}

}  // namespace digitscope::app
