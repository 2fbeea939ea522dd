#pragma once

// One model_fuzz input. Mode byte bit 0 set: the header's "crc32" line is rewritten to match
// the weights before parsing, so mutated weights get past the checksum and reach the finite
// check, the prediction and the round trip. Otherwise the rest is the file as is.
//
// An accepted model must predict (every layer of the right shape) and survive a round trip:
// serialize -> parse gives the same architecture, the same weights bit for bit and the same
// metadata (a model that loads but cannot be saved again would lose the user's work).

#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/base/errors.h"
#include "core/io/model_file.h"
#include "fuzz/fuzz_input.h"

namespace digitscope::fuzz {

// Replaces the value of a "crc32 ..." header line with the CRC-32 of what follows "data\n".
inline std::string withMatchingChecksum(std::string bytes) {
    std::size_t pos = 0;
    std::size_t crcLine = std::string::npos;
    while (pos < bytes.size()) {
        const std::size_t end = bytes.find('\n', pos);
        if (end == std::string::npos) return bytes;
        const std::string_view line(bytes.data() + pos, end - pos);
        if (line.starts_with("crc32 ") && crcLine == std::string::npos) crcLine = pos;
        pos = end + 1;
        if (line == "data") break;
    }
    if (crcLine == std::string::npos) return bytes;
    const uLong value =
        crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data() + pos),
              static_cast<uInt>(bytes.size() - pos));
    char checksum[16];
    std::snprintf(checksum, sizeof checksum, "%08lx", value & 0xffffffffUL);
    const std::size_t valueStart = crcLine + 6;
    const std::size_t valueEnd = bytes.find('\n', valueStart);
    bytes.replace(valueStart, valueEnd - valueStart, checksum);
    return bytes;
}

inline void checkPrediction(const core::Network& network) {
    const core::Architecture& arch = network.architecture();
    // Two samples: all zeros and a ramp, X: inputs x 2.
    core::Matrix input(arch.inputSize(), 2);
    input.col(0).setZero();
    for (int i = 0; i < arch.inputSize(); ++i) input(i, 1) = static_cast<float>(i % 7) / 6.0f;
    core::ForwardTrace trace;
    network.forward(input, trace);
    require(static_cast<int>(trace.activations.size()) == arch.layerCount() + 1 &&
                static_cast<int>(trace.preActivations.size()) == arch.layerCount(),
            "forward trace has the wrong number of layers");
    for (int l = 0; l < arch.layerCount(); ++l)
        require(trace.activations[l + 1].rows() == arch.sizes[l + 1] &&
                    trace.activations[l + 1].cols() == 2,
                "a layer's activations have the wrong shape");
    const core::Vector single = network.predict(input.col(1));
    require(single.size() == arch.outputSize(), "prediction has the wrong size");
    if (single.allFinite() && trace.output().col(1).allFinite()) {
        require((single - trace.output().col(1)).cwiseAbs().maxCoeff() <= 1e-4f,
                "predict and forward disagree");
        if (arch.loss == core::Loss::CrossEntropy)
            require(std::abs(single.sum() - 1.0f) < 1e-3f, "softmax outputs do not sum to one");
    }
}

inline Outcome checkModelInput(std::span<const std::uint8_t> input) {
    const ModedInput moded = splitMode(input);
    std::string bytes(reinterpret_cast<const char*>(moded.bytes.data()), moded.bytes.size());
    if (moded.mode & 1) bytes = withMatchingChecksum(std::move(bytes));
    std::optional<core::Model> parsed;  // optional: a default Network is a 784-16-16-10
    try {
        parsed = core::ModelFile::parse(bytes, "fuzz.dsm");
    } catch (const core::FileError&) {
        return Outcome::Refused;
    }
    const core::Model& model = *parsed;
    const core::Network& network = model.network;
    require(static_cast<std::int64_t>(network.parameters().size()) ==
                network.architecture().parameterCount(),
            "parameter count differs from the architecture");
    checkPrediction(network);

    std::string saved;
    try {
        saved = core::ModelFile::serialize(network, model.metadata);
    } catch (const core::ConfigError& error) {
        throw InvariantViolation(std::string("a loaded model cannot be saved: ") + error.what());
    }
    std::optional<core::Model> reloaded;
    try {
        reloaded = core::ModelFile::parse(saved, "round-trip.dsm");
    } catch (const core::FileError& error) {
        throw InvariantViolation(std::string("a saved model does not load: ") + error.what());
    }
    const core::Model& again = *reloaded;
    require(again.network.architecture() == network.architecture(), "architecture changed");
    require(again.metadata == model.metadata, "metadata changed");
    const auto before = network.parameters();
    const auto after = again.network.parameters();
    require(before.size() == after.size() &&
                std::memcmp(before.data(), after.data(), before.size_bytes()) == 0,
            "weights changed in the round trip");
    return Outcome::Accepted;
}

}  // namespace digitscope::fuzz
