#pragma once

// Small fixtures shared by the core suites: a temporary folder, IDX files written raw or
// gzip-compressed, and a synthetic ten-class dataset that a small network separates easily.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/idx_files.h"
#include "core/data/dataset.h"
#include "fuzz/idx_input.h"

namespace digitscope::core::testing {

using Bytes = std::vector<std::uint8_t>;

// A fresh folder under the system's temporary directory, removed with its contents.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = "digitscope-test";
        if (info) name += std::string("-") + info->test_suite_name() + "-" + info->name();
        std::random_device entropy;
        m_path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(entropy()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline void writeBytes(const std::filesystem::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline void writeText(const std::filesystem::path& path, const std::string& text) {
    writeBytes(path, Bytes(text.begin(), text.end()));
}

inline std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

using testing_support::idxBytes;

// The bytes as a gzip stream: the fuzz targets' compressor, so tests and seeds agree.
inline Bytes gzip(const Bytes& bytes) {
    return fuzz::gzipCompress(bytes);
}

// A ten-class dataset of rows x cols images: each class has its own random binary prototype,
// and each sample is its class's prototype with some pixels flipped and gray noise added.
inline Dataset syntheticDigits(std::int64_t count, int rows, int cols, std::uint64_t seed,
                               double flipProbability = 0.08) {
    std::mt19937_64 prototypeRng(12345);  // the same classes whatever the sample seed
    std::bernoulli_distribution half(0.5);
    const int features = rows * cols;
    std::vector<std::vector<bool>> prototypes(10, std::vector<bool>(features));
    for (auto& prototype : prototypes)
        for (int i = 0; i < features; ++i) prototype[i] = half(prototypeRng);

    std::mt19937_64 rng(seed);
    std::bernoulli_distribution flip(flipProbability);
    std::uniform_int_distribution<int> noise(0, 60);
    Dataset data;
    data.name = "synthetic";
    data.rows = rows;
    data.cols = cols;
    data.count = count;
    data.pixels.resize(static_cast<std::size_t>(count * features));
    data.labels.resize(static_cast<std::size_t>(count));
    for (std::int64_t n = 0; n < count; ++n) {
        const auto label = static_cast<std::uint8_t>(n % 10);
        data.labels[static_cast<std::size_t>(n)] = label;
        for (int i = 0; i < features; ++i) {
            const bool ink = prototypes[label][static_cast<std::size_t>(i)] != flip(rng);
            const int value = ink ? 255 - noise(rng) : noise(rng);
            data.pixels[static_cast<std::size_t>(n * features + i)] =
                static_cast<std::uint8_t>(value);
        }
    }
    return data;
}

}  // namespace digitscope::core::testing
