#include "core/nn/network.h"
#include "core/nn/weight_gradient16.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

Architecture makeArchitecture(std::vector<int> sizes, Activation hidden, Loss loss) {
    Architecture arch;
    arch.sizes = std::move(sizes);
    arch.hidden = hidden;
    arch.loss = loss;
    return arch;
}

// 2-2-2: W0 = [1 -1; 0.5 2], b0 = [0; -1], W1 = [1 0; -1 1], b1 = [0.5; 0].
Network handNetwork(Activation hidden, Loss loss) {
    Network network(makeArchitecture({2, 2, 2}, hidden, loss), 1);
    std::vector<float> buffer(static_cast<std::size_t>(network.layout().size()));
    const std::span<float> p(buffer);
    const ParameterLayout& layout = network.layout();
    MatrixMap w0 = layout.weights(p, 0);
    w0 << 1.0f, -1.0f, 0.5f, 2.0f;
    layout.biases(p, 0) << 0.0f, -1.0f;
    MatrixMap w1 = layout.weights(p, 1);
    w1 << 1.0f, 0.0f, -1.0f, 1.0f;
    layout.biases(p, 1) << 0.5f, 0.0f;
    network.setParameters(buffer);
    return network;
}

TEST(ParameterLayout, OffsetsAreWeightsThenBiasesLayerByLayer) {
    const ParameterLayout layout({3, 4, 2});
    EXPECT_EQ(layout.layerCount(), 2);
    EXPECT_EQ(layout.size(), 3 * 4 + 4 + 4 * 2 + 2);
    EXPECT_EQ(layout.inputsOf(1), 4);
    EXPECT_EQ(layout.outputsOf(1), 2);
    std::vector<float> buffer(static_cast<std::size_t>(layout.size()));
    const std::span<float> span(buffer);
    EXPECT_EQ(layout.weights(span, 0).data() - buffer.data(), 0);
    EXPECT_EQ(layout.biases(span, 0).data() - buffer.data(), 12);
    EXPECT_EQ(layout.weights(span, 1).data() - buffer.data(), 16);
    EXPECT_EQ(layout.biases(span, 1).data() - buffer.data(), 24);
    EXPECT_EQ(layout.weights(span, 0).rows(), 4);
    EXPECT_EQ(layout.weights(span, 0).cols(), 3);
    EXPECT_EQ(layout.biases(span, 1).size(), 2);
    // W is column-major: W(r, c) sits at offset + c * rows + r.
    for (std::size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<float>(i);
    EXPECT_EQ(layout.weights(span, 0)(2, 1), 1 * 4 + 2);
    EXPECT_EQ(layout.weights(span, 1)(1, 3), 16 + 3 * 2 + 1);
    const std::span<const float> constant(buffer);
    EXPECT_EQ(layout.weights(constant, 1)(0, 2), 16 + 2 * 2);
    EXPECT_EQ(layout.biases(constant, 1)(1), 25);
}

TEST(Network, LayoutMatchesTheArchitecture) {
    const Network network(
        makeArchitecture({784, 16, 16, 10}, Activation::Relu, Loss::CrossEntropy));
    EXPECT_EQ(network.layout().size(), 13002);
    EXPECT_EQ(network.parameters().size(), 13002u);
    EXPECT_EQ(network.layerCount(), 3);
    EXPECT_EQ(network.weights(2).rows(), 10);
    EXPECT_EQ(network.weights(2).cols(), 16);
}

TEST(Network, ForwardMatchesHandComputedReluSoftmax) {
    const Network network = handNetwork(Activation::Relu, Loss::CrossEntropy);
    Matrix x(2, 1);
    x << 1.0f, 2.0f;
    ForwardTrace trace;
    network.forward(x, trace);
    ASSERT_EQ(trace.preActivations.size(), 2u);
    ASSERT_EQ(trace.activations.size(), 3u);
    EXPECT_EQ(trace.activations[0], x);
    // z0 = [1*1 - 1*2 + 0, 0.5*1 + 2*2 - 1] = [-1, 3.5]; relu -> [0, 3.5]
    EXPECT_FLOAT_EQ(trace.preActivations[0](0, 0), -1.0f);
    EXPECT_FLOAT_EQ(trace.preActivations[0](1, 0), 3.5f);
    EXPECT_FLOAT_EQ(trace.activations[1](0, 0), 0.0f);
    EXPECT_FLOAT_EQ(trace.activations[1](1, 0), 3.5f);
    // z1 = [1*0 + 0*3.5 + 0.5, -1*0 + 1*3.5 + 0] = [0.5, 3.5]
    EXPECT_FLOAT_EQ(trace.preActivations[1](0, 0), 0.5f);
    EXPECT_FLOAT_EQ(trace.preActivations[1](1, 0), 3.5f);
    // softmax: p1 = 1 / (1 + e^-3) = 0.9525741, p0 = 0.0474259
    EXPECT_NEAR(trace.output()(0, 0), 0.0474259f, 1e-6);
    EXPECT_NEAR(trace.output()(1, 0), 0.9525741f, 1e-6);
}

TEST(Network, ForwardMatchesHandComputedTanhSigmoidBatch) {
    const Network network = handNetwork(Activation::Tanh, Loss::SquaredError);
    Matrix x(2, 2);
    x << 1.0f, 0.0f,  //
        2.0f, 0.0f;
    ForwardTrace trace;
    network.forward(x, trace);
    // Column 0: z0 = [-1, 3.5]; a = [tanh(-1), tanh(3.5)] = [-0.7615942, 0.9981779]
    EXPECT_NEAR(trace.activations[1](0, 0), -0.7615942f, 1e-6);
    EXPECT_NEAR(trace.activations[1](1, 0), 0.9981779f, 1e-6);
    // z1 = [-0.7615942 + 0.5, 0.7615942 + 0.9981779] = [-0.2615942, 1.7597721]
    EXPECT_NEAR(trace.preActivations[1](0, 0), -0.2615942f, 1e-6);
    EXPECT_NEAR(trace.preActivations[1](1, 0), 1.7597721f, 1e-6);
    // sigmoid outputs: 0.4349719, 0.8531811
    EXPECT_NEAR(trace.output()(0, 0), 0.4349719f, 1e-6);
    EXPECT_NEAR(trace.output()(1, 0), 0.8531811f, 1e-6);
    // Column 1 (x = 0): z0 = b0 = [0, -1]; a = [0, -0.7615942]; z1 = [0.5, -0.7615942]
    EXPECT_NEAR(trace.preActivations[1](0, 1), 0.5f, 1e-6);
    EXPECT_NEAR(trace.preActivations[1](1, 1), -0.7615942f, 1e-6);
    EXPECT_NEAR(trace.output()(0, 1), 0.6224593f, 1e-6);
    EXPECT_NEAR(trace.output()(1, 1), 0.3183003f, 1e-6);
}

TEST(Network, ScoreBatchLossesByHand) {
    Matrix output(3, 2);
    output << 0.2f, 0.1f,  //
        0.7f, 0.3f,        //
        0.1f, 0.6f;
    const std::vector<std::uint8_t> labels{1, 0};
    const Network xent(makeArchitecture({2, 3}, Activation::Relu, Loss::CrossEntropy));
    const BatchStats s = xent.scoreBatch(output, labels);
    EXPECT_NEAR(s.lossSum, -std::log(0.7) - std::log(0.1), 1e-5);
    EXPECT_EQ(s.correct, 1);  // column 0 predicts 1 (right), column 1 predicts 2 (wrong)
    const Network mse(makeArchitecture({2, 3}, Activation::Relu, Loss::SquaredError));
    const BatchStats q = mse.scoreBatch(output, labels);
    // 0.5 * [(0.2^2 + 0.3^2 + 0.1^2) + (0.9^2 + 0.3^2 + 0.6^2)] = 0.5 * (0.14 + 1.26)
    EXPECT_NEAR(q.lossSum, 0.7, 1e-5);
    EXPECT_EQ(q.correct, 1);
}

TEST(Network, CrossEntropyOfAZeroProbabilityIsLargeButFinite) {
    Matrix output(2, 1);
    output << 1.0f, 0.0f;
    const Network network(makeArchitecture({2, 2}, Activation::Relu, Loss::CrossEntropy));
    const std::vector<std::uint8_t> labels{1};
    const BatchStats s = network.scoreBatch(output, labels);
    EXPECT_TRUE(std::isfinite(s.lossSum));
    EXPECT_GT(s.lossSum, 20.0);
}

// An independent double-precision forward pass over the same flat buffer, reading the layout
// by hand (W column-major out x in, then b), returning the mean loss of the batch.
double referenceLoss(const Architecture& arch, const std::vector<double>& p,
                     const Eigen::MatrixXd& input, const std::vector<std::uint8_t>& labels) {
    Eigen::MatrixXd a = input;
    std::size_t offset = 0;
    const int layers = arch.layerCount();
    for (int l = 0; l < layers; ++l) {
        const int in = arch.sizes[l], out = arch.sizes[l + 1];
        Eigen::MatrixXd w(out, in);
        for (int c = 0; c < in; ++c)
            for (int r = 0; r < out; ++r)
                w(r, c) = p[offset + static_cast<std::size_t>(c * out + r)];
        offset += static_cast<std::size_t>(in * out);
        Eigen::VectorXd b(out);
        for (int r = 0; r < out; ++r) b(r) = p[offset + static_cast<std::size_t>(r)];
        offset += static_cast<std::size_t>(out);
        Eigen::MatrixXd z = w * a;
        z.colwise() += b;
        if (l + 1 < layers) {
            switch (arch.hidden) {
                case Activation::Sigmoid:
                    a = (1.0 + (-z.array()).exp()).inverse();
                    break;
                case Activation::Relu:
                    a = z.cwiseMax(0.0);
                    break;
                case Activation::Tanh:
                    a = z.array().tanh();
                    break;
            }
        } else {
            a = z;
        }
    }
    double loss = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
        const int label = labels[static_cast<std::size_t>(j)];
        if (arch.loss == Loss::CrossEntropy) {
            const double m = a.col(j).maxCoeff();
            const double logSum = m + std::log((a.col(j).array() - m).exp().sum());
            loss += logSum - a(label, j);
        } else {
            for (Eigen::Index k = 0; k < a.rows(); ++k) {
                const double s = 1.0 / (1.0 + std::exp(-a(k, j)));
                const double y = k == label ? 1.0 : 0.0;
                loss += 0.5 * (s - y) * (s - y);
            }
        }
    }
    return loss / static_cast<double>(a.cols());
}

