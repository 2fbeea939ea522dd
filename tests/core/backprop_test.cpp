#include "core/explain/backprop.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/base/errors.h"

namespace digitscope::core {
namespace {

using Aligned = std::vector<float, Eigen::aligned_allocator<float>>;

Architecture makeArchitecture(std::vector<int> sizes, Activation hidden, Loss loss) {
    Architecture arch;
    arch.sizes = std::move(sizes);
    arch.hidden = hidden;
    arch.loss = loss;
    return arch;
}

Vector randomInput(int size, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    Vector x(size);
    for (int i = 0; i < size; ++i) x(i) = uniform(rng) < 0.4f ? uniform(rng) : 0.0f;
    return x;
}

// Biases are zero after initialisation; random ones make every path of the tests count.
void randomizeBiases(Network& network, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.3f);
    std::vector<float> values(network.parameters().begin(), network.parameters().end());
    for (int l = 0; l < network.layerCount(); ++l) {
        VectorMap b = network.layout().biases(std::span<float>(values), l);
        for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = normal(rng);
    }
    network.setParameters(values);
}

std::string nameOf(const Architecture& arch) {
    return arch.sizesString() + " " + toString(arch.hidden) + " " + toString(arch.loss) +
           (arch.normalization ? " normalised" : "");
}

// The cost of one example in double precision, written independently of the network's code:
// parameters in the network's layout, the input raw.
struct Reference {
    Architecture arch;
    std::vector<Eigen::VectorXd> z;  // pre-activations of the last evaluation

