#pragma once

// Writes IDX files for tests (MNIST's format: magic 00 00 <type> <rank>, big-endian
// dimensions, then the data), and whole MNIST-layout folders. The one writer every suite uses.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace digitscope::testing_support {

using Bytes = std::vector<std::uint8_t>;

inline void appendBigEndian(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>((value >> shift) & 0xff));
}

// An IDX file's bytes; type 0x08 is unsigned bytes.
inline Bytes idxBytes(const std::vector<std::uint32_t>& dimensions, const Bytes& data,
                      std::uint8_t type = 0x08) {
    Bytes out{0, 0, type, static_cast<std::uint8_t>(dimensions.size())};
    for (std::uint32_t size : dimensions) appendBigEndian(out, size);
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// True when the whole file was written.
inline bool writeBytes(const std::filesystem::path& path, const Bytes& bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(file);
}

inline bool writeIdx(const std::filesystem::path& path, const std::vector<std::uint32_t>& dims,
                     const Bytes& data) {
    return writeBytes(path, idxBytes(dims, data));
}

// `data` as "<prefix>-images-idx3-ubyte" and "<prefix>-labels-idx1-ubyte" in `folder`.
inline bool writeIdxPair(const std::filesystem::path& folder, const std::string& prefix,
                         const core::Dataset& data) {
    const auto count = static_cast<std::uint32_t>(data.count);
    return writeIdx(folder / (prefix + "-images-idx3-ubyte"),
                    {count, static_cast<std::uint32_t>(data.rows),
                     static_cast<std::uint32_t>(data.cols)},
                    data.pixels) &&
           writeIdx(folder / (prefix + "-labels-idx1-ubyte"), {count}, data.labels);
}

// The pair in MNIST's layout (four raw IDX files) in `folder`.
inline bool writeIdxFolder(const std::filesystem::path& folder, const core::DatasetPair& pair) {
    return writeIdxPair(folder, "train", pair.train) && writeIdxPair(folder, "t10k", pair.test);
}

}  // namespace digitscope::testing_support