struct GradientCase {
    Activation hidden;
    Loss loss;
};

class NetworkGradient : public ::testing::TestWithParam<GradientCase> {};

TEST_P(NetworkGradient, MatchesCentralDifferencesOfAnIndependentReference) {
    const Architecture arch = makeArchitecture({5, 4, 3, 4}, GetParam().hidden, GetParam().loss);
    Network network(arch, 7);
    // Non-zero biases, so that relu units sit well away from their kink.
    std::mt19937_64 rng(99);
    std::normal_distribution<float> normal(0.0f, 0.8f);
    std::vector<float> p(network.parameters().begin(), network.parameters().end());
    for (float& v : p) v = normal(rng);
    network.setParameters(p);

    constexpr int kBatch = 6;
    Matrix x(5, kBatch);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = normal(rng);
    const std::vector<std::uint8_t> labels{0, 3, 1, 2, 3, 1};

    GradientWorkspace workspace;
    std::vector<float> gradient(p.size(), 12345.0f);  // stale values must be overwritten
    const BatchStats stats = network.computeGradient(x, labels, workspace, gradient);

    std::vector<double> pd(p.begin(), p.end());
    const Eigen::MatrixXd xd = x.cast<double>();
    const double loss = referenceLoss(arch, pd, xd, labels);
    EXPECT_NEAR(stats.lossSum / kBatch, loss, 1e-5 * std::max(1.0, loss));

    Matrix output;
    network.predictBatch(x, workspace, output);
    const BatchStats scored = network.scoreBatch(output, labels);
    EXPECT_NEAR(scored.lossSum, stats.lossSum, 1e-5);
    EXPECT_EQ(scored.correct, stats.correct);

    const double h = 1e-6;
    double worst = 0;
    for (std::size_t i = 0; i < pd.size(); ++i) {
        std::vector<double> plus = pd, minus = pd;
        plus[i] += h;
        minus[i] -= h;
        const double numeric =
            (referenceLoss(arch, plus, xd, labels) - referenceLoss(arch, minus, xd, labels)) /
            (2 * h);
        const double analytic = gradient[i];
        const double error =
            std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), 1e-3});
        worst = std::max(worst, error);
        EXPECT_LT(error, 1e-3) << "parameter " << i << ": analytic " << analytic << ", numeric "
                               << numeric;
    }
    RecordProperty("worst_relative_error", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(EveryHiddenTimesEveryLoss, NetworkGradient,
                         ::testing::Values(GradientCase{Activation::Sigmoid, Loss::CrossEntropy},
                                           GradientCase{Activation::Relu, Loss::CrossEntropy},
                                           GradientCase{Activation::Tanh, Loss::CrossEntropy},
                                           GradientCase{Activation::Sigmoid, Loss::SquaredError},
                                           GradientCase{Activation::Relu, Loss::SquaredError},
                                           GradientCase{Activation::Tanh, Loss::SquaredError}),
                         [](const ::testing::TestParamInfo<GradientCase>& p) {
                             return toString(p.param.hidden) + "_" + toString(p.param.loss);
                         });

// The 16-unit weight-gradient kernel must give exactly Eigen's product (trained models are
// compared bit for bit), for every shape it accepts, and refuse the others.
TEST(WeightGradient16, PortableBuildsUseEigensProductSoEveryCpuTrainsTheSameWeights) {
    // The AVX-512 kernel itself is checked by digitscope_avx512_tests (weight_gradient16_test).
    Matrix delta = Matrix::Ones(16, 32);
    Matrix input = Matrix::Ones(784, 32);
    std::vector<float> buffer(16 * 784, -1.0f);
    const bool usedKernel =
        detail::weightGradient16(delta, input, MatrixMap(buffer.data(), 16, 784));
#if defined(__AVX512F__)
    EXPECT_TRUE(usedKernel) << "a native AVX-512 build should use the kernel for this shape";
#else
    EXPECT_FALSE(usedKernel);
    EXPECT_EQ(buffer.front(), -1.0f) << "nothing may be written when the kernel is not used";
#endif
}

TEST(Network, SameSeedSameWeightsDifferentSeedDifferent) {
    const Architecture arch = makeArchitecture({20, 8, 10}, Activation::Relu, Loss::CrossEntropy);
    const Network a(arch, 42), b(arch, 42), c(arch, 43);
    ASSERT_EQ(a.parameters().size(), b.parameters().size());
    EXPECT_EQ(
        std::memcmp(a.parameters().data(), b.parameters().data(), a.parameters().size_bytes()), 0);
    EXPECT_NE(
        std::memcmp(a.parameters().data(), c.parameters().data(), a.parameters().size_bytes()), 0);
    Network d(arch, 1);
    d.initialize(42);
    EXPECT_TRUE(std::equal(a.parameters().begin(), a.parameters().end(), d.parameters().begin()));
}

double standardDeviation(ConstMatrixMap w) {
    const double mean = w.cast<double>().mean();
    return std::sqrt((w.cast<double>().array() - mean).square().mean());
}

TEST(Network, HeInitialisationForReluXavierForTheRest) {
    const Network relu(makeArchitecture({400, 300, 10}, Activation::Relu, Loss::CrossEntropy), 3);
    // Hidden layer: He, sqrt(2 / 400) = 0.0707; output layer: Xavier, sqrt(2 / 310) = 0.0803.
    EXPECT_NEAR(standardDeviation(relu.weights(0)), std::sqrt(2.0 / 400),
                0.03 * std::sqrt(2.0 / 400));
    EXPECT_NEAR(standardDeviation(relu.weights(1)), std::sqrt(2.0 / 310),
                0.08 * std::sqrt(2.0 / 310));
    EXPECT_NEAR(relu.weights(0).cast<double>().mean(), 0.0, 0.002);
    EXPECT_TRUE(relu.biases(0).isZero(0));
    EXPECT_TRUE(relu.biases(1).isZero(0));

    for (Activation hidden : {Activation::Sigmoid, Activation::Tanh}) {
        const Network net(makeArchitecture({400, 300, 10}, hidden, Loss::CrossEntropy), 3);
        // Xavier: sqrt(2 / (400 + 300)) = 0.0535
        EXPECT_NEAR(standardDeviation(net.weights(0)), std::sqrt(2.0 / 700),
                    0.03 * std::sqrt(2.0 / 700));
    }
}

TEST(Network, PredictEqualsTheForwardColumn) {
    const Network network(makeArchitecture({6, 5, 4, 3}, Activation::Tanh, Loss::CrossEntropy), 11);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Matrix x(6, 4);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = uniform(rng);
    ForwardTrace trace;
    network.forward(x, trace);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const Vector p = network.predict(x.col(j));
        ASSERT_EQ(p.size(), 3);
        EXPECT_TRUE(p.isApprox(trace.output().col(j), 1e-6f)) << "column " << j;
        EXPECT_NEAR(p.sum(), 1.0f, 1e-5);
    }
}