    double cost(const std::vector<double>& parameters, Eigen::VectorXd a, int label) {
        if (arch.normalization)
            a = (a.array() - arch.normalization->mean) / arch.normalization->stdDev;
        z.clear();
        std::size_t offset = 0;
        for (std::size_t l = 0; l + 1 < arch.sizes.size(); ++l) {
            const int in = arch.sizes[l], out = arch.sizes[l + 1];
            const Eigen::Map<const Eigen::MatrixXd> w(parameters.data() + offset, out, in);
            offset += static_cast<std::size_t>(in) * static_cast<std::size_t>(out);
            const Eigen::Map<const Eigen::VectorXd> b(parameters.data() + offset, out);
            offset += static_cast<std::size_t>(out);
            Eigen::VectorXd next = w * a + b;
            z.push_back(next);
            const bool last = l + 2 == arch.sizes.size();
            if (!last) {
                for (Eigen::Index i = 0; i < next.size(); ++i) {
                    double& v = next(i);
                    switch (arch.hidden) {
                        case Activation::Sigmoid:
                            v = 1.0 / (1.0 + std::exp(-v));
                            break;
                        case Activation::Relu:
                            v = std::max(v, 0.0);
                            break;
                        case Activation::Tanh:
                            v = std::tanh(v);
                            break;
                    }
                }
            } else if (arch.loss == Loss::CrossEntropy) {
                const double m = next.maxCoeff();
                const double logSum = m + std::log((next.array() - m).exp().sum());
                return logSum - next(label);  // -log softmax_label
            } else {
                double c = 0;
                for (Eigen::Index k = 0; k < next.size(); ++k) {
                    const double o = 1.0 / (1.0 + std::exp(-next(k)));
                    const double y = k == label ? 1.0 : 0.0;
                    c += 0.5 * (o - y) * (o - y);
                }
                return c;
            }
            a = next;
        }
        return 0;
    }
};

std::vector<Architecture> everyKind(std::vector<int> sizes) {
    std::vector<Architecture> kinds;
    for (Activation hidden : {Activation::Relu, Activation::Sigmoid, Activation::Tanh})
        for (Loss loss : {Loss::CrossEntropy, Loss::SquaredError})
            kinds.push_back(makeArchitecture(sizes, hidden, loss));
    Architecture normalised = makeArchitecture(sizes, Activation::Tanh, Loss::CrossEntropy);
    normalised.normalization = InputNormalization{0.1307f, 0.3081f};
    kinds.push_back(normalised);
    return kinds;
}

// The trainer's own gradient for a batch of this one example: the same numbers, bit for bit.
TEST(Backprop, GivesTheTrainersGradientForOneExample) {
    for (const Architecture& arch : everyKind({784, 16, 16, 10})) {
        Network network(arch, 3);
        randomizeBiases(network, 4);
        const Vector x = randomInput(784, 5);
        const int label = 3;
        const BackpropExplanation e = explainBackprop(network, x, label);

        Aligned gradient(static_cast<std::size_t>(network.layout().size()));
        GradientWorkspace workspace;
        const std::uint8_t labels[] = {static_cast<std::uint8_t>(label)};
        const BatchStats stats =
            network.computeGradient(Matrix(x), labels, workspace, std::span<float>(gradient));
        EXPECT_NEAR(e.cost, stats.lossSum, 1e-5 * (1 + stats.lossSum)) << nameOf(arch);
        EXPECT_NEAR(e.costTerms.cast<double>().sum(), e.cost, 1e-6 * (1 + e.cost));
        ASSERT_EQ(e.layers.size(), 3u);
        for (int l = 0; l < 3; ++l) {
            const ConstMatrixMap w = network.layout().weights(std::span<const float>(gradient), l);
            const ConstVectorMap b = network.layout().biases(std::span<const float>(gradient), l);
            const Matrix mine = e.weightGradient(l);
            ASSERT_EQ(mine.rows(), w.rows());
            ASSERT_EQ(mine.cols(), w.cols());
            EXPECT_TRUE(mine == Matrix(w)) << nameOf(arch) << " layer " << l;
            EXPECT_TRUE(e.layers[static_cast<std::size_t>(l)].dC_dz == Vector(b))
                << nameOf(arch) << " layer " << l;
            const int j = l == 2 ? label : 5;
            EXPECT_TRUE(e.weightGradientRow(l, j) == Vector(w.row(j).transpose()));
            EXPECT_EQ(e.weightGradientAt(l, j, 7), w(j, 7));
        }
        // And the forward values are the network's own.
        ForwardTrace trace;
        network.forward(Matrix(x), trace);
        for (std::size_t l = 0; l < 3; ++l) {
            EXPECT_TRUE(e.layers[l].z == Vector(trace.preActivations[l]));
            EXPECT_TRUE(e.layers[l].a == Vector(trace.activations[l + 1]));
        }
        EXPECT_TRUE(e.outputs() == network.predict(x));
    }
}

// Central differences of an independent double-precision cost, for every weight, bias and input.
TEST(Backprop, MatchesCentralDifferencesOfTheCost) {
    for (const Architecture& arch : everyKind({12, 7, 5, 4})) {
        Network network(arch, 21);
        randomizeBiases(network, 22);
        Vector x = randomInput(12, 23);
        x(0) = 0.9f;  // some ink in any case
        const int label = 2;
        const BackpropExplanation e = explainBackprop(network, x, label);

        Reference reference{arch, {}};
        const std::vector<double> p(network.parameters().begin(), network.parameters().end());
        const Eigen::VectorXd xd = x.cast<double>();
        const double cost = reference.cost(p, xd, label);
        EXPECT_NEAR(e.cost, cost, 1e-5 * (1 + cost)) << nameOf(arch);
        // A ReLU exactly at its kink has no derivative to check against.
        for (std::size_t l = 0; l + 1 < reference.z.size(); ++l)
            ASSERT_GT(reference.z[l].cwiseAbs().minCoeff(), 1e-3) << nameOf(arch);

        const double h = 1e-6;
        const auto close = [&](double analytic, double numeric) {
            return std::abs(analytic - numeric) <= 2e-5 + 1e-3 * std::abs(numeric);
        };
        // Every parameter, in the layout's order: W then b of each layer.
        std::vector<float> analytic;
        for (int l = 0; l < network.layerCount(); ++l) {
            const Matrix w = e.weightGradient(l);
            analytic.insert(analytic.end(), w.data(), w.data() + w.size());
            const Vector& b = e.layers[static_cast<std::size_t>(l)].dC_dz;
            analytic.insert(analytic.end(), b.data(), b.data() + b.size());
        }
        ASSERT_EQ(analytic.size(), p.size());
        for (std::size_t i = 0; i < p.size(); ++i) {
            std::vector<double> plus = p, minus = p;
            plus[i] += h;
            minus[i] -= h;
            const double numeric =
                (reference.cost(plus, xd, label) - reference.cost(minus, xd, label)) / (2 * h);
            EXPECT_PRED2(close, analytic[i], numeric) << nameOf(arch) << " parameter " << i;
        }
        for (Eigen::Index i = 0; i < x.size(); ++i) {
            Eigen::VectorXd plus = xd, minus = xd;
            plus(i) += h;
            minus(i) -= h;
            const double numeric =
                (reference.cost(p, plus, label) - reference.cost(p, minus, label)) / (2 * h);
            EXPECT_PRED2(close, e.dC_dx(i), numeric) << nameOf(arch) << " input " << i;
        }
        // dC/da of each hidden layer: nudging one activation is nudging the next layer's bias
        // by the weights it feeds through, which the reference does through the parameters.
        const std::size_t hiddenLayers = e.layers.size() - 1;
        for (std::size_t l = 0; l < hiddenLayers; ++l) {
            const std::size_t next = l + 1;
            const ConstMatrixMap w = network.weights(static_cast<int>(next));
            std::size_t biasOffset = 0;  // b of layer `next` in the layout
            for (std::size_t m = 0; m <= next; ++m)
                biasOffset += static_cast<std::size_t>(arch.sizes[m]) *
                                  static_cast<std::size_t>(arch.sizes[m + 1]) +
                              (m < next ? static_cast<std::size_t>(arch.sizes[m + 1]) : 0);
            for (Eigen::Index k = 0; k < w.cols(); ++k) {
                std::vector<double> plus = p, minus = p;
                for (Eigen::Index j = 0; j < w.rows(); ++j) {
                    plus[biasOffset + static_cast<std::size_t>(j)] += h * w(j, k);
                    minus[biasOffset + static_cast<std::size_t>(j)] -= h * w(j, k);
                }
                const double numeric =
                    (reference.cost(plus, xd, label) - reference.cost(minus, xd, label)) / (2 * h);
                EXPECT_PRED2(close, e.layers[l].dC_da(k), numeric)
                    << nameOf(arch) << " layer " << l << " activation " << k;
            }
        }
    }
}

// 2-2-2, ReLU, softmax. x = (1, 0.5); W0 = [0.5 1; -1 0.5], b0 = (0.25, 0.25);
// W1 = [1 2; -1 0.5], b1 = (0, 0.5); label 1.
//   z0 = (0.5 + 0.5 + 0.25, -1 + 0.25 + 0.25) = (1.25, -0.5), a0 = (1.25, 0)
//   z1 = (1.25, -1.25 + 0.5) = (1.25, -0.75), p = softmax(z1): p1 = 1 / (1 + e^2) = 1 - s,
//   with s = 1 / (1 + e^-2) = 0.8807971; C = -log p1 = log(1 + e^2) = 2.126928
//   dC/dz1 = p - y = (s, -s);  dC/dW1 = dC/dz1 a0^T = [1.25 s 0; -1.25 s 0]
//   dC/da0 = W1^T dC/dz1 = (s + s, 2 s - 0.5 s) = (2 s, 1.5 s)
//   dC/dz0 = dC/da0 .* relu'(z0) = (2 s, 0);  dC/dW0 = dC/dz0 x^T = [2 s  s; 0 0]
//   dC/dx = W0^T dC/dz0 = (0.5 * 2 s, 1 * 2 s) = (s, 2 s)
TEST(Backprop, OfATinyNetworkByHand) {
    Network network(makeArchitecture({2, 2, 2}, Activation::Relu, Loss::CrossEntropy), 1);
    // Layout: W0 column-major, b0, W1 column-major, b1.
    const std::vector<float> parameters{0.5f, -1.0f, 1.0f, 0.5f, 0.25f, 0.25f,
                                        1.0f, -1.0f, 2.0f, 0.5f, 0.0f,  0.5f};
    network.setParameters(parameters);
    Vector x(2);
    x << 1.0f, 0.5f;
    const BackpropExplanation e = explainBackprop(network, x, 1);
    const float s = 0.8807971f;
    const float tolerance = 1e-6f;
    EXPECT_NEAR(e.cost, 2.126928, 1e-5);
    EXPECT_NEAR(e.layers[0].z(0), 1.25f, tolerance);
    EXPECT_NEAR(e.layers[0].z(1), -0.5f, tolerance);
    EXPECT_EQ(e.layers[0].a(1), 0.0f);
    EXPECT_NEAR(e.outputs()(1), 1 - s, tolerance);
    EXPECT_NEAR(e.layers[1].dC_dz(0), s, tolerance);
    EXPECT_NEAR(e.layers[1].dC_dz(1), -s, tolerance);
    EXPECT_NEAR(e.layers[1].dC_da(0), 0.0f, tolerance);  // only the label's term has a cost
    EXPECT_NEAR(e.layers[1].dC_da(1), -1 / (1 - s), 1e-5f);
    EXPECT_NEAR(e.layers[0].dC_da(0), 2 * s, tolerance);
    EXPECT_NEAR(e.layers[0].dC_da(1), 1.5f * s, tolerance);
    EXPECT_NEAR(e.layers[0].dC_dz(0), 2 * s, tolerance);
    EXPECT_EQ(e.layers[0].dC_dz(1), 0.0f);
    const Matrix w1 = e.weightGradient(1);
    EXPECT_NEAR(w1(0, 0), 1.25f * s, tolerance);
    EXPECT_NEAR(w1(1, 0), -1.25f * s, tolerance);
    EXPECT_EQ(w1(0, 1), 0.0f);
    const Matrix w0 = e.weightGradient(0);
    EXPECT_NEAR(w0(0, 0), 2 * s, tolerance);
    EXPECT_NEAR(w0(0, 1), s, tolerance);
    EXPECT_EQ(w0(1, 0), 0.0f);
    EXPECT_NEAR(e.dC_dx(0), s, tolerance);
    EXPECT_NEAR(e.dC_dx(1), 2 * s, tolerance);

    // The chain rule along the edge a0_0 -> output 0: a_prev * (own path + other outputs).
    const EdgeChainRule edge = edgeChainRule(e, 1, 0, 0);
    EXPECT_NEAR(edge.previousActivation, 1.25f, tolerance);
    EXPECT_NEAR(edge.slope, s * (1 - s), tolerance);
    EXPECT_EQ(edge.dC_da, 0.0f);
    EXPECT_NEAR(edge.otherOutputs, s, tolerance);  // -p1 p0 dC/da1 = p0
    EXPECT_NEAR(edge.gradient, 1.25f * s, tolerance);
}

// The video's network: sigmoid hidden units, sigmoid outputs, squared error.
TEST(Backprop, SquaredErrorCostTermsAreEachOutputsHalfSquaredMiss) {
    Network network(makeArchitecture({12, 6, 3}, Activation::Sigmoid, Loss::SquaredError), 8);
    randomizeBiases(network, 9);
    const BackpropExplanation e = explainBackprop(network, randomInput(12, 10), 0);
    for (Eigen::Index k = 0; k < 3; ++k) {
        const float y = k == 0 ? 1.0f : 0.0f;
        const float a = e.outputs()(k);
        EXPECT_NEAR(e.costTerms(k), 0.5f * (a - y) * (a - y), 1e-7f);
        EXPECT_NEAR(e.layers.back().dC_da(k), a - y, 1e-7f);
        EXPECT_NEAR(e.layers.back().dC_dz(k), (a - y) * a * (1 - a), 1e-7f);
    }
    EXPECT_GT(e.costTerms(1), 0.0f);
}

TEST(Backprop, ThreeLeversSplitTheGradient) {
    for (const Architecture& arch : everyKind({30, 9, 8, 5})) {
        Network network(arch, 31);
        randomizeBiases(network, 32);
        const Vector x = randomInput(30, 33);
        const BackpropExplanation e = explainBackprop(network, x, 4);
        for (int l = 0; l < network.layerCount(); ++l) {
            const auto units = e.layers[static_cast<std::size_t>(l)].a.size();
            const Vector& previous = e.previousActivations(l);
            Vector wishesBack = Vector::Zero(previous.size());
            for (int j = 0; j < units; ++j) {
                const NeuronLevers levers = neuronLevers(network, e, l, j, 3);
                EXPECT_EQ(levers.bias, e.layers[static_cast<std::size_t>(l)].dC_dz(j));
                EXPECT_TRUE(levers.weights == e.weightGradientRow(l, j)) << nameOf(arch);
                wishesBack += levers.previousActivations;
                // The levers' top lists: largest magnitudes first, values as in the full lists.
                ASSERT_EQ(levers.topWeights.size(), 3u);
                EXPECT_EQ(std::abs(levers.topWeights[0].value),
                          levers.weights.cwiseAbs().maxCoeff());
                for (std::size_t t = 0; t < 3; ++t) {
                    EXPECT_EQ(levers.topWeights[t].value,
                              levers.weights(levers.topWeights[t].index));
                    EXPECT_EQ(levers.topActivations[t].value,
                              levers.previousActivations(levers.topActivations[t].index));
                    if (t > 0) {
                        EXPECT_GE(std::abs(levers.topWeights[t - 1].value),
                                  std::abs(levers.topWeights[t].value));
                        EXPECT_GE(std::abs(levers.topActivations[t - 1].value),
                                  std::abs(levers.topActivations[t].value));
                    }
                }
                // A step of eta along the bias lever, then along the weights lever, moves z_j by
                // -eta times the lever's effect: checked with the network's own forward pass.
                const float eta = 1e-2f;
                for (const bool weightsLever : {false, true}) {
                    std::vector<float> values(network.parameters().begin(),
                                              network.parameters().end());
                    if (weightsLever) {
                        MatrixMap w = network.layout().weights(std::span<float>(values), l);
                        w.row(j) -= eta * levers.weights.transpose();
                    } else {
                        network.layout().biases(std::span<float>(values), l)(j) -=
                            eta * levers.bias;
                    }
                    Network stepped = network;
                    stepped.setParameters(values);
                    ForwardTrace trace;
                    stepped.forward(Matrix(x), trace);
                    const float moved = trace.preActivations[static_cast<std::size_t>(l)](j, 0) -
                                        e.layers[static_cast<std::size_t>(l)].z(j);
                    const float effect = weightsLever ? levers.weightsEffect : levers.biasEffect;
                    EXPECT_NEAR(moved, -eta * effect, 1e-5f + 1e-3f * std::abs(eta * effect))
                        << nameOf(arch) << " layer " << l << " neuron " << j;
                }
                const Vector w = network.weights(l).row(j).transpose();
                EXPECT_NEAR(levers.activationsEffect, w.dot(levers.previousActivations),
                            1e-5f * (1 + w.squaredNorm()));
            }
            // The neurons' wishes for the previous layer add up to its dC/da.
            if (l > 0) {
                const Vector& dC_da = e.layers[static_cast<std::size_t>(l) - 1].dC_da;
                EXPECT_LE((wishesBack - dC_da).cwiseAbs().maxCoeff(),
                          1e-5f * (1 + dC_da.cwiseAbs().maxCoeff()))
                    << nameOf(arch) << " layer " << l;
            }
        }
        EXPECT_THROW(neuronLevers(network, e, 3, 0), ConfigError);
        EXPECT_THROW(neuronLevers(network, e, 0, 9), ConfigError);
    }
}

TEST(Backprop, EdgeChainRuleFactorsMultiplyToTheGradient) {
    for (const Architecture& arch : everyKind({20, 6, 5, 4})) {
        Network network(arch, 41);
        randomizeBiases(network, 42);
        const BackpropExplanation e = explainBackprop(network, randomInput(20, 43), 1);
        for (int l = 0; l < network.layerCount(); ++l) {
            const LayerBackprop& values = e.layers[static_cast<std::size_t>(l)];
            for (int j = 0; j < values.a.size(); ++j) {
                const int from = (j * 3) % static_cast<int>(e.previousActivations(l).size());
                const EdgeChainRule edge = edgeChainRule(e, l, j, from);
                EXPECT_EQ(edge.gradient, e.weightGradientAt(l, j, from));
                EXPECT_NEAR(edge.previousActivation * edge.dC_dz, edge.gradient,
                            1e-6f * (1 + std::abs(edge.gradient)));
                EXPECT_NEAR(edge.slope * edge.dC_da + edge.otherOutputs, edge.dC_dz,
                            1e-5f * (1 + std::abs(edge.dC_dz)))
                    << nameOf(arch) << " layer " << l << " neuron " << j;
                const bool softmax =
                    l + 1 == network.layerCount() && arch.loss == Loss::CrossEntropy;
                if (!softmax) {
                    EXPECT_EQ(edge.otherOutputs, 0.0f);
                }
                // The slope is f'(z), by central differences of f in double precision.
                const bool output = l + 1 == network.layerCount();
                if (!softmax) {
                    const Activation f = output ? Activation::Sigmoid : arch.hidden;
                    const auto apply = [f](double z) {
                        switch (f) {
                            case Activation::Sigmoid:
                                return 1 / (1 + std::exp(-z));
                            case Activation::Relu:
                                return std::max(z, 0.0);
                            case Activation::Tanh:
                                return std::tanh(z);
                        }
                        return 0.0;
                    };
                    const double z = values.z(j), h = 1e-5;
                    EXPECT_NEAR(edge.slope, (apply(z + h) - apply(z - h)) / (2 * h), 1e-4);
                }
            }
        }
        EXPECT_THROW(edgeChainRule(e, 0, 0, 20), ConfigError);
    }
}

TEST(Backprop, RefusesAWrongInputOrLabel) {
    const Network network(Architecture{}, 1);
    EXPECT_THROW(explainBackprop(network, Vector::Zero(783), 0), ConfigError);
    EXPECT_THROW(explainBackprop(network, Vector::Zero(784), 10), ConfigError);
    EXPECT_THROW(explainBackprop(network, Vector::Zero(784), -1), ConfigError);
}

Matrix randomBatch(int inputs, int count, std::uint64_t seed) {
    Matrix batch(inputs, count);
    for (int j = 0; j < count; ++j)
        batch.col(j) = randomInput(inputs, seed + static_cast<std::uint64_t>(j));
    return batch;
}

// The mean is the trainer's step for the batch, bit for bit, and the mean of the examples'
// own gradients; each example's cosine and length are those of its gradient.
TEST(MiniBatch, MeanIsTheTrainersBatchGradient) {
    for (const Architecture& arch : everyKind({784, 16, 16, 10})) {
        Network network(arch, 51);
        randomizeBiases(network, 52);
        const int n = 32;
        const Matrix batch = randomBatch(784, n, 53);
        std::vector<std::uint8_t> labels;
        for (int j = 0; j < n; ++j) labels.push_back(static_cast<std::uint8_t>((j * 7) % 10));
        const MiniBatchComparison c = compareMiniBatch(network, batch, labels);

        const auto size = static_cast<std::size_t>(network.layout().size());
        Aligned trainer(size);
        GradientWorkspace workspace;
        const BatchStats stats = network.computeGradient(batch, labels, workspace, trainer);
        ASSERT_EQ(c.meanGradient.size(), size);
        EXPECT_TRUE(std::equal(trainer.begin(), trainer.end(), c.meanGradient.begin()))
            << nameOf(arch);

        ASSERT_EQ(c.cosines.size(), static_cast<std::size_t>(n));
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(size));
        double costs = 0, norms = 0;
        for (int j = 0; j < n; ++j) {
            const BackpropExplanation e =
                explainBackprop(network, batch.col(j), labels[static_cast<std::size_t>(j)]);
            Eigen::VectorXd g(static_cast<Eigen::Index>(size));
            Eigen::Index at = 0;
            for (int l = 0; l < network.layerCount(); ++l) {
                const Matrix w = e.weightGradient(l);
                g.segment(at, w.size()) =
                    Eigen::Map<const Vector>(w.data(), w.size()).cast<double>();
                at += w.size();
                const Vector& b = e.layers[static_cast<std::size_t>(l)].dC_dz;
                g.segment(at, b.size()) = b.cast<double>();
                at += b.size();
            }
            sum += g;
            const Eigen::VectorXd mean =
                Eigen::Map<const Vector>(c.meanGradient.data(), static_cast<Eigen::Index>(size))
                    .cast<double>();
            EXPECT_NEAR(c.norms[static_cast<std::size_t>(j)], g.norm(), 1e-6 * g.norm());
            EXPECT_NEAR(c.cosines[static_cast<std::size_t>(j)],
                        g.dot(mean) / (g.norm() * mean.norm()), 1e-6);
            EXPECT_NEAR(c.costs[static_cast<std::size_t>(j)], e.cost, 1e-5 * (1 + e.cost));
            costs += e.cost;
            norms += g.norm();
        }
        EXPECT_NEAR(costs, stats.lossSum, 1e-4 * (1 + costs));
        const Eigen::VectorXd average = sum / n;
        for (std::size_t i = 0; i < size; ++i)
            ASSERT_NEAR(c.meanGradient[i], average(static_cast<Eigen::Index>(i)),
                        1e-6 + 1e-4 * std::abs(average(static_cast<Eigen::Index>(i))))
                << nameOf(arch) << " parameter " << i;
        EXPECT_NEAR(c.meanGradientNorm, average.norm(), 1e-4 * average.norm());
        EXPECT_NEAR(c.meanOfNorms, norms / n, 1e-6 * norms);
        // Different examples pull different ways: the step is shorter than a typical pull.
        EXPECT_LT(c.meanGradientNorm, c.meanOfNorms);
        for (double cosine : c.cosines) {
            EXPECT_LT(cosine, 1.0 - 1e-6);
            EXPECT_GE(cosine, -1.0);
        }
    }
}

