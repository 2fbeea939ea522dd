#pragma once

// What the CLI's tests share: running the CLI in-process and a tiny MNIST-shaped dataset.

#include <gtest/gtest.h>

#include <QDir>
#include <QStringList>
#include <QTemporaryDir>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli.h"
#include "common/idx_files.h"

namespace digitscope::testing_support {

struct Result {
    int code = 0;
    std::string out;
    std::string err;
};

inline Result cli(QStringList arguments) {
    arguments.prepend("digitscope-cli");
    std::ostringstream out;
    std::ostringstream err;
    const int code = app::runCli(arguments, out, err);
    return {code, out.str(), err.str()};
}

// A tiny MNIST-shaped dataset: each class is a bright horizontal bar at its own height, with
// noise, so a network can learn it in a few epochs.
inline void writeBarsDataset(const std::filesystem::path& folder, int count, unsigned seed,
                             const std::string& prefix) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> noise(0, 40);
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(count) * 784);
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const int label = i % 10;
        labels[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(label);
        for (int p = 0; p < 784; ++p) {
            const int row = p / 28;
            const bool bar =
                row >= 2 + 2 * label && row < 4 + 2 * label && p % 28 > 4 && p % 28 < 24;
            pixels[static_cast<std::size_t>(i) * 784 + p] =
                static_cast<std::uint8_t>(bar ? 255 - noise(rng) : noise(rng));
        }
    }
    writeIdx(folder / (prefix + "-images-idx3-ubyte"), {static_cast<std::uint32_t>(count), 28, 28},
             pixels);
    writeIdx(folder / (prefix + "-labels-idx1-ubyte"), {static_cast<std::uint32_t>(count)}, labels);
}

// A temporary folder with such a dataset in data/ (2000 training, 300 test images).
class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_data = m_dir.filePath("data");
        QDir().mkpath(m_data);
        writeBarsDataset(m_data.toStdString(), 2000, 1, "train");
        writeBarsDataset(m_data.toStdString(), 300, 2, "t10k");
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QString m_data;
};

}  // namespace digitscope::testing_support
