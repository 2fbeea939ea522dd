#pragma once

#include <Eigen/Core>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/io/model_file.h"
#include "core/nn/network.h"

namespace digitscope::core {

// "Does this look like a digit at all?" A small network of its own, apart from the classifier
// the user picked: 784 inputs (the network input of a drawing, as every classifier reads it) and
// two softmax outputs, "a digit" and "not a digit", trained on MNIST, real pen digits and
// generated non-digits (makeNonDigit) by `digitscope-unsure --fit` (scripts/fit-digit-gate.sh).
// It does not read the classifier's weights, so it serves every model, bundled, opened or
// trained in the app, and survives the bundled models being retrained.
//
// The file is a model file (ModelFile) with `meta threshold <p>`: an input is flagged when
// p(not a digit) >= threshold.
class DigitGate {
public:
    static constexpr int kDigit = 0;
    static constexpr int kNotADigit = 1;

    // Throws FileError naming `source` unless the network maps 784 inputs to 2 softmax outputs
    // and the metadata holds a threshold strictly between 0 and 1.
    DigitGate(Model model, const std::string& source);
    static DigitGate load(const std::filesystem::path& path);
    static DigitGate parse(std::string_view bytes, const std::string& source);

    // input: 784 values in [0, 1]. p(not a digit), 0 to 1.
    float nonDigitScore(const Eigen::Ref<const Eigen::VectorXf>& input) const;
    // X: 784 x B -> B scores.
    Eigen::VectorXf nonDigitScores(const Eigen::Ref<const Eigen::MatrixXf>& inputs) const;
    bool flags(const Eigen::Ref<const Eigen::VectorXf>& input) const {
        return nonDigitScore(input) >= m_threshold;
    }

    float threshold() const { return m_threshold; }
    const Network& network() const { return m_model.network; }
    const std::map<std::string, std::string>& metadata() const { return m_model.metadata; }

private:
    Model m_model;
    float m_threshold = 0.5f;
};

// What the app and the CLI say about one input: the classifier's answer, and whether to trust
// that it is a digit at all.
struct Assessment {
    Eigen::VectorXf outputs;  // the classifier's output layer (10 values)
    int digit = -1;           // the largest output
    float nonDigitScore = 0;  // the gate's p(not a digit)
    bool unsure = false;      // the gate flags it: "doesn't look like a digit"
};

// input: 784 values. An all-zero input (nothing drawn) is never unsure.
Assessment assessInput(const Network& classifier, const DigitGate& gate,
                       const Eigen::Ref<const Eigen::VectorXf>& input);

}  // namespace digitscope::core
