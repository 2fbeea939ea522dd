#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "app/cli.h"
#include "app/cli_test_support.h"
#include "common/idx_files.h"
#include "core/base/version.h"
#include "core/data/stroke_file.h"
#include "core/io/model_file.h"
#include "core/io/model_io.h"
#include "session/canvas/stroke_rasterizer.h"

namespace {

using digitscope::testing_support::cli;
using digitscope::testing_support::CliTest;
using digitscope::testing_support::Result;

TEST_F(CliTest, BadUsageExitsWithTwo) {
    for (const QStringList& args :
         {QStringList{}, QStringList{"fly"}, QStringList{"train"}, QStringList{"eval"},
          QStringList{"train", "--data", "x", "--lr", "fast"},
          QStringList{"train", "--data", "x", "--arch", "784-ab-10"},
          QStringList{"train", "--data", "x", "--batch", "0"},
          QStringList{"train", "--data", "x", "--activation", "softplus"}, QStringList{"predict"},
          QStringList{"predict", "--image", "a.png", "--strokes", "b"},
          QStringList{"train", "--bogus"}}) {
        const Result r = cli(args);
        EXPECT_EQ(r.code, 2) << args.join(' ').toStdString();
        EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
        EXPECT_TRUE(r.out.empty());
    }
}

TEST_F(CliTest, MissingDataExitsWithOne) {
    const Result r = cli({"train", "--data", path("nowhere")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("error: "), std::string::npos);
    EXPECT_NE(r.err.find("nowhere"), std::string::npos) << "the message names the folder";
}

TEST_F(CliTest, TrainsEvaluatesAndPredictsWithTheSavedModel) {
    const QString model = path("bars.dsm");
    const Result trained =
        cli({"train", "--data", m_data, "--epochs", "3", "--batch", "16", "--optimizer", "adam",
             "--lr", "0.01", "--no-augment", "--json", "--threads", "1", "--out", model});
    ASSERT_EQ(trained.code, 0) << trained.err;
    std::istringstream lines(trained.out);
    std::string line;
    int epochs = 0;
    double accuracy = 0;
    while (std::getline(lines, line)) {
        ++epochs;
        EXPECT_EQ(line.rfind("{\"epoch\":" + std::to_string(epochs) + ",", 0), 0u) << line;
        for (const char* key : {"\"train_loss\":", "\"test_loss\":", "\"test_accuracy\":",
                                "\"samples_per_s\":", "\"elapsed_s\":"})
            EXPECT_NE(line.find(key), std::string::npos) << key << " in " << line;
        accuracy = std::stod(line.substr(line.find("\"test_accuracy\":") + 16));
    }
    EXPECT_EQ(epochs, 3);
    EXPECT_GT(accuracy, 0.9);
    ASSERT_TRUE(QFile::exists(model));

    const Result evaluated = cli({"eval", "--data", m_data, "--model", model, "--json"});
    ASSERT_EQ(evaluated.code, 0) << evaluated.err;
    EXPECT_NE(evaluated.out.find("\"confusion\":[["), std::string::npos);
    EXPECT_NE(evaluated.out.find("\"per_class_accuracy\":["), std::string::npos);
    const double evalAccuracy =
        std::stod(evaluated.out.substr(evaluated.out.find("\"accuracy\":") + 11));
    EXPECT_NEAR(evalAccuracy, accuracy, 1e-4) << "eval agrees with training's last test score";

    // An image: the CLI's answer must be the model's answer on the preprocessed image.
    QImage bar(28, 28, QImage::Format_Grayscale8);
    bar.fill(Qt::black);
    QPainter(&bar).fillRect(5, 8, 19, 2, Qt::white);
    const QString png = path("bar.png");
    ASSERT_TRUE(bar.save(png));
    const Result predicted = cli({"predict", "--model", model, "--image", png});
    ASSERT_EQ(predicted.code, 0) << predicted.err;
    const digitscope::core::Model loaded = digitscope::core::ModelFile::load(model.toStdString());
    Eigen::Index expected = 0;
    loaded.network.predict(digitscope::ui::StrokeRasterizer::networkInput(bar)).maxCoeff(&expected);
    EXPECT_EQ(predicted.out.rfind("{\"digit\":" + std::to_string(expected) + ",", 0), 0u)
        << predicted.out;
}

TEST_F(CliTest, PredictAnswersEachDrawingWithTenProbabilities) {
    const QString model = path("m.dsm");
    ASSERT_EQ(
        cli({"train", "--data", m_data, "--epochs", "1", "--no-augment", "--out", model}).code, 0);
    const QString strokes = path("drawings.jsonl");
    QFile file(strokes);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[200,80],[200,320]]]})"
               "\n");
    file.write(
        R"({"width":300,"height":200,"pen_width":10,"strokes":[[[20,20],[280,180]],[[150,10]]],"label":7})"
        "\n");
    file.close();
    const Result r = cli({"predict", "--model", model, "--strokes", strokes});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        ++count;
        const auto open = line.find('[');
        const auto close = line.find(']');
        ASSERT_NE(open, std::string::npos);
        std::istringstream numbers(line.substr(open + 1, close - open - 1));
        double sum = 0;
        int n = 0;
        for (std::string value; std::getline(numbers, value, ',');) {
            sum += std::stod(value);
            ++n;
        }
        EXPECT_EQ(n, 10);
        EXPECT_NEAR(sum, 1.0, 1e-3);
    }
    EXPECT_EQ(count, 2);
}

