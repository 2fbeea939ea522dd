#pragma once

// Builds ONNX models the way torch.onnx.export writes them (opset 13, node names such as
// "/1/Gemm", weights as raw_data initializers), with switches for the variants PyTorch also
// writes (MatMul + Add, float_data, Constant nodes, Reshape) and for graphs that must be
// refused. Used by tests/core/onnx_model_test.cpp and the onnx_fuzz seeds (make_seeds.cpp).

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/network.h"

namespace digitscope::testing {

class TorchLikeGraph {
public:
    // The graph's input: float32 [N, dims...], e.g. {784} or {1, 28, 28}.
    explicit TorchLikeGraph(std::vector<std::int64_t> dims, std::int64_t opset = 13) {
        m_model.set_ir_version(7);
        m_model.set_producer_name("pytorch");
        m_model.set_producer_version("1.13.1");
        onnx::OperatorSetIdProto* set = m_model.add_opset_import();
        set->set_domain("");
        set->set_version(opset);
        graph().set_name("main_graph");
        onnx::ValueInfoProto* input = graph().add_input();
        input->set_name("input");
        auto* tensor = input->mutable_type()->mutable_tensor_type();
        tensor->set_elem_type(onnx::TensorProto::FLOAT);
        tensor->mutable_shape()->add_dim()->set_dim_param("batch");
        for (std::int64_t d : dims) tensor->mutable_shape()->add_dim()->set_dim_value(d);
        m_value = "input";
    }

    onnx::ModelProto& model() { return m_model; }
    onnx::GraphProto& graph() { return *m_model.mutable_graph(); }
    const std::string& value() const { return m_value; }

    // A node on the chain: inputs are the current value followed by `more`.
    onnx::NodeProto& node(const std::string& op, std::vector<std::string> more = {}) {
        onnx::NodeProto* n = graph().add_node();
        n->set_op_type(op);
        n->set_name("/" + std::to_string(m_count) + "/" + op);
        n->add_input(m_value);
        for (const std::string& input : more) n->add_input(input);
        m_value = "/" + std::to_string(m_count++) + "/" + op + "_output_0";
        n->add_output(m_value);
        return *n;
    }

    static void setInt(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
        onnx::AttributeProto* a = node.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }
    static void setFloat(onnx::NodeProto& node, const std::string& name, float value) {
        onnx::AttributeProto* a = node.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(value);
    }

