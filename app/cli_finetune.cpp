#include "app/cli_finetune.h"

#include <QFileInfo>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "core/base/errors.h"
#include "core/data/stroke_file.h"
#include "core/input/pen.h"
#include "core/io/model_file.h"
#include "core/nn/compute_threads.h"
#include "core/train/fine_tuner.h"
#include "session/models/bundled_models.h"
#include "session/teaching/replay_data.h"

namespace digitscope::app {
namespace {

using Clock = std::chrono::steady_clock;

core::Model startModel(const QCommandLineParser& parser, QString& name) {
    name = parser.isSet("model") ? parser.value("model") : ui::BundledModels::defaultName();
    // A bundled model by name ("accurate"), unless a file of that name is there.
    if (!QFileInfo::exists(name) && ui::BundledModels::names().contains(name))
        return ui::BundledModels::load(name);
    return ui::loadModelFile(name);
}

// FILE or FILE:SHARE, the share of the replay taken from stroke data (0 to 1).
std::pair<QString, double> strokeSource(const QString& text) {
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) return {text, -1};
    bool ok = false;
    const double share = text.mid(colon + 1).toDouble(&ok);
    if (!ok) return {text, -1};  // a colon in the file's name
    if (share < 0 || share > 1)
        throw CliUsageError("--strokes-data " + text.toStdString() + ": the share must be 0 to 1");
    return {text.left(colon), share};
}

double accuracyOn(const core::Network& network, const std::vector<core::Drawing>& drawings) {
    int right = 0;
    for (const core::Drawing& drawing : drawings) {
        Eigen::Index digit = 0;
        network.predict(core::networkInput(drawing)).maxCoeff(&digit);
        right += digit == drawing.label;
    }
    return drawings.empty() ? 0 : static_cast<double>(right) / static_cast<double>(drawings.size());
}

// --set NAME=VALUE: one of FineTuneSettings' numbers, for experiments.
void applySetting(const QString& text, core::FineTuneSettings& settings) {
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    const QString name = text.left(equals);
    bool ok = false;
    const double value = text.mid(equals + 1).toDouble(&ok);
    if (equals < 1) ok = false;
    const auto fail = [&](const char* what) {
        throw CliUsageError("--set " + text.toStdString() + ": " + what);
    };
    if (!ok || !std::isfinite(value)) fail("expected NAME=NUMBER");
    const auto share = [&](float& field) {
        if (value < 0 || value > 1) fail("must be 0 to 1");
        field = static_cast<float>(value);
    };
    const auto count = [&](int& field, int least) {
        if (value < least || value > 100000 || value != std::floor(value))
            fail("must be a whole number in range");
        field = static_cast<int>(value);
    };
    if (name == "mine-share")
        share(settings.mineShare);
    else if (name == "pen-share")
        share(settings.penShare);
    else if (name == "variants")
        count(settings.variantsPerDrawing, 1);
    else if (name == "batch")
        count(settings.batchSize, 1);
    else if (name == "max-batch")
        count(settings.maxBatchSize, 1);
    else if (name == "step-work") {
        if (value < 0 || value > 1e12 || value != std::floor(value))
            fail("must be a whole number from 0");
        settings.stepWork = static_cast<std::int64_t>(value);
    } else
        fail("unknown setting");
}

}  // namespace

int fineTuneCommand(const QCommandLineParser& parser, std::ostream& out) {
    const auto started = Clock::now();
    if (!parser.isSet("strokes")) throw CliUsageError("finetune needs --strokes MINE.jsonl");
    if (!parser.isSet("out")) throw CliUsageError("finetune needs --out MODEL");
    bool ok = false;
    const qulonglong seed = parser.value("seed").toULongLong(&ok);
    if (!ok || seed > (1ULL << 62)) throw CliUsageError("--seed must be a whole number from 0");
    const QString outPath = parser.value("out");
    if (!QFileInfo(QFileInfo(outPath).absolutePath()).isDir())
        throw core::FileError(outPath.toStdString(), "its folder does not exist");

    // Fine-tuning's batches are far below where a second core pays (core::effectiveThreads).
    core::setComputeThreads(1);
    core::FineTuneSettings settings;
    settings.seed = seed;
    // --steps and --lr (finetune only; train's --lr default does not apply): for experiments,
    // the app always uses the defaults.
    if (parser.isSet("steps")) {
        settings.steps = parser.value("steps").toInt(&ok);
        if (!ok || settings.steps < 1 || settings.steps > 100000)
            throw CliUsageError("--steps must be a whole number from 1 to 100000");
    }
    if (parser.isSet("lr")) {
        settings.optimizer.learningRate = parser.value("lr").toFloat(&ok);
        if (!ok || !(settings.optimizer.learningRate > 0) || settings.optimizer.learningRate > 1)
            throw CliUsageError("--lr must be a number above 0, at most 1");
    }
    for (const QString& text : parser.values("set")) applySetting(text, settings);
    core::ReplaySources replay;
    double share = 0;
    bool shareGiven = false;
    for (const QString& value : parser.values("strokes-data")) {
        const auto [file, fileShare] = strokeSource(value);
        core::StrokeFile::Options labelled;
        labelled.requireLabels = true;
        std::vector<core::Drawing> drawings = core::StrokeFile::read(file.toStdString(), labelled);
        replay.strokes.insert(replay.strokes.end(), drawings.begin(), drawings.end());
        if (fileShare >= 0) share += fileShare, shareGiven = true;
    }
    if (!parser.isSet("strokes-data")) replay.strokes = ui::ReplayData::bundledPenDigits();
    if (shareGiven) settings.penShare = static_cast<float>(std::min(share, 1.0));
    const QString folder =
        parser.isSet("data") ? parser.value("data") : ui::ReplayData::defaultImageFolder();
    if (!folder.isEmpty()) replay.images = ui::ReplayData::trainingImages(folder);

    core::StrokeFile::Options labelled;
    labelled.requireLabels = true;
    const std::vector<core::Drawing> mine =
        core::StrokeFile::read(parser.value("strokes").toStdString(), labelled);
    QString name;
    core::Model model = startModel(parser, name);
    const auto tuneStart = Clock::now();
    core::FineTuner tuner(model.network, mine, std::move(replay), settings);
    tuner.run();
    const double tuneSeconds = std::chrono::duration<double>(Clock::now() - tuneStart).count();

    std::map<std::string, std::string> metadata = model.metadata;
    metadata["taught_from"] = QFileInfo(name).fileName().toStdString();
    metadata["taught_digits"] = std::to_string(mine.size());
    metadata["taught_seed"] = std::to_string(seed);
    core::ModelFile::save(outPath.toStdString(), tuner.network(), metadata);
    const double before = accuracyOn(model.network, mine);
    const double after = accuracyOn(tuner.network(), mine);
    const double total = std::chrono::duration<double>(Clock::now() - started).count();
    if (parser.isSet("json")) {
        out << "{\"drawings\":" << mine.size() << ",\"steps\":" << tuner.stepsDone()
            << ",\"batch\":" << tuner.stepBatchSize() << ",\"mine_accuracy_before\":" << before
            << ",\"mine_accuracy_after\":" << after << ",\"finetune_s\":" << tuneSeconds
            << ",\"total_s\":" << total << "}" << std::endl;
    } else {
        out << "taught " << mine.size() << " drawings in " << tuner.stepsDone() << " steps ("
            << std::fixed << std::setprecision(2) << tuneSeconds
            << " s); read right: " << 100 * before << "% before, " << 100 * after
            << "% after\nsaved " << outPath.toStdString() << std::defaultfloat << std::endl;
    }
    return 0;
}

}  // namespace digitscope::app
