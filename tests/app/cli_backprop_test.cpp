#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli_test_support.h"

namespace {

using digitscope::testing_support::cli;
using digitscope::testing_support::CliTest;
using digitscope::testing_support::Result;

const char* const kOne =
    R"({"width":400,"height":400,"pen_width":18,"strokes":[[[200,80],[200,320]]]})";
const char* const kSeven =
    R"({"width":300,"height":200,"pen_width":10,"strokes":[[[20,20],[280,180]],[[150,10]]],"label":7})";

std::vector<QJsonObject> jsonLines(const std::string& text) {
    std::vector<QJsonObject> objects;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        QJsonParseError error{};
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray::fromStdString(line), &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << line;
        objects.push_back(document.object());
    }
    return objects;
}

std::vector<double> numbers(const QJsonValue& value) {
    std::vector<double> result;
    for (const QJsonValue& v : value.toArray()) result.push_back(v.toDouble());
    return result;
}

class CliBackpropTest : public CliTest {
protected:
    QString write(const QString& name, const std::vector<const char*>& lines) {
        const QString file = path(name);
        QFile out(file);
        EXPECT_TRUE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        for (const char* line : lines) out.write(QByteArray(line) + "\n");
        return file;
    }
};

// Each line: the label, the cost, ten probabilities, and per layer a, dC/da and dC/dz whose
// output layer is p - y (softmax with cross-entropy).
TEST_F(CliBackpropTest, PrintsEachDrawingsBackpropagation) {
    const QString strokes = write("two.jsonl", {kOne, kSeven});
    const Result r = cli({"backprop", "--model", "3b1b", "--strokes", strokes, "--label", "3"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::vector<QJsonObject> lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 2u);
    for (const QJsonObject& line : lines) {
        EXPECT_EQ(line["label"].toInt(), 3);
        EXPECT_EQ(line["loss"].toString(), "xent");
        const std::vector<double> p = numbers(line["probabilities"]);
        ASSERT_EQ(p.size(), 10u);
        double sum = 0;
        for (double v : p) sum += v;
        EXPECT_NEAR(sum, 1.0, 1e-4);
        EXPECT_NEAR(line["cost"].toDouble(), -std::log(p[3]), 1e-4 * (1 + line["cost"].toDouble()));
        const QJsonArray layers = line["layers"].toArray();
        ASSERT_EQ(layers.size(), 3);  // 784-16-16-10: two hidden layers and the output
        const std::vector<int> units{16, 16, 10};
        for (int l = 0; l < 3; ++l) {
            const QJsonObject layer = layers[l].toObject();
            for (const char* key : {"a", "dC_da", "dC_dz"})
                EXPECT_EQ(numbers(layer[key]).size(),
                          static_cast<std::size_t>(units[static_cast<std::size_t>(l)]))
                    << key << " of layer " << l;
        }
        const QJsonObject output = layers[2].toObject();
        EXPECT_EQ(numbers(output["a"]), p);
        const std::vector<double> delta = numbers(output["dC_dz"]);
        for (std::size_t k = 0; k < 10; ++k)
            EXPECT_NEAR(delta[k], p[k] - (k == 3 ? 1.0 : 0.0), 1e-5) << k;
        // A hidden ReLU unit that is off passes no gradient back.
        const QJsonObject hidden = layers[1].toObject();
        const std::vector<double> a = numbers(hidden["a"]);
        const std::vector<double> dz = numbers(hidden["dC_dz"]);
        for (std::size_t j = 0; j < a.size(); ++j)
            if (a[j] == 0) {
                EXPECT_EQ(dz[j], 0) << j;
            }
    }
    EXPECT_NE(lines[0]["cost"].toDouble(), lines[1]["cost"].toDouble());
}

// Without --label each line's own label counts; a line without one is refused, with no output.
TEST_F(CliBackpropTest, TakesEachLinesLabelOrRefusesWithoutOne) {
    const Result own =
        cli({"backprop", "--model", "3b1b", "--strokes", write("seven.jsonl", {kSeven})});
    ASSERT_EQ(own.code, 0) << own.err;
    const std::vector<QJsonObject> lines = jsonLines(own.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["label"].toInt(), 7);

    const Result missing =
        cli({"backprop", "--model", "3b1b", "--strokes", write("both.jsonl", {kSeven, kOne})});
    EXPECT_EQ(missing.code, 1);
    EXPECT_TRUE(missing.out.empty());
    EXPECT_NE(missing.err.find("error: "), std::string::npos);
    EXPECT_NE(missing.err.find("line 2 has no \"label\""), std::string::npos) << missing.err;

    const Result badLabel =
        cli({"backprop", "--strokes", write("one.jsonl", {kOne}), "--label", "10"});
    EXPECT_EQ(badLabel.code, 2);
    EXPECT_NE(badLabel.err.find("--label must be a whole number from 0 to 9"), std::string::npos)
        << badLabel.err;
    const Result noStrokes = cli({"backprop", "--label", "3"});
    EXPECT_EQ(noStrokes.code, 2);
    EXPECT_NE(noStrokes.err.find("backprop needs --strokes FILE"), std::string::npos);
    EXPECT_NE(noStrokes.err.find("usage: digitscope-cli backprop"), std::string::npos);
    EXPECT_EQ(cli({"backprop", "--strokes", path("none.jsonl"), "--label", "3"}).code, 1);
    EXPECT_EQ(cli({"predict", "--strokes", path("one.jsonl"), "--label", "3"}).code, 2)
        << "--label is backprop's";
}

TEST_F(CliBackpropTest, IsInTheHelp) {
    Result r = cli({"--help"});
    EXPECT_NE(r.out.find("\n  backprop "), std::string::npos) << r.out;
    r = cli({"backprop", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("usage: digitscope-cli backprop [--model MODEL] --strokes FILE", 0), 0u)
        << r.out;
    EXPECT_NE(r.out.find("--label D"), std::string::npos);
}

// A model trained with squared error (sigmoid outputs): the video's cost, 1/2 sum (a - y)^2.
TEST_F(CliBackpropTest, UsesTheSquaredErrorOfAModelTrainedWithIt) {
    const QString model = path("mse.dsm");
    ASSERT_EQ(cli({"train", "--data", m_data, "--arch", "784-8-10", "--loss", "mse", "--activation",
                   "sigmoid", "--train-limit", "200", "--no-augment", "--out", model})
                  .code,
              0);
    const Result r = cli(
        {"backprop", "--model", model, "--strokes", write("one.jsonl", {kOne}), "--label", "1"});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::vector<QJsonObject> lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["loss"].toString(), "mse");
    const std::vector<double> a = numbers(lines[0]["probabilities"]);
    ASSERT_EQ(a.size(), 10u);
    double cost = 0;
    for (std::size_t k = 0; k < 10; ++k) cost += 0.5 * std::pow(a[k] - (k == 1 ? 1.0 : 0.0), 2);
    EXPECT_NEAR(lines[0]["cost"].toDouble(), cost, 1e-5);
    const std::vector<double> terms = numbers(lines[0]["cost_terms"]);
    ASSERT_EQ(terms.size(), 10u);
    EXPECT_NEAR(terms[4], 0.5 * a[4] * a[4], 1e-6);
    EXPECT_EQ(lines[0]["layers"].toArray().size(), 2);
}

}  // namespace
