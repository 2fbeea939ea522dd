#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/nn/network.h"

namespace digitscope::core {

// A trained network and what is known about it (dataset, test accuracy, settings, ...).
struct Model {
    Network network;
    std::map<std::string, std::string> metadata;
};

// The model file: a short text header, then the weights as raw float32.
//
//   digitscope-model 1
//   architecture 784-16-16-10
//   activation relu            (relu | sigmoid | tanh: the hidden layers)
//   loss xent                  (xent: softmax outputs | mse: sigmoid outputs)
//   normalize 0.1307 0.3081    (version 2 only, optional: inputs become (x - mean) / std)
//   parameters 12730           (float count; must match the architecture)
//   crc32 89abcdef             (zlib CRC-32 of the weight bytes, hex)
//   meta <key> <value>         (any number: dataset, test_accuracy, optimizer, ...)
//   data
//   <parameters x float32, little-endian, layer by layer: W column-major, then b>
//
// Lines end in '\n'; keys are single words; values run to the end of the line. A model
// without input normalisation is written as version 1, byte for byte as before; one with it
// as version 2, which earlier readers refuse rather than run without the normalisation.
class ModelFile {
public:
    static constexpr int kVersion = 2;  // the newest version this build reads and writes
    static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

    // Writes to a temporary file beside `path`, flushes it to disk, then renames it over
    // `path`: the file is either the old one or the complete new one. Throws FileError.
    static void save(const std::filesystem::path& path, const Network& network,
                     const std::map<std::string, std::string>& metadata);
    static std::string serialize(const Network& network,
                                 const std::map<std::string, std::string>& metadata);

    // Full validation: magic and version, known activation and loss, an architecture within
    // limits, parameter count, length, checksum, finite weights. Throws FileError naming
    // `source` and the problem.
    static Model load(const std::filesystem::path& path);
    static Model parse(std::string_view bytes, const std::string& source);
};

// Writes `contents` to `path` atomically (temporary file, fsync, rename). Throws FileError.
void writeFileAtomically(const std::filesystem::path& path, std::string_view contents);

// The whole of a regular file of at most `maxBytes` bytes. Throws FileError ("no such file",
// "not a regular file", "too large to be <what>", a failed read).
std::string readWholeFile(const std::filesystem::path& path, std::uintmax_t maxBytes,
                          const std::string& what);

}  // namespace digitscope::core
