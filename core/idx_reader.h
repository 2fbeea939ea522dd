#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dataset.h"

namespace digitscope::core {

// One IDX file (raw, or gzip-compressed: detected by its first bytes, not its name).
// Only unsigned-byte data of one to three dimensions is accepted, as MNIST uses.
struct IdxArray {
    std::vector<std::uint32_t> dimensions;
    std::vector<std::uint8_t> data;
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

    // A folder in MNIST's layout: train-images-idx3-ubyte, train-labels-idx1-ubyte,
    // t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each raw or with a .gz suffix
    // (MNIST from npm, Fashion-MNIST from Debian's dataset-fashion-mnist).
    static DatasetPair readFolder(const std::filesystem::path& folder);

    // The file for `stem` inside `folder` (raw or .gz); throws FileError when neither is there.
    static std::filesystem::path locate(const std::filesystem::path& folder,
                                        const std::string& stem);

    static constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 31;  // 2 GiB of pixels
};

}  // namespace digitscope::core