// N copies of one example all point where their mean points.
TEST(MiniBatch, IdenticalExamplesAllPointAlongTheMean) {
    Network network(Architecture{}, 61);
    const Vector x = randomInput(784, 62);
    Matrix batch(784, 8);
    batch.colwise() = x;
    const std::vector<std::uint8_t> labels(8, 4);
    const MiniBatchComparison c = compareMiniBatch(network, batch, labels);
    for (std::size_t j = 0; j < 8; ++j) {
        EXPECT_NEAR(c.cosines[j], 1.0, 1e-6) << j;
        EXPECT_EQ(c.norms[j], c.norms[0]);
    }
    EXPECT_NEAR(c.meanGradientNorm, c.meanOfNorms, 1e-5 * c.meanOfNorms);
    EXPECT_GT(c.meanOfNorms, 0.0);
}

TEST(MiniBatch, RefusesMismatchedLabels) {
    const Network network(Architecture{}, 1);
    const Matrix batch = Matrix::Zero(784, 3);
    const std::vector<std::uint8_t> two(2, 1), bad{1, 2, 10}, good{1, 2, 3};
    EXPECT_THROW(compareMiniBatch(network, batch, two), ConfigError);
    EXPECT_THROW(compareMiniBatch(network, batch, bad), ConfigError);
    EXPECT_THROW(compareMiniBatch(network, Matrix::Zero(784, 0), {}), ConfigError);
    EXPECT_THROW(compareMiniBatch(network, Matrix::Zero(700, 3), good), ConfigError);
    EXPECT_NO_THROW(compareMiniBatch(network, batch, good));
}

}  // namespace
}  // namespace digitscope::core
