#include "core/explain/digit_gate.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

float parseThreshold(const std::map<std::string, std::string>& metadata,
                     const std::string& source) {
    const auto found = metadata.find("threshold");
    if (found == metadata.end()) throw FileError(source, "a digit gate needs `meta threshold <p>`");
    const std::string& text = found->second;
    float value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !(value > 0 && value < 1))
        throw FileError(
            source, "the gate's threshold must be a number between 0 and 1, not '" + text + "'");
    return value;
}

}  // namespace

DigitGate::DigitGate(Model model, const std::string& source) : m_model(std::move(model)) {
    const Architecture& architecture = m_model.network.architecture();
    if (architecture.inputSize() != 28 * 28 || architecture.outputSize() != 2 ||
        architecture.loss != Loss::CrossEntropy)
        throw FileError(source, "a digit gate maps 784 inputs to 2 softmax outputs, not " +
                                    architecture.sizesString() + " " + toString(architecture.loss));
    m_threshold = parseThreshold(m_model.metadata, source);
}

DigitGate DigitGate::load(const std::filesystem::path& path) {
    return DigitGate(ModelFile::load(path), path.string());
}

DigitGate DigitGate::parse(std::string_view bytes, const std::string& source) {
    return DigitGate(ModelFile::parse(bytes, source), source);
}

float DigitGate::nonDigitScore(const Eigen::Ref<const Eigen::VectorXf>& input) const {
    return m_model.network.predict(input)(kNotADigit);
}

Eigen::VectorXf DigitGate::nonDigitScores(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const {
    GradientWorkspace workspace;
    Matrix outputs;  // 2 x B
    m_model.network.predictBatch(inputs, workspace, outputs);
    return outputs.row(kNotADigit).transpose();
}

Assessment assessInput(const Network& classifier, const DigitGate& gate,
                       const Eigen::Ref<const Eigen::VectorXf>& input) {
    Assessment result;
    result.outputs = classifier.predict(input);
    Eigen::Index best = 0;
    result.outputs.maxCoeff(&best);
    result.digit = static_cast<int>(best);
    if (input.size() > 0 && input.maxCoeff() > 0) {
        result.nonDigitScore = gate.nonDigitScore(input);
        result.unsure = result.nonDigitScore >= gate.threshold();
    }
    return result;
}

}  // namespace digitscope::core
