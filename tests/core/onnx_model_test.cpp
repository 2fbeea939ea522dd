#include "core/io/onnx_model.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/io/model_file.h"
#include "core/io/model_io.h"
#include "tests/core/onnx_test_graph.h"
#include "tests/core/test_data.h"

namespace digitscope::core {
namespace {

using digitscope::testing::TorchLikeGraph;
using Linear = TorchLikeGraph::Linear;
using testing::TempDir;
using testing::writeText;

Architecture makeArchitecture(std::vector<int> sizes, Activation hidden, Loss loss) {
    Architecture arch;
    arch.sizes = std::move(sizes);
    arch.hidden = hidden;
    arch.loss = loss;
    return arch;
}

bool sameWeights(const Network& a, const Network& b) {
    return a.parameters().size() == b.parameters().size() &&
           std::memcmp(a.parameters().data(), b.parameters().data(), a.parameters().size_bytes()) ==
               0;
}

onnx::ModelProto decode(const std::string& bytes) {
    onnx::ModelProto model;
    EXPECT_TRUE(model.ParseFromString(bytes));
    return model;
}

std::vector<std::string> opTypes(const onnx::ModelProto& model) {
    std::vector<std::string> ops;
    for (const auto& node : model.graph().node()) ops.push_back(node.op_type());
    return ops;
}

std::map<std::string, std::string> props(const onnx::ModelProto& model) {
    std::map<std::string, std::string> result;
    for (const auto& entry : model.metadata_props()) result[entry.key()] = entry.value();
    return result;
}

// .dsm -> .onnx -> .dsm: the same file, byte for byte (weights, architecture and metadata).
TEST(OnnxModel, BundledModelsRoundTripBitIdentically) {
    for (const char* name : {"3b1b", "accurate"}) {
        SCOPED_TRACE(name);
        const std::string path = std::string(DIGITSCOPE_MODELS_DIR) + "/" + name + ".dsm";
        const std::string original = testing::readText(path);
        const Model model = ModelFile::parse(original, path);
        const Model imported =
            OnnxModel::parse(OnnxModel::serialize(model.network, model.metadata), "memory");
        EXPECT_TRUE(sameWeights(imported.network, model.network));
        EXPECT_EQ(imported.network.architecture(), model.network.architecture());
        EXPECT_EQ(imported.metadata, model.metadata);
        EXPECT_EQ(ModelFile::serialize(imported.network, imported.metadata), original);
    }
}

// Every bit pattern a weight may have survives, with each activation, loss and normalisation.
TEST(OnnxModel, RoundTripKeepsEveryBitOfEveryKindOfModel) {
    for (const Activation hidden : {Activation::Relu, Activation::Sigmoid, Activation::Tanh})
        for (const Loss loss : {Loss::CrossEntropy, Loss::SquaredError}) {
            Architecture arch = makeArchitecture({12, 7, 5, 10}, hidden, loss);
            if (loss == Loss::SquaredError) arch.normalization = InputNormalization{0.5f, 0.25f};
            Network network(arch, 3);
            std::vector<float> p(network.parameters().begin(), network.parameters().end());
            p[0] = std::numeric_limits<float>::denorm_min();
            p[1] = -0.0f;
            p[2] = std::numeric_limits<float>::max();
            p.back() = std::numeric_limits<float>::lowest();
            network.setParameters(p);
            const Model back = OnnxModel::parse(OnnxModel::serialize(network, {}), "memory");
            EXPECT_EQ(back.network.architecture(), arch) << toString(hidden) << toString(loss);
            EXPECT_TRUE(sameWeights(back.network, network)) << toString(hidden) << toString(loss);
            EXPECT_TRUE(back.metadata.empty());
        }
}

TEST(OnnxModel, ExportIsTheDocumentedGraph) {
    Network network(makeArchitecture({784, 16, 16, 10}, Activation::Relu, Loss::CrossEntropy), 4);
    const onnx::ModelProto model =
        decode(OnnxModel::serialize(network, {{"dataset", "mnist"}, {"seed", "7"}}));
    ASSERT_EQ(model.opset_import_size(), 1);
    EXPECT_EQ(model.opset_import(0).domain(), "");
    EXPECT_GE(model.opset_import(0).version(), 13);
    EXPECT_EQ(model.producer_name(), "digitscope");
    const onnx::GraphProto& graph = model.graph();
    ASSERT_EQ(graph.input_size(), 1);
    EXPECT_EQ(graph.input(0).name(), "image");
    const auto& in = graph.input(0).type().tensor_type();
    EXPECT_EQ(in.elem_type(), onnx::TensorProto::FLOAT);
    ASSERT_EQ(in.shape().dim_size(), 2);
    EXPECT_FALSE(in.shape().dim(0).has_dim_value()) << "any batch size";
    EXPECT_EQ(in.shape().dim(1).dim_value(), 784);
    ASSERT_EQ(graph.output_size(), 1);
    EXPECT_EQ(graph.output(0).name(), "probabilities");
    EXPECT_EQ(graph.output(0).type().tensor_type().shape().dim(1).dim_value(), 10);
    EXPECT_EQ(opTypes(model),
              (std::vector<std::string>{"Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"}));
    const auto meta = props(model);
    EXPECT_EQ(meta.at("digitscope.architecture"), "784-16-16-10");
    EXPECT_EQ(meta.at("digitscope.activation"), "relu");
    EXPECT_EQ(meta.at("digitscope.loss"), "xent");
    EXPECT_EQ(meta.at("dataset"), "mnist");
    EXPECT_EQ(meta.at("seed"), "7");
    // PyTorch's layout: weight [out, in] with transB = 1.
    EXPECT_EQ(graph.initializer(0).dims(0), 16);
    EXPECT_EQ(graph.initializer(0).dims(1), 784);
    float w01 = 0;
    std::memcpy(&w01, graph.initializer(0).raw_data().data() + sizeof(float), sizeof(float));
    EXPECT_EQ(w01, network.weights(0)(0, 1));

    Architecture mse = makeArchitecture({784, 8, 10}, Activation::Tanh, Loss::SquaredError);
    mse.normalization = InputNormalization{0.1307f, 0.3081f};
    const onnx::ModelProto normalized = decode(OnnxModel::serialize(Network(mse, 1), {}));
    EXPECT_EQ(opTypes(normalized),
              (std::vector<std::string>{"Sub", "Div", "Gemm", "Tanh", "Gemm", "Sigmoid"}));
    EXPECT_EQ(props(normalized).at("digitscope.normalize"), "0.1307 0.3081");
}

TEST(OnnxModel, ExportRefusesNaNWeights) {
    Network network(makeArchitecture({4, 3, 2}, Activation::Relu, Loss::CrossEntropy), 1);
    std::vector<float> p(network.parameters().begin(), network.parameters().end());
    p[5] = std::nanf("");
    network.setParameters(p);
    EXPECT_THROW(OnnxModel::serialize(network, {}), ConfigError);
}

// The variants torch.onnx.export writes for nn.Sequential MLPs all import as the same network.
TEST(OnnxModel, ImportsWhatPyTorchExports) {
    const Network relu(makeArchitecture({784, 12, 10, 10}, Activation::Relu, Loss::CrossEntropy),
                       5);
    struct Case {
        const char* what;
        std::string bytes;
    };
    std::vector<Case> cases;
    cases.push_back({"Flatten of [N,1,28,28], Gemm transB=1, Softmax",
                     TorchLikeGraph({1, 28, 28}).flatten().layers(relu, "Softmax").bytes()});
    cases.push_back({"[N,784], MatMul + Add",
                     TorchLikeGraph({784}).layers(relu, "Softmax", Linear::MatMulAdd).bytes()});
    cases.push_back({"float_data, Gemm transB=0",
                     TorchLikeGraph({784}).layers(relu, "Softmax", Linear::Gemm, true).bytes()});
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const Model model = OnnxModel::parse(c.bytes, "torch.onnx");
        EXPECT_EQ(model.network.architecture(), relu.architecture());
        EXPECT_TRUE(sameWeights(model.network, relu));
        EXPECT_EQ(model.metadata.at("onnx_producer"), "pytorch 1.13.1");
        EXPECT_FALSE(model.metadata.contains("onnx_output"));
    }
}

TEST(OnnxModel, ImportsLogitsLogSoftmaxAndSigmoidOutputs) {
    const Network tanh(makeArchitecture({20, 6, 10}, Activation::Tanh, Loss::CrossEntropy), 6);
    const Model logits = OnnxModel::parse(TorchLikeGraph({20}).layers(tanh, "").bytes(), "l");
    EXPECT_EQ(logits.network.architecture(), tanh.architecture());
    EXPECT_TRUE(sameWeights(logits.network, tanh));
    EXPECT_NE(logits.metadata.at("onnx_output").find("softmax"), std::string::npos);
    const Model log = OnnxModel::parse(TorchLikeGraph({20}).layers(tanh, "LogSoftmax").bytes(), "");
    EXPECT_EQ(log.network.architecture().loss, Loss::CrossEntropy);
    EXPECT_NE(log.metadata.at("onnx_output").find("log-softmax"), std::string::npos);

    const Network sigmoid(makeArchitecture({20, 6, 10}, Activation::Sigmoid, Loss::SquaredError),
                          7);
    const Model mse =
        OnnxModel::parse(TorchLikeGraph({20}).layers(sigmoid, "Sigmoid").bytes(), "mse");
    EXPECT_EQ(mse.network.architecture(), sigmoid.architecture());
    EXPECT_TRUE(sameWeights(mse.network, sigmoid));
}

TEST(OnnxModel, ReadsSubAndDivAsTheInputNormalization) {
    Network network(makeArchitecture({784, 8, 10}, Activation::Relu, Loss::CrossEntropy), 8);
    const Model model = OnnxModel::parse(TorchLikeGraph({1, 28, 28})
                                             .normalize(0.1307f, 0.3081f)
                                             .flatten()
                                             .layers(network, "")
                                             .bytes(),
                                         "normalized.onnx");
    ASSERT_TRUE(model.network.architecture().normalization);
    EXPECT_EQ(*model.network.architecture().normalization, (InputNormalization{0.1307f, 0.3081f}));
    EXPECT_TRUE(sameWeights(model.network, network));
    // Only a Div (pixels of 0..255 scaled): the mean is 0.
    TorchLikeGraph scaled({784});
    scaled.node("Div", {scaled.constantNode({1}, {255.0f})});
    const Model div = OnnxModel::parse(scaled.layers(network, "").bytes(), "scaled");
    EXPECT_EQ(*div.network.architecture().normalization, (InputNormalization{0.0f, 255.0f}));
    // A Flatten of [N, 784] changes nothing and normalises nothing.
    const Model plain =
        OnnxModel::parse(TorchLikeGraph({784}).flatten().layers(network, "").bytes(), "plain");
    EXPECT_FALSE(plain.network.architecture().normalization);
}

TEST(OnnxModel, LayersWithoutBiasGetZeroBiases) {
    Network network(makeArchitecture({5, 3, 2}, Activation::Relu, Loss::CrossEntropy), 9);
    TorchLikeGraph graph({5});
    graph.linear(network, 0, Linear::GemmTransB, false, false).activation("Relu");
    graph.linear(network, 1, Linear::MatMulAdd, false, false);
    const Model model = OnnxModel::parse(graph.bytes(), "nobias");
    EXPECT_TRUE(model.network.biases(0).isZero());
    EXPECT_TRUE(model.network.biases(1).isZero());
    EXPECT_EQ(model.network.weights(1), network.weights(1));
}

// Loading and saving by extension: .onnx is ONNX, anything else the digitscope format.
TEST(ModelIo, ChoosesTheFormatByExtension) {
    TempDir dir;
    const Network network(makeArchitecture({6, 4, 10}, Activation::Relu, Loss::CrossEntropy), 2);
    const std::map<std::string, std::string> meta{{"dataset", "synthetic"}};
    saveModel(dir / "m.onnx", network, meta);
    saveModel(dir / "m.dsm", network, meta);
    saveModel(dir / "M.ONNX", network, meta);
    EXPECT_EQ(testing::readText(dir / "m.dsm").rfind("digitscope-model 1\n", 0), 0u);
    EXPECT_EQ(testing::readText(dir / "m.onnx"), OnnxModel::serialize(network, meta));
    EXPECT_EQ(testing::readText(dir / "M.ONNX"), OnnxModel::serialize(network, meta));
    for (const char* name : {"m.onnx", "m.dsm", "M.ONNX"}) {
        const Model model = loadModel(dir / name);
        EXPECT_TRUE(sameWeights(model.network, network)) << name;
        EXPECT_EQ(model.metadata, meta) << name;
    }
    EXPECT_EQ(modelFormatOf("a/b.Onnx"), ModelFormat::Onnx);
    EXPECT_EQ(modelFormatOf("b.dsm"), ModelFormat::Digitscope);
    EXPECT_EQ(modelFormatOf("b.txt"), std::nullopt);
}

// Refusals: each names the file, and a refused node is named by op type and name.
class OnnxRefusal : public ::testing::Test {
protected:
    void expectRefused(const std::string& bytes, const std::string& problem) {
        SCOPED_TRACE("expecting '" + problem + "'");
        const auto path = m_dir / "model.onnx";
        writeText(path, bytes);
        try {
            loadModel(path);
            ADD_FAILURE() << "accepted";
        } catch (const FileError& error) {
            const std::string message = error.what();
            EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
            EXPECT_NE(message.find(problem), std::string::npos) << message;
        }
    }

