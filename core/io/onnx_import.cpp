// OnnxModel::parse and load: the MLPs PyTorch exports, read into a Network (see onnx_model.h).
// The graph must be one chain from the input to the output; GraphReader walks it node by node
// and refuses the first node that does not fit.
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cmath>
#include <deque>
#include <map>
#include <optional>

#include "core/base/errors.h"
#include "core/io/onnx_field_reader.h"
#include "core/io/onnx_model.h"

namespace digitscope::core {
namespace {

// One weight layer as read: W out x in, column-major (the Network's layout), and b.
struct Layer {
    int inputs = 0;
    int outputs = 0;
    std::vector<float> weights;
    std::vector<float> biases;
};

enum class Output { Logits, Softmax, LogSoftmax, Sigmoid };

class GraphReader : private OnnxFieldReader {
public:
    GraphReader(const onnx::ModelProto& model, const std::string& source)
        : OnnxFieldReader(source), m_model(model), m_graph(model.graph()) {}

    Model read();

private:
    void readOpset();
    void readInput();
    void readNode(const onnx::NodeProto& node);
    void addConstant(const onnx::NodeProto& node);
    void readFlatten(const onnx::NodeProto& node);
    void readReshape(const onnx::NodeProto& node);
    void readNormalization(const onnx::NodeProto& node);
    void readGemm(const onnx::NodeProto& node);
    void readMatMul(const onnx::NodeProto& node);
    void readBias(const onnx::NodeProto& node);
    void readActivation(const onnx::NodeProto& node, Activation activation);
    void readSoftmax(const onnx::NodeProto& node, Output output);
    void requireFlatInput(const onnx::NodeProto& node) const;
    void startLayer(const onnx::NodeProto& node, int outputs);
    Model finish();

    const onnx::TensorProto* constant(const std::string& name) const;
    float scalar(const onnx::NodeProto& node, int input) const;
    void expectInputs(const onnx::NodeProto& node, int min, int max) const;

    const onnx::ModelProto& m_model;
    const onnx::GraphProto& m_graph;
    std::int64_t m_opset = 0;
    std::map<std::string, const onnx::TensorProto*> m_constants;
    std::deque<onnx::TensorProto> m_ownConstants;  // made from Constant nodes' float attributes

