#pragma once

// The parts of one ONNX file that the import (onnx_import.cpp) reads besides the graph's
// structure: tensor data, node attributes and the model's metadata. Inside core only: this
// header includes ONNX's and protobuf's.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/base/errors.h"

namespace digitscope::core {

// "Gemm node '/1/Gemm'": how errors name a node.
std::string describe(const onnx::NodeProto& node);

// Every failure is a FileError naming the file (`source`) and, for a node, its op type and
// name.
class OnnxFieldReader {
public:
    explicit OnnxFieldReader(const std::string& source) : m_source(source) {}

    FileError fail(const std::string& problem) const;
    FileError unsupported(const onnx::NodeProto& node, const std::string& why) const;

    // A float32 tensor's values (raw_data or float_data, row-major), each dimension at most
    // Architecture::kMaxLayerSize; refuses other types and external data.
    std::vector<float> floats(const onnx::TensorProto& tensor, const onnx::NodeProto& node) const;
    // A short int64 vector (a Reshape's shape).
    std::vector<std::int64_t> int64s(const onnx::TensorProto& tensor,
                                     const onnx::NodeProto& node) const;
    // The attribute's value, `fallback` when the node has none; refuses one of another type.
    std::int64_t intAttribute(const onnx::NodeProto& node, const std::string& name,
                              std::int64_t fallback) const;
    float floatAttribute(const onnx::NodeProto& node, const std::string& name,
                         float fallback) const;

private:
    const std::string& m_source;
};

// The file's metadata_props as model metadata that a model file can hold, plus the producer
// (OnnxModel::kProducerKey) of a file digitscope did not write.
std::map<std::string, std::string> importedMetadata(const onnx::ModelProto& model);

}  // namespace digitscope::core
