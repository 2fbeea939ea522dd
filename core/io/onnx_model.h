#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/io/model_file.h"

namespace digitscope::core {

// ONNX files, both ways (Debian's libonnx and protobuf do the format; nothing of them shows in
// this header).
//
// Export writes a standard opset-13 graph that any runtime can run:
//   image  float32 [N, inputs], pixels in [0, 1] as the network reads them
//   (Sub input_mean, Div input_std)                  only for a model with input normalisation
//   per layer: Gemm (weights [out, in], transB = 1) + Relu | Sigmoid | Tanh
//   last layer: Gemm + Softmax(axis 1) (xent models) or Sigmoid (mse models)
//   probabilities  float32 [N, outputs]
// with the architecture ("digitscope.architecture", ".activation", ".loss", ".normalize") and
// every metadata entry (training settings, accuracy) in metadata_props.
//
// Import takes the MLPs that torch.onnx.export writes for nn.Sequential of Linear and
// ReLU/Sigmoid/Tanh: one float input [N, features] or [N, C, H, W] with Flatten (or Reshape to
// [-1, features]); Sub and Div by one constant each before the first layer (the input
// normalisation); each Linear as Gemm (transB 0 or 1) or MatMul (+ Add); one hidden activation
// between layers; at the end Softmax, LogSoftmax (read as Softmax), Sigmoid (an mse model) or
// nothing (logits: softmax is applied, and the metadata says so). Weights are float32, as
// raw_data or float_data, initializers or Constant nodes. Anything else is refused with an
// error naming the first node that does not fit (its op type and name). The model file's
// limits hold (up to 8 hidden layers of up to 4096 units), and every weight must be finite.
class OnnxModel {
public:
    static constexpr int kOpset = 13;
    static constexpr std::string_view kInputName = "image";
    static constexpr std::string_view kOutputName = "probabilities";
    // Metadata an import adds for a file digitscope did not write.
    static constexpr std::string_view kProducerKey = "onnx_producer";  // "pytorch 1.13.1"
    static constexpr std::string_view kOutputKey = "onnx_output";  // what was done to the output
    // The largest file read: a model at the architecture limits is about 600 MB.
    static constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 30;

    // Atomic, as ModelFile::save. Throws FileError, or ConfigError for NaN weights.
    static void save(const std::filesystem::path& path, const Network& network,
                     const std::map<std::string, std::string>& metadata);
    static std::string serialize(const Network& network,
                                 const std::map<std::string, std::string>& metadata);

    // Throws FileError naming `source` (the path) and the problem.
    static Model load(const std::filesystem::path& path);
    static Model parse(std::string_view bytes, const std::string& source);
};

}  // namespace digitscope::core