    std::string m_value;       // the tensor the chain has reached
    std::vector<int> m_shape;  // its dims after the batch dimension
    std::vector<Layer> m_layers;
    bool m_awaitingBias = false;  // the last node was a MatMul: an Add may give its bias
    std::optional<Activation> m_hidden;
    std::optional<Activation> m_pending;  // activation after the last layer (hidden or output)
    const onnx::NodeProto* m_pendingNode = nullptr;
    std::optional<Output> m_output;  // Softmax or LogSoftmax: nothing may follow
    std::optional<float> m_mean, m_stdDev;
};

Model GraphReader::read() {
    readOpset();
    for (const onnx::TensorProto& tensor : m_graph.initializer())
        m_constants[tensor.name()] = &tensor;
    readInput();
    for (const onnx::NodeProto& node : m_graph.node()) readNode(node);
    return finish();
}

void GraphReader::readOpset() {
    for (const onnx::OperatorSetIdProto& opset : m_model.opset_import())
        if (opset.domain().empty() || opset.domain() == "ai.onnx") m_opset = opset.version();
    if (m_opset < 7)
        throw fail(m_opset == 0 ? "not an ONNX model of standard operators (no ai.onnx opset)"
                                : "ONNX opset " + std::to_string(m_opset) +
                                      " is too old (7 or newer is read)");
}

void GraphReader::readInput() {
    const onnx::ValueInfoProto* input = nullptr;
    for (const onnx::ValueInfoProto& value : m_graph.input()) {
        if (m_constants.contains(value.name())) continue;  // old exporters list initializers
        if (input)
            throw fail("the graph has more than one input ('" + input->name() + "', '" +
                       value.name() + "'); digitscope reads one image input");
        input = &value;
    }
    if (!input) throw fail("the graph has no input");
    const std::string what = "the input '" + input->name() + "' ";
    if (!input->type().has_tensor_type() ||
        input->type().tensor_type().elem_type() != onnx::TensorProto::FLOAT)
        throw fail(what + "is not a float32 tensor");
    const onnx::TensorShapeProto& shape = input->type().tensor_type().shape();
    if (shape.dim_size() < 2)
        throw fail(what + "has no shape [N, features] or [N, C, H, W] (rank " +
                   std::to_string(shape.dim_size()) + ")");
    std::int64_t features = 1;
    for (int d = 1; d < shape.dim_size(); ++d) {
        const std::int64_t size = shape.dim(d).has_dim_value() ? shape.dim(d).dim_value() : 0;
        if (size < 1 || size > Architecture::kMaxLayerSize ||
            features * size > Architecture::kMaxLayerSize)
            throw fail(what + "must have fixed sizes after the batch dimension, " +
                       std::to_string(Architecture::kMaxLayerSize) + " values at most a sample");
        features *= size;
        m_shape.push_back(static_cast<int>(size));
    }
    m_value = input->name();
}

void GraphReader::readNode(const onnx::NodeProto& node) {
    if (!node.domain().empty() && node.domain() != "ai.onnx")
        throw unsupported(node, "operator domain '" + node.domain() + "'");
    if (node.output_size() != 1) throw unsupported(node, "it has more than one output");
    const std::string& op = node.op_type();
    if (op == "Constant") return addConstant(node);
    const bool onChain = node.input_size() > 0 && node.input(0) == m_value;
    const bool addOnChain = op == "Add" && node.input_size() == 2 && node.input(1) == m_value;
    if (!onChain && !addOnChain)
        throw unsupported(
            node, "it does not continue the chain of layers from the input ('" + m_value + "')");
    if (m_output) throw unsupported(node, "nothing may follow the output's Softmax");
    if (op == "Flatten")
        readFlatten(node);
    else if (op == "Reshape")
        readReshape(node);
    else if (op == "Sub" || op == "Div")
        readNormalization(node);
    else if (op == "Gemm")
        readGemm(node);
    else if (op == "MatMul")
        readMatMul(node);
    else if (op == "Add")
        readBias(node);
    else if (op == "Relu")
        readActivation(node, Activation::Relu);
    else if (op == "Sigmoid")
        readActivation(node, Activation::Sigmoid);
    else if (op == "Tanh")
        readActivation(node, Activation::Tanh);
    else if (op == "Softmax")
        readSoftmax(node, Output::Softmax);
    else if (op == "LogSoftmax")
        readSoftmax(node, Output::LogSoftmax);
    else
        throw unsupported(node,
                          "digitscope reads MLPs of Gemm/MatMul+Add, Relu, Sigmoid, Tanh, "
                          "Softmax, Flatten and a Sub/Div input normalisation");
    if (op != "MatMul") m_awaitingBias = false;
    m_value = node.output(0);
}

void GraphReader::addConstant(const onnx::NodeProto& node) {
    for (const onnx::AttributeProto& attribute : node.attribute()) {
        if (attribute.name() == "value" && attribute.has_t()) {
            m_constants[node.output(0)] = &attribute.t();
            return;
        }
        if (attribute.name() == "value_float" || attribute.name() == "value_floats") {
            onnx::TensorProto& tensor = m_ownConstants.emplace_back();
            tensor.set_data_type(onnx::TensorProto::FLOAT);
            if (attribute.name() == "value_float") {
                tensor.add_float_data(attribute.f());
            } else {
                tensor.add_dims(attribute.floats_size());
                for (float value : attribute.floats()) tensor.add_float_data(value);
            }
            m_constants[node.output(0)] = &tensor;
            return;
        }
    }
    throw unsupported(node, "only float tensors are read as constants");
}

void GraphReader::expectInputs(const onnx::NodeProto& node, int min, int max) const {
    if (node.input_size() < min || node.input_size() > max)
        throw unsupported(node, "it has " + std::to_string(node.input_size()) + " inputs");
}

void GraphReader::readFlatten(const onnx::NodeProto& node) {
    expectInputs(node, 1, 1);
    const std::int64_t axis = intAttribute(node, "axis", 1);
    const auto rank = static_cast<std::int64_t>(m_shape.size()) + 1;
    if (!m_layers.empty() || (axis != 1 && axis != 1 - rank))
        throw unsupported(node, "only a Flatten of the input to [N, features] is read");
    int features = 1;
    for (int size : m_shape) features *= size;
    m_shape = {features};
}

void GraphReader::readReshape(const onnx::NodeProto& node) {
    expectInputs(node, 2, 2);
    const onnx::TensorProto* shapeTensor = constant(node.input(1));
    int features = 1;
    for (int size : m_shape) features *= size;
    const std::vector<std::int64_t> shape =
        shapeTensor ? int64s(*shapeTensor, node) : std::vector<std::int64_t>{};
    if (!m_layers.empty() || shape.size() != 2 || (shape[0] != -1 && shape[0] != 0) ||
        shape[1] != features || intAttribute(node, "allowzero", 0) != 0)
        throw unsupported(node, "only a Reshape of the input to a constant [-1, " +
                                    std::to_string(features) + "] is read");
    m_shape = {features};
}

void GraphReader::readNormalization(const onnx::NodeProto& node) {
    expectInputs(node, 2, 2);
    const bool sub = node.op_type() == "Sub";
    if (!m_layers.empty() || (sub && (m_mean || m_stdDev)) || (!sub && m_stdDev))
        throw unsupported(node,
                          "a Sub and a Div by constants are read only before the first "
                          "layer, as an input normalisation (x - mean) / std, once each");
    const float value = scalar(node, 1);
    if (sub)
        m_mean = value;
    else
        m_stdDev = value;
}

void GraphReader::requireFlatInput(const onnx::NodeProto& node) const {
    if (m_shape.size() != 1)
        throw unsupported(node, "its input has " + std::to_string(m_shape.size() + 1) +
                                    " dimensions; a Flatten to [N, features] must come first");
}

void GraphReader::startLayer(const onnx::NodeProto& node, int outputs) {
    if (!m_layers.empty() && !m_pending)
        throw unsupported(node, "two layers without an activation between them");
    if (m_pending) {
        if (m_hidden && *m_hidden != *m_pending)
            throw unsupported(*m_pendingNode, "the hidden layers mix " + toString(*m_hidden) +
                                                  " and " + toString(*m_pending) +
                                                  "; digitscope uses one activation");
        m_hidden = m_pending;
        m_pending.reset();
    }
    if (static_cast<int>(m_layers.size()) > Architecture::kMaxHiddenLayers)
        throw unsupported(
            node, "more than " + std::to_string(Architecture::kMaxHiddenLayers) + " hidden layers");
    if (outputs < 1 || outputs > Architecture::kMaxLayerSize)
        throw unsupported(node, std::to_string(outputs) + " units (1 to " +
                                    std::to_string(Architecture::kMaxLayerSize) + " are read)");
    Layer& layer = m_layers.emplace_back();
    layer.inputs = m_shape[0];
    layer.outputs = outputs;
    layer.biases.assign(static_cast<std::size_t>(outputs), 0.0f);
    m_shape = {outputs};
}

void GraphReader::readGemm(const onnx::NodeProto& node) {
    expectInputs(node, 2, 3);
    if (floatAttribute(node, "alpha", 1.0f) != 1.0f || floatAttribute(node, "beta", 1.0f) != 1.0f ||
        intAttribute(node, "transA", 0) != 0)
        throw unsupported(node, "only alpha = beta = 1 and transA = 0 are read");
    requireFlatInput(node);
    const std::int64_t transB = intAttribute(node, "transB", 0);
    const onnx::TensorProto* b = constant(node.input(1));
    if (!b || b->dims_size() != 2 || (transB != 0 && transB != 1))
        throw unsupported(node, "its weights must be a constant matrix");
    // transB = 1: B is [out, in] (PyTorch's Linear.weight); 0: [in, out].
    const std::int64_t rows = b->dims(0), cols = b->dims(1);
    const std::int64_t in = transB ? cols : rows, out = transB ? rows : cols;
    if (in != m_shape[0])
        throw unsupported(node, "its weights are " + std::to_string(rows) + " x " +
                                    std::to_string(cols) + " for an input of " +
                                    std::to_string(m_shape[0]) + " values");
    startLayer(node, static_cast<int>(std::min<std::int64_t>(out, 1 << 30)));
    Layer& layer = m_layers.back();
    const std::vector<float> values = floats(*b, node);
    layer.weights.resize(values.size());
    // Into the Network's out x in column-major layout: element (o, i) at i * out + o.
    for (std::int64_t o = 0; o < out; ++o)
        for (std::int64_t i = 0; i < in; ++i)
            layer.weights[static_cast<std::size_t>(i * out + o)] =
                values[static_cast<std::size_t>(transB ? o * in + i : i * out + o)];
    if (node.input_size() == 3 && !node.input(2).empty()) {
        const onnx::TensorProto* c = constant(node.input(2));
        const bool shaped = c && (c->dims_size() == 1 || (c->dims_size() == 2 && c->dims(0) == 1));
        if (!shaped || c->dims(c->dims_size() - 1) != out)
            throw unsupported(
                node, "its bias must be a constant vector of " + std::to_string(out) + " values");
        layer.biases = floats(*c, node);
    }
}

void GraphReader::readMatMul(const onnx::NodeProto& node) {
    expectInputs(node, 2, 2);
    requireFlatInput(node);
    const onnx::TensorProto* b = constant(node.input(1));
    if (!b || b->dims_size() != 2) throw unsupported(node, "its weights must be a constant matrix");
    if (b->dims(0) != m_shape[0])
        throw unsupported(node, "its weights are " + std::to_string(b->dims(0)) + " x " +
                                    std::to_string(b->dims(1)) + " for an input of " +
                                    std::to_string(m_shape[0]) + " values");
    startLayer(node, static_cast<int>(std::min<std::int64_t>(b->dims(1), 1 << 30)));
    // B is [in, out] row-major: element (i, o) at i * out + o, the Network's layout already.
    m_layers.back().weights = floats(*b, node);
    m_awaitingBias = true;
}

void GraphReader::readBias(const onnx::NodeProto& node) {
    expectInputs(node, 2, 2);
    const std::string& other = node.input(0) == m_value ? node.input(1) : node.input(0);
    const onnx::TensorProto* c = constant(other);
    if (!m_awaitingBias || !c)
        throw unsupported(node, "an Add is read only as the bias of a MatMul");
    Layer& layer = m_layers.back();
    const bool shaped = c->dims_size() == 1 || (c->dims_size() == 2 && c->dims(0) == 1);
    if (!shaped || c->dims(c->dims_size() - 1) != layer.outputs)
        throw unsupported(node, "its bias must be a constant vector of " +
                                    std::to_string(layer.outputs) + " values");
    layer.biases = floats(*c, node);
}

void GraphReader::readActivation(const onnx::NodeProto& node, Activation activation) {
    expectInputs(node, 1, 1);
    if (m_layers.empty() || m_pending)
        throw unsupported(node, "an activation is read only after a Gemm or MatMul layer");
    m_pending = activation;
    m_pendingNode = &node;
}

void GraphReader::readSoftmax(const onnx::NodeProto& node, Output output) {
    expectInputs(node, 1, 1);
    const std::int64_t axis = intAttribute(node, "axis", m_opset >= 13 ? -1 : 1);
    if (m_layers.empty() || m_pending || (axis != 1 && axis != -1))
        throw unsupported(node,
                          "a Softmax is read only right after the last layer, over its "
                          "units (axis 1)");
    m_output = output;
}

Model GraphReader::finish() {
    if (m_graph.output_size() != 1 || m_graph.output(0).name() != m_value)
        throw fail("the graph's output is not the end of its chain of layers ('" + m_value + "')");
    if (m_layers.empty()) throw fail("the graph has no Gemm or MatMul layer");
    Architecture arch;
    arch.sizes = {m_layers.front().inputs};
    for (const Layer& layer : m_layers) arch.sizes.push_back(layer.outputs);
    arch.hidden = m_hidden.value_or(Activation::Relu);
    arch.loss = Loss::CrossEntropy;
    Output output = m_output.value_or(Output::Logits);
    if (m_pending) {
        if (*m_pending != Activation::Sigmoid)
            throw unsupported(*m_pendingNode,
                              "the last layer must end in Softmax, Sigmoid or "
                              "nothing (logits), not " +
                                  toString(*m_pending));
        output = Output::Sigmoid;
        arch.loss = Loss::SquaredError;
    }
    if (m_mean || m_stdDev)
        arch.normalization = InputNormalization{m_mean.value_or(0.0f), m_stdDev.value_or(1.0f)};
    try {
        arch.validate();
    } catch (const ConfigError& error) {
        throw fail(error.what());
    }
    std::vector<float> parameters;
    parameters.reserve(static_cast<std::size_t>(arch.parameterCount()));
    for (const Layer& layer : m_layers) {
        parameters.insert(parameters.end(), layer.weights.begin(), layer.weights.end());
        parameters.insert(parameters.end(), layer.biases.begin(), layer.biases.end());
    }
    for (std::size_t i = 0; i < parameters.size(); ++i)
        if (!std::isfinite(parameters[i]))
            throw fail("weight " + std::to_string(i) + " is NaN or infinite");
    Model model{Network(arch, 0), importedMetadata(m_model)};
    model.network.setParameters(parameters);
    if (output == Output::Logits)
        model.metadata[std::string(OnnxModel::kOutputKey)] =
            "logits; digitscope applies softmax to them";
    else if (output == Output::LogSoftmax)
        model.metadata[std::string(OnnxModel::kOutputKey)] =
            "log-softmax; digitscope applies softmax instead";
    return model;
}

const onnx::TensorProto* GraphReader::constant(const std::string& name) const {
    const auto found = m_constants.find(name);
    return found == m_constants.end() ? nullptr : found->second;
}

float GraphReader::scalar(const onnx::NodeProto& node, int input) const {
    const onnx::TensorProto* tensor = constant(node.input(input));
    std::int64_t count = 1;
    if (tensor)
        for (std::int64_t d : tensor->dims()) count *= d == 1 ? 1 : 0;
    if (!tensor || count != 1)
        throw unsupported(node, "only a Sub or Div by one constant number is read");
    return floats(*tensor, node).front();
}

}  // namespace

Model OnnxModel::parse(std::string_view bytes, const std::string& source) {
    if (bytes.empty()) throw FileError(source, "empty file");
    if (bytes.size() > kMaxFileBytes) throw FileError(source, "too large to be a model file");
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw FileError(source, "not an ONNX model (the protobuf does not parse)");
    Model result = GraphReader(model, source).read();
    // The graph is a chain digitscope understands; the ONNX checker confirms the rest of the
    // file is well formed (names defined once, attribute types, required fields). Debian's
    // ONNX 1.12 checks IR versions up to 8 and refuses newer ones outright, though newer
    // PyTorch writes the same graphs with IR 9 and 10: those rely on GraphReader's checks.
    if (model.ir_version() <= onnx::IR_VERSION) {
        try {
            onnx::checker::check_model(model);
        } catch (const std::exception& error) {
            throw FileError(source, std::string("not a valid ONNX model: ") + error.what());
        }
    }
    return result;
}

Model OnnxModel::load(const std::filesystem::path& path) {
    return parse(readWholeFile(path, kMaxFileBytes, "a model file"), path.string());
}

}  // namespace digitscope::core