    // A float32 tensor, raw_data or float_data; values in ONNX's row-major order.
    static void fill(onnx::TensorProto& t, const std::vector<std::int64_t>& dims,
                     const std::vector<float>& values, bool floatData) {
        t.set_data_type(onnx::TensorProto::FLOAT);
        for (std::int64_t d : dims) t.add_dims(d);
        if (floatData)
            for (float v : values) t.add_float_data(v);
        else
            t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()),
                                       values.size() * sizeof(float)));
    }

    std::string initializer(const std::string& name, const std::vector<std::int64_t>& dims,
                            const std::vector<float>& values, bool floatData = false) {
        onnx::TensorProto* t = graph().add_initializer();
        t->set_name(name);
        fill(*t, dims, values, floatData);
        return name;
    }

    // A Constant node holding a tensor, as PyTorch writes scalars of the forward code.
    std::string constantNode(const std::vector<std::int64_t>& dims,
                             const std::vector<float>& values) {
        onnx::NodeProto* n = graph().add_node();
        n->set_op_type("Constant");
        const std::string name = "/Constant_" + std::to_string(m_count++);
        n->set_name(name);
        n->add_output(name + "_output_0");
        onnx::AttributeProto* a = n->add_attribute();
        a->set_name("value");
        a->set_type(onnx::AttributeProto::TENSOR);
        fill(*a->mutable_t(), dims, values, false);
        return name + "_output_0";
    }

    TorchLikeGraph& flatten() {
        setInt(node("Flatten"), "axis", 1);
        return *this;
    }

    // (x - mean) / std with the constants as Constant nodes, as `(x - 0.1307) / 0.3081` exports.
    TorchLikeGraph& normalize(float mean, float stdDev) {
        const std::string m = constantNode({}, {mean});
        node("Sub", {m});
        const std::string s = constantNode({}, {stdDev});
        node("Div", {s});
        return *this;
    }

    // A Linear layer with the Network's weights of `layer`: Gemm (transB = 1: weight [out, in]
    // as PyTorch stores it; transB = 0: [in, out]) or MatMul [in, out] + Add.
    enum class Linear { GemmTransB, Gemm, MatMulAdd };
    TorchLikeGraph& linear(const core::Network& network, int layer,
                           Linear kind = Linear::GemmTransB, bool floatData = false,
                           bool bias = true) {
        const core::ConstMatrixMap w = network.weights(layer);                // out x in
        const std::vector<float> columnMajor(w.data(), w.data() + w.size());  // = [in, out]
        std::vector<float> rowMajor(static_cast<std::size_t>(w.size()));      // [out, in]
        for (Eigen::Index o = 0; o < w.rows(); ++o)
            for (Eigen::Index i = 0; i < w.cols(); ++i)
                rowMajor[static_cast<std::size_t>(o * w.cols() + i)] = w(o, i);
        const core::ConstVectorMap b = network.biases(layer);
        const std::vector<float> biases(b.data(), b.data() + b.size());
        const std::string prefix = std::to_string(m_count) + ".";
        if (kind == Linear::MatMulAdd) {
            node("MatMul", {initializer("onnx::MatMul_" + prefix, {w.cols(), w.rows()}, columnMajor,
                                        floatData)});
            if (bias) node("Add", {initializer(prefix + "bias", {b.size()}, biases, floatData)});
            return *this;
        }
        const bool transB = kind == Linear::GemmTransB;
        std::vector<std::string> inputs{
            transB ? initializer(prefix + "weight", {w.rows(), w.cols()}, rowMajor, floatData)
                   : initializer(prefix + "weight", {w.cols(), w.rows()}, columnMajor, floatData)};
        if (bias) inputs.push_back(initializer(prefix + "bias", {b.size()}, biases, floatData));
        onnx::NodeProto& gemm = node("Gemm", inputs);
        setFloat(gemm, "alpha", 1.0f);
        setFloat(gemm, "beta", 1.0f);
        if (transB) setInt(gemm, "transB", 1);
        return *this;
    }

    TorchLikeGraph& activation(const std::string& op) {
        node(op);
        return *this;
    }

    // The Sequential of a Network: Linear and its activation per layer, then `last`
    // ("Softmax", "LogSoftmax", "Sigmoid" or "" for logits).
    TorchLikeGraph& layers(const core::Network& network, const std::string& last,
                           Linear kind = Linear::GemmTransB, bool floatData = false) {
        static const char* const kOps[] = {"Sigmoid", "Relu", "Tanh"};  // Activation's order
        for (int l = 0; l < network.layerCount(); ++l) {
            linear(network, l, kind, floatData);
            if (l + 1 < network.layerCount())
                activation(kOps[static_cast<int>(network.architecture().hidden)]);
        }
        if (last == "Softmax" || last == "LogSoftmax")
            setInt(node(last), "axis", 1);
        else if (!last.empty())
            activation(last);
        return *this;
    }

    // Declares the current value as the graph's output and returns the file's bytes.
    std::string bytes() {
        onnx::GraphProto& g = graph();
        g.clear_output();
        onnx::ValueInfoProto* output = g.add_output();
        output->set_name(m_value);
        auto* tensor = output->mutable_type()->mutable_tensor_type();
        tensor->set_elem_type(onnx::TensorProto::FLOAT);
        tensor->mutable_shape()->add_dim()->set_dim_param("batch");
        tensor->mutable_shape()->add_dim()->set_dim_param("classes");
        std::string result;
        m_model.SerializeToString(&result);
        return result;
    }

private:
    onnx::ModelProto m_model;
    std::string m_value;
    int m_count = 0;
};

}  // namespace digitscope::testing
