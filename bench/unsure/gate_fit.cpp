#include "bench/unsure/gate_fit.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <vector>

#include "bench/unsure/gate_data.h"
#include "core/data/idx_reader.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"
#include "core/train/trainer.h"

namespace digitscope::bench {
namespace {

// The shortest text that reads back as the same value ("0.001" for 0.001f).
template <typename Real>
std::string number(Real value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

}  // namespace

std::map<std::string, std::string> GateRecipe::metadata() const {
    return {{"purpose", "digit gate: outputs p(digit), p(not a digit)"},
            {"fitted_by", "digitscope-unsure --fit (scripts/fit-digit-gate.sh)"},
            {"optimizer", "adam"},
            {"learning_rate", number(learningRate)},
            {"epochs", std::to_string(epochs)},
            {"batch", std::to_string(batchSize)},
            {"seed", std::to_string(seed)},
            {"augment", number(augmentStrength)},
            {"non_digits_per_family", std::to_string(nonDigitsPerFamily)},
            {"pen_copies", std::to_string(penCopies)},
            {"plain_digits_each", std::to_string(lookalikesPerDigit)},
            {"mnist_count", std::to_string(mnistCount)},
            {"validation_digit_rate", number(digitRate)}};
}

float thresholdFor(const Eigen::VectorXf& digitScores, double rate, double floor) {
    std::vector<float> sorted(digitScores.data(), digitScores.data() + digitScores.size());
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const auto allowed = static_cast<std::size_t>(rate * static_cast<double>(sorted.size()));
    float threshold = sorted.empty() ? 0.5f : sorted[std::min(allowed, sorted.size() - 1)];
    threshold = std::nextafter(threshold, 2.0f);  // the allowed ones lie above it, that one not
    return std::max(threshold, static_cast<float>(floor));
}

Eigen::VectorXf scoreSet(const core::Dataset& set, const Score& score) {
    Eigen::VectorXf result(set.count);
    constexpr std::int64_t kChunk = 2000;
    for (std::int64_t begin = 0; begin < set.count; begin += kChunk) {
        const std::int64_t end = std::min(set.count, begin + kChunk);
        result.segment(begin, end - begin) = score(floatsOf(set, begin, end));
    }
    return result;
}

core::Model fitGate(const core::Dataset& train, const core::Dataset& validationDigits,
                    const GateRecipe& recipe) {
    core::Architecture architecture;
    architecture.sizes = core::Architecture::parseSizes(recipe.architecture);
    core::TrainerSettings settings;
    settings.optimizer.kind = core::OptimizerKind::Adam;
    settings.optimizer.learningRate = recipe.learningRate;
    settings.schedule.kind = core::Schedule::Cosine;
    settings.batchSize = recipe.batchSize;
    settings.epochs = recipe.epochs;
    settings.seed = recipe.seed;
    settings.augment = recipe.augmentStrength > 0;
    settings.augmentStrength = recipe.augmentStrength;
    settings.reportEvery = 1000;
    core::Network network(architecture, recipe.seed);
    core::Trainer trainer(network, train, settings);
    while (!trainer.finished()) trainer.trainEpoch();

    core::Model model{network, recipe.metadata()};
    const Eigen::VectorXf scores = scoreSet(validationDigits, [&](const Eigen::MatrixXf& x) {
        core::GradientWorkspace workspace;
        core::Matrix out;
        network.predictBatch(x, workspace, out);
        return Eigen::VectorXf(out.row(1).transpose());
    });
    model.metadata["threshold"] =
        number(thresholdFor(scores, recipe.digitRate, recipe.minThreshold));
    return model;
}

Sources readSources(const std::string& mnistDir, const std::string& penPath) {
    const std::filesystem::path dir = mnistDir;
    using core::IdxReader;
    Sources s;
    s.mnistTrain = IdxReader::readTrainSet(dir);
    s.mnistTest = IdxReader::readTestSet(dir);
    s.pen = core::StrokeFile::read(penPath, {.requireLabels = true});
    return s;
}

FitBase makeFitBase(const Sources& s, const GateRecipe& recipe) {
    FitBase base{emptySet("gate-train"), emptySet("gate-validation"), {}};
    appendMnist(base.train, s.mnistTrain, 0, recipe.mnistCount, false, 0);
    appendMnist(base.train, s.mnistTrain, 0, recipe.mnistCount, true, 0);
    for (int digit : {1, 0, 7})
        for (int i = 0; i < recipe.lookalikesPerDigit; ++i)
            appendInput(base.train,
                        core::networkInput(lookalikeDigit(digit, kFitSeeds + std::uint64_t(i))), 0);
    for (core::NonDigitFamily family : core::kNonDigitFamilies) {
        if (!fittedFamily(family)) continue;
        const std::int64_t begin = base.train.count;
        appendNonDigits(base.train, family, kFitSeeds, recipe.nonDigitsPerFamily, 1);
        base.nonDigits.push_back({family, begin, base.train.count});
    }
    appendMnist(base.validation, s.mnistTrain, recipe.mnistCount, s.mnistTrain.count, false, 0);
    appendMnist(base.validation, s.mnistTrain, recipe.mnistCount, s.mnistTrain.count, true, 0);
    return base;
}

PcaScore::PcaScore(const core::Dataset& set, int label, int components) {
    const int features = set.featureSize();
    std::vector<std::int64_t> chosen;
    for (std::int64_t i = 0; i < set.count; ++i)
        if (set.labels[static_cast<std::size_t>(i)] == label) chosen.push_back(i);
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(features);
    Eigen::MatrixXd product = Eigen::MatrixXd::Zero(features, features);
    Eigen::MatrixXf chunk(features, 0);
    constexpr std::size_t kChunk = 2000;
    for (std::size_t begin = 0; begin < chosen.size(); begin += kChunk) {
        const std::size_t end = std::min(chosen.size(), begin + kChunk);
        chunk.resize(features, static_cast<Eigen::Index>(end - begin));
        for (std::size_t i = begin; i < end; ++i)
            core::pixelsToFloats(set.image(chosen[i]), features,
                                 chunk.col(static_cast<Eigen::Index>(i - begin)).data());
        sum += chunk.rowwise().sum().cast<double>();
        product += (chunk * chunk.transpose()).cast<double>();
    }
    const double n = static_cast<double>(chosen.size());
    const Eigen::VectorXd mean = sum / n;
    const Eigen::MatrixXd covariance = product / n - mean * mean.transpose();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    // Eigenvalues ascending: the last `components` are the principal ones.
    const Eigen::VectorXd values = solver.eigenvalues().cwiseMax(1e-6);
    m_mean = mean.cast<float>();
    m_components = solver.eigenvectors().rightCols(components).cast<float>();
    m_variances = values.tail(components).cast<float>();
    m_residualVariance = static_cast<float>(values.head(features - components).mean());
}

Eigen::VectorXf PcaScore::operator()(const Eigen::MatrixXf& inputs) const {
    const Eigen::MatrixXf centred = inputs.colwise() - m_mean;     // 784 x B
    const Eigen::MatrixXf z = m_components.transpose() * centred;  // k x B
    const Eigen::VectorXf inside =
        (z.array().square().colwise() / m_variances.array()).colwise().sum().transpose();
    const Eigen::VectorXf residual =
        (centred.colwise().squaredNorm() - z.colwise().squaredNorm()).transpose();
    return inside + residual / m_residualVariance;
}

}  // namespace digitscope::bench
