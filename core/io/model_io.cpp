#include "core/io/model_io.h"

#include <algorithm>
#include <cctype>

#include "core/io/onnx_model.h"

namespace digitscope::core {

std::optional<ModelFormat> modelFormatOf(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".dsm") return ModelFormat::Digitscope;
    if (extension == ".onnx") return ModelFormat::Onnx;
    return std::nullopt;
}

Model loadModel(const std::filesystem::path& path) {
    if (modelFormatOf(path) == ModelFormat::Onnx) return OnnxModel::load(path);
    return ModelFile::load(path);
}

void saveModel(const std::filesystem::path& path, const Network& network,
               const std::map<std::string, std::string>& metadata) {
    if (modelFormatOf(path) == ModelFormat::Onnx)
        OnnxModel::save(path, network, metadata);
    else
        ModelFile::save(path, network, metadata);
}

}  // namespace digitscope::core
