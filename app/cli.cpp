#include "app/cli.h"

#include <unistd.h>
#include <Eigen/Core>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QRegularExpression>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include "app/cli_backprop.h"
#include "app/cli_common.h"
#include "app/cli_finetune.h"
#include "app/cli_options.h"
#include "app/cli_train.h"
#include "core/base/errors.h"
#include "core/base/version.h"
#include "core/data/idx_reader.h"
#include "core/data/stroke_file.h"
#include "core/data/stroke_set.h"
#include "core/explain/digit_gate.h"
#include "core/input/pen.h"
#include "core/io/model_io.h"
#include "core/io/onnx_model.h"
#include "core/nn/compute_threads.h"
#include "core/train/evaluation.h"
#include "core/train/trainer.h"
#include "core/train/training_record.h"
#include "session/canvas/stroke_rasterizer.h"
#include "session/models/bundled_models.h"

namespace digitscope::app {
namespace {

constexpr int kExitData = 1;
constexpr int kExitUsage = 2;

core::Model loadModelOption(const QCommandLineParser& parser) {
    return loadModelNamed(parser.isSet("model") ? parser.value("model")
                                                : ui::BundledModels::defaultName());
}

int evaluate(const QCommandLineParser& parser, std::ostream& out) {
    if (!parser.isSet("data")) throw CliUsageError("eval needs --data DIR");
    core::setComputeThreads(static_cast<int>(parseInteger(parser, "threads", 1, 256)));
    const core::Model model = loadModelOption(parser);
    const core::DatasetPair data = core::IdxReader::readFolder(parser.value("data").toStdString());
    const core::Evaluation result = core::evaluate(model.network, data.test);
    const std::vector<double> perClass = result.perClassAccuracy();
    if (parser.isSet("json")) {
        out << "{\"samples\":" << result.count << ",\"accuracy\":" << jsonNumber(result.accuracy)
            << ",\"loss\":" << jsonNumber(result.loss) << ",\"per_class_accuracy\":[";
        for (int c = 0; c < result.classes; ++c)
            out << (c ? "," : "") << jsonNumber(perClass[static_cast<std::size_t>(c)]);
        out << "],\"confusion\":[";
        for (int a = 0; a < result.classes; ++a) {
            out << (a ? "," : "") << '[';
            for (int p = 0; p < result.classes; ++p)
                out << (p ? "," : "") << result.confusionAt(a, p);
            out << ']';
        }
        out << "]}" << std::endl;
        return 0;
    }
    out << "test samples " << result.count << "\naccuracy " << std::fixed << std::setprecision(2)
        << 100 * result.accuracy << "%\nloss " << std::setprecision(4) << result.loss
        << "\n\nper class:\n";
    for (int c = 0; c < result.classes; ++c)
        out << "  " << c << "  " << std::setprecision(2)
            << 100 * perClass[static_cast<std::size_t>(c)] << "%\n";
    out << "\nconfusion (rows: true digit, columns: predicted)\n     ";
    for (int p = 0; p < result.classes; ++p) out << std::setw(6) << p;
    out << '\n';
    for (int a = 0; a < result.classes; ++a) {
        out << std::setw(5) << a;
        for (int p = 0; p < result.classes; ++p) out << std::setw(6) << result.confusionAt(a, p);
        out << '\n';
    }
    out << std::defaultfloat << std::flush;
    return 0;
}

void printPrediction(std::ostream& out, const core::Network& network, const core::DigitGate& gate,
                     const Eigen::VectorXf& input) {
    const core::Assessment answer = core::assessInput(network, gate, input);
    const Eigen::VectorXf& p = answer.outputs;
    out << "{\"digit\":" << answer.digit << ",\"probabilities\":[";
    for (Eigen::Index i = 0; i < p.size(); ++i) out << (i ? "," : "") << jsonNumber(p(i));
    out << "],\"unsure\":" << (answer.unsure ? "true" : "false") << "}\n";
}

int predict(const QCommandLineParser& parser, std::ostream& out) {
    const bool image = parser.isSet("image");
    const bool strokes = parser.isSet("strokes");
    if (image == strokes)
        throw CliUsageError("predict needs exactly one of --image PNG or --strokes FILE");
    // One drawing at a time, as the app: split over OpenMP's threads, preprocessing's small
    // products made 1000 pen digits take 7-13 s instead of 0.4 s on a busy machine.
    core::setComputeThreads(1);
    const core::Model model = loadModelOption(parser);
    if (model.network.architecture().inputSize() != 784)
        throw core::FileError(parser.value("model").toStdString(),
                              "the model does not take 28 x 28 inputs");
    const core::DigitGate gate = ui::BundledModels::gate();  // "unsure": not a digit at all
    std::ostringstream buffer;  // all or nothing: no partial output on a bad line
    if (image) {
        const QString path = parser.value("image");
        QImageReader reader(path);
        reader.setAllocationLimit(256);  // MiB: a huge image is refused, not loaded
        const QImage picture = reader.read();
        if (picture.isNull())
            throw core::FileError(path.toStdString(),
                                  "cannot read the image: " + reader.errorString().toStdString());
        printPrediction(buffer, model.network, gate, ui::StrokeRasterizer::networkInput(picture));
    } else {
        for (const core::Drawing& drawing :
             core::StrokeFile::read(parser.value("strokes").toStdString()))
            printPrediction(buffer, model.network, gate, core::networkInput(drawing));
    }
    out << buffer.str() << std::flush;
    return 0;
}

// "MEAN STD" (or "MEAN,STD") of --normalize.
core::InputNormalization parseNormalization(const QString& text) {
    const QStringList parts = text.split(QRegularExpression("[ ,]+"), Qt::SkipEmptyParts);
    bool meanOk = false, stdOk = false;
    core::InputNormalization n;
    if (parts.size() == 2) {
        n.mean = parts[0].toFloat(&meanOk);
        n.stdDev = parts[1].toFloat(&stdOk);
    }
    if (!meanOk || !stdOk) throw CliUsageError("--normalize needs two numbers: MEAN STD");
    try {
        n.validate();
    } catch (const core::ConfigError& error) {
        throw CliUsageError(std::string("--normalize: ") + error.what());
    }
    return n;
}

std::string describeModel(const core::Network& network) {
    const core::Architecture& arch = network.architecture();
    std::ostringstream text;
    text << arch.sizesString() << ' ' << core::toString(arch.hidden) << ", "
         << (arch.loss == core::Loss::CrossEntropy ? "softmax" : "sigmoid") << " outputs";
    if (arch.normalization)
        text << ", inputs (x - " << arch.normalization->mean << ") / "
             << arch.normalization->stdDev;
    return text.str();
}

int convert(const QCommandLineParser& parser, std::ostream& out) {
    const QStringList positional = parser.positionalArguments();
    const QString in = positional[1];
    const QString target = positional[2];
    if (!core::modelFormatOf(target.toStdString()))
        throw CliUsageError("OUT must end in .dsm or .onnx: " + target.toStdString());
    std::optional<core::InputNormalization> normalization;
    if (parser.isSet("normalize")) normalization = parseNormalization(parser.value("normalize"));
    requireFolderOf(target);
    const auto start = std::chrono::steady_clock::now();
    core::Model model = loadModelNamed(in);
    if (normalization) {
        core::Architecture arch = model.network.architecture();
        if (arch.normalization)
            throw core::FileError(in.toStdString(),
                                  "the model normalises its input already; --normalize would "
                                  "do it twice");
        arch.normalization = normalization;
        core::Network normalized(arch, 0);
        normalized.setParameters(model.network.parameters());
        model.network = std::move(normalized);
    }
    core::saveModel(target.toStdString(), model.network, model.metadata);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    out << "wrote " << target.toStdString() << " (" << describeModel(model.network) << ") in "
        << std::fixed << std::setprecision(1) << ms << " ms" << std::defaultfloat << std::endl;
    const auto note = model.metadata.find(std::string(core::OnnxModel::kOutputKey));
    if (note != model.metadata.end()) out << "note: the ONNX output was " << note->second << '\n';
    return 0;
}

}  // namespace

int runCli(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(cliOptions());
    const CliCommand* command = nullptr;
    try {
        if (!parser.parse(joinTwoValueOptions(arguments)))
            throw CliUsageError(parser.errorText().toStdString());
        const QStringList positional = parser.positionalArguments();
        if (!positional.isEmpty()) {
            command = findCliCommand(positional.front());
            if (!command)
                throw CliUsageError("unknown command '" + positional.front().toStdString() + "'");
        }
        if (parser.isSet("version")) {
            out << "digitscope-cli " << core::version() << std::endl;
            return 0;
        }
        if (parser.isSet("help")) {
            out << (command ? cliCommandHelp(*command) : cliUsage());
            return 0;
        }
        if (!command)
            throw CliUsageError(
                "expected a command: train, eval, predict, backprop, convert or finetune");
        if (const QString foreign = optionNotOf(*command, parser.optionNames()); !foreign.isEmpty())
            throw CliUsageError("--" + foreign.toStdString() + " is not an option of " +
                                command->name.toStdString());
        if (positional.size() != command->positionals + 1)
            throw CliUsageError("usage: digitscope-cli " + command->name.toStdString() + " " +
                                command->synopsis.toStdString());
        if (command->name == "train") return trainCommand(parser, out, err);
        if (command->name == "eval") return evaluate(parser, out);
        if (command->name == "predict") return predict(parser, out);
        if (command->name == "finetune") return fineTuneCommand(parser, out);
        if (command->name == "backprop") return backpropCommand(parser, out);
        return convert(parser, out);
    } catch (const CliUsageError& error) {
        err << "error: " << error.what() << "\n\n"
            << (command ? cliCommandHelp(*command) : cliUsage());
        return kExitUsage;
    } catch (const std::bad_alloc&) {
        err << "error: out of memory" << std::endl;
        return kExitData;
    } catch (const std::exception& error) {
        err << "error: " << error.what() << std::endl;
        return kExitData;
    }
}

}  // namespace digitscope::app