TEST_F(CliTest, PredictSaysWhetherEachDrawingLooksLikeADigit) {
    const QString strokes = path("mixed.jsonl");
    QFile file(strokes);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[205,70],[195,330]]]})"
               "\n");  // a 1
    file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[200,200]]]})"
               "\n");  // a dot
    file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[150,80],[140,320]],)"
               R"([[250,80],[240,320]],[[80,150],[320,150]],[[80,250],[320,250]]]})"
               "\n");  // a hash
    file.close();
    const Result r = cli({"predict", "--strokes", strokes});
    ASSERT_EQ(r.code, 0) << r.err;
    std::istringstream lines(r.out);
    std::vector<std::string> answers;
    for (std::string line; std::getline(lines, line);) answers.push_back(line);
    ASSERT_EQ(answers.size(), 3u) << r.out;
    EXPECT_EQ(answers[0].rfind("{\"digit\":1,", 0), 0u) << answers[0];
    const auto endsWith = [](const std::string& text, const std::string& end) {
        return text.size() >= end.size() &&
               text.compare(text.size() - end.size(), end.size(), end) == 0;
    };
    EXPECT_TRUE(endsWith(answers[0], "],\"unsure\":false}")) << answers[0];
    EXPECT_TRUE(endsWith(answers[1], "],\"unsure\":true}")) << answers[1];
    EXPECT_TRUE(endsWith(answers[2], "],\"unsure\":true}")) << answers[2];
}

TEST_F(CliTest, APenLeavingThePadIsClampedAsTheCanvasDoes) {
    // Qt's mouse grab, browser canvases and tablets report points just outside the canvas.
    const QString outside = path("outside.jsonl"), inside = path("inside.jsonl");
    for (const auto& [name, x] : {std::pair{outside, "400.1"}, std::pair{inside, "400"}}) {
        QFile file(name);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(
            QByteArray(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[200,40],[)") + x +
            R"(,58.4],[200,360]]]})" + "\n");
    }
    const Result a = cli({"predict", "--strokes", outside});
    const Result b = cli({"predict", "--strokes", inside});
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(a.out, b.out);
}

TEST_F(CliTest, BadStrokesAreRefusedWithNoOutput) {
    const QString model = path("m.dsm");
    ASSERT_EQ(
        cli({"train", "--data", m_data, "--epochs", "1", "--no-augment", "--out", model}).code, 0);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{not json", "malformed JSON"},
        {R"({"width":400,"height":400,"pen_width":18,"strokes":[]})", "no strokes"},
        {R"({"width":0,"height":400,"pen_width":18,"strokes":[[[1,1]]]})", "canvas"},
        {R"({"width":400,"height":400,"pen_width":18,"strokes":[[[-401,1]]]})", "outside"},
        {R"({"width":400,"height":400,"pen_width":18,"strokes":[[[1e300,1]]]})", "outside"},
        {R"({"width":400,"height":400,"strokes":[[[1,1]]]})", "pen_width"},
        {R"({"width":400,"height":400,"pen_width":18,"strokes":[[[1,"a"]]]})", "[x, y]"},
        {R"({"width":400,"height":400,"pen_width":18,"strokes":[[[NaN,1]]]})", "malformed JSON"},
        {R"({"width":400,"height":400,"pen_width":-3,"strokes":[[[1,1]]]})", "pen_width"},
        {R"({"width":1e12,"height":400,"pen_width":18,"strokes":[[[1,1]]]})", "canvas"},
    };
    for (const auto& [content, expected] : cases) {
        const QString strokes = path("bad.jsonl");
        QFile file(strokes);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        // A good drawing first: the bad second line must still yield no output at all.
        file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[200,80],[200,320]]]})"
                   "\n");
        file.write(QByteArray::fromStdString(content) + "\n");
        file.close();
        const Result r = cli({"predict", "--model", model, "--strokes", strokes});
        EXPECT_EQ(r.code, 1) << content;
        EXPECT_TRUE(r.out.empty()) << content;
        EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
    }
}

