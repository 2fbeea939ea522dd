#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/io/model_file.h"

namespace digitscope::core {

// The two model formats, told apart by the file's extension.
enum class ModelFormat { Digitscope, Onnx };  // .dsm | .onnx

// .dsm or .onnx (in any letter case); nullopt for any other extension.
std::optional<ModelFormat> modelFormatOf(const std::filesystem::path& path);

// Loads a .onnx file with OnnxModel and anything else as a digitscope model file (ModelFile),
// so files saved under other names keep loading. Throws FileError naming the file.
Model loadModel(const std::filesystem::path& path);

// Saves as ONNX for a .onnx path, as a digitscope model file otherwise; atomically either way.
void saveModel(const std::filesystem::path& path, const Network& network,
               const std::map<std::string, std::string>& metadata);

}  // namespace digitscope::core
