#include "session/training/training_config.h"

#include <QFileInfo>
#include <QSettings>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/base/errors.h"
#include "core/train/training_record.h"
#include "session/training/dataset_loader.h"

namespace digitscope::ui {
namespace {

const QString kGroup = QStringLiteral("training");

// A float setting as the double the form holds: the number as typed (0.002, not
// 0.0020000000949949026).
double typed(float value) {
    return std::stod(core::shortestText(value));
}

template <typename Parse, typename Value>
void readEnum(QSettings& settings, const QString& key, Parse parse, Value& value) {
    if (!settings.contains(key)) return;
    try {
        value = parse(settings.value(key).toString().toStdString());
    } catch (const core::ConfigError&) {
        // An unknown name in an old or edited file: keep the default.
    }
}

}  // namespace

std::vector<int> TrainingConfig::parseHidden(const QString& text) {
    std::vector<int> sizes;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return sizes;
    const std::string max = std::to_string(core::Architecture::kMaxLayerSize);
    for (const QString& part : trimmed.split(QLatin1Char('-'))) {
        const QString word = part.trimmed();
        if (word.isEmpty()) continue;  // "16-" while typing the next size
        bool ok = false;
        const int size = word.toInt(&ok);
        if (!ok) {
            const bool letters =
                std::any_of(word.begin(), word.end(), [](QChar c) { return c.isLetter(); });
            throw core::ConfigError((letters ? "letters are not allowed ('" : "'") +
                                    word.toStdString() + (letters ? "')" : "' is not a number") +
                                    ": write unit counts such as 16-16, each 1 to " + max);
        }
        if (size < 1 || size > core::Architecture::kMaxLayerSize)
            throw core::ConfigError("a layer has 1 to " + max + " units, not " +
                                    word.toStdString());
        sizes.push_back(size);
    }
    if (static_cast<int>(sizes.size()) > core::Architecture::kMaxHiddenLayers)
        throw core::ConfigError("at most " + std::to_string(core::Architecture::kMaxHiddenLayers) +
                                " hidden layers, not " + std::to_string(sizes.size()));
    return sizes;
}

core::Architecture TrainingConfig::architecture(int inputs, int outputs) const {
    core::Architecture result;
    result.sizes = {inputs};
    for (int size : parseHidden(hiddenLayers)) result.sizes.push_back(size);
    result.sizes.push_back(outputs);
    result.hidden = activation;
    result.loss = loss;
    result.validate();
    return result;
}

core::TrainerSettings TrainingConfig::trainerSettings() const {
    core::TrainerSettings settings;
    settings.optimizer.kind = optimizer;
    settings.optimizer.learningRate = static_cast<float>(learningRate);
    settings.optimizer.weightDecay = static_cast<float>(weightDecay);
    settings.schedule.kind = schedule;
    settings.batchSize = batchSize;
    settings.epochs = epochs;
    settings.seed = seed;
    settings.augment = augment;
    settings.augmentStrength = static_cast<float>(augmentStrength);
    settings.restrokeShare = padStrokes ? static_cast<float>(padStrokeShare) : 0.0f;
    return settings;
}

core::Experiment TrainingConfig::experiment(const QString& folder) const {
    core::Experiment result;
    result.architecture = architecture();
    result.settings = trainerSettings();
    result.data = folder.toStdString();
    result.trainLimit = trainLimit;
    for (const StrokeData& data : strokeData)
        result.strokeSets.emplace_back(data.path.toStdString(), data.share);
    return result;
}

TrainingConfig TrainingConfig::fromExperiment(const core::Experiment& experiment) {
    const core::Architecture& arch = experiment.architecture;
    if (arch.inputSize() != 784 || arch.outputSize() != 10)
        throw core::ConfigError("the panel trains 784 inputs and 10 outputs, not " +
                                arch.sizesString());
    const core::TrainerSettings& s = experiment.settings;
    if (!experiment.strokeSets.empty() && s.strokeAugmentStrength != 1.0f)
        throw core::ConfigError(
            "the panel distorts stroke files at the default strength; --strokes-augment " +
            std::to_string(s.strokeAugmentStrength) + " runs from the command line only");
    if (s.randomLabels)
        throw core::ConfigError(
            "the panel trains on the dataset's own labels; --random-labels runs from the command "
            "line only");
    TrainingConfig config;
    QStringList hidden;
    for (std::size_t i = 1; i + 1 < arch.sizes.size(); ++i)
        hidden << QString::number(arch.sizes[i]);
    config.hiddenLayers = hidden.join(QLatin1Char('-'));
    config.activation = arch.hidden;
    config.loss = arch.loss;
    config.optimizer = s.optimizer.kind;
    config.learningRate = typed(s.optimizer.learningRate);
    config.weightDecay = typed(s.optimizer.weightDecay);
    config.schedule = s.schedule.kind;
    config.batchSize = s.batchSize;
    config.epochs = s.epochs;
    config.seed = s.seed;
    config.augment = s.augment;
    config.augmentStrength = typed(s.augmentStrength);
    config.padStrokes = s.restrokeShare > 0;
    if (config.padStrokes) config.padStrokeShare = typed(s.restrokeShare);
    config.trainLimit = experiment.trainLimit;
    config.strokeData.clear();
    for (const auto& [path, share] : experiment.strokeSets)
        config.strokeData.append({QString::fromStdString(path), share});
    return config;
}

QList<StrokeData> TrainingConfig::defaultStrokeData() {
    const QString bundled = DatasetLoader::findBundledPenData();
    if (bundled.isEmpty()) return {};
    return {{bundled, StrokeData::kDefaultShare}};
}

std::string TrainingConfig::describeStrokeData() const {
    std::vector<std::pair<std::string, double>> sets;
    for (const StrokeData& data : strokeData)
        sets.emplace_back(data.path.toStdString(), data.share);
    return core::describeStrokeSets(sets);
}

QString TrainingConfig::describe(int inputs, int outputs) const {
    QString sizes = QString::number(inputs);
    try {
        for (int size : parseHidden(hiddenLayers))
            sizes += QLatin1Char('-') + QString::number(size);
    } catch (const core::ConfigError&) {
        sizes += QStringLiteral("-?");
    }
    sizes += QLatin1Char('-') + QString::number(outputs);
    QString text = QStringLiteral("%1 %2").arg(sizes, QString::fromStdString(toString(activation)));
    if (loss != core::Loss::CrossEntropy) text += QStringLiteral(" mse");
    return text +
           QStringLiteral(", %1 lr %2, batch %3")
               .arg(QString::fromStdString(toString(optimizer)), formatRate(learningRate))
               .arg(batchSize) +
           (schedule != core::Schedule::Constant
                ? QStringLiteral(", ") + QString::fromStdString(toString(schedule))
                : QString()) +
           (weightDecay > 0 ? QStringLiteral(", wd ") + formatRate(weightDecay) : QString()) +
           (trainLimit > 0 ? QStringLiteral(", first %1").arg(trainLimit) : QString());
}

TrainingConfig TrainingConfig::load(QSettings& settings) {
    TrainingConfig config;
    settings.beginGroup(kGroup);
    if (settings.contains(QStringLiteral("hidden"))) {
        const QString hidden = settings.value(QStringLiteral("hidden")).toString();
        try {
            parseHidden(hidden);
            config.hiddenLayers = hidden;
        } catch (const core::ConfigError&) {
        }
    }
    readEnum(settings, QStringLiteral("activation"), core::parseActivation, config.activation);
    readEnum(settings, QStringLiteral("loss"), core::parseLoss, config.loss);
    readEnum(settings, QStringLiteral("optimizer"), core::parseOptimizer, config.optimizer);
    readEnum(settings, QStringLiteral("schedule"), core::parseSchedule, config.schedule);
    const double decay = settings.value(QStringLiteral("weightDecay"), 0.0).toDouble();
    if (decay >= 0 && decay <= kMaxWeightDecay) config.weightDecay = decay;
    const double rate =
        settings.value(QStringLiteral("learningRate"), config.learningRate).toDouble();
    if (rate > 0 && rate <= 10 && std::isfinite(rate)) config.learningRate = rate;
    const int batch = settings.value(QStringLiteral("batchSize"), config.batchSize).toInt();
    if (batch >= 1 && batch <= kMaxBatchSize) config.batchSize = batch;
    const int epochs = settings.value(QStringLiteral("epochs"), config.epochs).toInt();
    if (epochs >= 1 && epochs <= kMaxEpochs) config.epochs = epochs;
    config.seed =
        settings.value(QStringLiteral("seed"), QVariant::fromValue(config.seed)).toULongLong();
    config.augment = settings.value(QStringLiteral("augment"), config.augment).toBool();
    config.padStrokes = settings.value(QStringLiteral("padStrokes"), config.padStrokes).toBool();
    const double strength =
        settings.value(QStringLiteral("augmentStrength"), config.augmentStrength).toDouble();
    if (strength >= 0 && strength <= kMaxAugmentStrength) config.augmentStrength = strength;
    const double padShare =
        settings.value(QStringLiteral("padStrokeShare"), config.padStrokeShare).toDouble();
    if (padShare > 0 && padShare <= 1) config.padStrokeShare = padShare;
    const qlonglong limit = settings.value(QStringLiteral("trainLimit"), 0).toLongLong();
    if (limit >= 0 && limit <= kMaxTrainLimit) config.trainLimit = limit;
    if (settings.contains(QStringLiteral("strokeData"))) {
        // "share|path" each; entries that do not read back are dropped.
        config.strokeData.clear();
        for (const QString& entry : settings.value(QStringLiteral("strokeData")).toStringList()) {
            const qsizetype bar = entry.indexOf(QLatin1Char('|'));
            bool ok = false;
            const double share = entry.left(bar).toDouble(&ok);
            if (bar > 0 && ok && share > 0 && share <= StrokeData::kMaxShare)
                config.strokeData.append({entry.mid(bar + 1), share});
        }
    }
    settings.endGroup();
    return config;
}

void TrainingConfig::save(QSettings& settings) const {
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("hidden"), hiddenLayers);
    settings.setValue(QStringLiteral("activation"), QString::fromStdString(toString(activation)));
    settings.setValue(QStringLiteral("loss"), QString::fromStdString(toString(loss)));
    settings.setValue(QStringLiteral("optimizer"), QString::fromStdString(toString(optimizer)));
    settings.setValue(QStringLiteral("learningRate"), learningRate);
    settings.setValue(QStringLiteral("schedule"), QString::fromStdString(toString(schedule)));
    settings.setValue(QStringLiteral("weightDecay"), weightDecay);
    settings.setValue(QStringLiteral("batchSize"), batchSize);
    settings.setValue(QStringLiteral("epochs"), epochs);
    settings.setValue(QStringLiteral("seed"), QVariant::fromValue(seed));
    settings.setValue(QStringLiteral("augment"), augment);
    settings.setValue(QStringLiteral("padStrokes"), padStrokes);
    settings.setValue(QStringLiteral("augmentStrength"), augmentStrength);
    settings.setValue(QStringLiteral("padStrokeShare"), padStrokeShare);
    settings.setValue(QStringLiteral("trainLimit"), static_cast<qlonglong>(trainLimit));
    QStringList entries;
    for (const StrokeData& data : strokeData)
        entries << formatRate(data.share) + QLatin1Char('|') + data.path;
    settings.setValue(QStringLiteral("strokeData"), entries);
    settings.endGroup();
}

double defaultLearningRate(core::OptimizerKind kind) {
    switch (kind) {
        case core::OptimizerKind::Sgd:
            return 0.1;
        case core::OptimizerKind::Momentum:
            return 0.01;
        case core::OptimizerKind::Adam:
            return 0.002;
    }
    return 0.01;
}

double furtherLearningRate(const std::map<std::string, std::string>& metadata,
                           core::OptimizerKind kind) {
    double rate = defaultLearningRate(kind);
    const auto optimizer = metadata.find("optimizer");
    const auto learningRate = metadata.find("learning_rate");
    if (optimizer != metadata.end() && learningRate != metadata.end() &&
        optimizer->second == core::toString(kind)) {
        try {
            const double trained = std::stod(learningRate->second);
            if (trained > 0 && std::isfinite(trained)) rate = trained;
        } catch (const std::exception&) {
            // An unreadable rate: the optimiser's default.
        }
    }
    return rate / 10;
}

QString formatRate(double rate) {
    return QString::number(rate, 'g', 6);
}

}  // namespace digitscope::ui
