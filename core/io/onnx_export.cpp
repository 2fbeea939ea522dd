// OnnxModel::serialize and save: a Network as a standard ONNX graph (see onnx_model.h).
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/base/errors.h"
#include "core/base/version.h"
#include "core/io/onnx_model.h"

namespace digitscope::core {
namespace {

static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian");

using Metadata = std::map<std::string, std::string>;

void setTensorType(onnx::ValueInfoProto& value, const std::string& name, int features) {
    value.set_name(name);
    onnx::TypeProto_Tensor* tensor = value.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    onnx::TensorShapeProto* shape = tensor->mutable_shape();
    shape->add_dim()->set_dim_param("N");  // any batch size
    shape->add_dim()->set_dim_value(features);
}

// A float32 initializer with the given dims; `values` are in ONNX's row-major order.
void addInitializer(onnx::GraphProto& graph, const std::string& name,
                    std::initializer_list<std::int64_t> dims, std::span<const float> values) {
    onnx::TensorProto* tensor = graph.add_initializer();
    tensor->set_name(name);
    tensor->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) tensor->add_dims(d);
    tensor->set_raw_data(
        std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

onnx::NodeProto& addNode(onnx::GraphProto& graph, const std::string& op, const std::string& name,
                         std::initializer_list<std::string> inputs, const std::string& output) {
    onnx::NodeProto* node = graph.add_node();
    node->set_op_type(op);
    node->set_name(name);
    for (const std::string& input : inputs) node->add_input(input);
    node->add_output(output);
    return *node;
}

void setIntAttribute(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
    onnx::AttributeProto* attribute = node.add_attribute();
    attribute->set_name(name);
    attribute->set_type(onnx::AttributeProto::INT);
    attribute->set_i(value);
}

std::string opName(Activation activation) {
    switch (activation) {
        case Activation::Relu:
            return "Relu";
        case Activation::Sigmoid:
            return "Sigmoid";
        case Activation::Tanh:
            return "Tanh";
    }
    return "?";
}

// Sub and Div by the mean and standard deviation, as PyTorch's Normalize. Returns the result.
std::string addNormalization(onnx::GraphProto& graph, const InputNormalization& n,
                             const std::string& input) {
    onnx::TensorProto* mean = graph.add_initializer();
    mean->set_name("input_mean");
    mean->set_data_type(onnx::TensorProto::FLOAT);
    mean->add_float_data(n.mean);  // a scalar: no dims
    onnx::TensorProto* stdDev = graph.add_initializer();
    stdDev->set_name("input_std");
    stdDev->set_data_type(onnx::TensorProto::FLOAT);
    stdDev->add_float_data(n.stdDev);
    addNode(graph, "Sub", "normalize.sub", {input, "input_mean"}, "normalize.centered");
    addNode(graph, "Div", "normalize.div", {"normalize.centered", "input_std"}, "normalized");
    return "normalized";
}

void addLayers(onnx::GraphProto& graph, const Network& network, std::string current) {
    const Architecture& arch = network.architecture();
    std::vector<float> rowMajor;
    for (int l = 0; l < network.layerCount(); ++l) {
        const std::string prefix = "layer" + std::to_string(l);
        const ConstMatrixMap w = network.weights(l);  // out x in, column-major
        // ONNX wants [out, in] row-major (PyTorch's Linear.weight): the transpose of our buffer.
        rowMajor.resize(static_cast<std::size_t>(w.size()));
        Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            rowMajor.data(), w.rows(), w.cols()) = w;
        addInitializer(graph, prefix + ".weight", {w.rows(), w.cols()}, rowMajor);
        const ConstVectorMap b = network.biases(l);
        addInitializer(graph, prefix + ".bias", {b.size()}, std::span(b.data(), b.size()));
        const bool last = l + 1 == network.layerCount();
        onnx::NodeProto& gemm =
            addNode(graph, "Gemm", prefix + ".gemm",
                    {current, prefix + ".weight", prefix + ".bias"}, prefix + ".z");
        setIntAttribute(gemm, "transB", 1);
        const std::string output = last ? std::string(OnnxModel::kOutputName) : prefix + ".a";
        if (!last) {
            addNode(graph, opName(arch.hidden), prefix + "." + toString(arch.hidden),
                    {prefix + ".z"}, output);
        } else if (arch.loss == Loss::CrossEntropy) {
            setIntAttribute(addNode(graph, "Softmax", prefix + ".softmax", {prefix + ".z"}, output),
                            "axis", 1);
        } else {
            addNode(graph, "Sigmoid", prefix + ".sigmoid", {prefix + ".z"}, output);
        }
        current = output;
    }
}

void addMetadata(onnx::ModelProto& model, const Architecture& arch, const Metadata& metadata) {
    Metadata props{{"digitscope.architecture", arch.sizesString()},
                   {"digitscope.activation", toString(arch.hidden)},
                   {"digitscope.loss", toString(arch.loss)}};
    if (arch.normalization) {
        char text[64];
        char* end = std::to_chars(text, text + 31, arch.normalization->mean).ptr;
        *end++ = ' ';
        end = std::to_chars(end, text + sizeof text, arch.normalization->stdDev).ptr;
        props.emplace("digitscope.normalize", std::string(text, end));
    }
    for (const auto& [key, value] : metadata) props.emplace(key, value);  // ours win a clash
    for (const auto& [key, value] : props) {
        onnx::StringStringEntryProto* entry = model.add_metadata_props();
        entry->set_key(key);
        entry->set_value(value);
    }
}

}  // namespace

std::string OnnxModel::serialize(const Network& network, const Metadata& metadata) {
    for (float value : network.parameters())
        if (!std::isfinite(value))
            throw ConfigError("the network has NaN or infinite weights; it was not saved");
    const Architecture& arch = network.architecture();
    onnx::ModelProto model;
    model.set_ir_version(onnx::IR_VERSION_2020_5_8);  // IR 7: read by every runtime since 2020
    model.set_producer_name("digitscope");
    model.set_producer_version(std::string(version()));
    model.set_doc_string("digitscope " + arch.sizesString() + " " + toString(arch.hidden) +
                         " MLP: pixels in [0, 1] in, digit probabilities out");
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);

    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name("digitscope_mlp");
    setTensorType(*graph.add_input(), std::string(kInputName), arch.inputSize());
    setTensorType(*graph.add_output(), std::string(kOutputName), arch.outputSize());
    std::string current(kInputName);
    if (arch.normalization) current = addNormalization(graph, *arch.normalization, current);
    addLayers(graph, network, current);
    addMetadata(model, arch, metadata);

    onnx::checker::check_model(model);  // a failure here is a bug in this file
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw ConfigError("the network could not be encoded as ONNX (over 2 GB?)");
    return bytes;
}

void OnnxModel::save(const std::filesystem::path& path, const Network& network,
                     const Metadata& metadata) {
    writeFileAtomically(path, serialize(network, metadata));
}

}  // namespace digitscope::core
