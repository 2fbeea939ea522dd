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

#include "app/cli_finetune.h"
#include "app/cli_options.h"
#include "core/compute_threads.h"
#include "core/digit_gate.h"
#include "core/errors.h"
#include "core/evaluation.h"
#include "core/idx_reader.h"
#include "core/model_io.h"
#include "core/onnx_model.h"
#include "core/pen.h"
#include "core/stroke_file.h"
#include "core/stroke_set.h"
#include "core/trainer.h"
#include "core/training_record.h"
#include "core/version.h"
#include "ui/canvas/stroke_rasterizer.h"
#include "ui/models/bundled_models.h"

namespace digitscope::app {
namespace {

constexpr int kExitData = 1;
constexpr int kExitUsage = 2;
constexpr double kDefaultStrokeShare = 0.2;  // of every batch, for --strokes-data FILE

// Bad command-line usage: exit code 2.
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

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

// A model file (.dsm or .onnx by its extension) or, when no such file exists, a bundled
// model's name.
core::Model loadModelNamed(const QString& name) {
    if (QFileInfo::exists(name) || name.startsWith(QLatin1Char(':')))
        return ui::loadModelFile(name);
    if (ui::BundledModels::names().contains(name)) return ui::BundledModels::load(name);
    if (QFileInfo(name).suffix().isEmpty())
        throw core::FileError(name.toStdString(),
                              "no such file, nor a bundled model of that name (bundled: " +
                                  ui::BundledModels::names().join(", ").toStdString() + ")");
    return ui::loadModelFile(name);  // says "no such file"
}

// --strokes-data FILE[:SHARE], repeatable: the stroke sets and their shares of every batch.
std::vector<core::StrokeShare> strokeSetOptions(const QCommandLineParser& parser) {
    std::vector<core::StrokeShare> sets;
    for (const QString& value : parser.values("strokes-data")) {
        QString path = value;
        double share = kDefaultStrokeShare;
        if (const qsizetype colon = value.lastIndexOf(':'); colon > 0) {
            bool ok = false;
            const double parsed = value.mid(colon + 1).toDouble(&ok);
            if (ok) {
                if (!(parsed > 0 && parsed <= 0.9))
                    throw UsageError("--strokes-data " + value.toStdString() +
                                     ": the share must be above 0 and at most 0.9");
                path = value.left(colon);
                share = parsed;
            }
        }
        sets.push_back(
            {std::make_shared<const core::StrokeSet>(core::StrokeSet::read(path.toStdString())),
             static_cast<float>(share)});
    }
    return sets;
}

core::Model loadModelOption(const QCommandLineParser& parser) {
    return loadModelNamed(parser.isSet("model") ? parser.value("model")
                                                : ui::BundledModels::defaultName());
}

void requireFolderOf(const QString& path) {
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir())
        throw core::FileError(path.toStdString(), "its folder does not exist");
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
    settings.strokeAugmentStrength = static_cast<float>(parseReal(parser, "strokes-augment", 0, 4));
    const int threads = static_cast<int>(parseInteger(parser, "threads", 1, 256));
    const long long limit =
        parser.isSet("train-limit") ? parseInteger(parser, "train-limit", 1, 1LL << 40) : 0;
    const bool json = parser.isSet("json");
    const QString outPath = parser.value("out");
    if (!outPath.isEmpty()) requireFolderOf(outPath);
    // For the whole command: the evaluation after each epoch runs with the trainer's count.
    core::setComputeThreads(core::effectiveThreads(arch, settings.batchSize, threads));

    core::DatasetPair data = core::IdxReader::readFolder(parser.value("data").toStdString());
    data.train.truncate(limit);
    const std::vector<core::StrokeShare> strokeSets = strokeSetOptions(parser);
    core::Network network(arch, settings.seed);
    settings.reportEvery = 50;
    core::Trainer trainer(network, data.train, settings, nullptr, strokeSets);
    ProgressBar bar(err, !json && isatty(STDERR_FILENO));
    trainer.setProgressCallback(
        [&](const core::TrainProgress& p) { bar.show(p, settings.epochs); });

    core::Evaluation test;
    for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
        const core::EpochSummary summary = trainer.trainEpoch();
        bar.finish();
        if (trainer.diverged())  // the settings' doing, not the data's
            throw core::ConfigError(
                "training diverged (the loss became NaN or infinite) in epoch " +
                std::to_string(epoch) + " at --lr " + jsonNumber(settings.optimizer.learningRate) +
                "; try a lower --lr");
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
        core::TrainingRecord record;
        record.trainedWith = "digitscope-cli";
        record.dataset = data.train.name;
        record.trainSamples = data.train.count;
        record.settings = settings;
        record.epochs = settings.epochs;
        std::vector<std::pair<std::string, double>> sets;
        for (const core::StrokeShare& entry : strokeSets)
            sets.emplace_back(entry.set->name, entry.share);
        record.strokeSets = core::describeStrokeSets(sets);
        record.testAccuracy = test.accuracy;
        record.testLoss = test.loss;
        record.trainingSeconds = trainer.lastEpoch().elapsedSeconds;
        core::saveModel(outPath.toStdString(), network, core::modelMetadata(record));
        if (!json) out << "saved " << outPath.toStdString() << std::endl;
    }
    return 0;
}

int evaluate(const QCommandLineParser& parser, std::ostream& out) {
    if (!parser.isSet("data")) throw UsageError("eval needs --data DIR");
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
        throw UsageError("predict needs exactly one of --image PNG or --strokes FILE");
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
    if (!meanOk || !stdOk) throw UsageError("--normalize needs two numbers: MEAN STD");
    try {
        n.validate();
    } catch (const core::ConfigError& error) {
        throw UsageError(std::string("--normalize: ") + error.what());
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
        throw UsageError("OUT must end in .dsm or .onnx: " + target.toStdString());
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
            throw UsageError(parser.errorText().toStdString());
        const QStringList positional = parser.positionalArguments();
        if (!positional.isEmpty()) {
            command = findCliCommand(positional.front());
            if (!command)
                throw UsageError("unknown command '" + positional.front().toStdString() + "'");
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
            throw UsageError("expected a command: train, eval, predict, convert or finetune");
        for (const QString& name : parser.optionNames())
            if (!command->options.contains(name) && name != "help" && name != "h" &&
                name != "version")
                throw UsageError("--" + name.toStdString() + " is not an option of " +
                                 command->name.toStdString());
        if (positional.size() != command->positionals + 1)
            throw UsageError("usage: digitscope-cli " + command->name.toStdString() + " " +
                             command->synopsis.toStdString());
        if (command->name == "train") return train(parser, out, err);
        if (command->name == "eval") return evaluate(parser, out);
        if (command->name == "predict") return predict(parser, out);
        if (command->name == "finetune") return fineTuneCommand(parser, out);
        return convert(parser, out);
    } catch (const CliUsageError& error) {
        err << "error: " << error.what() << "\n\n"
            << (command ? cliCommandHelp(*command) : cliUsage());
        return kExitUsage;
    } catch (const UsageError& error) {
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
