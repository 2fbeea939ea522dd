#include "core/explain/digit_gate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/augment/non_digits.h"
#include "core/base/errors.h"
#include "core/input/pen.h"

namespace digitscope::core {
namespace {

constexpr double kPi = std::numbers::pi;

// A gate that reads only the total ink: hidden = relu(sum of the input), logits (0, s * (hidden
// - ink)), so p(not a digit) = sigmoid(s * (sum - ink)). s < 0 flags too little ink instead.
Model inkGate(float ink, float s, const std::string& threshold = "0.5") {
    Architecture architecture;
    architecture.sizes = {784, 1, 2};
    Network network(architecture);
    std::vector<float> p;
    p.insert(p.end(), 784, 1.0f);  // W1: 1 x 784
    p.push_back(0.0f);             // b1
    p.push_back(0.0f);             // W2: 2 x 1, column-major
    p.push_back(s);
    p.push_back(0.0f);  // b2
    p.push_back(-s * ink);
    network.setParameters(p);
    return {network, {{"threshold", threshold}}};
}

Eigen::VectorXf inkOf(float total) {
    return Eigen::VectorXf::Constant(784, total / 784);
}

TEST(DigitGate, FlagsWhatItsNetworkCallsNotADigit) {
    const DigitGate gate(inkGate(20, 1), "ink gate");
    EXPECT_FLOAT_EQ(gate.threshold(), 0.5f);
    EXPECT_NEAR(gate.nonDigitScore(inkOf(30)), 1 / (1 + std::exp(-10.0)), 1e-5);
    EXPECT_TRUE(gate.flags(inkOf(30)));
    EXPECT_FALSE(gate.flags(inkOf(10)));
    Eigen::MatrixXf batch(784, 2);
    batch << inkOf(30), inkOf(10);
    const Eigen::VectorXf scores = gate.nonDigitScores(batch);
    EXPECT_NEAR(scores(0), gate.nonDigitScore(inkOf(30)), 1e-6);
    EXPECT_NEAR(scores(1), gate.nonDigitScore(inkOf(10)), 1e-6);
    // The threshold is the file's, not even odds.
    EXPECT_FALSE(DigitGate(inkGate(20, 1, "0.99999"), "strict").flags(inkOf(30)));
}

TEST(DigitGate, AssessmentKeepsTheClassifiersAnswerAndNeverDoubtsAnEmptyInput) {
    Architecture tenWay;
    tenWay.sizes = {784, 10};
    Network classifier(tenWay, 3);
    const DigitGate gate(inkGate(5, -1), "too little ink");  // flags less than 5 of ink
    const Eigen::VectorXf faint = inkOf(1);
    const Assessment faintAnswer = assessInput(classifier, gate, faint);
    Eigen::Index best = 0;
    classifier.predict(faint).maxCoeff(&best);
    EXPECT_EQ(faintAnswer.digit, best);
    EXPECT_TRUE(faintAnswer.outputs.isApprox(classifier.predict(faint)));
    EXPECT_TRUE(faintAnswer.unsure);
    EXPECT_GT(faintAnswer.nonDigitScore, 0.5f);
    EXPECT_FALSE(assessInput(classifier, gate, inkOf(0)).unsure);  // nothing drawn
    EXPECT_FALSE(assessInput(classifier, gate, inkOf(50)).unsure);
}

TEST(DigitGate, RefusesWhatIsNotAGate) {
    Architecture tenWay;
    tenWay.sizes = {784, 16, 10};
    EXPECT_THROW(DigitGate(Model{Network(tenWay), {{"threshold", "0.5"}}}, "classifier"),
                 FileError);
    Model mse = inkGate(20, 1);
    Architecture sigmoid = mse.network.architecture();
    sigmoid.loss = Loss::SquaredError;
    EXPECT_THROW(DigitGate(Model{Network(sigmoid), {{"threshold", "0.5"}}}, "mse"), FileError);
    Model noThreshold = inkGate(20, 1);
    noThreshold.metadata.clear();
    EXPECT_THROW(DigitGate(noThreshold, "no threshold"), FileError);
    for (const char* bad : {"0", "1", "1.5", "-0.2", "half", "0.5x", ""})
        EXPECT_THROW(DigitGate(inkGate(20, 1, bad), "bad"), FileError) << bad;
    try {
        DigitGate(inkGate(20, 1, "half"), "gate.dsm");
        FAIL();
    } catch (const FileError& error) {
        EXPECT_NE(std::string(error.what()).find("gate.dsm"), std::string::npos);
    }
}

TEST(DigitGate, ReadsItsModelFile) {
    const Model model = inkGate(20, 1, "0.75");
    const DigitGate gate =
        DigitGate::parse(ModelFile::serialize(model.network, model.metadata), "in memory");
    EXPECT_FLOAT_EQ(gate.threshold(), 0.75f);
    EXPECT_EQ(gate.metadata().at("threshold"), "0.75");
    EXPECT_THROW(DigitGate::parse("digitscope-model 1\n", "truncated"), FileError);
}

// --- the bundled gate (resources/gate/digit_gate.dsm) --------------------------------------

Drawing drawn(std::vector<std::vector<Point>> strokes) {
    Drawing drawing;  // 400 x 400
    for (auto& points : strokes) drawing.strokes.push_back({std::move(points)});
    return drawing;
}

std::vector<Point> arc(Point centre, double rx, double ry, double fromDegrees, double toDegrees) {
    std::vector<Point> points;
    for (int i = 0; i <= 40; ++i) {
        const double a = (fromDegrees + (toDegrees - fromDegrees) * i / 40) * kPi / 180;
        points.push_back({centre.x + rx * std::cos(a), centre.y + ry * std::sin(a)});
    }
    return points;
}

std::vector<Point> join(std::vector<Point> a, const std::vector<Point>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Plain digits as a person draws them on the pad (y down; angles clockwise from +x).
std::vector<std::pair<std::string, Drawing>> clearDigits() {
    return {
        {"0", drawn({arc({200, 200}, 80, 130, -90, 275)})},
        {"1", drawn({{{205, 70}, {195, 330}}})},
        {"1 with a flag", drawn({{{150, 130}, {210, 70}, {200, 330}}})},
        {"2", drawn({join(arc({200, 140}, 80, 70, 200, 380), {{130, 330}, {290, 330}})})},
        {"3", drawn({join(arc({195, 130}, 75, 60, 210, 450), arc({195, 260}, 85, 70, -90, 150))})},
        {"4", drawn({{{210, 70}, {110, 250}, {290, 250}}, {{240, 150}, {240, 340}}})},
        {"5", drawn({{{270, 70}, {150, 70}, {140, 180}}, arc({200, 250}, 80, 80, -130, 150)})},
        {"6", drawn({join({{250, 70}, {170, 160}}, arc({200, 260}, 75, 70, 200, 560))})},
        {"7", drawn({{{120, 80}, {280, 80}, {170, 330}}})},
        {"7 with a bar", drawn({{{120, 80}, {280, 80}, {170, 330}}, {{160, 200}, {260, 200}}})},
        {"8", drawn({join(arc({200, 130}, 60, 60, 90, 450), arc({200, 260}, 80, 70, -90, 270))})},
        {"9", drawn({join(arc({200, 140}, 70, 65, 0, 360), {{270, 140}, {260, 330}})})},
        {"9 with a curved tail",
         drawn({join(arc({200, 140}, 70, 65, 0, 360), arc({200, 230}, 70, 100, -40, 110))})},
    };
}

DigitGate bundledGate() {
    return DigitGate::load(DIGITSCOPE_GATE_FILE);
}

TEST(BundledDigitGate, PassesClearlyDrawnDigits) {
    const DigitGate gate = bundledGate();
    for (const auto& [name, drawing] : clearDigits())
        EXPECT_FALSE(gate.flags(networkInput(drawing)))
            << name << ": p(not a digit) " << gate.nonDigitScore(networkInput(drawing));
}

TEST(BundledDigitGate, FlagsScribblesDotsLinesCrossesSpiralsStarsHashesAndBoxes) {
    // Seeds neither the fit (from 1) nor scripts/eval-unsure.sh (from 10^9) uses.
    constexpr std::uint64_t kSeeds = 3'000'000'000ULL;
    constexpr int kCount = 40;
    const DigitGate gate = bundledGate();
    for (NonDigitFamily family : kNonDigitFamilies) {
        if (!isTargetFamily(family)) continue;
        int flagged = 0;
        for (int i = 0; i < kCount; ++i)
            flagged += gate.flags(networkInput(makeNonDigit(family, kSeeds + i))) ? 1 : 0;
        // The target is 90%; 40 drawings of a family measured at 92% fall below 34 rarely.
        EXPECT_GE(flagged, 34) << toString(family);
    }
}

}  // namespace
}  // namespace digitscope::core
