#pragma once

// One onnx_fuzz input: the bytes of an .onnx file, read by core::OnnxModel::parse.
//
// A refused file is fine. An accepted model must predict (every layer of the right shape,
// see model_input.h) and survive both ways out: exported to ONNX and imported again, and
// saved as a .dsm and loaded again, it keeps its architecture (with the input
// normalisation), its weights bit for bit and its metadata.

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "core/base/errors.h"
#include "core/io/model_file.h"
#include "core/io/onnx_model.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/model_input.h"

namespace digitscope::fuzz {

inline void requireSameModel(const core::Model& again, const core::Model& model, const char* how) {
    require(again.network.architecture() == model.network.architecture(), how);
    require(again.metadata == model.metadata, how);
    const auto before = model.network.parameters();
    const auto after = again.network.parameters();
    require(before.size() == after.size() &&
                std::memcmp(before.data(), after.data(), before.size_bytes()) == 0,
            how);
}

inline Outcome checkOnnxInput(std::span<const std::uint8_t> input) {
    const std::string bytes(reinterpret_cast<const char*>(input.data()), input.size());
    std::optional<core::Model> parsed;  // optional: a default Network is a 784-16-16-10
    try {
        parsed = core::OnnxModel::parse(bytes, "fuzz.onnx");
    } catch (const core::FileError&) {
        return Outcome::Refused;
    }
    const core::Model& model = *parsed;
    checkPrediction(model.network);
    try {
        requireSameModel(
            core::OnnxModel::parse(core::OnnxModel::serialize(model.network, model.metadata),
                                   "round-trip.onnx"),
            model, "the model changed through an ONNX export and import");
        requireSameModel(
            core::ModelFile::parse(core::ModelFile::serialize(model.network, model.metadata),
                                   "round-trip.dsm"),
            model, "the model changed through a .dsm save and load");
    } catch (const std::exception& error) {
        if (dynamic_cast<const InvariantViolation*>(&error)) throw;
        throw InvariantViolation(std::string("an imported model cannot be saved again: ") +
                                 error.what());
    }
    return Outcome::Accepted;
}

}  // namespace digitscope::fuzz
