#include "core/io/onnx_field_reader.h"

#include <bit>
#include <cstring>

#include "core/io/onnx_model.h"
#include "core/nn/architecture.h"

namespace digitscope::core {

static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian");

std::string describe(const onnx::NodeProto& node) {
    return node.op_type() + " node '" + node.name() + "'";
}

FileError OnnxFieldReader::fail(const std::string& problem) const {
    return FileError(m_source, problem);
}

FileError OnnxFieldReader::unsupported(const onnx::NodeProto& node, const std::string& why) const {
    return fail("unsupported " + describe(node) + ": " + why);
}

std::vector<float> OnnxFieldReader::floats(const onnx::TensorProto& tensor,
                                           const onnx::NodeProto& node) const {
    const std::string what = "the tensor '" + tensor.name() + "' of " + describe(node) + " ";
    if (tensor.data_type() != onnx::TensorProto::FLOAT)
        throw fail(what + "is not float32 (ONNX data type " + std::to_string(tensor.data_type()) +
                   ")");
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
        throw fail(what + "keeps its data in an external file, which is not read");
    std::int64_t count = 1;
    for (std::int64_t d : tensor.dims()) {
        if (d < 0 || d > Architecture::kMaxLayerSize)
            throw fail(what + "has a dimension of " + std::to_string(d));
        count *= d;
    }
    const auto expected = static_cast<std::size_t>(count);
    std::vector<float> values(expected);
    if (tensor.has_raw_data()) {
        if (tensor.raw_data().size() != expected * sizeof(float))
            throw fail(what + "has " + std::to_string(tensor.raw_data().size()) +
                       " bytes of data for " + std::to_string(count) + " floats");
        std::memcpy(values.data(), tensor.raw_data().data(), tensor.raw_data().size());
    } else {
        if (static_cast<std::size_t>(tensor.float_data_size()) != expected)
            throw fail(what + "has " + std::to_string(tensor.float_data_size()) + " values for " +
                       std::to_string(count));
        std::copy(tensor.float_data().begin(), tensor.float_data().end(), values.begin());
    }
    return values;
}

std::vector<std::int64_t> OnnxFieldReader::int64s(const onnx::TensorProto& tensor,
                                                  const onnx::NodeProto& node) const {
    if (tensor.data_type() != onnx::TensorProto::INT64 || tensor.dims_size() != 1 ||
        tensor.dims(0) < 0 || tensor.dims(0) > 8)
        throw unsupported(node, "its shape must be a short constant int64 vector");
    const auto count = static_cast<std::size_t>(tensor.dims(0));
    std::vector<std::int64_t> values(count);
    if (tensor.has_raw_data() && tensor.raw_data().size() == count * sizeof(std::int64_t))
        std::memcpy(values.data(), tensor.raw_data().data(), tensor.raw_data().size());
    else if (!tensor.has_raw_data() && static_cast<std::size_t>(tensor.int64_data_size()) == count)
        std::copy(tensor.int64_data().begin(), tensor.int64_data().end(), values.begin());
    else
        throw unsupported(node, "its shape tensor has the wrong amount of data");
    return values;
}

std::int64_t OnnxFieldReader::intAttribute(const onnx::NodeProto& node, const std::string& name,
                                           std::int64_t fallback) const {
    for (const onnx::AttributeProto& attribute : node.attribute())
        if (attribute.name() == name) {
            if (attribute.type() != onnx::AttributeProto::INT)
                throw unsupported(node, "its attribute '" + name + "' is not an integer");
            return attribute.i();
        }
    return fallback;
}

float OnnxFieldReader::floatAttribute(const onnx::NodeProto& node, const std::string& name,
                                      float fallback) const {
    for (const onnx::AttributeProto& attribute : node.attribute())
        if (attribute.name() == name) {
            if (attribute.type() != onnx::AttributeProto::FLOAT)
                throw unsupported(node, "its attribute '" + name + "' is not a float");
            return attribute.f();
        }
    return fallback;
}

// The file's metadata_props as model metadata, made to fit the model file (one-word keys,
// one-line values, and at most 32 x (64 + 1024) bytes: well inside its 64 KiB header);
// digitscope's own description keys are left out.
std::map<std::string, std::string> importedMetadata(const onnx::ModelProto& model) {
    constexpr std::size_t kMaxEntries = 32, kMaxKey = 64, kMaxValue = 1024;
    std::map<std::string, std::string> result;
    for (const onnx::StringStringEntryProto& entry : model.metadata_props()) {
        if (result.size() == kMaxEntries) break;
        std::string key = entry.key().substr(0, kMaxKey),
                    value = entry.value().substr(0, kMaxValue);
        for (char& c : key)
            if (c == ' ' || c == '\n' || c == '\r') c = '_';
        for (char& c : value)
            if (c == '\n' || c == '\r') c = ' ';
        if (key.empty() || value.empty() || key.starts_with("digitscope.")) continue;
        result.emplace(std::move(key), std::move(value));
    }
    if (model.producer_name() != "digitscope") {
        std::string producer = model.producer_name().substr(0, kMaxValue / 2) + " " +
                               model.producer_version().substr(0, kMaxValue / 2);
        for (char& c : producer)
            if (c == '\n' || c == '\r') c = ' ';
        if (producer == " ") producer = "unknown";
        result[std::string(OnnxModel::kProducerKey)] = producer;
    }
    return result;
}

}  // namespace digitscope::core
