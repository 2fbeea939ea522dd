#include "app/cli.h"

#include <unistd.h>
#include <Eigen/Core>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "core/digit_gate.h"
#include "core/errors.h"
#include "core/evaluation.h"
#include "core/idx_reader.h"
#include "core/model_file.h"
#include "core/pen.h"
#include "core/stroke_file.h"
#include "core/trainer.h"
#include "ui/canvas/stroke_rasterizer.h"
#include "ui/models/bundled_models.h"

namespace digitscope::app {
namespace {

constexpr int kExitData = 1;
constexpr int kExitUsage = 2;

// Bad command-line usage: exit code 2.
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

const char* kUsage =
    "usage: digitscope-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  train   --data DIR [--arch 784-16-16-10] [--activation relu|sigmoid|tanh]\n"
    "          [--loss xent|mse] [--optimizer sgd|momentum|adam] [--lr F] [--batch N]\n"
    "          [--epochs N] [--seed N] [--threads N] [--train-limit N] [--out MODEL] [--json]\n"
    "          [--schedule constant|step|cosine] [--weight-decay F] [--augment|--no-augment]\n"
    "          [--augment-strength F] [--restroke F]\n"
    "  eval    --data DIR [--model MODEL] [--json]\n"
    "  predict [--model MODEL] (--image PNG | --strokes FILE)\n"
    "\n"
    "Without --model the bundled model is used. --strokes takes JSON Lines, one drawing a line:\n"
    "  {\"width\":400,\"height\":400,\"pen_width\":18,\"strokes\":[[[x,y],[x,y],...],...]}\n";

std::string jsonNumber(double value) {
    if (!std::isfinite(value)) return "null";
    std::ostringstream out;
    out << std::setprecision(6) << value;
    return out.str();
}

long long parseInteger(const QCommandLineParser& parser, const QString& name, long long min,
                       long long max) {
    bool ok = false;
    const long long value = parser.value(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        throw UsageError("--" + name.toStdString() + " must be a whole number from " +
                         std::to_string(min) + " to " + std::to_string(max));
    return value;
}

double parseReal(const QCommandLineParser& parser, const QString& name, double min, double max) {
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        throw UsageError("--" + name.toStdString() + " must be a number from " + jsonNumber(min) +
                         " to " + jsonNumber(max));
    return value;
}

template <typename Parse>
auto parseChoice(const QCommandLineParser& parser, const QString& name, Parse parse) {
    try {
        return parse(parser.value(name).toStdString());
    } catch (const core::ConfigError& error) {
        throw UsageError(std::string("--") + name.toStdString() + ": " + error.what());
    }
}

core::Model loadModelOption(const QCommandLineParser& parser) {
    if (parser.isSet("model")) return ui::loadModelFile(parser.value("model"));
    return ui::BundledModels::load(ui::BundledModels::defaultName());
}

void setThreads(int threads) {
    Eigen::setNbThreads(threads);
}

class ProgressBar {
public:
    explicit ProgressBar(std::ostream& err, bool enabled) : m_err(err), m_enabled(enabled) {}
    void show(const core::TrainProgress& p, int epochs) {
        if (!m_enabled) return;
        constexpr int kWidth = 30;
        const double fraction =
            static_cast<double>(p.batch) / static_cast<double>(p.batchesPerEpoch);
        const int filled = static_cast<int>(fraction * kWidth);
        m_err << "\repoch " << p.epoch << '/' << epochs << " [" << std::string(filled, '#')
              << std::string(kWidth - filled, '.') << "] " << std::setw(3)
              << static_cast<int>(fraction * 100) << "%  loss " << std::fixed
              << std::setprecision(4) << p.loss << "  acc " << std::setprecision(3) << p.accuracy
              << "  " << std::setprecision(0) << p.samplesPerSecond << " samples/s   "
              << std::defaultfloat << std::flush;
    }
    void finish() {
        if (m_enabled) m_err << "\r" << std::string(100, ' ') << "\r" << std::flush;
    }

private:
    std::ostream& m_err;
    bool m_enabled;
};

int train(const QCommandLineParser& parser, std::ostream& out, std::ostream& err) {
    if (!parser.isSet("data")) throw UsageError("train needs --data DIR");
    core::Architecture arch;
    try {
        arch.sizes = core::Architecture::parseSizes(parser.value("arch").toStdString());
        arch.validate();
    } catch (const core::ConfigError& error) {
        throw UsageError(std::string("--arch: ") + error.what());
    }
    arch.hidden = parseChoice(parser, "activation", core::parseActivation);
    arch.loss = parseChoice(parser, "loss", core::parseLoss);
    if (arch.inputSize() != 784 || arch.outputSize() != 10)
        throw UsageError("--arch must start with 784 inputs and end with 10 outputs");

    core::TrainerSettings settings;
    settings.optimizer.kind = parseChoice(parser, "optimizer", core::parseOptimizer);
    settings.optimizer.learningRate = static_cast<float>(parseReal(parser, "lr", 1e-9, 100));
    settings.optimizer.weightDecay = static_cast<float>(parseReal(parser, "weight-decay", 0, 1));
    settings.schedule.kind = parseChoice(parser, "schedule", core::parseSchedule);
    settings.batchSize = static_cast<int>(parseInteger(parser, "batch", 1, 65536));
    settings.epochs = static_cast<int>(parseInteger(parser, "epochs", 1, 100000));
    settings.seed = static_cast<std::uint64_t>(parseInteger(parser, "seed", 0, 1LL << 62));
    settings.augment = parser.isSet("augment") || !parser.isSet("no-augment");
    settings.augmentStrength = static_cast<float>(parseReal(parser, "augment-strength", 0, 4));
    if (parser.isSet("augment") && parser.isSet("no-augment"))
        throw UsageError("--augment and --no-augment contradict each other");
    settings.restrokeShare = static_cast<float>(parseReal(parser, "restroke", 0, 1));
    const int threads = static_cast<int>(parseInteger(parser, "threads", 1, 256));
    const long long limit =
        parser.isSet("train-limit") ? parseInteger(parser, "train-limit", 1, 1LL << 40) : 0;
    const bool json = parser.isSet("json");
    const QString outPath = parser.value("out");
    if (!outPath.isEmpty()) {
        const QFileInfo target(outPath);
        if (!QFileInfo(target.absolutePath()).isDir())
            throw core::FileError(outPath.toStdString(), "its folder does not exist");
    }
    setThreads(threads);

    core::DatasetPair data = core::IdxReader::readFolder(parser.value("data").toStdString());
    data.train.truncate(limit);
    core::Network network(arch, settings.seed);
    settings.reportEvery = 50;
    settings.threads = threads;
    core::Trainer trainer(network, data.train, settings);
    ProgressBar bar(err, !json && isatty(STDERR_FILENO));
    trainer.setProgressCallback(
        [&](const core::TrainProgress& p) { bar.show(p, settings.epochs); });

    core::Evaluation test;
    for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
        const core::EpochSummary summary = trainer.trainEpoch();
        bar.finish();
        if (trainer.diverged())
            throw core::FileError(parser.value("data").toStdString(),
                                  "training diverged (the loss became NaN or infinite) in epoch " +
                                      std::to_string(epoch) + "; try a lower --lr");
        test = core::evaluate(network, data.test);
        if (json) {
            out << "{\"epoch\":" << epoch << ",\"train_loss\":" << jsonNumber(summary.trainLoss)
                << ",\"test_loss\":" << jsonNumber(test.loss)
                << ",\"test_accuracy\":" << jsonNumber(test.accuracy)
                << ",\"samples_per_s\":" << jsonNumber(summary.samplesPerSecond)
                << ",\"elapsed_s\":" << jsonNumber(summary.elapsedSeconds) << "}" << std::endl;
        } else {
            out << "epoch " << epoch << '/' << settings.epochs << "  train loss "
                << std::setprecision(4) << summary.trainLoss << "  test loss " << test.loss
                << "  test accuracy " << std::fixed << std::setprecision(2) << 100 * test.accuracy
                << "%  " << std::setprecision(0) << summary.samplesPerSecond << " samples/s  "
                << std::setprecision(2) << summary.elapsedSeconds << " s" << std::defaultfloat
                << std::endl;
        }
    }
    if (!outPath.isEmpty()) {
        std::ostringstream accuracy;
        accuracy << std::setprecision(6) << test.accuracy;
        const std::map<std::string, std::string> metadata{
            {"dataset", data.train.name},
            {"train_samples", std::to_string(data.train.count)},
            {"test_accuracy", accuracy.str()},
            {"optimizer", core::toString(settings.optimizer.kind)},
            {"learning_rate", jsonNumber(settings.optimizer.learningRate)},
            {"schedule", core::toString(settings.schedule.kind)},
            {"weight_decay", jsonNumber(settings.optimizer.weightDecay)},
            {"batch", std::to_string(settings.batchSize)},
            {"epochs", std::to_string(settings.epochs)},
            {"seed", std::to_string(settings.seed)},
            {"augment", settings.augment ? jsonNumber(settings.augmentStrength) : "no"},
            {"restroke", jsonNumber(settings.restrokeShare)},
            {"training_seconds", jsonNumber(trainer.lastEpoch().elapsedSeconds)},
        };
        core::ModelFile::save(outPath.toStdString(), network, metadata);
        if (!json) out << "saved " << outPath.toStdString() << std::endl;
    }
    return 0;
}

int evaluate(const QCommandLineParser& parser, std::ostream& out) {
    if (!parser.isSet("data")) throw UsageError("eval needs --data DIR");
    setThreads(static_cast<int>(parseInteger(parser, "threads", 1, 256)));
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
        throw UsageError("predict needs exactly one of --image PNG or --strokes FILE");
    // One drawing at a time, as the app: split over OpenMP's threads, preprocessing's small
    // products made 1000 pen digits take 7-13 s instead of 0.4 s on a busy machine.
    setThreads(1);
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

}  // namespace

int runCli(const QStringList& arguments, std::ostream& out, std::ostream& err) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addPositionalArgument("command", "train, eval or predict");
    parser.addOptions({
        {"data", "Folder of IDX files.", "DIR"},
        {"arch", "Layer sizes.", "SIZES", "784-16-16-10"},
        {"activation", "Hidden activation.", "NAME", "relu"},
        {"loss", "xent or mse.", "NAME", "xent"},
        {"optimizer", "sgd, momentum or adam.", "NAME", "momentum"},
        {"lr", "Learning rate.", "F", "0.01"},
        {"batch", "Batch size.", "N", "32"},
        {"epochs", "Epochs.", "N", "1"},
        {"seed", "Random seed.", "N", "1"},
        // One by default: Eigen splits only products of 1e8 multiply-adds and more
        // (core::effectiveThreads), and with the other cores busy even those ran slower on 2.
        {"threads", "Threads for very large products (default 1).", "N", "1"},
        {"train-limit", "Use the first N training samples.", "N"},
        {"out", "Model file to write.", "MODEL"},
        {"json", "One JSON object per line."},
        {"schedule", "constant, step or cosine.", "NAME", "constant"},
        {"weight-decay", "L2 weight decay.", "F", "0"},
        {"augment", "Distort training images randomly (default)."},
        {"no-augment", "Train on the images as they are."},
        {"augment-strength", "Scale of the distortions (1 = default).", "F", "1"},
        {"restroke", "Share of samples redrawn in the pad's pen style.", "F", "0"},
        {"model", "Model file (default: the bundled model).", "MODEL"},
        {"image", "Image to recognise.", "PNG"},
        {"strokes", "Drawings as JSON Lines.", "FILE"},
        {{"h", "help"}, "Show this help."},
    });
    try {
        if (!parser.parse(arguments)) throw UsageError(parser.errorText().toStdString());
        if (parser.isSet("help")) {
            out << kUsage;
            return 0;
        }
        const QStringList positional = parser.positionalArguments();
        if (positional.size() != 1)
            throw UsageError("expected one command: train, eval or predict");
        const QString command = positional.front();
        if (command == "train") return train(parser, out, err);
        if (command == "eval") return evaluate(parser, out);
        if (command == "predict") return predict(parser, out);
        throw UsageError("unknown command '" + command.toStdString() + "'");
    } catch (const UsageError& error) {
        err << "error: " << error.what() << "\n\n" << kUsage;
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
