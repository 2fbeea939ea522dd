#pragma once

// Fitting the detectors compared for the "doesn't look like a digit" answer: the gate network
// (the one shipped) and a PCA density score on the input (the runner-up). Both are fitted on
// the same digits (MNIST's training set, plainly drawn 1s, 0s and 7s, the training writers' pen
// digits); the gate also sees generated non-digits. Thresholds come from validation digits no
// fit sees (MNIST training images 50,000-59,999), never from the measured sets.

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench/unsure/gate_data.h"
#include "core/data/dataset.h"
#include "core/input/drawing.h"
#include "core/io/model_file.h"

namespace digitscope::bench {

struct GateRecipe {
    std::string architecture = "784-64-2";
    int epochs = 6;
    int batchSize = 64;
    float learningRate = 1e-3f;  // Adam
    std::uint64_t seed = 1;
    float augmentStrength = 0.5f;   // the trainer's image distortions, for both classes
    int nonDigitsPerFamily = 5000;  // fitted families only
    int penCopies = 3;              // jittered redrawings of each training pen digit
    int lookalikesPerDigit = 2000;  // plainly drawn 1s, 0s and 7s (lookalikeDigit), as digits
    int mnistCount = 50'000;        // MNIST training images fitted on; the rest validate
    double digitRate = 0.005;       // share of validation digits the threshold flags
    double minThreshold = 0.5;      // never below even odds

    std::map<std::string, std::string> metadata() const;
};

// The threshold that flags at most `rate` of these scores (score >= threshold), at least
// `floor`.
float thresholdFor(const Eigen::VectorXf& digitScores, double rate, double floor);

// Scores of every sample of `set` under `score` (X: 784 x B -> B), in chunks.
using Score = std::function<Eigen::VectorXf(const Eigen::MatrixXf&)>;
Eigen::VectorXf scoreSet(const core::Dataset& set, const Score& score);

// train: labels 0 (digit) and 1 (not a digit). Returns the gate with `meta threshold`, set on
// `validationDigits`.
core::Model fitGate(const core::Dataset& train, const core::Dataset& validationDigits,
                    const GateRecipe& recipe);

// A Gaussian fitted to digit inputs in a principal subspace (probabilistic PCA, Tipping &
// Bishop 1999): score = sum z_i^2 / lambda_i over the first `components` + residual^2 / sigma^2
// (sigma^2: the mean of the other eigenvalues). Higher = less like the digits it was fitted on.
// MNIST and the real pen digits, read once.
struct Sources {
    core::Dataset mnistTrain;
    core::Dataset mnistTest;
    std::vector<core::Drawing> pen;
};
Sources readSources(const std::string& mnistDir, const std::string& penPath);

// What every fit shares: MNIST training digits as they are and restroked and plainly drawn 1s,
// 0s and 7s (label 0), generated non-digits of the fitted families (label 1); `validation` (the
// other MNIST training digits, as they are and restroked) sets the threshold.
struct FitBase {
    core::Dataset train;
    core::Dataset validation;
    struct Range {
        core::NonDigitFamily family;
        std::int64_t begin, end;  // samples of train
    };
    std::vector<Range> nonDigits;
};
FitBase makeFitBase(const Sources& sources, const GateRecipe& recipe);

// The pen digits of every writer outside `heldOutFold` (-1: all writers) added to base.train
// (taken out again before returning), and `fit` called on the lot.
template <typename Fit>
auto withPenDigits(FitBase& base, const Sources& sources, int heldOutFold, const GateRecipe& recipe,
                   const Fit& fit) {
    const std::int64_t baseCount = base.train.count;
    appendPenDigits(base.train, sources.pen, heldOutFold, false, recipe.penCopies, 0);
    auto result = fit(base.train, base.validation);
    base.train.truncate(baseCount);
    return result;
}

class PcaScore {
public:
    // Fitted on the samples of `set` labelled `label`.
    PcaScore(const core::Dataset& set, int label, int components);
    // X: 784 x B -> B scores.
    Eigen::VectorXf operator()(const Eigen::MatrixXf& inputs) const;
    float threshold = 0;

private:
    Eigen::VectorXf m_mean;        // 784
    Eigen::MatrixXf m_components;  // 784 x k
    Eigen::VectorXf m_variances;   // k
    float m_residualVariance = 1;
};

}  // namespace digitscope::bench