TEST(Network, PredictBatchEqualsForward) {
    const Network network(makeArchitecture({6, 5, 4, 3}, Activation::Sigmoid, Loss::SquaredError),
                          11);
    std::mt19937_64 rng(6);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    GradientWorkspace workspace;
    Matrix output;
    for (int batch : {7, 2, 7}) {  // the workspace follows a change of batch shape
        Matrix x(6, batch);
        for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = uniform(rng);
        ForwardTrace trace;
        network.forward(x, trace);
        network.predictBatch(x, workspace, output);
        ASSERT_EQ(output.rows(), 3);
        ASSERT_EQ(output.cols(), batch);
        EXPECT_TRUE(output.isApprox(trace.output(), 1e-6f));
    }
}

TEST(Network, RefusesWrongSizes) {
    Network network(makeArchitecture({4, 3, 2}, Activation::Relu, Loss::CrossEntropy));
    ForwardTrace trace;
    EXPECT_THROW(network.forward(Matrix::Zero(5, 1), trace), ConfigError);
    EXPECT_THROW(network.predict(Vector::Zero(3)), ConfigError);
    const std::vector<float> wrong(static_cast<std::size_t>(network.layout().size()) + 1, 0.0f);
    try {
        network.setParameters(wrong);
        ADD_FAILURE();
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("4-3-2"), std::string::npos) << error.what();
    }
    Architecture bad;
    bad.sizes = {4, 0, 2};
    EXPECT_THROW(Network{bad}, ConfigError);
}

