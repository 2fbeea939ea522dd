// digitscope's side of the runtime checks (tests/runtime/*): runs a model on raw images.
//
//   digitscope_predict_raw MODEL IMAGES OUT
//
// MODEL is a .dsm or .onnx file (core::loadModel); IMAGES is N x inputs float32, one sample
// after the other (what both runtimes are given); OUT receives N x outputs float32, the same
// way. Errors: "error: ..." on stderr, exit code 1.
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "core/base/errors.h"
#include "core/io/model_io.h"
#include "core/nn/compute_threads.h"

namespace {

std::vector<float> readFloats(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    if (size < 0 || size % static_cast<std::streamoff>(sizeof(float)) != 0)
        throw digitscope::core::FileError(path, "cannot read it as float32 values");
    std::vector<float> values(static_cast<std::size_t>(size) / sizeof(float));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(values.data()), size);
    if (!in) throw digitscope::core::FileError(path, "read failed");
    return values;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: digitscope_predict_raw MODEL IMAGES OUT\n");
        return 2;
    }
    try {
        using namespace digitscope::core;
        enableFlushToZero();  // as digitscope-cli
        const Model model = loadModel(argv[1]);
        const std::vector<float> images = readFloats(argv[2]);
        const int inputs = model.network.architecture().inputSize();
        if (images.empty() || images.size() % static_cast<std::size_t>(inputs) != 0)
            throw FileError(argv[2],
                            "not a whole number of " + std::to_string(inputs) + "-value images");
        // X: inputs x N, column-major: sample after sample, as the file holds them.
        const ConstMatrixMap x(images.data(), inputs,
                               static_cast<Eigen::Index>(images.size()) / inputs);
        GradientWorkspace workspace;
        Matrix output;  // outputs x N, again sample after sample
        model.network.predictBatch(x, workspace, output);
        std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(output.data()),
                  static_cast<std::streamsize>(output.size() * sizeof(float)));
        if (!out) throw FileError(argv[3], "cannot write");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
    return 0;
}