    TempDir m_dir;
    Network m_network{makeArchitecture({784, 6, 10}, Activation::Relu, Loss::CrossEntropy), 3};
};

TEST_F(OnnxRefusal, MissingEmptyTruncatedOrNotOnnx) {
    EXPECT_THROW(loadModel(m_dir / "none.onnx"), FileError);
    expectRefused("", "empty file");
    expectRefused("digitscope-model 1\nhello", "not an ONNX model");
    const std::string bytes = OnnxModel::serialize(m_network, {{"k", "v"}});
    for (const std::size_t cut :
         {std::size_t{1}, std::size_t{17}, bytes.size() / 2, bytes.size() - 1})
        expectRefused(bytes.substr(0, cut), "");  // any FileError naming the file
    expectRefused(bytes.substr(0, bytes.size() / 2), "does not parse");
}

TEST_F(OnnxRefusal, UnsupportedNodesAreNamed) {
    TorchLikeGraph conv({1, 28, 28});
    conv.node("Conv", {conv.initializer("w", {4, 1, 3, 3}, std::vector<float>(36, 0.1f))});
    expectRefused(conv.flatten().layers(m_network, "Softmax").bytes(),
                  "unsupported Conv node '/0/Conv'");
    TorchLikeGraph dropout({784});
    dropout.linear(m_network, 0).activation("Relu").node("Dropout");
    expectRefused(dropout.bytes(), "Dropout node '/2/Dropout'");
    expectRefused(TorchLikeGraph({784}).layers(m_network, "Relu").bytes(),
                  "Relu node '/3/Relu': the last layer must end in Softmax, Sigmoid or nothing");
    TorchLikeGraph mixed({784});
    const Network deep(makeArchitecture({784, 4, 4, 10}, Activation::Relu, Loss::CrossEntropy), 1);
    mixed.linear(deep, 0).activation("Relu").linear(deep, 1).activation("Tanh").linear(deep, 2);
    expectRefused(mixed.bytes(), "Tanh node '/3/Tanh': the hidden layers mix relu and tanh");
    TorchLikeGraph stacked({784});
    stacked.linear(deep, 0).linear(deep, 1);
    expectRefused(stacked.bytes(), "Gemm node '/1/Gemm': two layers without an activation");
    TorchLikeGraph after({784});
    after.layers(m_network, "Softmax").activation("Relu");
    expectRefused(after.bytes(), "nothing may follow");
    TorchLikeGraph late({784});
    late.linear(m_network, 0).normalize(0.5f, 0.5f);
    expectRefused(late.bytes(), "Sub node");
    TorchLikeGraph byTensor({784});
    byTensor.node("Sub", {byTensor.initializer("mean", {784}, std::vector<float>(784, 0.1f))});
    expectRefused(byTensor.layers(m_network, "").bytes(), "one constant number");
    TorchLikeGraph alpha({784});
    alpha.layers(m_network, "");
    for (auto& attribute : *alpha.graph().mutable_node(0)->mutable_attribute())
        if (attribute.name() == "alpha") attribute.set_f(2.0f);
    expectRefused(alpha.bytes(), "Gemm node '/0/Gemm': only alpha = beta = 1");
    TorchLikeGraph axis({784});
    axis.layers(m_network, "");
    TorchLikeGraph::setInt(axis.node("Softmax"), "axis", 0);
    expectRefused(axis.bytes(), "Softmax node '/3/Softmax'");
    TorchLikeGraph domain({784});
    domain.layers(m_network, "Softmax");
    domain.graph().mutable_node(3)->set_domain("com.microsoft");
    expectRefused(domain.bytes(), "operator domain 'com.microsoft'");
}

TEST_F(OnnxRefusal, WrongShapesAndData) {
    // No Flatten before the first layer of an image input.
    expectRefused(TorchLikeGraph({1, 28, 28}).layers(m_network, "").bytes(),
                  "Gemm node '/0/Gemm': its input has 4 dimensions");
    // Weights made for another input size.
    expectRefused(TorchLikeGraph({1, 28, 27}).flatten().layers(m_network, "").bytes(),
                  "its weights are 6 x 784 for an input of 756 values");
    TorchLikeGraph bias({784});
    TorchLikeGraph::setInt(
        bias.node("Gemm", {bias.initializer("w", {6, 784}, std::vector<float>(6 * 784, 0.0f)),
                           bias.initializer("b", {7}, std::vector<float>(7, 0.0f))}),
        "transB", 1);
    expectRefused(bias.bytes(), "its bias must be a constant vector of 6 values");
    TorchLikeGraph raw({784});
    raw.layers(m_network, "");
    raw.graph().mutable_initializer(0)->mutable_raw_data()->resize(100);
    expectRefused(raw.bytes(), "has 100 bytes of data for 4704 floats");
    TorchLikeGraph type({784});
    type.layers(m_network, "");
    type.graph().mutable_initializer(0)->set_data_type(onnx::TensorProto::DOUBLE);
    expectRefused(type.bytes(), "is not float32");
    TorchLikeGraph external({784});
    external.layers(m_network, "");
    external.graph().mutable_initializer(0)->set_data_location(onnx::TensorProto::EXTERNAL);
    expectRefused(external.bytes(), "external file");
    TorchLikeGraph nan({784});
    nan.layers(m_network, "");
    float* first =
        reinterpret_cast<float*>(nan.graph().mutable_initializer(0)->mutable_raw_data()->data());
    first[3] = std::numeric_limits<float>::infinity();
    expectRefused(nan.bytes(), "NaN or infinite");
    TorchLikeGraph input({784});
    input.graph().mutable_input(0)->mutable_type()->mutable_tensor_type()->set_elem_type(
        onnx::TensorProto::UINT8);
    expectRefused(input.layers(m_network, "").bytes(), "not a float32 tensor");
    TorchLikeGraph two({784});
    *two.graph().add_input() = two.graph().input(0);
    two.graph().mutable_input(1)->set_name("second");
    expectRefused(two.layers(m_network, "").bytes(), "more than one input");
    TorchLikeGraph symbolic({784});
    symbolic.graph()
        .mutable_input(0)
        ->mutable_type()
        ->mutable_tensor_type()
        ->mutable_shape()
        ->mutable_dim(1)
        ->set_dim_param("features");
    expectRefused(symbolic.layers(m_network, "").bytes(), "fixed sizes");
}

TEST_F(OnnxRefusal, ArchitectureLimits) {
    TorchLikeGraph wide({4});
    TorchLikeGraph::setInt(
        wide.node("Gemm", {wide.initializer("w", {4097, 4}, std::vector<float>(4097 * 4, 0.0f))}),
        "transB", 1);
    expectRefused(wide.bytes(), "Gemm node '/0/Gemm': 4097 units (1 to 4096");
    const Network deep(
        makeArchitecture({4, 2, 2, 2, 2, 2, 2, 2, 2, 2}, Activation::Relu, Loss::CrossEntropy), 1);
    TorchLikeGraph graph({4});
    graph.layers(deep, "Softmax");
    const Network tail(makeArchitecture({2, 2, 2}, Activation::Relu, Loss::CrossEntropy), 1);
    // Nine hidden layers: the deep network's eight plus one more.
    TorchLikeGraph nine({4});
    for (int l = 0; l < deep.layerCount(); ++l) nine.linear(deep, l).activation("Relu");
    nine.linear(tail, 0);
    expectRefused(nine.bytes(), "more than 8 hidden layers");
    EXPECT_NO_THROW(OnnxModel::parse(graph.bytes(), "eight hidden layers are fine"));
}

TEST_F(OnnxRefusal, TheGraphMustEndInItsOutput) {
    TorchLikeGraph graph({784});
    graph.layers(m_network, "Softmax");
    std::string bytes = graph.bytes();
    onnx::ModelProto model = decode(bytes);
    model.mutable_graph()->mutable_output(0)->set_name("/2/Gemm_output_0");
    model.SerializeToString(&bytes);
    expectRefused(bytes, "output is not the end of its chain");
    model.mutable_graph()->clear_node();
    model.SerializeToString(&bytes);
    expectRefused(bytes, "");
    model.clear_opset_import();
    model.SerializeToString(&bytes);
    expectRefused(bytes, "no ai.onnx opset");
}

}  // namespace
}  // namespace digitscope::core
