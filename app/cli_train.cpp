#include "app/cli_train.h"

#include <unistd.h>
#include <QFileInfo>
#include <iomanip>
#include <ostream>
#include <utility>

#include "app/cli_common.h"
#include "app/cli_options.h"
#include "core/data/idx_reader.h"
#include "core/io/model_io.h"
#include "core/nn/compute_threads.h"
#include "core/train/evaluation.h"
#include "core/train/trainer.h"
#include "core/train/training_record.h"
#include "session/training/dataset_loader.h"

namespace digitscope::app {
namespace {

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

// A stroke file a model's record names (its file name only): that name where it is a file
// here, else the bundled pen data when the names match.
std::string findRecordedStrokeFile(const std::string& name, double share) {
    if (QFileInfo(QString::fromStdString(name)).isFile()) return name;
    const QString bundled = ui::DatasetLoader::findBundledPenData();
    if (!bundled.isEmpty() && QFileInfo(bundled).fileName().toStdString() == name)
        return bundled.toStdString();
    throw CliUsageError("the model was trained with the stroke file " + name + " at " +
                        jsonNumber(share) + " of every batch, which is not here: give it as " +
                        "--strokes-data PATH:" + jsonNumber(share));
}

void trainAndReport(const core::Experiment& experiment, core::DatasetPair& data,
                    const QCommandLineParser& parser, std::ostream& out, std::ostream& err) {
    core::TrainerSettings settings = experiment.settings;
    const bool json = parser.isSet("json");
    const QString outPath = parser.value("out");
    if (!outPath.isEmpty()) requireFolderOf(outPath);
    // For the whole command: the evaluation after each epoch runs with the trainer's count.
    core::setComputeThreads(
        core::effectiveThreads(experiment.architecture, settings.batchSize, experiment.threads));
    data.train.truncate(experiment.trainLimit);
    const std::vector<core::StrokeShare> strokeSets = readStrokeSets(experiment.strokeSets);
    core::Network network(experiment.architecture, settings.seed);
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
    if (outPath.isEmpty()) return;
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

}  // namespace

core::Experiment trainExperiment(const QCommandLineParser& parser,
                                 const std::optional<core::Experiment>& recorded) {
    core::Experiment e = recorded.value_or(core::Experiment{});
    // Without a record every option counts, given or at its default.
    const auto given = [&](const char* name) { return !recorded || parser.isSet(name); };
    core::Architecture& arch = e.architecture;
    if (given("arch")) {
        try {
            arch.sizes = core::Architecture::parseSizes(parser.value("arch").toStdString());
            arch.validate();
        } catch (const core::ConfigError& error) {
            throw CliUsageError(std::string("--arch: ") + error.what());
        }
    }
    if (given("activation")) arch.hidden = parseChoice(parser, "activation", core::parseActivation);
    if (given("loss")) arch.loss = parseChoice(parser, "loss", core::parseLoss);
    if (arch.inputSize() != 784 || arch.outputSize() != 10)
        throw CliUsageError("--arch must start with 784 inputs and end with 10 outputs");

    core::TrainerSettings& s = e.settings;
    if (given("optimizer"))
        s.optimizer.kind = parseChoice(parser, "optimizer", core::parseOptimizer);
    if (given("lr"))
        s.optimizer.learningRate = static_cast<float>(parseReal(parser, "lr", 1e-9, 100));
    if (given("weight-decay"))
        s.optimizer.weightDecay = static_cast<float>(parseReal(parser, "weight-decay", 0, 1));
    if (given("schedule")) s.schedule.kind = parseChoice(parser, "schedule", core::parseSchedule);
    if (given("batch")) s.batchSize = static_cast<int>(parseInteger(parser, "batch", 1, 65536));
    if (given("epochs")) s.epochs = static_cast<int>(parseInteger(parser, "epochs", 1, 100000));
    if (given("seed"))
        s.seed = static_cast<std::uint64_t>(parseInteger(parser, "seed", 0, 1LL << 62));
    if (parser.isSet("augment") && parser.isSet("no-augment"))
        throw CliUsageError("--augment and --no-augment contradict each other");
    if (!recorded || parser.isSet("augment") || parser.isSet("no-augment"))
        s.augment = !parser.isSet("no-augment");
    if (given("augment-strength"))
        s.augmentStrength = static_cast<float>(parseReal(parser, "augment-strength", 0, 4));
    if (given("restroke"))
        s.restrokeShare = static_cast<float>(parseReal(parser, "restroke", 0, 1));
    if (given("strokes-augment"))
        s.strokeAugmentStrength = static_cast<float>(parseReal(parser, "strokes-augment", 0, 4));
    if (!recorded || parser.isSet("random-labels")) s.randomLabels = parser.isSet("random-labels");
    e.threads = static_cast<int>(parseInteger(parser, "threads", 1, 256));
    if (parser.isSet("train-limit"))
        e.trainLimit = parseInteger(parser, "train-limit", 1, 1LL << 40);
    if (parser.isSet("data")) e.data = parser.value("data").toStdString();
    if (given("strokes-data")) {
        e.strokeSets.clear();
        for (const QString& value : parser.values("strokes-data")) {
            const auto [path, share] = parseStrokeData(value);
            e.strokeSets.emplace_back(path.toStdString(), share);
        }
    }
    return e;
}

core::Experiment experimentFromCommand(const QString& line) {
    QStringList arguments;
    for (const std::string& word : core::splitCommandLine(line.toStdString()))
        arguments << QString::fromStdString(word);
    if (arguments.size() < 2 || !QFileInfo(arguments[0]).fileName().startsWith("digitscope-cli") ||
        arguments[1] != QLatin1String("train"))
        throw CliUsageError("not a 'digitscope-cli train ...' line");
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(cliOptions());
    if (!parser.parse(joinTwoValueOptions(arguments)))
        throw CliUsageError(parser.errorText().toStdString());
    const CliCommand& train = *findCliCommand(QStringLiteral("train"));
    if (const QString foreign = optionNotOf(train, parser.optionNames()); !foreign.isEmpty())
        throw CliUsageError("--" + foreign.toStdString() + " is not an option of train");
    if (parser.positionalArguments().size() != 1)
        throw CliUsageError("unexpected '" + parser.positionalArguments().at(1).toStdString() +
                            "'");
    if (parser.isSet("from-model"))
        throw CliUsageError(
            "the line trains as a model file says (--from-model); open the "
            "model, or copy the experiment of a run");
    return trainExperiment(parser);
}

int trainCommand(const QCommandLineParser& parser, std::ostream& out, std::ostream& err) {
    if (!parser.isSet("from-model")) {
        if (!parser.isSet("data")) throw CliUsageError("train needs --data DIR");
        const core::Experiment experiment = trainExperiment(parser);
        core::DatasetPair data = core::IdxReader::readFolder(experiment.data);
        trainAndReport(experiment, data, parser, out, err);
        return 0;
    }
    // As the model was trained: its recorded settings, each option given overriding its own.
    const QString name = parser.value("from-model");
    const core::Model model = loadModelNamed(name);
    const core::Architecture arch = model.network.architecture();
    std::string folder = parser.value("data").toStdString();
    if (folder.empty()) {
        const auto dataset = model.metadata.find("dataset");
        if (dataset == model.metadata.end() ||
            !QFileInfo(QString::fromStdString(dataset->second)).isDir())
            throw CliUsageError(
                "the model was trained on '" +
                (dataset == model.metadata.end() ? std::string("?") : dataset->second) +
                "', which is not a folder here: give --data DIR");
        folder = dataset->second;
    }
    core::DatasetPair data = core::IdxReader::readFolder(folder);
    core::Experiment recorded;
    try {
        recorded = core::experimentFromMetadata(model.metadata, arch, data.train.count);
    } catch (const core::ConfigError& error) {
        throw core::FileError(name.toStdString(), error.what());
    }
    if (!parser.isSet("strokes-data"))
        for (auto& [file, share] : recorded.strokeSets) file = findRecordedStrokeFile(file, share);
    recorded.data = folder;
    const core::Experiment experiment = trainExperiment(parser, recorded);
    if (!parser.isSet("json"))
        out << "training as " << name.toStdString()
            << " was trained: " << core::trainCommand(experiment) << std::endl;
    // The record is the recipe of the model's last run; weights it started from are not in it.
    const std::pair<const char*, const char*> startedFrom[] = {
        {"trained_from", "was trained further from"}, {"taught_from", "was taught from"}};
    for (const auto& [key, what] : startedFrom)
        if (const auto found = model.metadata.find(key); found != model.metadata.end())
            err << "note: " << name.toStdString() << " " << what << " " << found->second
                << "; this trains its recipe from fresh weights, which does not give its weights"
                << std::endl;
    trainAndReport(experiment, data, parser, out, err);
    return 0;
}

}  // namespace digitscope::app