// Stroke files join the training set with their share of every batch, and the model records
// them (by file name) with the rest of its recipe.
TEST_F(CliTest, TrainsWithStrokeDataAndRecordsItInTheModel) {
    const QString bars = path("bars.jsonl"), rings = path("rings.jsonl");
    for (const QString& name : {bars, rings}) {
        QFile file(name);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 20; ++i) {
            const QByteArray x = QByteArray::number(100 + 5 * i);
            file.write(name == bars
                           ? R"({"width":400,"height":400,"pen_width":18,"label":1,"writer":"w",)"
                             R"("strokes":[[[)" +
                                 x + ",60],[" + x + ",340]]]}\n"
                           : R"({"width":400,"height":400,"pen_width":18,"label":0,"strokes":[[[)" +
                                 x + ",100],[" + x + R"(,300],[300,300],[300,100],[)" + x +
                                 ",100]]]}\n");
        }
    }
    const QString model = path("strokes.dsm");
    const Result trained =
        cli({"train", "--data", m_data, "--epochs", "1", "--json", "--strokes-data", bars + ":0.3",
             "--strokes-data", rings, "--strokes-augment", "0.5", "--out", model});
    ASSERT_EQ(trained.code, 0) << trained.err;
    const digitscope::core::Model loaded = digitscope::core::ModelFile::load(model.toStdString());
    EXPECT_EQ(loaded.metadata.at("strokes_data"), "bars.jsonl:0.3,rings.jsonl:0.2");
    EXPECT_EQ(loaded.metadata.at("strokes_augment"), "0.5");

    const Result plain = cli({"train", "--data", m_data, "--epochs", "1", "--out", model});
    ASSERT_EQ(plain.code, 0) << plain.err;
    EXPECT_EQ(digitscope::core::ModelFile::load(model.toStdString()).metadata.at("strokes_data"),
              "none");

    // Refusals: a share out of range is bad usage; files that are missing, unlabelled or
    // shares that leave no room for the dataset are bad data.
    const Result share = cli({"train", "--data", m_data, "--strokes-data", bars + ":1.5"});
    EXPECT_EQ(share.code, 2);
    EXPECT_NE(share.err.find("share"), std::string::npos) << share.err;
    const Result missing =
        cli({"train", "--data", m_data, "--strokes-data", path("nowhere.jsonl")});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("nowhere.jsonl"), std::string::npos) << missing.err;
    const QString unlabelled = path("unlabelled.jsonl");
    QFile file(unlabelled);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"width":400,"height":400,"pen_width":18,"strokes":[[[1,1],[9,9]]]})"
               "\n");
    file.close();
    const Result noLabel = cli({"train", "--data", m_data, "--strokes-data", unlabelled});
    EXPECT_EQ(noLabel.code, 1);
    EXPECT_NE(noLabel.err.find("line 1: 'label' is missing"), std::string::npos) << noLabel.err;
    const Result tooMuch = cli({"train", "--data", m_data, "--strokes-data", bars + ":0.6",
                                "--strokes-data", rings + ":0.6"});
    EXPECT_EQ(tooMuch.code, 1);
    EXPECT_NE(tooMuch.err.find("at most 0.9"), std::string::npos) << tooMuch.err;
}

