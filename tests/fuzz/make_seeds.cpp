// Writes the fuzz targets' seed corpus: digitscope_fuzz_seeds <tests/fuzz/corpus>.
// Files named valid_* must be accepted and invalid_* refused (tests/*/fuzz_regression_test.cpp
// checks both), so the seeds also pin down the readers' behaviour on them.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/io/model_file.h"
#include "core/io/onnx_model.h"
#include "core/nn/network.h"
#include "core/onnx_test_graph.h"
#include "fuzz/idx_input.h"

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace fs = std::filesystem;

void write(const fs::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    std::printf("%s (%zu bytes)\n", path.c_str(), bytes.size());
}

Bytes withMode(std::uint8_t mode, const Bytes& file) {
    Bytes out{mode};
    out.insert(out.end(), file.begin(), file.end());
    return out;
}

Bytes withMode(std::uint8_t mode, const std::string& file) {
    return withMode(mode, Bytes(file.begin(), file.end()));
}

// An IDX file of unsigned bytes with the given dimensions and data.
Bytes idx(const std::vector<std::uint32_t>& dims, const Bytes& data) {
    Bytes out{0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
    for (std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(d >> shift));
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

void idxSeeds(const fs::path& dir) {
    Bytes pixels(3 * 4 * 4);
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i * 37);
    const Bytes images = idx({3, 4, 4}, pixels);
    const Bytes labels = idx({3}, {7, 0, 9});
    write(dir / "valid_images_raw", withMode(0, images));
    write(dir / "valid_images_gzip", withMode(1, images));
    write(dir / "valid_labels_gz_file", withMode(0, digitscope::fuzz::gzipCompress(labels)));
    write(dir / "invalid_truncated", withMode(0, Bytes(images.begin(), images.end() - 5)));
    Bytes trailing = labels;
    trailing.push_back(1);
    write(dir / "invalid_trailing_gzip", withMode(1, trailing));
    write(dir / "invalid_float_type", withMode(0, Bytes{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0}));
    write(dir / "invalid_huge_dims", withMode(1, idx({0xffffffffu, 0xffffffffu, 2}, {})));
}

void modelSeeds(const fs::path& dir) {
    using digitscope::core::Activation;
    using digitscope::core::Architecture;
    using digitscope::core::Loss;
    using digitscope::core::ModelFile;
    using digitscope::core::Network;
    const std::string relu = ModelFile::serialize(
        Network(Architecture{{4, 3, 2}, Activation::Relu, Loss::CrossEntropy, std::nullopt}, 7),
        {{"dataset", "seed corpus"}, {"test_accuracy", "0.5"}});
    const std::string sigmoid = ModelFile::serialize(
        Network(Architecture{{4, 3, 3, 2}, Activation::Sigmoid, Loss::SquaredError, std::nullopt},
                8),
        {});
    const std::string tanh = ModelFile::serialize(
        Network(Architecture{{3, 2}, Activation::Tanh, Loss::CrossEntropy, std::nullopt}, 9),
        {{"k", "v"}});
    write(dir / "valid_4_3_2_relu", withMode(0, relu));
    write(dir / "valid_4_3_3_2_sigmoid_crcfix", withMode(1, sigmoid));
    write(dir / "valid_3_2_tanh", withMode(0, tanh));
    std::string corrupt = relu;
    corrupt[corrupt.size() - 2] ^= 0x40;
    write(dir / "invalid_checksum", withMode(0, corrupt));
    write(dir / "invalid_truncated", withMode(1, relu.substr(0, relu.size() - 3)));
    write(dir / "invalid_version", withMode(0, std::string("digitscope-model 3\ndata\n")));
}

// ONNX seeds: small graphs as digitscope and PyTorch write them (see onnx_test_graph.h).
void onnxSeeds(const fs::path& dir) {
    using digitscope::core::Activation;
    using digitscope::core::Architecture;
    using digitscope::core::InputNormalization;
    using digitscope::core::Loss;
    using digitscope::core::Network;
    using digitscope::core::OnnxModel;
    using digitscope::testing::TorchLikeGraph;
    auto bytes = [](const std::string& s) { return Bytes(s.begin(), s.end()); };
    const Network relu(Architecture{{4, 3, 2}, Activation::Relu, Loss::CrossEntropy, std::nullopt},
                       7);
    Architecture normalized{{4, 3, 3, 2}, Activation::Tanh, Loss::SquaredError, std::nullopt};
    normalized.normalization = InputNormalization{0.1307f, 0.3081f};
    const std::string exported = OnnxModel::serialize(relu, {{"dataset", "seed corpus"}});
    write(dir / "valid_digitscope_relu", bytes(exported));
    write(dir / "valid_digitscope_tanh_mse_normalized",
          bytes(OnnxModel::serialize(Network(normalized, 8), {})));
    write(dir / "valid_torch_flatten_softmax",
          bytes(TorchLikeGraph({1, 2, 2}).flatten().layers(relu, "Softmax").bytes()));
    write(dir / "valid_torch_matmul_floatdata_logits",
          bytes(TorchLikeGraph({4})
                    .normalize(0.5f, 0.25f)
                    .layers(relu, "", TorchLikeGraph::Linear::MatMulAdd, true)
                    .bytes()));
    write(
        dir / "valid_torch_gemm_logsoftmax",
        bytes(
            TorchLikeGraph({4}).layers(relu, "LogSoftmax", TorchLikeGraph::Linear::Gemm).bytes()));
    write(dir / "invalid_truncated", bytes(exported.substr(0, exported.size() - 7)));
    TorchLikeGraph conv({1, 2, 2});
    conv.node("Conv", {conv.initializer("w", {1, 1, 1, 1}, {0.5f})});
    write(dir / "invalid_conv", bytes(conv.flatten().layers(relu, "Softmax").bytes()));
    write(dir / "invalid_relu_output", bytes(TorchLikeGraph({4}).layers(relu, "Relu").bytes()));
}

void strokeSeeds(const fs::path& dir) {
    auto text = [](const std::string& s) { return Bytes(s.begin(), s.end()); };
    write(
        dir / "valid_two_drawings.jsonl",
        text("{\"width\":40,\"height\":40,\"pen_width\":4,\"strokes\":[[[10,5],[12,20],[11,35]]]}\n"
             "{\"width\":30,\"height\":20,\"pen_width\":2.5,\"strokes\":[[[1,1],[29,19]],"
             "[[29,1],[1,19]]],\"label\":4}\n"));
    write(dir / "valid_tap.jsonl",
          text("{\"width\":16,\"height\":16,\"pen_width\":3,\"strokes\":[[[8,8]],[]]}\n"));
    write(dir / "invalid_no_strokes.jsonl",
          text("{\"width\":40,\"height\":40,\"pen_width\":4,\"strokes\":[]}\n"));
    // A pen leaving the pad a little is clamped; a point beyond one canvas size is refused.
    write(dir / "valid_slightly_outside.jsonl",
          text("{\"width\":40,\"height\":40,\"pen_width\":4,\"strokes\":[[[41,2]]]}\n"));
    write(dir / "invalid_far_outside.jsonl",
          text("{\"width\":40,\"height\":40,\"pen_width\":4,\"strokes\":[[[90,2]]]}\n"));
    write(dir / "valid_labelled.jsonl",
          text("{\"width\":500,\"height\":500,\"pen_width\":18,\"label\":7,\"writer\":\"12\","
               "\"strokes\":[[[10,20],[300,20],[150,480]],[[100,250],[250,250]]]}\n"));
    write(dir / "invalid_label.jsonl",
          text("{\"width\":500,\"height\":500,\"pen_width\":18,\"label\":10,"
               "\"strokes\":[[[10,20],[300,20]]]}\n"));
    write(dir / "invalid_malformed.jsonl", text("{\"width\":40,\"height\":"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <tests/fuzz/corpus>\n", argv[0]);
        return 2;
    }
    const fs::path root = argv[1];
    for (const char* target : {"idx_fuzz", "model_fuzz", "onnx_fuzz", "strokes_fuzz"})
        fs::create_directories(root / target);
    idxSeeds(root / "idx_fuzz");
    modelSeeds(root / "model_fuzz");
    onnxSeeds(root / "onnx_fuzz");
    strokeSeeds(root / "strokes_fuzz");
    return 0;
}