TEST(Network, SetParametersCopiesTheValues) {
    Network network(makeArchitecture({2, 3, 2}, Activation::Relu, Loss::CrossEntropy));
    std::vector<float> values(static_cast<std::size_t>(network.layout().size()));
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.25f * static_cast<float>(i);
    network.setParameters(values);
    EXPECT_TRUE(std::equal(values.begin(), values.end(), network.parameters().begin()));
    EXPECT_FLOAT_EQ(network.biases(1)(1), 0.25f * (6 + 3 + 6 + 1));
}

// A network with an input normalisation computes what the same weights compute on inputs
// normalised beforehand, bit for bit, in every entry point; the trace keeps the raw input.
TEST(Network, InputNormalizationIsAppliedBeforeTheFirstLayer) {
    Architecture arch = makeArchitecture({6, 5, 3}, Activation::Relu, Loss::CrossEntropy);
    const Network plain(arch, 21);
    arch.normalization = InputNormalization{0.1307f, 0.3081f};
    Network normalizing(arch, 0);
    normalizing.setParameters(plain.parameters());
    std::mt19937_64 rng(8);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Matrix x(6, 4);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = uniform(rng);
    const Matrix normalized = (x.array() - 0.1307f) / 0.3081f;
    ForwardTrace expected, trace;
    plain.forward(normalized, expected);
    normalizing.forward(x, trace);
    EXPECT_EQ(trace.activations[0], x) << "the view shows the raw input";
    EXPECT_EQ(trace.preActivations[0], expected.preActivations[0]);
    EXPECT_EQ(trace.output(), expected.output());
    EXPECT_EQ(normalizing.predict(x.col(2)), plain.predict(normalized.col(2)));
    GradientWorkspace workspace;
    Matrix output;
    normalizing.predictBatch(x, workspace, output);
    EXPECT_EQ(output, expected.output());
    // Training: the first layer's weight gradient uses the normalised input.
    const std::vector<std::uint8_t> labels{0, 1, 2, 1};
    std::vector<float> g1(plain.parameters().size()), g2(plain.parameters().size());
    GradientWorkspace w1, w2;
    const BatchStats s1 = plain.computeGradient(normalized, labels, w1, g1);
    const BatchStats s2 = normalizing.computeGradient(x, labels, w2, g2);
    EXPECT_EQ(s1.lossSum, s2.lossSum);
    EXPECT_EQ(g1, g2);
    // Without normalisation, a network's output differs (the test would notice a no-op).
    plain.forward(x, trace);
    EXPECT_NE(trace.output(), expected.output());
}

TEST(Network, RefusesAnUnusableInputNormalization) {
    for (const InputNormalization n :
         {InputNormalization{0.5f, 0.0f}, InputNormalization{0.5f, -1.0f},
          InputNormalization{std::nanf(""), 1.0f}, InputNormalization{0.0f, INFINITY},
          InputNormalization{2e6f, 1.0f}}) {
        Architecture arch = makeArchitecture({4, 3, 2}, Activation::Relu, Loss::CrossEntropy);
        arch.normalization = n;
        EXPECT_THROW(Network{arch}, ConfigError) << n.mean << " " << n.stdDev;
    }
}

}  // namespace
}  // namespace digitscope::core