TEST_F(CliTest, UnreadableModelAndImageAreRefused) {
    QFile junk(path("junk.dsm"));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("hello");
    junk.close();
    Result r = cli({"predict", "--model", path("junk.dsm"), "--image", path("none.png")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("junk.dsm"), std::string::npos);
    const QString model = path("m.dsm");
    ASSERT_EQ(
        cli({"train", "--data", m_data, "--epochs", "1", "--no-augment", "--out", model}).code, 0);
    r = cli({"predict", "--model", model, "--image", path("junk.dsm")});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cannot read the image"), std::string::npos) << r.err;
    QFile empty(path("empty.png"));  // 0 bytes: no image at all
    ASSERT_TRUE(empty.open(QIODevice::WriteOnly));
    empty.close();
    r = cli({"predict", "--model", model, "--image", path("empty.png")});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("empty.png"), std::string::npos) << r.err;
}

TEST_F(CliTest, SavingIntoAMissingFolderFailsBeforeTrainingAndWritesNothing) {
    const QString target = path("no/such/folder/m.dsm");
    const Result r = cli({"train", "--data", m_data, "--out", target});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_FALSE(QFile::exists(target));
}

TEST_F(CliTest, VersionAndHelpPerCommand) {
    Result r = cli({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "digitscope-cli " + std::string(digitscope::core::version()) + "\n");
    EXPECT_NE(r.out.find("0.1"), std::string::npos) << "the CMake project's version";
    r = cli({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* command : {"train", "eval", "predict", "backprop", "finetune", "convert"})
        EXPECT_NE(r.out.find(std::string("\n  ") + command + " "), std::string::npos) << command;
    r = cli({"train", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("usage: digitscope-cli train --data DIR", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("--epochs N"), std::string::npos);
    EXPECT_NE(r.out.find("Default: 32."), std::string::npos) << "--batch's default";
    EXPECT_EQ(r.out.find("--normalize"), std::string::npos) << "convert's option";
    r = cli({"convert", "-h"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("--normalize MEAN STD"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("--epochs"), std::string::npos);
    // An option of another command is a usage error naming it, with the command's help.
    r = cli({"eval", "--data", m_data, "--epochs", "3"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--epochs is not an option of eval"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage: digitscope-cli eval"), std::string::npos) << r.err;
}

TEST_F(CliTest, BundledModelsByNameInEveryCommand) {
    const QString png = path("blank.png");
    QImage blank(28, 28, QImage::Format_Grayscale8);
    blank.fill(Qt::black);
    QPainter(&blank).fillRect(12, 4, 3, 20, Qt::white);
    ASSERT_TRUE(blank.save(png));
    const Result byName = cli({"predict", "--model", "3b1b", "--image", png});
    ASSERT_EQ(byName.code, 0) << byName.err;
    const Result byDefault = cli({"predict", "--image", png});
    EXPECT_EQ(cli({"predict", "--model", "accurate", "--image", png}).out, byDefault.out);
    EXPECT_NE(byName.out, byDefault.out) << "3b1b and accurate answer differently";
    const Result evaluated = cli({"eval", "--data", m_data, "--model", "3b1b", "--json"});
    EXPECT_EQ(evaluated.code, 0) << evaluated.err;
    EXPECT_EQ(cli({"convert", "accurate", path("a.onnx")}).code, 0);
    const Result missing = cli({"predict", "--model", "3b1c", "--image", png});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("3b1c: no such file, nor a bundled model of that name (bundled: "
                               "3b1b, accurate)"),
              std::string::npos)
        << missing.err;
}

// convert both ways; .onnx wherever a model is read or written.
TEST_F(CliTest, ConvertsBetweenDsmAndOnnx) {
    const QString onnx = path("3b1b.onnx");
    const Result exported = cli({"convert", "3b1b", onnx});
    ASSERT_EQ(exported.code, 0) << exported.err;
    EXPECT_EQ(exported.out.rfind("wrote " + onnx.toStdString() + " (784-16-16-10 relu", 0), 0u)
        << exported.out;
    const QString back = path("back.dsm");
    ASSERT_EQ(cli({"convert", onnx, back}).code, 0);
    QFile bundled(":/models/3b1b.dsm");
    ASSERT_TRUE(bundled.open(QIODevice::ReadOnly));
    QFile roundTrip(back);
    ASSERT_TRUE(roundTrip.open(QIODevice::ReadOnly));
    EXPECT_TRUE(bundled.readAll() == roundTrip.readAll()) << ".dsm -> .onnx -> .dsm is the same";

    const QString png = path("bar.png");
    QImage bar(28, 28, QImage::Format_Grayscale8);
    bar.fill(Qt::black);
    QPainter(&bar).fillRect(5, 8, 19, 2, Qt::white);
    ASSERT_TRUE(bar.save(png));
    const Result fromOnnx = cli({"predict", "--model", onnx, "--image", png});
    ASSERT_EQ(fromOnnx.code, 0) << fromOnnx.err;
    EXPECT_EQ(fromOnnx.out, cli({"predict", "--model", "3b1b", "--image", png}).out);
    EXPECT_EQ(cli({"eval", "--data", m_data, "--model", onnx, "--json"}).out,
              cli({"eval", "--data", m_data, "--model", "3b1b", "--json"}).out);
    const QString trained = path("trained.onnx");
    ASSERT_EQ(
        cli({"train", "--data", m_data, "--epochs", "1", "--no-augment", "--out", trained}).code,
        0);
    EXPECT_EQ(digitscope::core::loadModel(trained.toStdString()).metadata.at("epochs"), "1");

    // --normalize stores the normalisation; a model that has one refuses a second.
    const QString normalized = path("normalized.dsm");
    const Result n = cli({"convert", onnx, normalized, "--normalize", "0.1307", "0.3081"});
    ASSERT_EQ(n.code, 0) << n.err;
    EXPECT_NE(n.out.find("inputs (x - 0.1307) / 0.3081"), std::string::npos) << n.out;
    const auto norm =
        digitscope::core::loadModel(normalized.toStdString()).network.architecture().normalization;
    ASSERT_TRUE(norm);
    EXPECT_EQ(*norm, (digitscope::core::InputNormalization{0.1307f, 0.3081f}));
    ASSERT_EQ(cli({"convert", normalized, path("normalized.onnx")}).code, 0);
    const Result twice =
        cli({"convert", path("normalized.onnx"), path("x.dsm"), "--normalize", "0", "1"});
    EXPECT_EQ(twice.code, 1);
    EXPECT_NE(twice.err.find("normalises its input already"), std::string::npos) << twice.err;

    for (const QStringList& args :
         {QStringList{"convert", "3b1b"}, QStringList{"convert", "3b1b", path("m.txt")},
          QStringList{"convert", "3b1b", path("m.onnx"), "extra"},
          QStringList{"convert", "3b1b", path("m.dsm"), "--normalize", "0.1"},
          QStringList{"convert", "3b1b", path("m.dsm"), "--normalize", "0.1", "zero"},
          QStringList{"convert", "3b1b", path("m.dsm"), "--normalize", "0.1", "0"}}) {
        const Result r = cli(args);
        EXPECT_EQ(r.code, 2) << args.join(' ').toStdString() << "\n" << r.err;
        EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    }
    const Result bad = cli({"convert", path("bar.png"), path("m.dsm")});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("bar.png"), std::string::npos) << bad.err;
    EXPECT_FALSE(QFile::exists(path("m.dsm")));
}

// The real executable, so exit codes and streams are what a shell sees.
TEST_F(CliTest, ExecutableReportsErrorsOnStderrWithExitCodes) {
    QProcess process;
    process.start(DIGITSCOPE_CLI, {"predict", "--strokes", path("missing.jsonl")});
    ASSERT_TRUE(process.waitForFinished(60000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(process.exitCode(), 1);
    EXPECT_TRUE(process.readAllStandardOutput().isEmpty());
    EXPECT_TRUE(process.readAllStandardError().startsWith("error: "));

    process.start(DIGITSCOPE_CLI, {"--no-such-option"});
    ASSERT_TRUE(process.waitForFinished(60000));
    EXPECT_EQ(process.exitCode(), 2);
}

// Both programs answer --version with the CMake project's version.
TEST_F(CliTest, BothExecutablesAnswerVersion) {
    const std::string version(digitscope::core::version());
    for (const auto& [program, name] :
         {std::pair{DIGITSCOPE_CLI, "digitscope-cli"}, std::pair{DIGITSCOPE_GUI, "digitscope"}}) {
        QProcess process;
        process.start(program, {"--version"});
        ASSERT_TRUE(process.waitForFinished(60000)) << program;
        EXPECT_EQ(process.exitCode(), 0) << program;
        EXPECT_EQ(process.readAllStandardOutput().trimmed().toStdString(),
                  std::string(name) + " " + version);
    }
}

}  // namespace
